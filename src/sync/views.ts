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
import { readEmbeddedChildren, readLinkedRows, readStamps, readViewRows, type ViewRow } from '../storage/repositories/records.repository.js';
import { readChangeHead } from '../storage/repositories/record-changes.repository.js';
import { loadViewDecorator } from './fields.js';
import { RawJson, type ComposeLookups, type Embedded, type Json, type Related } from './model-spec.js';
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
 * stages), parsed once per process. A cached record is served as long as the integration's change
 * feed has not moved since it was checked (every write of a record's content appends to the feed in
 * the same transaction): one primary-key read per page instead of one stamp per record. When the
 * feed moved, the records a page asks for are checked by their stamps and the model's other cached
 * records are dropped. Deleted records are never cached (anonymisation rewrites them without a feed
 * entry).
 */
const SHARED_MODELS = new Set(['jobs', 'users', 'application_stages']);
const SHARED_MAX = 20_000;

interface SharedModelCache {
  /** The feed position at which every entry was last known current. */
  checkedAt: number;
  entries: Map<string, { stamp: string; related: Related }>;
}
const shared = new Map<string, SharedModelCache>();
let sharedSize = 0;

const stampOf = (row: Pick<ViewRow, 'hash' | 'changed_at' | 'remote_deleted_at'>) => `${row.hash}\u0000${row.changed_at}\u0000${row.remote_deleted_at ?? ''}`;

/** Shared records by id: from the cache while the feed stands still, else their stamps first. */
async function readShared(db: Kysely<Database>, integrationId: string, model: string, ids: readonly string[], feedHead: () => Promise<number>): Promise<Map<string, Related>> {
  const out = new Map<string, Related>();
  const head = await feedHead();
  const key = `${integrationId}\u0000${model}`;
  let cache = shared.get(key);
  const missing: string[] = [];
  if (cache && head > 0 && cache.checkedAt === head) {
    for (const id of ids) {
      const hit = cache.entries.get(id);
      if (hit) out.set(id, hit.related);
      else missing.push(id);
    }
  } else {
    const kept = new Map<string, { stamp: string; related: Related }>();
    for (const stamp of await readStamps(db, integrationId, model, ids)) {
      const hit = cache?.entries.get(stamp.id);
      // Rows converted by migration 0015 have no hash until rewritten: never taken from the cache.
      if (hit && stamp.hash !== '' && hit.stamp === stampOf(stamp)) {
        out.set(stamp.id, hit.related);
        kept.set(stamp.id, hit);
      } else missing.push(stamp.id);
    }
    sharedSize -= (cache?.entries.size ?? 0) - kept.size;
    cache = { checkedAt: head, entries: kept };
    shared.set(key, cache);
  }
  if (missing.length === 0) return out;
  if (sharedSize >= SHARED_MAX) {
    shared.clear();
    sharedSize = 0;
    cache = { checkedAt: head, entries: new Map() };
    shared.set(key, cache);
  }
  for (const row of await readViewRows(db, integrationId, model, missing)) {
    const related = toRelated(row);
    if (row.hash !== '' && row.remote_deleted_at === null && !cache.entries.has(row.id)) {
      cache.entries.set(row.id, { stamp: stampOf(row), related });
      sharedSize++;
    }
    out.set(row.id, related);
  }
  return out;
}

/** Memos of composed texts per integration and name, valid at one feed position (see `ComposeLookups.memo`). */
const memos = new Map<string, { checkedAt: number; texts: Map<string, string> }>();
const MEMO_MAX = 50_000;

async function memoFor(integrationId: string, name: string, feedHead: () => Promise<number>): Promise<Map<string, string>> {
  const head = await feedHead();
  const key = `${integrationId}\u0000${name}`;
  let memo = memos.get(key);
  if (!memo || head === 0 || memo.checkedAt !== head || memo.texts.size > MEMO_MAX) {
    memo = { checkedAt: head, texts: new Map() };
    memos.set(key, memo);
  }
  return memo.texts;
}

/** Batch lookups for the composers: one query per model and page, no N+1. */
export function createLookups(db: Kysely<Database>, integrationId: string): ComposeLookups {
  let head: Promise<number> | undefined;
  // Read once per page, before any record it vouches for.
  const feedHead = () => (head ??= readChangeHead(db, integrationId).then((h) => h.lastSeq));
  return {
    async byIds(model, ids) {
      if (ids.length === 0) return new Map();
      if (SHARED_MODELS.has(model)) return readShared(db, integrationId, model, ids, feedHead);
      const rows = await readViewRows(db, integrationId, model, ids);
      return new Map(rows.map((row) => [row.id, toRelated(row)]));
    },
    memo: (name) => memoFor(integrationId, name, feedHead),
    async embeddedIn(model, parentIds) {
      const grouped = new Map<string, Embedded[]>();
      for (const row of await readEmbeddedChildren(db, integrationId, model, parentIds)) {
        const list = grouped.get(row.link) ?? [];
        list.push({ id: row.id, remote_id: row.remote_id, links: { job_id: row.job_id, current_stage_id: row.current_stage_id }, changed_at: row.changed_at, text: row.embed });
        grouped.set(row.link, list);
      }
      return grouped;
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
    if (value !== undefined) text += `,${JSON.stringify(key)}:${value instanceof RawJson ? value.text : JSON.stringify(value)}`;
  }
  return `${text}}`;
}

/** Parts with their pre-serialised values parsed, for a view that is built whole. */
function materialise(parts: Json): Json {
  const out: Json = {};
  for (const key in parts) {
    const value = parts[key];
    out[key] = value instanceof RawJson ? (JSON.parse(value.text) as unknown) : value;
  }
  return out;
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
    return JSON.stringify({ ...(appends ? { ...baseView(record), ...materialise(parts) } : materialise(parts)), ...fields });
  });
}

/** The views of `rows`, parsed (single records, tests). */
export async function composeViews(db: Kysely<Database>, integrationId: string, model: string, rows: readonly ViewRow[]): Promise<Json[]> {
  return (await composeViewTexts(db, integrationId, model, rows)).map((text) => JSON.parse(text) as Json);
}
