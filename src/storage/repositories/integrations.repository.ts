import type { Kysely } from 'kysely';
import type { Database, IntegrationRow, IntegrationUpdate, NewIntegrationRow } from '../database.js';
import { deleteIntegrationRecords } from './records.repository.js';
import { deleteIntegrationChanges } from './record-changes.repository.js';
import { deletePendingRefreshes } from './pending-refreshes.repository.js';

export async function insertIntegration(db: Kysely<Database>, row: NewIntegrationRow): Promise<void> {
  await db.insertInto('integrations').values(row).execute();
}

export async function findIntegration(db: Kysely<Database>, environmentId: string, id: string): Promise<IntegrationRow | undefined> {
  return db.selectFrom('integrations').selectAll().where('environment_id', '=', environmentId).where('id', '=', id).executeTakeFirst();
}

export async function findIntegrationById(db: Kysely<Database>, id: string): Promise<IntegrationRow | undefined> {
  return db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listIntegrations(db: Kysely<Database>, environmentId: string, afterId: string | null, limit: number): Promise<IntegrationRow[]> {
  let query = db.selectFrom('integrations').selectAll().where('environment_id', '=', environmentId);
  if (afterId !== null) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

export async function findIntegrationsByTool(db: Kysely<Database>, environmentId: string, tool: string): Promise<IntegrationRow[]> {
  return db.selectFrom('integrations').selectAll().where('environment_id', '=', environmentId).where('tool', '=', tool).orderBy('created_at').execute();
}

export async function updateIntegration(db: Kysely<Database>, id: string, changes: IntegrationUpdate): Promise<void> {
  await db.updateTable('integrations').set(changes).where('id', '=', id).execute();
}

/** Removes the integration with everything synced for it, in one transaction. */
export async function deleteIntegration(db: Kysely<Database>, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deleteIntegrationRecords(trx, id);
    await deleteIntegrationChanges(trx, id);
    await trx.deleteFrom('sync_runs').where('integration_id', '=', id).execute();
    await deletePendingRefreshes(trx, id);
    await trx.deleteFrom('integrations').where('id', '=', id).execute();
  });
}
