/**
 * Synced records: the only place their SQL is written.
 *
 * A record has its own fields (`own`), a composed wire view (`view`) and index rows in
 * `record_keys` (filter values and references). Ids are ours and stable (lib/ids.ts).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, RecordRow } from '../database.js';
import type { DialectName } from '../db.js';
import { chunkSizes, forUpdate, list, paddedSlices, runCompiled, statementText, tuples } from '../compiled-sql.js';
import { deleteIntegrationFieldData } from './fields.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface OwnRecordInput {
  id: string;
  remote_id: string | null;
  own: Record<string, unknown>;
  /** Hash of the record's direct fields; a change moves `changed_at`. */
  fieldsHash: string;
  /** Hash of everything in `own`; a change rewrites the row. */
  fullHash: string;
  remote_created_at: string | null;
  keys: ReadonlyArray<readonly [field: string, value: string]>;
}

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Records whose stored content changed (created, updated or un-deleted). */
  changedIds: string[];
  /** Of those, the new records. */
  createdIds: string[];
  /** Of those, the records that existed (un-deleted ones included). */
  updatedIds: string[];
}

/** Ids per `IN (…)` list, and index rows per insert. */
const IDS_PER_STATEMENT = 500;
const KEYS_PER_STATEMENT = 300;

const SEP = ':';
const splitHash = (h: string): [string, string] => {
  const i = h.indexOf(SEP);
  return i < 0 ? [h, ''] : [h.slice(0, i), h.slice(i + 1)];
};

/** Inserts or updates a batch of records seen by sync run `runId`. Call inside a transaction. */
export async function upsertOwnRecords(
  db: Executor,
  integrationId: string,
  model: string,
  runId: string,
  records: readonly OwnRecordInput[],
  now: string,
  options: {
    /** Index fields the composer maintains; left alone here. */
    derivedFields?: readonly string[];
    /**
     * Write `runId` into unchanged records too (default). Syncs do not: a full sync keeps the ids
     * it saw in memory instead (see `markUnseenDeleted`), and a delta detects no deletions this way.
     */
    touchUnchanged?: boolean;
  } = {},
): Promise<UpsertCounts> {
  const { derivedFields = [], touchUnchanged = true } = options;
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0, changedIds: [], createdIds: [], updatedIds: [] };
  if (records.length === 0) return counts;
  type Before = Pick<RecordRow, 'id' | 'own_hash' | 'remote_deleted_at' | 'changed_at' | 'updated_at' | 'index_keys'>;
  const byId = new Map<string, Before>();
  // Locked on PostgreSQL (in id order, so two writers cannot deadlock): the index rows are
  // replaced by the difference to the list read here, which a concurrent writer must not change.
  for (const ids of paddedSlices([...new Set(records.map((r) => r.id))].sort(), IDS_PER_STATEMENT)) {
    const text = statementText(db, `upsert-before:${ids.length}`, (p) =>
      `SELECT id, own_hash, remote_deleted_at, changed_at, updated_at, index_keys FROM records WHERE integration_id = ${p()} AND model = ${p()} AND id IN (${list(p, ids.length)}) ORDER BY id${forUpdate(db)}`,
    );
    for (const row of await runCompiled<Before>(db, text, [integrationId, model, ...ids])) byId.set(row.id, row);
  }
  // A vendor may list the same record twice on shifting pages: the later copy is the newer one.
  const latest = new Map(records.map((record) => [record.id, record]));
  const touchOnly: string[] = [];
  const rekey: KeyChange[] = [];
  const rows: RecordRow[] = [];
  const derived = new Set(derivedFields);

  for (const record of latest.values()) {
    const before = byId.get(record.id);
    const ownHash = `${record.fieldsHash}${SEP}${record.fullHash}`;
    const undeleted = before !== undefined && before.remote_deleted_at !== null;
    if (before && before.own_hash === ownHash && !undeleted) {
      counts.unchanged++;
      if (touchUnchanged) touchOnly.push(record.id);
      continue;
    }
    if (before) {
      counts.updated++;
      counts.updatedIds.push(record.id);
    } else {
      counts.created++;
      counts.createdIds.push(record.id);
    }
    counts.changedIds.push(record.id);
    const fieldsChanged = !before || splitHash(before.own_hash)[0] !== record.fieldsHash || undeleted;
    const keys = uniqueKeys(record.keys.filter(([field]) => !derived.has(field)));
    rows.push({
      integration_id: integrationId,
      model,
      id: record.id,
      remote_id: record.remote_id,
      own: JSON.stringify(record.own),
      own_hash: ownHash,
      // A new record has no view yet; an existing one keeps its own (the upsert leaves both alone).
      tracked_hash: '',
      view: null,
      changed_at: fieldsChanged ? now : (before?.changed_at ?? now),
      updated_at: fieldsChanged ? now : (before?.updated_at ?? now),
      remote_created_at: record.remote_created_at,
      remote_deleted_at: null,
      last_seen_run: runId,
      anonymised_at: null,
      index_keys: JSON.stringify(keys),
      derived_keys: '[]',
    });
    rekey.push({ id: record.id, before: before ? parseKeys(before.index_keys) : [], after: keys });
  }
  // In primary-key order, for the same reason as index rows (see replaceKeys).
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await upsertRows(db, rows);

  for (let i = 0; i < touchOnly.length; i += 500) {
    await db
      .updateTable('records')
      .set({ last_seen_run: runId })
      .where('integration_id', '=', integrationId)
      .where('model', '=', model)
      .where('id', 'in', touchOnly.slice(i, i + 500))
      .execute();
  }
  await replaceKeys(db, integrationId, model, rekey);
  return counts;
}

