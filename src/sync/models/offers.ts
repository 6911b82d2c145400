import type { SourceOffer } from '../../connectors/source-records.js';
import type { ModelSpec } from '../model-spec.js';
import { baseView, str } from './helpers.js';
import { candidateSummary, idsOf, jobRef } from './nested-refs.js';

export const offersSpec: ModelSpec<SourceOffer> = {
  model: 'offers',
  toOwn(offer, ref) {
    const fields = {
      remote_id: offer.remote_id,
      status: offer.status,
      employment_start_date: offer.employment_start_date,
      application_id: offer.application_remote_id ? ref('applications', offer.application_remote_id) : null,
      custom_fields: null,
      remote_created_at: offer.remote_created_at,
      remote_updated_at: offer.remote_updated_at,
    };
    return { fields, parts: {}, keys: [] };
  },
  appends: true,
  async compose(records, lookups) {
    const applications = await lookups.byIds(
      'applications',
      idsOf(
        records,
        'application_id',
      ),
    );
    const [candidates, jobs] = await Promise.all([
      lookups.byIds('candidates', idsOf(applications.values(), 'candidate_id')),
      lookups.byIds('jobs', idsOf(applications.values(), 'job_id')),
    ]);
    return records.map((parsed) => {
      const app = applications.get(parsed.links.application_id ?? '');
      return {
        application: app
          ? {
              candidate: candidateSummary(candidates.get(app.links.candidate_id ?? '')),
              job: jobRef(jobs.get(app.links.job_id ?? '')),
            }
          : null,
      };
    });
  },
};
