/**
 * Wire views, composed when read: a page of records plus a few batched, indexed queries for the
 * records their views embed (an application's candidate, job and stage; a candidate's
 * applications…), then the integration's field settings (remote_data, integration fields,
 * custom fields). Nothing composed is stored, so nothing can go stale.
 *
 * Most views are the record's own fields followed by nested parts: those are spliced from the
 * stored JSON text, which is never parsed (see `ModelSpec.appends`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database.js';
import { readLinkedRows, readStamps, readViewRows, type ViewRow } from '../storage/repositories/records.repository.js';
import { loadViewDecorator } from './fields.js';
import type { ComposeLookups, Json, Related } from './model-spec.js';
import { baseView } from './models/helpers.js';
import { VIEW_SPECS } from './models/index.js';

export function toRelated(row: ViewRow): Related {
  let own: Json | undefined;
  return {
    id: row.id,
    remote_id: row.remote_id,
    get own() {
      return (own ??= JSON.parse(row.data) as Json);
    },
    links: { candidate_id: row.candidate_id, job_id: row.job_id, application_id: row.application_id, current_stage_id: row.current_stage_id },
    changed_at: row.changed_at,
    deleted_at: row.remote_deleted_at,
  };
}

/**
 * Records that many views embed and that are few (jobs with their long descriptions, users,
 * stages), parsed once per process for as long as their stored content stays the same.
 */
const SHARED_MODELS = new Set(['jobs', 'users', 'application_stages']);
const SHARED_MAX = 20_000;
const shared = new Map<string, { stamp: string; related: Related }>();

const stampOf = (row: Pick<ViewRow, 'hash' | 'changed_at' | 'remote_deleted_at'>) => `${row.hash}\u0000${row.changed_at}\u0000${row.remote_deleted_at ?? ''}`;
const sharedKey = (integrationId: string, model: string, id: string) => `${integrationId}\u0000${model}\u0000${id}`;

/** Shared records by id: their stamps first, `data` only for those not parsed yet. */
async function readShared(db: Kysely<Database>, integrationId: string, model: string, ids: readonly string[]): Promise<Map<string, Related>> {
  const out = new Map<string, Related>();
  const missing: string[] = [];
  for (const stamp of await readStamps(db, integrationId, model, ids)) {
    const hit = shared.get(sharedKey(integrationId, model, stamp.id));
    // Rows converted by migration 0012 have no hash until rewritten: never taken from the cache.
    if (hit && stamp.hash !== '' && hit.stamp === stampOf(stamp)) out.set(stamp.id, hit.related);
    else missing.push(stamp.id);
  }
  if (missing.length === 0) return out;
  if (shared.size >= SHARED_MAX) shared.clear();
  for (const row of await readViewRows(db, integrationId, model, missing)) {
    const related = toRelated(row);
    if (row.hash !== '') shared.set(sharedKey(integrationId, model, row.id), { stamp: stampOf(row), related });
    out.set(row.id, related);
  }
  return out;
}

/** Batch lookups for the composers: one query per model and page, no N+1. */
export function createLookups(db: Kysely<Database>, integrationId: string): ComposeLookups {
  return {
    async byIds(model, ids) {
      if (ids.length === 0) return new Map();
      if (SHARED_MODELS.has(model)) return readShared(db, integrationId, model, ids);
      const rows = await readViewRows(db, integrationId, model, ids);
      return new Map(rows.map((row) => [row.id, toRelated(row)]));
    },
    async children(model, field, parentIds) {
      const grouped = new Map<string, Related[]>();
      if (parentIds.length === 0) return grouped;
      for (const row of await readLinkedRows(db, integrationId, model, field, parentIds)) {
        const list = grouped.get(row.link) ?? [];
        list.push(toRelated(row));
        grouped.set(row.link, list);
      }
      return grouped;
    },
  };
}

/** `{"id":…, <own fields>, "changed_at":…, "remote_deleted_at":…, <added>}` from the stored text. */
function splice(row: ViewRow, added: Json): string {
  const inner = row.data.length > 2 ? `${row.data.slice(1, -1)},` : '';
  let text = `{"id":${JSON.stringify(row.id)},${inner}"changed_at":${JSON.stringify(row.changed_at)},"remote_deleted_at":${JSON.stringify(row.remote_deleted_at)}`;
  for (const key in added) {
    const value = added[key];
    if (value !== undefined) text += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
  }
  return `${text}}`;
}

/** The views of `rows` (records of `model`) as JSON text, in their order. */
export async function composeViewTexts(db: Kysely<Database>, integrationId: string, model: string, rows: readonly ViewRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const spec = VIEW_SPECS.get(model);
  const records = rows.map(toRelated);
  const composed = spec?.compose ? await spec.compose(records, createLookups(db, integrationId)) : records.map(() => ({}));
  const appends = spec?.appends ?? !spec?.compose;
  const decorate = (await loadViewDecorator(db, integrationId)).forModel(model);
  return rows.map((row, i) => {
    const parts = composed[i] ?? {};
    const fields = decorate?.(row) ?? {};
    // A mapped custom field replaces the own `custom_fields` in place: that view is built whole.
    if (appends && !('custom_fields' in fields)) return splice(row, { ...parts, ...fields });
    const record = records[i] as Related;
    return JSON.stringify({ ...(appends ? { ...baseView(record), ...parts } : parts), ...fields });
  });
}

/** The views of `rows`, parsed (single records, tests). */
export async function composeViews(db: Kysely<Database>, integrationId: string, model: string, rows: readonly ViewRow[]): Promise<Json[]> {
  return (await composeViewTexts(db, integrationId, model, rows)).map((text) => JSON.parse(text) as Json);
}