/** One index row of a record: a filter value or a reference. */
export type IndexKey = readonly [field: string, value: string];

/** A stored key list (`index_keys`, `derived_keys`). */
export function parseKeys(text: string): IndexKey[] {
  return JSON.parse(text) as IndexKey[];
}

const keyText = ([field, value]: IndexKey) => `${field}\u0000${value}`;

/** `keys` without repeats, in their first order. */
export function uniqueKeys(keys: readonly IndexKey[]): IndexKey[] {
  const seen = new Set<string>();
  return keys.filter((key) => {
    const text = keyText(key);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/**
 * The stored key lists of some records, read inside the transaction that replaces their rows
 * (locked on PostgreSQL), so the difference is taken against what is stored, not an older copy.
 */
export async function readKeyLists(db: Executor, integrationId: string, model: string, ids: readonly string[]): Promise<Map<string, Pick<RecordRow, 'index_keys' | 'derived_keys'>>> {
  const out = new Map<string, Pick<RecordRow, 'index_keys' | 'derived_keys'>>();
  for (const slice of paddedSlices([...new Set(ids)].sort(), IDS_PER_STATEMENT)) {
    const text = statementText(db, `key-lists:${slice.length}`, (p) =>
      `SELECT id, index_keys, derived_keys FROM records WHERE integration_id = ${p()} AND model = ${p()} AND id IN (${list(p, slice.length)}) ORDER BY id${forUpdate(db)}`,
    );
    for (const row of await runCompiled<Pick<RecordRow, 'id' | 'index_keys' | 'derived_keys'>>(db, text, [integrationId, model, ...slice])) out.set(row.id, row);
  }
  return out;
}

/** A record's index rows of some fields, before and after a change. */
export interface KeyChange {
  id: string;
  before: readonly IndexKey[];
  after: readonly IndexKey[];
}

type KeyRow = { record_id: string; field: string; value: string };

/**
 * Applies index row changes: rows only in `before` are deleted by their full primary key, rows
 * only in `after` are inserted; rows in both are left alone.
 */
export async function replaceKeys(db: Executor, integrationId: string, model: string, changes: ReadonlyArray<KeyChange>): Promise<void> {
  const removed: KeyRow[] = [];
  const added: KeyRow[] = [];
  for (const change of changes) {
    const before = new Set(change.before.map(keyText));
    const after = new Set(change.after.map(keyText));
    for (const key of uniqueKeys(change.before)) if (!after.has(keyText(key))) removed.push({ record_id: change.id, field: key[0], value: key[1] });
    for (const key of uniqueKeys(change.after)) if (!before.has(keyText(key))) added.push({ record_id: change.id, field: key[0], value: key[1] });
  }
  let at = 0;
  for (const size of chunkSizes(removed.length, KEYS_PER_STATEMENT)) {
    const text = statementText(db, `keys-delete:${size}`, (p) =>
      `DELETE FROM record_keys WHERE integration_id = ${p()} AND model = ${p()} AND (field, value, record_id) IN (VALUES ${tuples(p, size, 3)})`,
    );
    const parameters: string[] = [integrationId, model];
    for (const k of removed.slice(at, at + size)) parameters.push(k.field, k.value, k.record_id);
    at += size;
    await runCompiled(db, text, parameters);
  }
  // In index order: the B-tree is then filled left to right instead of at random places.
  added.sort(byIndexOrder);
  at = 0;
  for (const size of chunkSizes(added.length, KEYS_PER_STATEMENT)) {
    const text = statementText(db, `keys-insert:${size}`, (p) =>
      `INSERT INTO record_keys (integration_id, model, record_id, field, value) VALUES ${tuples(p, size, 5)} ON CONFLICT DO NOTHING`,
    );
    const parameters: string[] = [];
    for (const k of added.slice(at, at + size)) parameters.push(integrationId, model, k.record_id, k.field, k.value);
    at += size;
    await runCompiled(db, text, parameters);
  }
}

const byIndexOrder = (a: { field: string; value: string; record_id: string }, b: { field: string; value: string; record_id: string }) =>
  a.field < b.field ? -1 : a.field > b.field ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : a.record_id < b.record_id ? -1 : a.record_id > b.record_id ? 1 : 0;

/** `last_seen_run` of records written outside a sync (after a write action): `ingest:<ISO time>`. */
export const INGEST_MARK = 'ingest:';

/**
 * Marks records of a model that a complete listing in run `runId` did not contain as deleted;
 * returns their ids. The listing wrote `runId` into the records it created or changed; the
 * unchanged ones it saw are those `isSeen` accepts. Records written by a write action after the
 * run started are spared: the listing may simply have passed them before they existed.
 */
export async function markUnseenDeleted(
  db: Executor,
  dialect: DialectName,
  integrationId: string,
  model: string,
  runId: string,
  now: string,
  runStartedAt: string,
  isSeen: (id: string) => boolean,
): Promise<string[]> {
  const unseen: string[] = [];
  // Walked like a full compose (storage order on SQLite), reading ids only.
  let after: string | null = null;
  for (;;) {
    const page: Array<{ id: string; seq: string | number }> =
      dialect === 'postgres'
        ? (
            await sql<{ id: string; seq: string }>`SELECT id, id AS seq FROM records WHERE integration_id = ${integrationId} AND model = ${model}
            AND id > ${after ?? ''} AND remote_deleted_at IS NULL AND last_seen_run <> ${runId}
            AND (last_seen_run NOT LIKE ${`${INGEST_MARK}%`} OR last_seen_run < ${`${INGEST_MARK}${runStartedAt}`}) ORDER BY id LIMIT ${UNSEEN_WALK_BATCH}`.execute(db)
          ).rows
        : (
            await sql<{ id: string; seq: number }>`SELECT id, rowid AS seq FROM records WHERE integration_id = ${integrationId} AND model = ${model}
            AND rowid > ${Number(after ?? 0)} AND remote_deleted_at IS NULL AND last_seen_run <> ${runId}
            AND (last_seen_run NOT LIKE ${`${INGEST_MARK}%`} OR last_seen_run < ${`${INGEST_MARK}${runStartedAt}`}) ORDER BY rowid LIMIT ${UNSEEN_WALK_BATCH}`.execute(db)
          ).rows;
    for (const row of page) if (!isSeen(row.id)) unseen.push(row.id);
    const last = page[page.length - 1];
    if (!last || page.length < UNSEEN_WALK_BATCH) break;
    after = String(last.seq);
  }
  // The same conditions again as the rows are marked: a write action may have stored one of
  // them while the walk went on.
  return markDeleted(db, integrationId, model, unseen, now, { runId, runStartedAt });
}

const UNSEEN_WALK_BATCH = 5000;

/**
 * Marks the given records deleted (a vendor's deleted-records report); returns the ids it changed.
 * With `unseenBy`, only records that sync run did not write and no write action stored after it
 * started (see `markUnseenDeleted`).
 */
export async function markDeleted(
  db: Executor,
  integrationId: string,
  model: string,
  ids: readonly string[],
  now: string,
  unseenBy?: { runId: string; runStartedAt: string },
): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    let update = db
      .updateTable('records')
      .set({ remote_deleted_at: now, changed_at: now, updated_at: now })
      .where('integration_id', '=', integrationId)
      .where('model', '=', model)
      .where('id', 'in', ids.slice(i, i + 500))
      .where('remote_deleted_at', 'is', null);
    if (unseenBy) {
      const { runId, runStartedAt } = unseenBy;
      update = update
        .where('last_seen_run', '!=', runId)
        .where((eb) => eb.or([eb('last_seen_run', 'not like', `${INGEST_MARK}%`), eb('last_seen_run', '<', `${INGEST_MARK}${runStartedAt}`)]));
    }
    const rows = await update.returning('id').execute();
    out.push(...rows.map((r) => r.id));
  }
  return out;
}

/** Values of one index field of the given records (e.g. the candidate ids of some applications). */
export async function keyValuesOf(db: Executor, integrationId: string, model: string, field: string, recordIds: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const slice of paddedSlices([...new Set(recordIds)], IDS_PER_STATEMENT)) {
    const text = statementText(db, `keys-of:${slice.length}`, (p) =>
      `SELECT index_keys, derived_keys FROM records WHERE integration_id = ${p()} AND model = ${p()} AND id IN (${list(p, slice.length)})`,
    );
    for (const row of await runCompiled<Pick<RecordRow, 'index_keys' | 'derived_keys'>>(db, text, [integrationId, model, ...slice])) {
      for (const [f, value] of [...parseKeys(row.index_keys), ...parseKeys(row.derived_keys)]) if (f === field) out.push(value);
    }
  }
  return out;
}

