import type { SourceModel, SourceRecordMap } from '../../connectors/source-records.js';
import type { ModelSpec } from '../model-spec.js';
import { applicationsSpec } from './applications.js';
import { attachmentsSpec } from './attachments.js';
import { candidatesSpec } from './candidates.js';
import { interviewsSpec } from './interviews.js';
import { jobsSpec } from './jobs.js';
import { offersSpec } from './offers.js';
import { applicationStagesSpec, rejectionReasonsSpec, rolesSpec, tagsSpec, usersSpec } from './simple.js';

export const SOURCE_SPECS: { [M in SourceModel]: ModelSpec<SourceRecordMap[M]> } = {
  users: usersSpec,
  roles: rolesSpec,
  tags: tagsSpec,
  rejection_reasons: rejectionReasonsSpec,
  jobs: jobsSpec,
  candidates: candidatesSpec,
  applications: applicationsSpec,
  interviews: interviewsSpec,
  offers: offersSpec,
  attachments: attachmentsSpec,
};

export { applicationStagesSpec };

/**
 * Version of what the composers produce. Bump it when a change to them alters stored views: the
 * next sync of every integration (delta syncs included) then rebuilds all its views.
 */
// 2: stages carry `status` and `custom_fields`, role assignments a fixed scope (SDK 1.3.x).
export const COMPOSER_VERSION = 2;

/** Every model with a composed view, in the order the engine composes them. */
export const COMPOSED_SPECS: ReadonlyArray<ModelSpec<never>> = [
  usersSpec,
  rolesSpec,
  tagsSpec,
  rejectionReasonsSpec,
  applicationStagesSpec,
  jobsSpec,
  candidatesSpec,
  applicationsSpec,
  interviewsSpec,
  offersSpec,
] as ReadonlyArray<ModelSpec<never>>;
