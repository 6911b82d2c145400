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

/** Every model with a view, by name (views are composed when read: sync/views.ts). */
export const VIEW_SPECS: ReadonlyMap<string, ModelSpec<never>> = new Map(
  ([usersSpec, rolesSpec, tagsSpec, rejectionReasonsSpec, applicationStagesSpec, jobsSpec, candidatesSpec, applicationsSpec, interviewsSpec, offersSpec] as ReadonlyArray<ModelSpec<never>>).map(
    (spec) => [spec.model, spec],
  ),
);

/** The model whose views nest each child model (`ModelSpec.nests`): applications → candidates. */
export const NESTING_PARENTS: ReadonlyMap<string, string> = new Map(
  [...VIEW_SPECS.values()].flatMap((spec) => (spec.nests ? [[spec.nests, spec.model] as const] : [])),
);
