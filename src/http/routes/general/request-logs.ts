/**
 * The request logs of the caller's environment (unified-ats extension): every error answer is
 * logged, and its `log_url` opens one. The list (newest first, filtered by integration, status
 * and path) and one log's details need the API key, like the dashboard that shows them; the
 * public log page shows only what the error answer itself said.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '../../../lib/errors.js';
import { listEnvelope } from '../../../model/common.js';
import type { RequestLogRow } from '../../../storage/database.js';
import { findRequestLog, listRequestLogs } from '../../../storage/repositories/request-logs.repository.js';
import { decodeCursor, encodeCursor } from '../../list/cursor.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import { publicBase } from '../../public-url.js';
import type { AppEnv } from '../../services.js';

export const RequestLogSchema = z
  .object({
    id: z.string(),
    created_at: z.string(),
    method: z.string(),
    path: z.string().openapi({ description: 'Path and query; query values that may be personal data are shown as "…".' }),
    status: z.number().int(),
    error_code: z.string().nullable(),
    message: z.string().nullable(),
    duration_ms: z.number().int(),
    integration_id: z.string().nullable(),
    log_url: z.string(),
  })
  .openapi('RequestLog');

const CURSOR = { integrationId: '', model: 'request-logs' };

const listRoute = createRoute({
  method: 'get',
  path: '/request-logs',
  operationId: 'GetRequestLogs',
  summary: "The environment's request logs, newest first (unified-ats extension)",
  tags: ['General'],
  request: {
    query: z.object({
      integration_id: z.string().optional(),
      status: z
        .string()
        .regex(/^([1-5]xx|[1-5]\d\d)$/, 'must be a status such as 404 or a class such as 4xx')
        .optional()
        .openapi({ description: 'An exact status (404) or a class (4xx, 5xx).' }),
      path: z.string().max(500).optional().openapi({ description: 'Logs whose path contains this text.' }),
      cursor: z.string().optional(),
      page_size: z.coerce.number().int().min(1).max(250).default(50).openapi({ type: 'integer' }),
    }),
  },
  responses: { 200: jsonContent(listEnvelope(RequestLogSchema), 'One page of request logs.'), ...errorResponses },
});

const getRoute = createRoute({
  method: 'get',
  path: '/request-logs/{log_id}',
  operationId: 'GetRequestLogsLogId',
  summary: 'One request log with its details (unified-ats extension)',
  tags: ['General'],
  request: { params: z.object({ log_id: z.string() }) },
  responses: { 200: jsonContent(z.object({ status: z.literal('success'), data: RequestLogSchema }), 'The request log.'), ...errorResponses },
});

const present = (row: RequestLogRow, base: string): z.infer<typeof RequestLogSchema> => ({
  id: row.id,
  created_at: row.created_at,
  method: row.method,
  path: row.path,
  status: row.status,
  error_code: row.code,
  message: row.message,
  duration_ms: row.duration_ms,
  integration_id: row.integration_id,
  log_url: `${base}/logs/${encodeURIComponent(row.id)}`,
});

export const registerRequestLogs = (app: OpenAPIHono<AppEnv>) => {
  app.openapi(listRoute, async (c) => {
    const { services } = c.var;
    const query = c.req.valid('query');
    const status = query.status === undefined ? null : query.status.endsWith('xx') ? { class: Number(query.status[0]) } : { exact: Number(query.status) };
    const rows = await listRequestLogs(services.db.kysely, {
      environmentId: c.var.environmentId,
      integrationId: query.integration_id?.trim() || null,
      status,
      pathContains: query.path?.trim() || null,
      beforeId: query.cursor ? decodeCursor(services.cursorSigner, query.cursor, CURSOR) : null,
      limit: query.page_size + 1,
    });
    const page = rows.slice(0, query.page_size);
    const last = page[page.length - 1];
    const next = rows.length > query.page_size && last ? encodeCursor(services.cursorSigner, { i: '', m: 'request-logs', a: last.id }) : null;
    const base = publicBase(c);
    return c.json({ status: 'success' as const, data: { next, results: page.map((row) => present(row, base)) } }, 200);
  });
  app.openapi(getRoute, async (c) => {
    const id = c.req.valid('param').log_id;
    const row = id.includes('\u0000') ? undefined : await findRequestLog(c.var.services.db.kysely, id);
    // Another environment's log is as unknown as a missing one.
    if (!row || row.environment_id !== c.var.environmentId) throw new NotFoundError(`No request log with the id "${id}" exists in this environment.`);
    return c.json({ status: 'success' as const, data: present(row, publicBase(c)) }, 200);
  });
};
