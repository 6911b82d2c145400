/**
 * Synced records: the only place their SQL is written.
 *
 * One row per record (migration 0012): own fields as JSON (`data`), one hash of three parts, the
 * raw vendor payload, and columns for references. Views are composed when read (sync/views.ts).
 * Other filter values live in `record_keys`. Ids are ours and stable (lib/ids.ts).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { recordId } from '../../lib/ids.js';
import type { Database, RecordRow } from '../database.js';
import { chunkSizes, list, paddedSlices, runCompiled, statementText, tuples, usesNumberedPlaceholders } from '../compiled-sql.js';
import { deleteIntegrationFieldData } from './fields.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The reference columns, in the order upserts write them. */
export const LINK_COLUMNS = ['candidate_id', 'job_id', 'application_id', 'current_stage_id'] as const;
export type LinkColumn = (typeof LINK_COLUMNS)[number];
export type Links = Record<LinkColumn, string | null>;

/** Length of each of the three parts of `records.hash` (fields, tracked, content). */
export const HASH_PART = 11;

/** One filter value of a record (`record_keys`). */
export type IndexKey = readonly [field: string, value: string];

export interface RecordInput {
  id: string;
  remote_id: string | null;
  data: string;
  /** Fields, tracked and content hashes, each `HASH_PART` characters. */
  hash: string;
  remote_created_at: string | null;
  links: Links;
  remote_data: string | null;
  custom_values: string | null;
  /** See `RecordTable.embed`. */
  embed: string | null;
  keys: readonly IndexKey[];
}

/** A record the store wrote whose direct fields changed (or that is new), with its references. */
export type WrittenLinks = { id: string } & Links;

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
  createdIds: string[];
  updatedIds: string[];
  /** Records whose stored content changed (created, updated or un-deleted). */
  changedIds: string[];
  /** Of those, the ones whose direct fields changed (new ones too): what parents track. */
  fieldsChanged: WrittenLinks[];
  /**
   * With `previousCandidates`: records that moved to another candidate, with the candidate they
   * left (and their other references as now), whose view nested them.
   */
  movedFrom: WrittenLinks[];
}

/** Rows per upsert statement, within both dialects' limits on bound parameters. */
const ROWS_PER_STATEMENT = 250;
const IDS_PER_STATEMENT = 500;
const KEYS_PER_STATEMENT = 300;

const part = (column: string, n: number) => `substr(${column}, ${n * HASH_PART + 1}, ${HASH_PART})`;
/**
 * Whether part `n` of the hash changed. Rows converted by migration 0012 have no hash yet: their
 * stored data is compared instead (once; the upsert then writes the hash).
 */
const partChanged = (n: number) =>
  `(records.remote_deleted_at IS NOT NULL OR CASE WHEN records.hash = '' THEN records.data <> excluded.data ELSE ${part('records.hash', n)} <> ${part('excluded.hash', n)} END)`;

const UPSERT_COLUMNS = `integration_id, model, id, remote_id, data, hash, version, changed_at, updated_at, remote_created_at, remote_deleted_at,
  last_seen_run, anonymised_at, ${LINK_COLUMNS.join(', ')}, remote_data, custom_values, embed`;
const PARAMS_PER_ROW = 17;

/**
 * One statement per page: new records are inserted, changed ones rewritten (`changed_at` and
 * `updated_at` move only when their hash part changed), unchanged ones are not written at all.
 */
function upsertText(db: Executor, size: number): string {
  return statementText(db, `records-upsert:${size}`, (p) => {
    const rows = Array.from({ length: size }, () => {
      const [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, q, r] = Array.from({ length: PARAMS_PER_ROW }, p);
      return `(${a}, ${b}, ${c}, ${d}, ${e}, ${f}, 1, ${g}, ${h}, ${i}, NULL, ${j}, NULL, ${k}, ${l}, ${m}, ${n}, ${o}, ${q}, ${r})`;
    });
    return `INSERT INTO records (${UPSERT_COLUMNS}) VALUES ${rows.join(', ')}
      ON CONFLICT (integration_id, model, id) DO UPDATE SET
        remote_id = excluded.remote_id, data = excluded.data, hash = excluded.hash, version = records.version + 1,
        changed_at = CASE WHEN ${partChanged(0)} THEN excluded.changed_at ELSE records.changed_at END,
        updated_at = CASE WHEN ${partChanged(1)} THEN excluded.updated_at ELSE records.updated_at END,
        remote_created_at = excluded.remote_created_at, remote_deleted_at = NULL, last_seen_run = excluded.last_seen_run, anonymised_at = NULL,
        ${LINK_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}, remote_data = excluded.remote_data, custom_values = excluded.custom_values, embed = excluded.embed
      WHERE records.hash <> excluded.hash OR records.remote_deleted_at IS NOT NULL
      RETURNING id, version, changed_at, updated_at`;
  });
}