export type StoredRecord = RecordRow;

/** A batch of records in id order after `afterId`, for walking a whole model. */
export async function readRecordBatch(db: Executor, integrationId: string, model: string, afterId: string | null, limit: number): Promise<StoredRecord[]> {
  let query = db
    .selectFrom('records')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .where('model', '=', model);
  if (afterId !== null) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

/**
 * One batch of a walk over all records of a model, resuming after `after` (null at the start);
 * returns the position to resume from. SQLite walks in storage order (rowid): a full compose
 * then rewrites neighbouring rows together instead of touching a random page per record, which
 * halves its time on large integrations. PostgreSQL walks in id order.
 */
export async function readRecordWalk(
  db: Executor,
  dialect: DialectName,
  integrationId: string,
  model: string,
  after: string | null,
  limit: number,
): Promise<{ rows: StoredRecord[]; next: string | null }> {
  if (dialect === 'postgres') {
    const rows = await readRecordBatch(db, integrationId, model, after, limit);
    return { rows, next: rows[rows.length - 1]?.id ?? null };
  }
  const result = await sql<StoredRecord & { walk_seq: number }>`SELECT rowid AS walk_seq, * FROM records
    WHERE integration_id = ${integrationId} AND model = ${model} AND rowid > ${Number(after ?? 0)} ORDER BY rowid LIMIT ${limit}`.execute(db);
  const last = result.rows[result.rows.length - 1];
  return { rows: result.rows.map(({ walk_seq: _seq, ...row }) => row), next: last ? String(last.walk_seq) : null };
}

export async function readRecordsByIds(db: Executor, integrationId: string, model: string, ids: readonly string[]): Promise<StoredRecord[]> {
  const unique = [...new Set(ids)];
  const out: StoredRecord[] = [];
  for (let i = 0; i < unique.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('records')
        .selectAll()
        .where('integration_id', '=', integrationId)
        .where('model', '=', model)
        .where('id', 'in', unique.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}

/** What the composer needs of a related record: everything but its (large) view. */
export type RelatedRow = Pick<RecordRow, 'id' | 'remote_id' | 'own' | 'own_hash' | 'changed_at' | 'remote_deleted_at'>;

export async function readRelatedByIds(db: Executor, integrationId: string, model: string, ids: readonly string[]): Promise<RelatedRow[]> {
  const out: RelatedRow[] = [];
  for (const slice of paddedSlices([...new Set(ids)], IDS_PER_STATEMENT)) {
    const text = statementText(db, `related:${slice.length}`, (p) =>
      `SELECT id, remote_id, own, own_hash, changed_at, remote_deleted_at FROM records WHERE integration_id = ${p()} AND model = ${p()} AND id IN (${list(p, slice.length)})`,
    );
    out.push(...(await runCompiled<RelatedRow>(db, text, [integrationId, model, ...slice])));
  }
  return out;
}

/** Record ids of `model` whose index field `field` holds one of `values`, with the matched value. */
export async function findByKey(
  db: Executor,
  integrationId: string,
  model: string,
  field: string,
  values: readonly string[],
): Promise<Array<{ record_id: string; value: string }>> {
  const out: Array<{ record_id: string; value: string }> = [];
  for (const slice of paddedSlices([...new Set(values)], IDS_PER_STATEMENT)) {
    const text = statementText(db, `by-key:${slice.length}`, (p) =>
      `SELECT record_id, value FROM record_keys WHERE integration_id = ${p()} AND model = ${p()} AND field = ${p()} AND value IN (${list(p, slice.length)})`,
    );
    out.push(...(await runCompiled<{ record_id: string; value: string }>(db, text, [integrationId, model, field, ...slice])));
  }
  return out;
}

export interface ViewUpdate {
  id: string;
  view: string;
  tracked_hash: string;
  /** Set when tracked data changed, so `updated_after` finds the record. */
  updated_at: string | null;
  /** The derived index rows (JSON), when they changed. */
  derived_keys: string | null;
}

const VIEWS_PER_STATEMENT = 100;

/**
 * Stores composed views. Only the view columns are written, many records per statement with
 * `CASE id WHEN …` (SQLite and PostgreSQL alike find the rows through the primary key): own
 * fields and the other indexed columns stay untouched, so their indexes do no work.
 */
export async function writeViews(db: Executor, integrationId: string, model: string, updates: readonly ViewUpdate[]): Promise<void> {
  let at = 0;
  for (const size of chunkSizes(updates.length, VIEWS_PER_STATEMENT)) {
    const chunk = updates.slice(at, at + size);
    at += size;
    // `updated_at` moves only for records whose tracked data changed (a null keeps the stored one).
    const text = statementText(db, `views:${size}`, (p) => {
      const cases = (value: () => string) => Array.from({ length: size }, () => `WHEN ${p()} THEN ${value()}`).join(' ');
      return `UPDATE records SET view = CASE id ${cases(p)} END, tracked_hash = CASE id ${cases(p)} END,
        updated_at = CASE id ${cases(() => `COALESCE(${p()}, updated_at)`)} END,
        derived_keys = CASE id ${cases(() => `COALESCE(${p()}, derived_keys)`)} END
        WHERE integration_id = ${p()} AND model = ${p()} AND id IN (${list(p, size)})`;
    });
    const parameters: Array<string | null> = [];
    for (const u of chunk) parameters.push(u.id, u.view);
    for (const u of chunk) parameters.push(u.id, u.tracked_hash);
    for (const u of chunk) parameters.push(u.id, u.updated_at);
    for (const u of chunk) parameters.push(u.id, u.derived_keys);
    parameters.push(integrationId, model);
    for (const u of chunk) parameters.push(u.id);
    await runCompiled(db, text, parameters);
  }
}

/** Columns of `records` in the order upserts write them. */
const RECORD_COLUMNS = [
  'integration_id', 'model', 'id', 'remote_id', 'own', 'own_hash', 'tracked_hash', 'view',
  'changed_at', 'updated_at', 'remote_created_at', 'remote_deleted_at', 'last_seen_run', 'anonymised_at', 'index_keys', 'derived_keys',
] as const satisfies ReadonlyArray<keyof RecordRow>;
// Fails to compile when a column is added to `records` but not to the list above.
const EVERY_COLUMN_LISTED: Exclude<keyof RecordRow, (typeof RECORD_COLUMNS)[number]> extends never ? true : never = true;
void EVERY_COLUMN_LISTED;
/** Rows per statement, within SQLite's and PostgreSQL's limits on bound parameters. */
const ROWS_PER_STATEMENT = Math.floor(2000 / RECORD_COLUMNS.length);
const RECORD_COLUMN_LIST = RECORD_COLUMNS.join(', ');
/**
 * What an upsert replaces in an existing row: everything but the key and what only the composer
 * writes, the view with its hash and the derived index rows (a sync racing a write action cannot
 * wipe a view).
 */
const REPLACE_ON_CONFLICT = RECORD_COLUMNS.filter((c) => !['integration_id', 'model', 'id', 'view', 'tracked_hash', 'derived_keys'].includes(c))
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

/**
 * Writes records, many per statement: new ones are inserted, existing ones updated (views kept).
 * Written as SQL rather than with the query builder: syncs run it for every record, and
 * building a 140-row insert cost more than SQLite took to execute it.
 */
async function upsertRows(db: Executor, rows: readonly RecordRow[]): Promise<void> {
  let at = 0;
  for (const size of chunkSizes(rows.length, ROWS_PER_STATEMENT)) {
    const text = statementText(db, `records-upsert:${size}`, (p) =>
      `INSERT INTO records (${RECORD_COLUMN_LIST}) VALUES ${tuples(p, size, RECORD_COLUMNS.length)}
      ON CONFLICT (integration_id, model, id) DO UPDATE SET ${REPLACE_ON_CONFLICT}`,
    );
    const parameters: Array<string | null> = [];
    for (const row of rows.slice(at, at + size)) for (const column of RECORD_COLUMNS) parameters.push(row[column]);
    at += size;
    await runCompiled(db, text, parameters);
  }
}

export type KeyFilter = { field: string; op: 'in'; values: readonly string[] } | { field: string; op: 'contains'; value: string };

export interface ListQuery {
  integrationId: string;
  model: string;
  afterId: string | null;
  limit: number;
  includeDeleted: boolean;
  updatedAfter: string | null;
  remoteCreatedFrom: string | null;
  ids: readonly string[] | null;
  remoteIds: readonly string[] | null;
  keyFilters: readonly KeyFilter[];
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (m) => `\\${m}`);

/** One page of composed views in id order (keyset pagination, stable while syncs write). */
export async function listViews(db: Executor, query: ListQuery): Promise<Array<{ id: string; view: string }>> {
  let q = db
    .selectFrom('records as r')
    .select(['r.id', 'r.view'])
    .where('r.integration_id', '=', query.integrationId)
    .where('r.model', '=', query.model)
    .where('r.view', 'is not', null);
  if (query.afterId !== null) q = q.where('r.id', '>', query.afterId);
  if (!query.includeDeleted) q = q.where('r.remote_deleted_at', 'is', null);
  if (query.updatedAfter !== null) q = q.where('r.updated_at', '>', query.updatedAfter);
  if (query.remoteCreatedFrom !== null) q = q.where('r.remote_created_at', '>=', query.remoteCreatedFrom);
  if (query.ids !== null) q = q.where('r.id', 'in', query.ids.length ? [...query.ids] : ['']);
  if (query.remoteIds !== null) q = q.where('r.remote_id', 'in', query.remoteIds.length ? [...query.remoteIds] : ['']);
  for (const filter of query.keyFilters) {
    q = q.where('r.id', 'in', (eb) => {
      const sub = eb
        .selectFrom('record_keys as k')
        .select('k.record_id')
        .where('k.integration_id', '=', query.integrationId)
        .where('k.model', '=', query.model)
        .where('k.field', '=', filter.field);
      return filter.op === 'in'
        ? sub.where('k.value', 'in', filter.values.length ? [...filter.values] : [''])
        : sub.where(sql<boolean>`k.value LIKE ${`%${escapeLike(filter.value)}%`} ESCAPE '\\'`);
    });
  }
  const rows = await q.orderBy('r.id').limit(query.limit).execute();
  return rows.map((row) => ({ id: row.id, view: row.view ?? '{}' }));
}

export async function deleteIntegrationRecords(db: Executor, integrationId: string): Promise<void> {
  await deleteIntegrationFieldData(db, integrationId);
  await db.deleteFrom('record_keys').where('integration_id', '=', integrationId).execute();
  await db.deleteFrom('records').where('integration_id', '=', integrationId).execute();
}

/** Deleted records past the retention period whose personal data is still stored. */
export async function findRecordsToAnonymise(db: Executor, deletedBefore: string, limit: number) {
  return db
    .selectFrom('records')
    .select(['integration_id', 'model', 'id', 'own', 'view'])
    .where('remote_deleted_at', '<', deletedBefore)
    .where('anonymised_at', 'is', null)
    .limit(limit)
    .execute();
}

/** Index fields that hold personal data (removed with the rest of it). */
const PERSONAL_KEY_FIELDS = new Set(['email', 'first_name', 'last_name']);

export async function writeAnonymised(
  db: Executor,
  row: { integration_id: string; model: string; id: string; own: string; view: string | null },
  now: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Read again inside the transaction: a sync may have brought the record back meanwhile.
    const [current] = await trx
      .selectFrom('records')
      .select(['index_keys', 'remote_deleted_at', 'anonymised_at'])
      .where('integration_id', '=', row.integration_id)
      .where('model', '=', row.model)
      .where('id', '=', row.id)
      .$call((q) => (forUpdate(trx) ? q.forUpdate() : q))
      .execute();
    if (!current || current.remote_deleted_at === null || current.anonymised_at !== null) return;
    // Filter values (emails, names) are personal data too.
    const keys = parseKeys(current.index_keys);
    const kept = keys.filter(([field]) => !PERSONAL_KEY_FIELDS.has(field));
    await trx
      .updateTable('records')
      .set({ own: row.own, view: row.view, anonymised_at: now, index_keys: JSON.stringify(kept) })
      .where('integration_id', '=', row.integration_id)
      .where('model', '=', row.model)
      .where('id', '=', row.id)
      .execute();
    await replaceKeys(trx, row.integration_id, row.model, [{ id: row.id, before: keys, after: kept }]);
    // The raw vendor payload holds the same personal data under the vendor's names.
    await trx
      .deleteFrom('record_extras')
      .where('integration_id', '=', row.integration_id)
      .where('model', '=', row.model)
      .where('record_id', '=', row.id)
      .execute();
  });
}
