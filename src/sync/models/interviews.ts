import type { SourceInterview } from '../../connectors/source-records.js';
import type { ModelSpec } from '../model-spec.js';
import { arr, baseView, keysOf, str } from './helpers.js';
import { candidateSummary, idsOf, jobRef } from './nested-refs.js';

export const interviewsSpec: ModelSpec<SourceInterview> = {
  model: 'interviews',
  toOwn(interview, ref) {
    const fields = {
      remote_id: interview.remote_id,
      title: interview.title,
      starting_at: interview.starting_at,
      ending_at: interview.ending_at,
      location: interview.location,
      video_conferencing_url: interview.video_conferencing_url,
      application_id: interview.application_remote_id ? ref('applications', interview.application_remote_id) : null,
      stage_id: interview.stage_remote_id ? ref('application_stages', interview.stage_remote_id) : null,
      canceled: interview.canceled,
      remote_created_at: interview.remote_created_at,
      remote_updated_at: interview.remote_updated_at,
    };
    const parts = { user_ids: interview.interviewer_remote_ids.map((id) => ref('users', id)) };
    // Interviewers: added or removed (§2.5).
    // No filter values: no list filters interviews by interviewer (each would be two index entries).
    return { fields, parts, tracked: parts.user_ids, keys: [] };
  },
  async compose(records, lookups) {
    const own = records;
    const [users, applications] = await Promise.all([
      lookups.byIds(
        'users',
        own.flatMap((r) => arr<string>(r.own, 'user_ids')),
      ),
      lookups.byIds('applications', idsOf(own, 'application_id')),
    ]);
    const [candidates, jobs] = await Promise.all([
      lookups.byIds('candidates', idsOf(applications.values(), 'candidate_id')),
      lookups.byIds('jobs', idsOf(applications.values(), 'job_id')),
    ]);
    return records.map((parsed) => {
      const userIds = arr<string>(parsed.own, 'user_ids');
      const app = applications.get(parsed.links.application_id ?? '');
      const job = app ? jobs.get(app.links.job_id ?? '') : undefined;
      const view = {
        ...baseView(parsed, ['user_ids']),
        users: userIds.map((id) => {
          const user = users.get(id);
          return {
            id,
            remote_id: user?.remote_id ?? null,
            first_name: user ? str(user.own, 'first_name') : null,
            last_name: user ? str(user.own, 'last_name') : null,
            email: user ? str(user.own, 'email') : null,
          };
        }),
        application: app
          ? {
              id: app.id,
              remote_id: app.remote_id,
              outcome: app.own['outcome'] ?? null,
              rejection_reason_name: str(app.own, 'rejection_reason_name'),
              candidate: candidateSummary(candidates.get(app.links.candidate_id ?? '')),
              job: jobRef(job),
            }
          : null,
      };
      return view;
    });
  },
};
