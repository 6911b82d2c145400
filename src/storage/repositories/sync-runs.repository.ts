import type { Kysely } from 'kysely';
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
