import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { JobSchema } from '../../../model/job.js';
import { registerListRoute } from '../../list/define-list-route.js';
import { csv, csvEnum, instant } from '../../list/query.js';
import { inFilter } from '../../list/serve-list.js';
import type { AppEnv } from '../../services.js';

export const registerListJobs = (app: OpenAPIHono<AppEnv>) =>
  registerListRoute(app, {
    path: '/ats/jobs',
    operationId: 'GetAtsJobs',
    summary: 'Get jobs',
    model: 'jobs',
    item: JobSchema,
    extraQuery: {
      job_codes: csv('Jobs with any of these job codes.'),
      post_url: z.string().optional().openapi({ description: 'The exact public posting URL.' }),
      statuses: csvEnum(['OPEN', 'CLOSED', 'DRAFT', 'ARCHIVED'] as const, 'Job statuses.'),
      employment_types: csvEnum(['FULL_TIME', 'PART_TIME', 'CONTRACT', 'SEASONAL', 'INTERNSHIP'] as const, 'Employment types.'),
      visibilities: csvEnum(['PUBLIC', 'INTERNAL', 'UNLISTED', 'CONFIDENTIAL'] as const, 'Visibilities.'),
      remote_created_after: instant('Jobs created in the source system on or after this day.'),
      name_contains: z.string().optional().openapi({ description: 'Case-insensitive keyword in the job name.' }),
    },
    filters: (q) => ({
      filters: {
        job_codes: inFilter('job_code', q.job_codes),
        post_url: inFilter('post_url', q.post_url === undefined ? null : [q.post_url]),
        statuses: inFilter('status', q.statuses),
        employment_types: inFilter('employment_type', q.employment_types),
        visibilities: inFilter('visibility', q.visibilities),
        name_contains: q.name_contains ? { field: 'name', op: 'contains', value: q.name_contains.toLowerCase() } : null,
      },
      remoteCreatedAfter: q.remote_created_after,
    }),
  });
