import type { OpenAPIHono } from '@hono/zod-openapi';
import { recordId } from '../../../lib/ids.js';
import { ApplicationSchema } from '../../../model/application.js';
import { registerListRoute } from '../../list/define-list-route.js';
import { csv, csvEnum, instant } from '../../list/query.js';
import { inFilter } from '../../list/serve-list.js';
import type { AppEnv } from '../../services.js';

export const registerListApplications = (app: OpenAPIHono<AppEnv>) =>
  registerListRoute(app, {
    path: '/ats/applications',
    operationId: 'GetAtsApplications',
    summary: 'Get applications',
    model: 'applications',
    item: ApplicationSchema,
    extraQuery: {
      outcomes: csvEnum(['PENDING', 'HIRED', 'DECLINED'] as const, 'Outcomes.'),
      job_ids: csv('Applications for any of these jobs.'),
      job_remote_ids: csv('Applications for any of these jobs, by remote id.'),
      current_stage_ids: csv('Applications currently in any of these stages.'),
      remote_created_after: instant('Applications created in the source system on or after this day.'),
    },
    filters: (q, integrationId) => ({
      filters: {
        outcomes: inFilter('outcome', q.outcomes),
        job_ids: inFilter('job_id', q.job_ids),
        // Our ids derive from remote ids, so remote job ids translate without a lookup.
        job_remote_ids: inFilter('job_id', q.job_remote_ids, (remote) => recordId(integrationId, 'jobs', remote)),
        current_stage_ids: inFilter('current_stage_id', q.current_stage_ids),
      },
      remoteCreatedAfter: q.remote_created_after,
    }),
  });