/** Inserts or updates a batch of records of one model seen by run `runId`. Call inside a transaction. */
export async function upsertRecords(
  db: Executor,
  integrationId: string,
  model: string,
  runId: string,
  records: readonly RecordInput[],
  now: string,
  options: {
    /**
     * Write `runId` into unchanged records too (write actions). Syncs do not: a full sync keeps
     * the ids it saw in memory instead (see `markUnseenDeleted`).
     */
    touchUnchanged?: boolean;
    /**
     * Leave out of the upsert the records stored with the same hash, found by one narrow read of
     * their hashes. Worth it when most are (a full sync of an integration synced before): their
     * texts are then never sent to the database. Not with `touchUnchanged`.
     */
    skipStored?: boolean;
    /** Report records whose stored `candidate_id` differs from the new one (`movedFrom`). */
    previousCandidates?: boolean;
  } = {},
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0, createdIds: [], updatedIds: [], changedIds: [], fieldsChanged: [], movedFrom: [] };
  // A vendor may list the same record twice on shifting pages: the later copy is the newer one.
  const latest = new Map(records.map((record) => [record.id, record]));
  const unique = latest.size;
  const skip = options.skipStored && !options.touchUnchanged;
  if (skip || options.previousCandidates) {
    for (const stored of await readStamps(db, integrationId, model, [...latest.keys()])) {
      const input = latest.get(stored.id);
      if (!input) continue;
      // A changed candidate changes the hash: such a record is never skipped below.
      if (options.previousCandidates && stored.candidate_id !== null && stored.candidate_id !== input.links.candidate_id) {
        counts.movedFrom.push({ id: stored.id, ...input.links, candidate_id: stored.candidate_id });
      }
      if (skip && stored.hash === input.hash && stored.remote_deleted_at === null) latest.delete(stored.id);
    }
  }
  const skipped = unique - latest.size;
  // In primary-key order: two writers (a sync, a write action) then lock rows in the same order.
  const rows = [...latest.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rekeyed: RecordInput[] = [];
  let at = 0;
  for (const size of chunkSizes(rows.length, ROWS_PER_STATEMENT)) {
    const chunk = rows.slice(at, at + size);
    at += size;
    const parameters: Array<string | null> = [];
    for (const r of chunk) {
      parameters.push(integrationId, model, r.id, r.remote_id, r.data, r.hash, now, now, r.remote_created_at, runId);
      parameters.push(r.links.candidate_id, r.links.job_id, r.links.application_id, r.links.current_stage_id, r.remote_data, r.custom_values, r.embed);
    }
    const written = await runCompiled<{ id: string; version: number | string; changed_at: string; updated_at: string }>(db, upsertText(db, size), parameters);
    for (const row of written) {
      const input = latest.get(row.id);
      if (!input) continue;
      const created = Number(row.version) === 1;
      if (created) counts.createdIds.push(row.id);
      else counts.updatedIds.push(row.id);
      counts.changedIds.push(row.id);
      const fieldsMoved = row.changed_at === now;
      if (fieldsMoved) counts.fieldsChanged.push({ id: row.id, ...input.links });
      // Filter values derive from tracked data: they can only differ when a timestamp moved.
      if (fieldsMoved || row.updated_at === now) rekeyed.push(input);
    }
  }
  counts.created = counts.createdIds.length;
  counts.updated = counts.updatedIds.length;
  counts.unchanged = latest.size - counts.created - counts.updated + skipped;
  if (options.touchUnchanged && counts.unchanged > 0) {
    const written = new Set(counts.changedIds);
    const unchanged = [...latest.keys()].filter((id) => !written.has(id));
    for (let i = 0; i < unchanged.length; i += IDS_PER_STATEMENT) {
      await db
        .updateTable('records')
        .set({ last_seen_run: runId })
        .where('integration_id', '=', integrationId)
        .where('model', '=', model)
        .where('id', 'in', unchanged.slice(i, i + IDS_PER_STATEMENT))
        .execute();
    }
  }
  const created = new Set(counts.createdIds);
  await replaceKeys(
    db,
    integrationId,
    model,
    rekeyed.filter((r) => !created.has(r.id)).map((r) => r.id),
    rekeyed.filter((r) => r.keys.length > 0),
  );
  return counts;
}

