import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { InputError } from '../../../lib/errors.js';
import { readChangeHead, readChanges } from '../../../storage/repositories/record-changes.repository.js';
import { decodeCursor, encodeCursor } from '../../list/cursor.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';
import { integrationOr404 } from './integration-lookup.js';

const FEED = 'changes';

const RecordChangeSchema = z
  .object({
    model: z.string().openapi({ description: 'The model of the record, as in its endpoint: `candidates`, `applications`, `jobs`, `application_stages`, …', example: 'applications' }),
    id: z.string().openapi({ description: 'Our id of the record (its `id` in the unified API).' }),
    remote_id: z.string().nullable().openapi({ description: "The record's id in the tool." }),
    type: z.enum(['CREATED', 'UPDATED', 'DELETED']).openapi({
      description: 'CREATED: first stored. UPDATED: its own stored data changed (a record the tool deleted and brought back is UPDATED too). DELETED: the tool deleted it (it keeps `remote_deleted_at`).',
    }),
    changed_at: z.string().openapi({ description: 'When the change was stored.' }),
  })
  .openapi('RecordChange');

const ChangesPageSchema = z
  .object({
    status: z.literal('success'),
    data: z.object({
      results: z.array(RecordChangeSchema),
      next: z.string().openapi({
        description: 'The cursor to read on from: always set, also when `results` is empty. Keep it and pass it as `cursor` next time; it stays valid across restarts for the retention period (7 days).',
      }),
      has_more: z.boolean().openapi({ description: 'Whether more changes are stored already (read on at once with `next`); false means you are up to date.' }),
    }),
  })
  .openapi('RecordChangesPage');

const route = createRoute({
  method: 'get',
  path: '/integrations/{integration_id}/changes',
  operationId: 'GetIntegrationsIntegrationIdChanges',
  summary: "The integration's change feed: records created, updated and deleted, in order (unified-ats extension)",
  description: [
    'Every change the store made to a record of this integration (by a sync, a write action or a refresh), once each and in the order it was stored, so a',
    'client that received a `data-changed` webhook reads exactly what changed, deletions included, instead of listing with `updated_after`.',
    'Without `cursor` the feed starts at its oldest retained entry. Entries are kept for at least 7 days; a cursor older than that is refused with',
    '`PLATFORM.INPUT_INVALID` (list the models again, then read the feed from a fresh cursor). A record whose embedded related data changed',
    '(an application showing a moved candidate) gets no entry of its own: the related record has one.',
  ].join(' '),
  tags: ['General'],
  request: {
    params: z.object({ integration_id: z.string() }),
    query: z.object({
      cursor: z.string().optional().openapi({ description: 'The `next` value of the previous page.' }),
      page_size: z.coerce.number().int().min(1).max(1000).default(100).openapi({ type: 'integer' }),
    }),
  },
  responses: { 200: jsonContent(ChangesPageSchema, 'One page of changes, oldest first.'), ...errorResponses },
});

export const registerListChanges = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const integration = await integrationOr404(c, c.req.valid('param').integration_id);
    const { cursor, page_size } = c.req.valid('query');
    const db = services.db.kysely;
    const head = await readChangeHead(db, integration.id);
    let after = head.prunedThrough;
    if (cursor) {
      const position = Number(decodeCursor(services.cursorSigner, cursor, { integrationId: integration.id, model: FEED }));
      if (!Number.isSafeInteger(position) || position < 0) throw new InputError('Invalid query parameter "cursor": use the `next` value of the previous page.');
      if (position < head.prunedThrough) {
        throw new InputError('Invalid query parameter "cursor": the changes after it are past the 7-day retention and were removed. List the models again, then read the feed from the `next` of a fresh page.');
      }
      after = position;
    }
    const rows = await readChanges(db, integration.id, after, page_size + 1);
    const page = rows.slice(0, page_size);
    const last = page[page.length - 1]?.seq ?? after;
    const results = page.map(({ seq: _seq, ...change }) => change);
    const next = encodeCursor(services.cursorSigner, { i: integration.id, m: FEED, a: String(last) });
    return c.json({ status: 'success' as const, data: { results, next, has_more: rows.length > page_size } }, 200);
  });
