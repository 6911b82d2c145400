import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { CandidateSchema } from '../../../model/candidate.js';
import { registerListRoute } from '../../list/define-list-route.js';
import { csv } from '../../list/query.js';
import { inFilter } from '../../list/serve-list.js';
import type { AppEnv } from '../../services.js';

const single = (value: string | undefined) => (value === undefined || value === '' ? null : [value.toLowerCase()]);

export const registerListCandidates = (app: OpenAPIHono<AppEnv>) =>
  registerListRoute(app, {
    path: '/ats/candidates',
    operationId: 'GetAtsCandidates',
    summary: 'Get candidates',
    model: 'candidates',
    item: CandidateSchema,
    extraQuery: {
      email: z.string().optional().openapi({ description: 'Candidates with this email address (case-insensitive).' }),
      job_ids: csv('Candidates who applied to any of these jobs.'),
      first_name: z.string().optional().openapi({ description: 'Case-insensitive exact first name.' }),
      last_name: z.string().optional().openapi({ description: 'Case-insensitive exact last name.' }),
    },
    filters: (q) => ({
      filters: {
        email: inFilter('email', single(q.email?.trim())),
        job_ids: inFilter('job_id', q.job_ids),
        first_name: inFilter('first_name', single(q.first_name)),
        last_name: inFilter('last_name', single(q.last_name)),
      },
    }),
  });
