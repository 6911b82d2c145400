import { sql, type Kysely } from 'kysely';
import type { Database, SyncRunRow, SyncRunTable } from '../database.js';

export const ACTIVE_STATES = ['QUEUED', 'RUNNING'] as const;
export type FinalState = Exclude<SyncRunTable['state'], (typeof ACTIVE_STATES)[number]>;

export async function insertSyncRun(db: Kysely<Database>, run: SyncRunRow): Promise<void> {
  await db.insertInto('sync_runs').values(run).execute();
}

export async function findActiveRun(db: Kysely<Database>, integrationId: string): Promise<SyncRunRow | undefined> {
  return db
    .selectFrom('sync_runs')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .where('state', 'in', [...ACTIVE_STATES])
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export async function findLastFinishedRun(db: Kysely<Database>, integrationId: string): Promise<(SyncRunRow & { state: FinalState }) | undefined> {
  const row = await db
    .selectFrom('sync_runs')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .where('state', 'not in', [...ACTIVE_STATES])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row as (SyncRunRow & { state: FinalState }) | undefined;
}

export async function findRunsInState(db: Kysely<Database>, states: ReadonlyArray<SyncRunTable['state']>): Promise<SyncRunRow[]> {
  return db.selectFrom('sync_runs').selectAll().where('state', 'in', [...states]).orderBy('created_at').execute();
}

export async function updateSyncRun(db: Kysely<Database>, id: string, changes: Partial<Omit<SyncRunRow, 'id'>>): Promise<void> {
  await db.updateTable('sync_runs').set(changes).where('id', '=', id).execute();
}

export async function findLastSuccessfulRun(db: Kysely<Database>, integrationId: string): Promise<SyncRunRow | undefined> {
  return db
    .selectFrom('sync_runs')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .where('state', '=', 'SUCCEEDED')
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
}

/**
 * Inserts a QUEUED run unless the integration already has a queued or running one (a unique
 * partial index decides, across processes). Returns whether it was inserted.
 */
export async function insertQueuedRunIfIdle(db: Kysely<Database>, run: SyncRunRow): Promise<boolean> {
  const inserted = await db
    .insertInto('sync_runs')
    .values(run)
    .onConflict((oc) => oc.column('integration_id').where(sql<boolean>`"state" in ('QUEUED', 'RUNNING')`).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Takes a queued run for this worker; null when another worker took it or it was cancelled. */
export async function claimRun(db: Kysely<Database>, id: string, workerId: string, now: string): Promise<SyncRunRow | undefined> {
  return db
    .updateTable('sync_runs')
    .set({ state: 'RUNNING', worker_id: workerId, heartbeat_at: now, started_at: now })
    .where('id', '=', id)
    .where('state', '=', 'QUEUED')
    .returningAll()
    .executeTakeFirst();
}

export async function heartbeat(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db.updateTable('sync_runs').set({ heartbeat_at: now }).where('id', '=', id).where('state', '=', 'RUNNING').execute();
}

/** RUNNING runs whose worker stopped sending heartbeats (it crashed or was killed). */
export async function findStaleRuns(db: Kysely<Database>, heartbeatBefore: string): Promise<SyncRunRow[]> {
  return db
    .selectFrom('sync_runs')
    .selectAll()
    .where('state', '=', 'RUNNING')
    .where((eb) => eb.or([eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', heartbeatBefore)]))
    .execute();
}

/** Marks a run finished only if it is still in the given state (so two reapers cannot both act). */
export async function finishRunIf(db: Kysely<Database>, id: string, from: SyncRunRow['state'], changes: Partial<Omit<SyncRunRow, 'id'>>): Promise<boolean> {
  const result = await db.updateTable('sync_runs').set(changes).where('id', '=', id).where('state', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function cancelQueuedRuns(db: Kysely<Database>, integrationId: string, now: string): Promise<void> {
  await db
    .updateTable('sync_runs')
    .set({ state: 'CANCELLED', ended_at: now, error: 'Cancelled.' })
    .where('integration_id', '=', integrationId)
    .where('state', '=', 'QUEUED')
    .execute();
}

/** When each integration last started a run, and a full one, for the scheduler. */
export async function lastRunTimes(db: Kysely<Database>): Promise<Map<string, { lastRunAt: string | null; lastFullAt: string | null }>> {
  const rows = await db
    .selectFrom('sync_runs')
    .select(['integration_id', 'type'])
    .select((eb) => eb.fn.max('created_at').as('last'))
    .groupBy(['integration_id', 'type'])
    .execute();
  const out = new Map<string, { lastRunAt: string | null; lastFullAt: string | null }>();
  for (const row of rows) {
    const entry = out.get(row.integration_id) ?? { lastRunAt: null, lastFullAt: null };
    const last = row.last as string | null;
    if (last && (!entry.lastRunAt || last > entry.lastRunAt)) entry.lastRunAt = last;
    if (row.type === 'FULL') entry.lastFullAt = last;
    out.set(row.integration_id, entry);
  }
  return out;
}

/** One run of an integration (undefined for another integration's run). */
export async function findRun(db: Kysely<Database>, integrationId: string, runId: string): Promise<SyncRunRow | undefined> {
  return db.selectFrom('sync_runs').selectAll().where('integration_id', '=', integrationId).where('id', '=', runId).executeTakeFirst();
}

export async function listRuns(db: Kysely<Database>, integrationId: string, beforeId: string | null, limit: number): Promise<SyncRunRow[]> {
  let query = db.selectFrom('sync_runs').selectAll().where('integration_id', '=', integrationId);
  if (beforeId !== null) query = query.where('id', '<', beforeId);
  return query.orderBy('id', 'desc').limit(limit).execute();
}

export async function countActiveRuns(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('sync_runs')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('state', 'in', [...ACTIVE_STATES])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * For integrations whose setup is pending: how many runs failed or partially failed, and the
 * latest finished run (the first-sync retry backs off from it).
 */
export async function firstSyncAttempts(
  db: Kysely<Database>,
  integrationId: string,
): Promise<{ failures: number; last: (SyncRunRow & { state: FinalState }) | undefined }> {
  const [count, last] = await Promise.all([
    db
      .selectFrom('sync_runs')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('integration_id', '=', integrationId)
      .where('state', 'in', ['FAILED', 'PARTIALLY_FAILED'])
      .executeTakeFirstOrThrow(),
    findLastFinishedRun(db, integrationId),
  ]);
  return { failures: Number(count.n), last };
}
