/**
 * Synced records: the only place their SQL is written.
 *
 * A record has its own fields (`own`), a composed wire view (`view`) and index rows in
 * `record_keys` (filter values and references). Ids are ours and stable (lib/ids.ts).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, RecordRow } from '../database.js';
import type { DialectName } from '../db.js';
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
}

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
  /** Index fields the composer maintains; left alone here. */
  derivedFields: readonly string[] = [],
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0, changedIds: [] };
  if (records.length === 0) return counts;
  const existing = await db
    .selectFrom('records')
    .select(['id', 'own_hash', 'remote_deleted_at', 'changed_at', 'updated_at'])
    .where('integration_id', '=', integrationId)
    .where('model', '=', model)
    .where(
      'id',
      'in',
      records.map((r) => r.id),
    )
    .execute();
  const byId = new Map(existing.map((row) => [row.id, row]));
  // A vendor may list the same record twice on shifting pages: the later copy is the newer one.
  const latest = new Map(records.map((record) => [record.id, record]));
  const touchOnly: string[] = [];
  const rekey: KeyEntry[] = [];
  const rows: RecordRow[] = [];

  for (const record of latest.values()) {
    const before = byId.get(record.id);
    const ownHash = `${record.fieldsHash}${SEP}${record.fullHash}`;
    const undeleted = before !== undefined && before.remote_deleted_at !== null;
    if (before && before.own_hash === ownHash && !undeleted) {
      counts.unchanged++;
      touchOnly.push(record.id);
      continue;
    }
    if (before) counts.updated++;
    else counts.created++;
    counts.changedIds.push(record.id);
    const fieldsChanged = !before || splitHash(before.own_hash)[0] !== record.fieldsHash || undeleted;
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
    });
    rekey.push({ id: record.id, keys: record.keys, fresh: before === undefined });
  }
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
  await replaceKeys(db, integrationId, model, rekey, null, derivedFields);
  return counts;
}

export interface KeyEntry {
  id: string;
  keys: ReadonlyArray<readonly [string, string]>;
  /** The record has no index rows of these fields yet (just created): nothing to delete first. */
  fresh?: boolean;
}

/**
 * Replaces index rows of the given records. With `onlyFields`, only those fields are replaced
 * (the composer owns derived fields; the upsert owns the rest).
 */
export async function replaceKeys(
  db: Executor,
  integrationId: string,
  model: string,
  entries: ReadonlyArray<KeyEntry>,
  onlyFields: readonly string[] | null,
  exceptFields: readonly string[] = [],
): Promise<void> {
  if (entries.length === 0) return;
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = entries.slice(i, i + 500);
    const stale = chunk.filter((e) => !e.fresh).map((e) => e.id);
    if (stale.length) {
      let del = db.deleteFrom('record_keys').where('integration_id', '=', integrationId).where('model', '=', model).where('record_id', 'in', stale);
      if (onlyFields) del = del.where('field', 'in', onlyFields.length ? [...onlyFields] : ['']);
      if (exceptFields.length) del = del.where('field', 'not in', [...exceptFields]);
      await del.execute();
    }
    const rows = new Map<string, { integration_id: string; model: string; record_id: string; field: string; value: string }>();
    for (const entry of chunk) {
      for (const [field, value] of entry.keys) {
        rows.set(`${entry.id}\u0000${field}\u0000${value}`, { integration_id: integrationId, model, record_id: entry.id, field, value });
      }
    }
    const values = [...rows.values()];
    for (let j = 0; j < values.length; j += 300) {
      const tuples = values.slice(j, j + 300).map((k) => sql`(${k.integration_id}, ${k.model}, ${k.record_id}, ${k.field}, ${k.value})`);
      await sql`INSERT INTO record_keys (integration_id, model, record_id, field, value) VALUES ${sql.join(tuples)} ON CONFLICT DO NOTHING`.execute(db);
    }
  }
}

/** `last_seen_run` of records written outside a sync (after a write action): `ingest:<ISO time>`. */
export const INGEST_MARK = 'ingest:';

/**
 * Marks records of a model that a complete listing in run `runId` did not contain as deleted;
 * returns their ids. Records written by a write action after the run started are spared: the
 * listing may simply have passed them before they existed.
 */
export async function markUnseenDeleted(db: Executor, integrationId: string, model: string, runId: string, now: string, runStartedAt: string): Promise<string[]> {
  const rows = await db
    .updateTable('records')
    .set({ remote_deleted_at: now, changed_at: now, updated_at: now })
    .where('integration_id', '=', integrationId)
    .where('model', '=', model)
    .where('last_seen_run', '!=', runId)
    .where((eb) => eb.or([eb('last_seen_run', 'not like', `${INGEST_MARK}%`), eb('last_seen_run', '<', `${INGEST_MARK}${runStartedAt}`)]))
    .where('remote_deleted_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Marks the given records deleted (a vendor's deleted-records report); returns the ids it changed. */
export async function markDeleted(db: Executor, integrationId: string, model: string, ids: readonly string[], now: string): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .updateTable('records')
      .set({ remote_deleted_at: now, changed_at: now, updated_at: now })
      .where('integration_id', '=', integrationId)
      .where('model', '=', model)
      .where('id', 'in', ids.slice(i, i + 500))
      .where('remote_deleted_at', 'is', null)
      .returning('id')
      .execute();
    out.push(...rows.map((r) => r.id));
  }
  return out;
}

