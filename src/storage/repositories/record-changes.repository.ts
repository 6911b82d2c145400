/**
 * The change feed's rows (migration 0012): appended in the transaction that changes the store,
 * read in order by integration, pruned by age.
 *
 * @example
 * await appendChanges(trx, integrationId, 'applications', [{ id, remote_id, type: 'UPDATED' }], now);
 * const page = await readChanges(db, integrationId, afterSeq, 100);
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, RecordChangeTable } from '../database.js';
import { chunkSizes, list, paddedSlices, runCompiled, statementText, tuples } from '../compiled-sql.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type ChangeType = RecordChangeTable['type'];

export interface ChangeEntry {
  id: string;
  remote_id: string | null;
  type: ChangeType;
}

export interface StoredChange {
  seq: number;
  model: string;
  id: string;
  remote_id: string | null;
  type: ChangeType;
  changed_at: string;
}

const CHANGE_COLUMNS = ['integration_id', 'seq', 'model', 'record_id', 'remote_id', 'type', 'changed_at'] as const;
/** Rows per insert, within both dialects' limits on bound parameters. */
const ROWS_PER_STATEMENT = Math.floor(2000 / CHANGE_COLUMNS.length);

/**
 * Appends `entries` (in their order) to the integration's feed. Call inside the transaction that
 * made the changes, as its last statement: taking the numbers locks the integration's head row on
 * PostgreSQL until the commit, so the feed's order is the commit order (see migration 0012).
 */
export async function appendChanges(db: Executor, integrationId: string, model: string, entries: readonly ChangeEntry[], at: string): Promise<void> {
  if (entries.length === 0) return;
  const headText = statementText(db, 'change-head', (p) =>
    `INSERT INTO record_change_heads (integration_id, last_seq, pruned_through) VALUES (${p()}, ${p()}, 0)
    ON CONFLICT (integration_id) DO UPDATE SET last_seq = record_change_heads.last_seq + excluded.last_seq RETURNING last_seq`,
  );
  const [head] = await runCompiled<{ last_seq: number | string }>(db, headText, [integrationId, entries.length]);
  let seq = Number(head?.last_seq) - entries.length;
  let at0 = 0;
  for (const size of chunkSizes(entries.length, ROWS_PER_STATEMENT)) {
    const text = statementText(db, `changes-insert:${size}`, (p) =>
      `INSERT INTO record_changes (${CHANGE_COLUMNS.join(', ')}) VALUES ${tuples(p, size, CHANGE_COLUMNS.length)}`,
    );
    const parameters: Array<string | number | null> = [];
    for (const entry of entries.slice(at0, at0 + size)) parameters.push(integrationId, ++seq, model, entry.id, entry.remote_id, entry.type, at);
    at0 += size;
    await runCompiled(db, text, parameters);
  }
}

/** Appends DELETED entries for records just marked deleted (their remote ids read from the store). */
export async function appendDeletions(db: Executor, integrationId: string, model: string, ids: readonly string[], at: string): Promise<void> {
  if (ids.length === 0) return;
  const remoteIds = new Map<string, string | null>();
  for (const slice of paddedSlices([...new Set(ids)], 500)) {
    const text = statementText(db, `change-remote-ids:${slice.length}`, (p) =>
      `SELECT id, remote_id FROM records WHERE integration_id = ${p()} AND model = ${p()} AND id IN (${list(p, slice.length)})`,
    );
    for (const row of await runCompiled<{ id: string; remote_id: string | null }>(db, text, [integrationId, model, ...slice])) remoteIds.set(row.id, row.remote_id);
  }
  await appendChanges(db, integrationId, model, ids.map((id) => ({ id, remote_id: remoteIds.get(id) ?? null, type: 'DELETED' as const })), at);
}

/** Where an integration's feed stands: its last number and the last one retention removed. */
export async function readChangeHead(db: Executor, integrationId: string): Promise<{ lastSeq: number; prunedThrough: number }> {
  const row = await db.selectFrom('record_change_heads').select(['last_seq', 'pruned_through']).where('integration_id', '=', integrationId).executeTakeFirst();
  return { lastSeq: Number(row?.last_seq ?? 0), prunedThrough: Number(row?.pruned_through ?? 0) };
}

/** Up to `limit` entries after number `afterSeq`, in order. */
export async function readChanges(db: Executor, integrationId: string, afterSeq: number, limit: number): Promise<StoredChange[]> {
  const rows = await db
    .selectFrom('record_changes')
    .select(['seq', 'model', 'record_id', 'remote_id', 'type', 'changed_at'])
    .where('integration_id', '=', integrationId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ seq: Number(row.seq), model: row.model, id: row.record_id, remote_id: row.remote_id, type: row.type, changed_at: row.changed_at }));
}

const PRUNE_BATCH = 5000;

/**
 * Removes entries older than `before` from every feed, oldest first; returns how many. Each feed
 * loses only a leading run of old entries, so `pruned_through` says exactly what is gone.
 */
export async function pruneChanges(db: Kysely<Database>, before: string): Promise<number> {
  let total = 0;
  const heads = await db.selectFrom('record_change_heads').select(['integration_id', 'pruned_through']).execute();
  for (const head of heads) {
    let after = Number(head.pruned_through);
    for (;;) {
      const rows = await db
        .selectFrom('record_changes')
        .select(['seq', 'changed_at'])
        .where('integration_id', '=', head.integration_id)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(PRUNE_BATCH)
        .execute();
      let through = after;
      for (const row of rows) {
        if (row.changed_at >= before) break;
        through = Number(row.seq);
      }
      if (through === after) break;
      await db.transaction().execute(async (trx) => {
        const removed = await trx.deleteFrom('record_changes').where('integration_id', '=', head.integration_id).where('seq', '<=', through).executeTakeFirst();
        total += Number(removed.numDeletedRows);
        await trx.updateTable('record_change_heads').set({ pruned_through: through }).where('integration_id', '=', head.integration_id).where('pruned_through', '<', through).execute();
      });
      after = through;
      if (rows.length < PRUNE_BATCH) break;
    }
  }
  return total;
}

export async function deleteIntegrationChanges(db: Executor, integrationId: string): Promise<void> {
  await db.deleteFrom('record_changes').where('integration_id', '=', integrationId).execute();
  await db.deleteFrom('record_change_heads').where('integration_id', '=', integrationId).execute();
}
