/**
 * Wire views, composed when read: a page of records plus a few batched, indexed queries for the
 * records their views embed (an application's candidate, job and stage; a candidate's job and
 * stage references), then the integration's field settings (remote_data, integration fields,
 * custom fields). What is stored for views (a candidate's applications, `records.nested`) is
 * rewritten in the transaction that changes it; the rest is never stored, so cannot go stale.
 *
 * Most views are the record's own fields followed by nested parts: those are spliced from the
 * stored JSON text, which is never parsed (see `ModelSpec.appends`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database.js';
import { readLinkedRows, readViewRows, type ViewRow } from '../storage/repositories/records.repository.js';
import { readChangeHead } from '../storage/repositories/record-changes.repository.js';
import { loadViewDecorator } from './fields.js';
import { RawJson, type ComposeLookups, type Json, type Related } from './model-spec.js';
import { baseView } from './models/helpers.js';
import { VIEW_SPECS } from './models/index.js';

/** A stored row as composers see it: its own fields parsed, its references gathered, when first asked for. */
class StoredRecord implements Related {
  #own: Json | undefined;
  #links: Related['links'] | undefined;
  constructor(private readonly row: ViewRow) {}
  get id() {
    return this.row.id;
  }
  get remote_id() {
    return this.row.remote_id;
  }
  get own(): Json {
    return (this.#own ??= JSON.parse(this.row.data) as Json);
  }
  get links(): Related['links'] {
    const { candidate_id, job_id, application_id, current_stage_id } = this.row;
    return (this.#links ??= { candidate_id, job_id, application_id, current_stage_id });
  }
  get changed_at() {
    return this.row.changed_at;
  }
  get deleted_at() {
    return this.row.remote_deleted_at;
  }
  get nested() {
    return this.row.nested;
  }
}

export const toRelated = (row: ViewRow): Related => new StoredRecord(row);

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
      const rows = await readViewRows(db, integrationId, model, ids);
      return new Map(rows.map((row) => [row.id, toRelated(row)]));
    },
    memo: (name) => memoFor(integrationId, name, feedHead),
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

/** Appends `{"id":…, <own fields>, "changed_at":…, "remote_deleted_at":…, <added>}` to `out`, from the stored text. */
function spliceInto(out: string[], row: ViewRow, added: Json): void {
  out.push('{"id":', JSON.stringify(row.id), ',');
  if (row.data.length > 2) out.push(row.data.slice(1, -1), ',');
  out.push('"changed_at":', JSON.stringify(row.changed_at), ',"remote_deleted_at":', JSON.stringify(row.remote_deleted_at));
  for (const key in added) {
    const value = added[key];
    if (value === undefined) continue;
    out.push(',', JSON.stringify(key), ':');
    if (value instanceof RawJson) for (const piece of value.pieces) out.push(piece);
    else out.push(JSON.stringify(value));
  }
  out.push('}');
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

/**
 * Appends the views of `rows` (records of `model`) to `out` as JSON text, in their order and
 * separated by commas: the pieces of a page, which its answer joins once.
 */
export async function composeViewPieces(db: Kysely<Database>, integrationId: string, model: string, rows: readonly ViewRow[], out: string[], ends?: number[]): Promise<void> {
  if (rows.length === 0) return;
  const spec = VIEW_SPECS.get(model);
  const records = rows.map(toRelated);
  const composed = spec?.compose ? await spec.compose(records, createLookups(db, integrationId)) : records.map(() => ({}));
  const appends = spec?.appends ?? !spec?.compose;
  const decorate = (await loadViewDecorator(db, integrationId)).forModel(model);
  rows.forEach((row, i) => {
    if (i > 0) out.push(',');
    const parts = composed[i] ?? {};
    const fields = decorate?.(row);
    // A mapped custom field replaces the own `custom_fields` in place: that view is built whole.
    if (appends && !(fields && 'custom_fields' in fields)) spliceInto(out, row, fields ? { ...parts, ...fields } : parts);
    else {
      const record = records[i] as Related;
      out.push(JSON.stringify({ ...(appends ? { ...baseView(record), ...materialise(parts) } : materialise(parts)), ...fields }));
    }
    ends?.push(out.length);
  });
}

/** The views of `rows` as JSON text each. */
export async function composeViewTexts(db: Kysely<Database>, integrationId: string, model: string, rows: readonly ViewRow[]): Promise<string[]> {
  const pieces: string[] = [];
  const ends: number[] = [];
  await composeViewPieces(db, integrationId, model, rows, pieces, ends);
  // Each view but the first follows its separating comma.
  return ends.map((end, i) => pieces.slice(i === 0 ? 0 : (ends[i - 1] as number) + 1, end).join(''));
}

/** The views of `rows`, parsed (single records, tests). */
export async function composeViews(db: Kysely<Database>, integrationId: string, model: string, rows: readonly ViewRow[]): Promise<Json[]> {
  return (await composeViewTexts(db, integrationId, model, rows)).map((text) => JSON.parse(text) as Json);
}