/** Values of one index field of the given records (e.g. the candidate ids of some applications). */
export async function keyValuesOf(db: Executor, integrationId: string, model: string, field: string, recordIds: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < recordIds.length; i += 500) {
    const rows = await db
      .selectFrom('record_keys')
      .select('value')
      .where('integration_id', '=', integrationId)
      .where('model', '=', model)
      .where('field', '=', field)
      .where('record_id', 'in', recordIds.slice(i, i + 500))
      .execute();
    out.push(...rows.map((r) => r.value));
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
  const unique = [...new Set(ids)];
  const out: RelatedRow[] = [];
  for (let i = 0; i < unique.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('records')
        .select(['id', 'remote_id', 'own', 'own_hash', 'changed_at', 'remote_deleted_at'])
        .where('integration_id', '=', integrationId)
        .where('model', '=', model)
        .where('id', 'in', unique.slice(i, i + 500))
        .execute()),
    );
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
  const unique = [...new Set(values)];
  const out: Array<{ record_id: string; value: string }> = [];
  for (let i = 0; i < unique.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('record_keys')
        .select(['record_id', 'value'])
        .where('integration_id', '=', integrationId)
        .where('model', '=', model)
        .where('field', '=', field)
        .where('value', 'in', unique.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}

export interface ViewUpdate {
  id: string;
  view: string;
  tracked_hash: string;
  /** Set when tracked data changed, so `updated_after` finds the record. */
  updated_at: string | null;
}

const VIEWS_PER_STATEMENT = 100;

/**
 * Stores composed views. Only the view columns are written, many records per statement with
 * `CASE id WHEN …` (SQLite and PostgreSQL alike find the rows through the primary key): own
 * fields and the other indexed columns stay untouched, so their indexes do no work.
 */
export async function writeViews(db: Executor, integrationId: string, model: string, updates: readonly ViewUpdate[]): Promise<void> {
  for (let i = 0; i < updates.length; i += VIEWS_PER_STATEMENT) {
    const chunk = updates.slice(i, i + VIEWS_PER_STATEMENT);
    const pick = (value: (u: ViewUpdate) => string) => sql.join(chunk.map((u) => sql`WHEN ${u.id} THEN ${value(u)}`), sql` `);
    const moved = chunk.filter((u) => u.updated_at !== null);
    const updatedAt = moved.length
      ? sql`CASE id ${sql.join(moved.map((u) => sql`WHEN ${u.id} THEN ${u.updated_at}`), sql` `)} ELSE updated_at END`
      : sql`updated_at`;
    await sql`UPDATE records SET view = CASE id ${pick((u) => u.view)} END, tracked_hash = CASE id ${pick((u) => u.tracked_hash)} END, updated_at = ${updatedAt}
      WHERE integration_id = ${integrationId} AND model = ${model} AND id IN (${sql.join(chunk.map((u) => u.id))})`.execute(db);
  }
}

/** Columns of `records` in the order upserts write them. */
const RECORD_COLUMNS = [
  'integration_id', 'model', 'id', 'remote_id', 'own', 'own_hash', 'tracked_hash', 'view',
  'changed_at', 'updated_at', 'remote_created_at', 'remote_deleted_at', 'last_seen_run', 'anonymised_at',
] as const satisfies ReadonlyArray<keyof RecordRow>;
// Fails to compile when a column is added to `records` but not to the list above.
const EVERY_COLUMN_LISTED: Exclude<keyof RecordRow, (typeof RECORD_COLUMNS)[number]> extends never ? true : never = true;
void EVERY_COLUMN_LISTED;
/** Rows per statement, within SQLite's and PostgreSQL's limits on bound parameters. */
const ROWS_PER_STATEMENT = Math.floor(2000 / RECORD_COLUMNS.length);
const RECORD_COLUMN_LIST = sql.raw(RECORD_COLUMNS.join(', '));
/**
 * What an upsert replaces in an existing row: everything but the key and the composed view with
 * its hash, which only the composer writes (a sync racing a write action cannot wipe a view).
 */
const REPLACE_ON_CONFLICT = sql.raw(
  RECORD_COLUMNS.filter((c) => !['integration_id', 'model', 'id', 'view', 'tracked_hash'].includes(c))
    .map((c) => `${c} = excluded.${c}`)
    .join(', '),
);

/**
 * Writes records, many per statement: new ones are inserted, existing ones updated (views kept).
 * Written as SQL rather than with the query builder: syncs run it for every record, and
 * building a 140-row insert cost more than SQLite took to execute it.
 */
async function upsertRows(db: Executor, rows: readonly RecordRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const values = rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => sql`(${sql.join(RECORD_COLUMNS.map((c) => row[c]))})`);
    await sql`INSERT INTO records (${RECORD_COLUMN_LIST}) VALUES ${sql.join(values)}
      ON CONFLICT (integration_id, model, id) DO UPDATE SET ${REPLACE_ON_CONFLICT}`.execute(db);
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

export async function writeAnonymised(db: Executor, row: { integration_id: string; model: string; id: string; own: string; view: string | null }, now: string) {
  await db
    .updateTable('records')
    .set({ own: row.own, view: row.view, anonymised_at: now })
    .where('integration_id', '=', row.integration_id)
    .where('model', '=', row.model)
    .where('id', '=', row.id)
    .execute();
  // The raw vendor payload holds the same personal data under the vendor's names.
  await db
    .deleteFrom('record_extras')
    .where('integration_id', '=', row.integration_id)
    .where('model', '=', row.model)
    .where('record_id', '=', row.id)
    .execute();
  // Filter values (emails, names) are personal data too.
  await db
    .deleteFrom('record_keys')
    .where('integration_id', '=', row.integration_id)
    .where('model', '=', row.model)
    .where('record_id', '=', row.id)
    .where('field', 'in', ['email', 'first_name', 'last_name'])
    .execute();
}
