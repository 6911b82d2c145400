import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { listEnvelope } from '../../../model/common.js';
import type { SyncRunRow } from '../../../storage/database.js';
import { findRun, listRuns } from '../../../storage/repositories/sync-runs.repository.js';
import { NotFoundError } from '../../../lib/errors.js';
import { decodeCursor, encodeCursor } from '../../list/cursor.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';
import { integrationOr404 } from './integration-lookup.js';

const Counts = z.object({ created: z.number().int(), updated: z.number().int(), deleted: z.number().int(), unchanged: z.number().int() });

const SyncProgressSchema = z
  .object({
    models: z
      .record(z.string(), z.object({ records: z.number().int(), pages: z.number().int(), state: z.enum(['LISTING', 'DONE', 'FAILED']) }))
      .openapi({ description: 'Per model: records and pages read so far, and whether its listing is still going, done or failed.' }),
    retries: z.number().int().openapi({ description: "Requests to the tool retried during the run (429s, 5xx, dropped connections)." }),
    rate_limit_waits: z.number().int().openapi({ description: 'Of those, how many waited because the tool answered 429 (rate limited).' }),
    errors: z
      .array(
        z.object({
          message: z.string(),
          count: z.number().int(),
          models: z.array(z.string()),
          code: z.string().nullable().openapi({ description: 'The error code (`REMOTE.SERVICE_UNAVAILABLE`, `INTEGRATION.AUTHENTICATION_INVALID`, …) when known.' }),
          first_at: z.string().nullable().openapi({ description: 'When the error first occurred in the run (null for runs from before this field existed).' }),
        }),
      )
      .openapi({ description: 'One entry per distinct error, with how often it occurred and the models it hit (no models for errors of the whole run).' }),
  })
  .openapi('SyncProgress', {
    description:
      'unified-ats extension: live while the run is RUNNING (saved about once a second and whenever a model ends), final once it ended. Null for runs from before this field existed, and for QUEUED runs.',
  });

export const SyncRunSchema = z
  .object({
    id: z.string(),
    type: z.enum(['FULL', 'DELTA']),
    state: z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED', 'AUTHENTICATION_FAILED', 'CANCELLED', 'TIMED_OUT']),
    created_at: z.string(),
    started_at: z.string().nullable(),
    ended_at: z.string().nullable(),
    duration_seconds: z.number().nullable(),
    error: z.string().nullable(),
    stats: z.record(z.string(), Counts).openapi({ description: 'Per model: records created, updated, deleted and unchanged.' }),
    progress: SyncProgressSchema.nullable(),
  })
  .openapi('SyncRun');

type SyncRun = z.infer<typeof SyncRunSchema>;

/** Progress as stored; runs saved before `code` and `first_at` existed lack them. */
function progressOf(stored: string | null): SyncRun['progress'] {
  if (stored === null) return null;
  const raw = JSON.parse(stored) as { errors?: Array<Record<string, unknown>> };
  const errors = (raw.errors ?? []).map((group) => ({ code: null, first_at: null, ...group }));
  return SyncProgressSchema.parse({ ...raw, errors });
}

function toWire(run: SyncRunRow): SyncRun {
  return {
    id: run.id,
    type: run.type,
    state: run.state,
    created_at: run.created_at,
    started_at: run.started_at,
    ended_at: run.ended_at,
    duration_seconds: run.started_at && run.ended_at ? (Date.parse(run.ended_at) - Date.parse(run.started_at)) / 1000 : null,
    error: run.error,
    stats: JSON.parse(run.stats) as Record<string, z.infer<typeof Counts>>,
    progress: progressOf(run.progress),
  };
}

const route = createRoute({
  method: 'get',
  path: '/integrations/{integration_id}/syncs',
  operationId: 'GetIntegrationsIntegrationIdSyncs',
  summary: "An integration's sync history, newest first (unified-ats extension)",
  tags: ['General'],
  request: {
    params: z.object({ integration_id: z.string() }),
    query: z.object({
      cursor: z.string().optional(),
      page_size: z.coerce.number().int().min(1).max(250).default(50).openapi({ type: 'integer' }),
    }),
  },
  responses: { 200: jsonContent(listEnvelope(SyncRunSchema), 'One page of sync runs.'), ...errorResponses },
});

export const registerListSyncs = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const integration = await integrationOr404(c, c.req.valid('param').integration_id);
    const { cursor, page_size } = c.req.valid('query');
    const beforeId = cursor ? decodeCursor(services.cursorSigner, cursor, { integrationId: integration.id, model: 'syncs' }) : null;
    const rows = await listRuns(services.db.kysely, integration.id, beforeId, page_size + 1);
    const page = rows.slice(0, page_size);
    const last = page[page.length - 1];
    const next = rows.length > page_size && last ? encodeCursor(services.cursorSigner, { i: integration.id, m: 'syncs', a: last.id }) : null;
    return c.json({ status: 'success' as const, data: { next, results: page.map(toWire) } }, 200);
  });

const oneRoute = createRoute({
  method: 'get',
  path: '/integrations/{integration_id}/syncs/{sync_id}',
  operationId: 'GetIntegrationsIntegrationIdSyncsSyncId',
  summary: 'One sync run with its progress and grouped errors, what the dashboard links errors to (unified-ats extension)',
  tags: ['General'],
  request: { params: z.object({ integration_id: z.string(), sync_id: z.string() }) },
  responses: { 200: jsonContent(z.object({ status: z.literal('success'), data: SyncRunSchema }), 'The sync run.'), ...errorResponses },
});

export const registerGetSync = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(oneRoute, async (c) => {
    const params = c.req.valid('param');
    const integration = await integrationOr404(c, params.integration_id);
    const run = await findRun(c.var.services.db.kysely, integration.id, params.sync_id);
    if (!run) throw new NotFoundError(`No sync run with the id "${params.sync_id}" exists for this integration.`);
    return c.json({ status: 'success' as const, data: toWire(run) }, 200);
  });
