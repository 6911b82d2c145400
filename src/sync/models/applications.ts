import type { SourceApplication } from '../../connectors/source-records.js';
import type { ModelSpec } from '../model-spec.js';
import { arr, baseView, keysOf, str } from './helpers.js';
import { idsOf, jobRef, stageRef } from './nested-refs.js';

export const applicationsSpec: ModelSpec<SourceApplication> = {
  model: 'applications',
  toOwn(app, ref) {
    const fields = {
      remote_id: app.remote_id,
      outcome: app.outcome,
      rejection_reason_name: app.rejection_reason_name,
      rejected_at: app.rejected_at,
      current_stage_id: app.current_stage_remote_id ? ref('application_stages', app.current_stage_remote_id) : null,
      job_id: app.job_remote_id ? ref('jobs', app.job_remote_id) : null,
      candidate_id: ref('candidates', app.candidate_remote_id),
      screening_question_answers: app.screening_question_answers,
      custom_fields: null,
      remote_url: app.remote_url,
      remote_created_at: app.remote_created_at,
      remote_updated_at: app.remote_updated_at,
    };
    const keys = keysOf([['outcome', app.outcome]]);
    return { fields, parts: {}, keys };
  },
  appends: true,
  // What a candidate's view nests of each application (besides id, remote_id, changed_at, stage and job).
  embed: (fields) => ({
    outcome: fields['outcome'] ?? null,
    rejection_reason_name: fields['rejection_reason_name'] ?? null,
    rejected_at: fields['rejected_at'] ?? null,
    remote_url: fields['remote_url'] ?? null,
    remote_created_at: fields['remote_created_at'] ?? null,
    remote_updated_at: fields['remote_updated_at'] ?? null,
  }),
  async compose(records, lookups) {
    const own = records;
    const ids = records.map((r) => r.id);
    const [candidates, jobs, stages, interviews, offers] = await Promise.all([
      lookups.byIds('candidates', idsOf(own, 'candidate_id')),
      lookups.byIds('jobs', idsOf(own, 'job_id')),
      lookups.byIds('application_stages', idsOf(own, 'current_stage_id')),
      lookups.children('interviews', 'application_id', ids),
      lookups.children('offers', 'application_id', ids),
    ]);
    return records.map((parsed) => {
      const candidate = candidates.get(parsed.links.candidate_id ?? '');
      const job = jobs.get(parsed.links.job_id ?? '');
      const current_stage = stageRef(parsed.links.current_stage_id, job, stages);
      const appInterviews = interviews.get(parsed.id) ?? [];
      const appOffers = offers.get(parsed.id) ?? [];
      return {
        candidate: candidate
          ? {
              id: candidate.id,
              remote_id: candidate.remote_id ?? '',
              first_name: str(candidate.own, 'first_name'),
              last_name: str(candidate.own, 'last_name'),
              email_addresses: arr(candidate.own, 'email_addresses'),
              phone_numbers: arr(candidate.own, 'phone_numbers'),
              social_media: arr(candidate.own, 'social_media'),
              source: str(candidate.own, 'source'),
              remote_url: str(candidate.own, 'remote_url'),
              tags: arr(candidate.own, 'tags'),
            }
          : null,
        current_stage,
        job: jobRef(job),
        interviews: appInterviews.map((i) => ({
          id: i.id,
          remote_id: i.remote_id,
          title: str(i.own, 'title'),
          starting_at: str(i.own, 'starting_at'),
          ending_at: str(i.own, 'ending_at'),
          location: i.own['location'] ?? null,
          canceled: typeof i.own['canceled'] === 'boolean' ? i.own['canceled'] : null,
        })),
        offers: appOffers.map((o) => ({ id: o.id, remote_id: o.remote_id, status: o.own['status'] ?? null })),
      };
    });
  },
};