const keyText = ([field, value]: IndexKey) => `${field}\u0000${value}`;

/** Replaces the filter values of `stale` records (deleted) with those of `fresh` ones. */
async function replaceKeys(db: Executor, integrationId: string, model: string, stale: readonly string[], fresh: readonly RecordInput[]): Promise<void> {
  for (const slice of paddedSlices(stale, IDS_PER_STATEMENT)) {
    const text = statementText(db, `keys-delete:${slice.length}`, (p) => `DELETE FROM record_keys WHERE integration_id = ${p()} AND model = ${p()} AND record_id IN (${list(p, slice.length)})`);
    await runCompiled(db, text, [integrationId, model, ...slice]);
  }
  const rows: string[][] = [];
  for (const record of fresh) {
    const seen = new Set<string>();
    for (const key of record.keys) {
      const text = keyText(key);
      if (seen.has(text)) continue;
      seen.add(text);
      rows.push([integrationId, model, record.id, key[0], key[1]]);
    }
  }
  let at = 0;
  for (const size of chunkSizes(rows.length, KEYS_PER_STATEMENT)) {
    const text = statementText(db, `keys-insert:${size}`, (p) => `INSERT INTO record_keys (integration_id, model, record_id, field, value) VALUES ${tuples(p, size, 5)} ON CONFLICT DO NOTHING`);
    await runCompiled(db, text, rows.slice(at, at + size).flat());
    at += size;
  }
}

/**
 * Moves `updated_at` of the given records, or of the records whose `column` holds one of `values`
 * (a parent whose tracked children changed). Records whose `updated_at` already moved since
 * `notBefore` (created or changed in the same run) are left alone. Returns the ids it moved.
 */
export async function touchUpdated(
  db: Executor,
  integrationId: string,
  model: string,
  where: { column: 'id' | LinkColumn; values: readonly string[] },
  now: string,
  notBefore: string,
): Promise<string[]> {
  const out: string[] = [];
  // SQLite has no statistics and would walk the updated_at index over every record of the model:
  // the unary plus keeps that term out of index selection (PostgreSQL's planner has statistics).
  const updatedAt = usesNumberedPlaceholders(db) ? 'updated_at' : '+updated_at';
  for (const slice of paddedSlices([...new Set(where.values)].sort(), IDS_PER_STATEMENT)) {
    const text = statementText(db, `touch:${where.column}:${slice.length}`, (p) =>
      `UPDATE records SET updated_at = ${p()} WHERE integration_id = ${p()} AND model = ${p()} AND ${where.column} IN (${list(p, slice.length)}) AND ${updatedAt} < ${p()} RETURNING id`,
    );
    const rows = await runCompiled<{ id: string }>(db, text, [now, integrationId, model, ...slice, notBefore]);
    out.push(...rows.map((r) => r.id));
  }
  return out;
}

/** `last_seen_run` of records written outside a sync (after a write action): `ingest:<ISO time>`. */
export const INGEST_MARK = 'ingest:';

/**
 * Marks records of a model that a complete listing in run `runId` did not contain as deleted;
 * returns them with their references. The listing wrote `runId` into the records it created or
 * changed; the unchanged ones it saw are those `isSeen` accepts. Records written by a write action
 * after the run started are spared: the listing may simply have passed them before they existed.
 */
export async function markUnseenDeleted(
  db: Executor,
  integrationId: string,
  model: string,
  runId: string,
  now: string,
  runStartedAt: string,
  isSeen: (id: string) => boolean,
): Promise<WrittenLinks[]> {
  const unseen: string[] = [];
  let after = '';
  for (;;) {
    const page = await db
      .selectFrom('records')
      .select('id')
      .where('integration_id', '=', integrationId)
      .where('model', '=', model)
      .where('id', '>', after)
      .where('remote_deleted_at', 'is', null)
      .where('last_seen_run', '!=', runId)
      .orderBy('id')
      .limit(UNSEEN_WALK_BATCH)
      .execute();
    for (const row of page) if (!isSeen(row.id)) unseen.push(row.id);
    const last = page[page.length - 1];
    if (!last || page.length < UNSEEN_WALK_BATCH) break;
    after = last.id;
  }
  // The conditions are checked again as the rows are marked: a write action may have stored one
  // of them while the walk went on.
  return markDeleted(db, integrationId, model, unseen, now, { runId, runStartedAt });
}

