/**
 * Serves one page of a list endpoint: the page's records are read with one query, their views
 * composed with a few batched queries for what they embed (sync/views.ts).
 */
import type { Context } from 'hono';
import { listRecords, type KeyFilter } from '../../storage/repositories/records.repository.js';
import { composeViewPieces } from '../../sync/views.js';
import { JSON_HEADERS, jsonText, respondJson, trustJsonPieces } from '../json-text.js';
import type { AppEnv } from '../services.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { CommonListQuery } from './query.js';

export interface ListRequest {
  model: string;
  query: CommonListQuery;
  /** Endpoint filters keyed by their query parameter name, so unsupported ones can be found. */
  filters: Record<string, KeyFilter | null>;
  remoteCreatedAfter?: string | null;
}

export { JSON_HEADERS };

/** One page of a list endpoint as the wire has it. */
export interface ListPage<Item> {
  status: 'success';
  data: { next: string | null; results: Item[] };
}

/**
 * Serves one page of views of `request.model`, typed as a page of `Item`: the caller names the item
 * schema the route documents for that model, the model's composer writes views of that shape.
 */
export async function serveList<Item>(c: Context<AppEnv>, request: ListRequest) {
  const { services, integration } = c.var;
  const integrationId = integration.id;
  const { query, model } = request;
  const afterId = query.cursor ? decodeCursor(services.cursorSigner, query.cursor, { integrationId, model }) : null;

  const unsupported = new Set(services.connectorFor(integration.tool)?.manifest.capabilities.unsupportedFilters?.[model] ?? []);
  const keyFilters: KeyFilter[] = [];
  for (const [name, filter] of Object.entries(request.filters)) {
    if (!filter) continue;
    if (unsupported.has(name)) {
      if (query.ignore_unsupported_filters) continue;
      return respondJson(c, jsonText<ListPage<Item>>({ status: 'success', data: { next: null, results: [] } }), 200);
    }
    keyFilters.push(filter);
  }

  // remote_created_after compares by day: created on or after the start of that UTC day.
  const createdFrom = request.remoteCreatedAfter ? `${request.remoteCreatedAfter.slice(0, 10)}T00:00:00.000Z` : null;
  const rows = await listRecords(services.db.kysely, {
    integrationId,
    model,
    afterId,
    limit: query.page_size + 1,
    includeDeleted: query.include_deleted,
    updatedAfter: query.updated_after,
    remoteCreatedFrom: createdFrom,
    ids: query.ids,
    remoteIds: query.remote_ids,
    keyFilters,
  });
  const page = rows.length > query.page_size ? rows.slice(0, query.page_size) : rows;
  const last = page[page.length - 1];
  const next = rows.length > query.page_size && last ? encodeCursor(services.cursorSigner, { i: integrationId, m: model, a: last.id }) : null;
  const pieces = ['{"status":"success","data":{"next":', next === null ? 'null' : JSON.stringify(next), ',"results":['];
  await composeViewPieces(services.db.kysely, integrationId, model, page, pieces);
  pieces.push(']}}');
  // The envelope is written here; each result is a view the model's composer built.
  return respondJson(c, trustJsonPieces<ListPage<Item>>(pieces), 200);
}

export const inFilter = (field: string, values: readonly string[] | null, normalise?: (v: string) => string): KeyFilter | null =>
  values ? { field, op: 'in', values: normalise ? values.map(normalise) : values } : null;
