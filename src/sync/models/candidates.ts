import type { SourceCandidate } from '../../connectors/source-records.js';
import type { ModelSpec } from '../model-spec.js';
import { keysOf, lower, str } from './helpers.js';
import { idsOf, jobRef, stageCore, stageRef } from './nested-refs.js';

export const candidatesSpec: ModelSpec<SourceCandidate> = {
  model: 'candidates',
  toOwn(candidate, ref) {
    const fields = {
      remote_id: candidate.remote_id,
      first_name: candidate.first_name,
      last_name: candidate.last_name,
      company: candidate.company,
      title: candidate.title,
      confidential: candidate.confidential,
      source: candidate.source,
      phone_numbers: candidate.phone_numbers,
      email_addresses: candidate.email_addresses,
      social_media: candidate.social_media,
      location: candidate.location,
      custom_fields: null,
      remote_url: candidate.remote_url,
      remote_created_at: candidate.remote_created_at,
      remote_updated_at: candidate.remote_updated_at,
    };
    const parts = {
      tags: candidate.tags.map((t) => ({ id: ref('tags', t.remote_id), remote_id: t.remote_id, name: t.name })),
    };
    const keys = keysOf([
      ...candidate.email_addresses.map((e) => ['email', lower(e.email_address)] as const),
      ['first_name', lower(candidate.first_name)],
      ['last_name', lower(candidate.last_name)],
    ]);
    // Tags: added or removed only (§2.5).
    return { fields, parts, tracked: parts.tags.map((t) => t.id), keys };
  },
  appends: true,
  async compose(records, lookups) {
    const applications = await lookups.children(
      'applications',
      'candidate_id',
      records.map((r) => r.id),
    );
    const allApps = [...applications.values()].flat();
    const jobs = await lookups.byIds('jobs', idsOf(allApps, 'job_id'));
    const stages = await lookups.byIds('application_stages', idsOf(allApps, 'current_stage_id'));
    return records.map((parsed) => {
      const apps = applications.get(parsed.id) ?? [];
      return {
        applications: apps.map((app) => {
          const job = jobs.get(app.links.job_id ?? '');
          return {
            id: app.id,
            remote_id: app.remote_id,
            outcome: app.own['outcome'] ?? null,
            rejection_reason_name: str(app.own, 'rejection_reason_name'),
            rejected_at: str(app.own, 'rejected_at'),
            remote_url: str(app.own, 'remote_url'),
            changed_at: app.changed_at,
            remote_created_at: str(app.own, 'remote_created_at'),
            remote_updated_at: str(app.own, 'remote_updated_at'),
            current_stage: stageCore(stageRef(app.links.current_stage_id, job, stages)),
            job: jobRef(job),
          };
        }),
      };
    });
  },
};