const UNSEEN_WALK_BATCH = 5000;

/**
 * Marks the given records deleted (a vendor's deleted-records report); returns the ones it changed.
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
): Promise<WrittenLinks[]> {
  const out: WrittenLinks[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    let update = db
      .updateTable('records')
      .set({ remote_deleted_at: now, changed_at: now, updated_at: now })
      .where('integration_id', '=', integrationId)
      .where('model', '=', model)
      .where('id', 'in', ids.slice(i, i + IDS_PER_STATEMENT))
      .where('remote_deleted_at', 'is', null);
    if (unseenBy) {
      const { runId, runStartedAt } = unseenBy;
      update = update
        .where('last_seen_run', '!=', runId)
        .where((eb) => eb.or([eb('last_seen_run', 'not like', `${INGEST_MARK}%`), eb('last_seen_run', '<', `${INGEST_MARK}${runStartedAt}`)]));
    }
    out.push(...(await update.returning(['id', ...LINK_COLUMNS]).execute()));
  }
  return out;
}

export type StoredRecord = RecordRow;

export async function readRecordsByIds(db: Executor, integrationId: string, model: string, ids: readonly string[]): Promise<StoredRecord[]> {
  const unique = [...new Set(ids)];
  const out: StoredRecord[] = [];
  for (let i = 0; i < unique.length; i += IDS_PER_STATEMENT) {
    out.push(
      ...(await db
        .selectFrom('records')
        .selectAll()
        .where('integration_id', '=', integrationId)
        .where('model', '=', model)
        .where('id', 'in', unique.slice(i, i + IDS_PER_STATEMENT))
        .execute()),
    );
  }
  return out;
}

/** What composing a view reads of a record. */
export type ViewRow = Pick<RecordRow, 'id' | 'remote_id' | 'data' | 'changed_at' | 'remote_deleted_at' | 'remote_data' | 'custom_values' | 'nested' | LinkColumn>;
const VIEW_SELECT = ['id', 'remote_id', 'data', 'changed_at', 'remote_deleted_at', 'remote_data', 'custom_values', 'nested', ...LINK_COLUMNS] as const;
const VIEW_COLUMNS = VIEW_SELECT.join(', ');

/** Records of a model by id (those embedded in other records' views). */
export async function readViewRows(db: Executor, integrationId: string, model: string, ids: readonly string[]): Promise<ViewRow[]> {
  const out: ViewRow[] = [];
  for (const slice of paddedSlices([...new Set(ids)], IDS_PER_STATEMENT)) {
    const text = statementText(db, `view-rows:${slice.length}`, (p) =>
      `SELECT ${VIEW_COLUMNS} FROM records WHERE integration_id = ${p()} AND model = ${p()} AND id IN (${list(p, slice.length)})`,
    );
    out.push(...(await runCompiled<ViewRow>(db, text, [integrationId, model, ...slice])));
  }
  return out;
}

type Stamp = Pick<RecordRow, 'id' | 'hash' | 'remote_deleted_at' | 'candidate_id'>;

/** What an upsert compares a stored record with: its hash, whether it is deleted, and its candidate. */
export async function readStamps(db: Executor, integrationId: string, model: string, ids: readonly string[]): Promise<Stamp[]> {
  const out: Stamp[] = [];
  // In key order: consecutive lookups then descend through the same index pages.
  for (const slice of paddedSlices([...new Set(ids)].sort(), IDS_PER_STATEMENT)) {
    const text = statementText(db, `stamps:${slice.length}`, (p) =>
      `SELECT id, hash, remote_deleted_at, candidate_id FROM records WHERE integration_id = ${p()} AND model = ${p()} AND id IN (${list(p, slice.length)})`,
    );
    out.push(...(await runCompiled<Stamp>(db, text, [integrationId, model, ...slice])));
  }
  return out;
}

/**
 * Live records of `model` whose reference `column` holds one of `values`, in id order. Many
 * values (the records of a page, which are in id order) are read as one range of the index
 * instead of one lookup each, and the few records of other parents in the range dropped.
 */
