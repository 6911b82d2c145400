import type { OpenAPIHono } from '@hono/zod-openapi';
import { InterviewSchema } from '../../../model/interview.js';
import { registerListRoute } from '../../list/define-list-route.js';
import { csv } from '../../list/query.js';
import { inFilter } from '../../list/serve-list.js';
import type { AppEnv } from '../../services.js';

export const registerListInterviews = (app: OpenAPIHono<AppEnv>) =>
  registerListRoute(app, {
    path: '/ats/interviews',
    operationId: 'GetAtsInterviews',
    summary: 'Get interviews',
    model: 'interviews',
    item: InterviewSchema,
    extraQuery: { job_ids: csv('Interviews of applications for any of these jobs.') },
    filters: (q) => ({ filters: { job_ids: inFilter('job_id', q.job_ids) } }),
  });