export async function readLinkedRows(db: Executor, integrationId: string, model: string, column: LinkColumn, values: readonly string[]): Promise<Array<ViewRow & { link: string }>> {
  const wanted = new Set(values);
  const out: Array<ViewRow & { link: string }> = [];
  if (wanted.size > RANGE_FROM) {
    const sorted = [...wanted].sort();
    const text = statementText(db, `linked-range:${column}`, (p) =>
      `SELECT ${VIEW_COLUMNS}, ${column} AS link FROM records WHERE integration_id = ${p()} AND model = ${p()} AND ${column} >= ${p()} AND ${column} <= ${p()} AND remote_deleted_at IS NULL`,
    );
    const rows = await runCompiled<ViewRow & { link: string }>(db, text, [integrationId, model, sorted[0], sorted[sorted.length - 1]]);
    out.push(...rows.filter((row) => wanted.has(row.link)));
  } else {
    for (const slice of paddedSlices([...wanted], IDS_PER_STATEMENT)) {
      const text = statementText(db, `linked:${column}:${slice.length}`, (p) =>
        `SELECT ${VIEW_COLUMNS}, ${column} AS link FROM records WHERE integration_id = ${p()} AND model = ${p()} AND ${column} IN (${list(p, slice.length)}) AND remote_deleted_at IS NULL`,
      );
      out.push(...(await runCompiled<ViewRow & { link: string }>(db, text, [integrationId, model, ...slice])));
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * SQL for the text `records.nested` holds: the live children of model `child` (placeholder
 * `childParam`) whose `candidate_id` is the row being updated, as its view nests them, in id
 * order; NULL without children. See `RecordTable.nested`.
 */
function nestedChildrenSql(postgres: boolean, childParam: string): string {
  // Our ids and timestamps need no escaping; a vendor's remote id might.
  const remoteId = postgres ? `coalesce(to_json(c.remote_id)::text, 'null')` : 'json_quote(c.remote_id)';
  const text = `coalesce(c.job_id, '') || ' ' || coalesce(c.current_stage_id, '') || ${postgres ? 'chr(1)' : 'char(1)'} || '{"id":"' || c.id || '","remote_id":' || ${remoteId}
    || CASE WHEN length(c.embed) > 2 THEN ',' || substr(c.embed, 2, length(c.embed) - 2) ELSE '' END || ',"changed_at":"' || c.changed_at || '"'`;
  // Byte order on both dialects (PostgreSQL would otherwise sort by the database's collation).
  const joined = postgres ? `string_agg(${text}, chr(2) ORDER BY c.id COLLATE "C")` : `group_concat(${text}, char(2) ORDER BY c.id)`;
  return `SELECT ${joined} ${liveChildrenFrom(childParam)}`;
}

/** The live children a parent's `nested` holds (`records` is the parent). */
const liveChildrenFrom = (childParam: string) => `FROM records c
    WHERE c.integration_id = records.integration_id AND c.model = ${childParam} AND c.candidate_id = records.id
      AND c.embed IS NOT NULL AND c.remote_deleted_at IS NULL`;

const liveChildrenSql = (childParam: string) => `SELECT 1 ${liveChildrenFrom(childParam)}`;

/**
 * Rewrites `nested` of the records `parentIds` of `model` from their live children of model
 * `child`, in the database (one statement per 500 parents). Call in the transaction that changed
 * the children or created the parents, after its change-feed entries (see sync/store.ts).
 * `created`: the parents were inserted in this transaction (`nested` still NULL), so only those
 * with children are written; most parents are listed before their children and have none yet.
 */
export async function rewriteNested(db: Executor, integrationId: string, model: string, child: string, parentIds: readonly string[], created = false): Promise<void> {
  const postgres = usesNumberedPlaceholders(db);
  for (const slice of paddedSlices([...new Set(parentIds)].sort(), IDS_PER_STATEMENT)) {
    const text = statementText(db, `nested${created ? '-created' : ''}:${slice.length}`, (p) => {
      const children = nestedChildrenSql(postgres, p());
      const where = `integration_id = ${p()} AND model = ${p()} AND id IN (${list(p, slice.length)})`;
      // Placeholders in the order of the text: SQLite numbers `?` by position.
      return `UPDATE records SET nested = (${children}) WHERE ${where}${created ? ` AND EXISTS (${liveChildrenSql(p())})` : ''}`;
    });
    await runCompiled(db, text, created ? [child, integrationId, model, ...slice, child] : [child, integrationId, model, ...slice]);
  }
}

/** From this many parents on, their children are read as one index range (see `readLinkedRows`). */
const RANGE_FROM = 32;

/** A list filter: on a reference column, a related model's reference, or on `record_keys` values. */
export type KeyFilter = { field: string; op: 'in'; values: readonly string[] } | { field: string; op: 'contains'; value: string };

/**
 * Filters on a reference another model holds: candidates by the jobs of their (live)
 * applications, interviews by the job of their application.
 */
const VIA: Record<string, { from: string; select: 'id' | LinkColumn; match: 'id' | LinkColumn; where: LinkColumn }> = {
  'candidates.job_id': { from: 'applications', select: 'candidate_id', match: 'id', where: 'job_id' },
  'interviews.job_id': { from: 'applications', select: 'id', match: 'application_id', where: 'job_id' },
  'offers.job_id': { from: 'applications', select: 'id', match: 'application_id', where: 'job_id' },
};

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
const nonEmpty = (values: readonly string[]) => (values.length ? [...values] : ['']);
const isLink = (field: string): field is LinkColumn => (LINK_COLUMNS as readonly string[]).includes(field);

/** One page of records in id order (keyset pagination, stable while syncs write). */
export async function listRecords(db: Executor, query: ListQuery): Promise<ViewRow[]> {
  const { integrationId, model } = query;
  let q = db
    .selectFrom('records as r')
    .select(VIEW_SELECT.map((c) => `r.${c}` as const))
    .where('r.integration_id', '=', integrationId)
    .where('r.model', '=', model);
  if (query.afterId !== null) q = q.where('r.id', '>', query.afterId);
  if (!query.includeDeleted) q = q.where('r.remote_deleted_at', 'is', null);
  if (query.updatedAfter !== null) q = q.where('r.updated_at', '>', query.updatedAfter);
  if (query.remoteCreatedFrom !== null) q = q.where('r.remote_created_at', '>=', query.remoteCreatedFrom);
  if (query.ids !== null) q = q.where('r.id', 'in', nonEmpty(query.ids));
  // Our ids derive from remote ids: no index on remote_id is needed.
  if (query.remoteIds !== null) q = q.where('r.id', 'in', nonEmpty(query.remoteIds.map((remote) => recordId(integrationId, model, remote))));
  for (const filter of query.keyFilters) {
    const via = VIA[`${model}.${filter.field}`];
    if (via && filter.op === 'in') {
      q = q.where(`r.${via.match}`, 'in', (eb) =>
        eb
          .selectFrom('records as l')
          .select(`l.${via.select}`)
          .where('l.integration_id', '=', integrationId)
          .where('l.model', '=', via.from)
          .where(`l.${via.where}`, 'in', nonEmpty(filter.values))
          .where('l.remote_deleted_at', 'is', null),
      );
    } else if (isLink(filter.field) && filter.op === 'in') {
      q = q.where(`r.${filter.field}`, 'in', nonEmpty(filter.values));
    } else {
      q = q.where('r.id', 'in', (eb) => {
        const sub = eb
          .selectFrom('record_keys as k')
          .select('k.record_id')
          .where('k.integration_id', '=', integrationId)
          .where('k.model', '=', model)
          .where('k.field', '=', filter.field);
        return filter.op === 'in' ? sub.where('k.value', 'in', nonEmpty(filter.values)) : sub.where(sql<boolean>`k.value LIKE ${`%${escapeLike(filter.value)}%`} ESCAPE '\\'`);
      });
    }
  }
  return q.orderBy('r.id').limit(query.limit).execute();
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
    .select(['integration_id', 'model', 'id', 'data'])
    .where('remote_deleted_at', '<', deletedBefore)
    .where('anonymised_at', 'is', null)
    .limit(limit)
    .execute();
}

/** Filter values that hold personal data (removed with the rest of it). */
const PERSONAL_KEY_FIELDS = ['email', 'first_name', 'last_name'];

export async function writeAnonymised(db: Executor, row: { integration_id: string; model: string; id: string; data: string }, now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Only while still deleted: a sync may have brought the record back meanwhile.
    const result = await trx
      .updateTable('records')
      // The raw vendor payload holds the same personal data under the vendor's names.
      .set({ data: row.data, remote_data: null, custom_values: null, anonymised_at: now })
      .where('integration_id', '=', row.integration_id)
      .where('model', '=', row.model)
      .where('id', '=', row.id)
      .where('remote_deleted_at', 'is not', null)
      .where('anonymised_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return;
    await trx
      .deleteFrom('record_keys')
      .where('integration_id', '=', row.integration_id)
      .where('model', '=', row.model)
      .where('record_id', '=', row.id)
      .where('field', 'in', PERSONAL_KEY_FIELDS)
      .execute();
  });
}
