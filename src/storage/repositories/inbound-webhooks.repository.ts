/** Integrations' public endpoints for vendor webhooks (`inbound_webhooks`). */
import type { Kysely, Updateable } from 'kysely';
import type { Database, InboundWebhookRow, InboundWebhookTable } from '../database.js';

export async function findInboundWebhook(db: Kysely<Database>, integrationId: string): Promise<InboundWebhookRow | undefined> {
  return db.selectFrom('inbound_webhooks').selectAll().where('integration_id', '=', integrationId).executeTakeFirst();
}

export async function findInboundWebhookByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<InboundWebhookRow | undefined> {
  return db.selectFrom('inbound_webhooks').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function insertInboundWebhook(db: Kysely<Database>, row: InboundWebhookRow): Promise<void> {
  await db.insertInto('inbound_webhooks').values(row).onConflict((oc) => oc.column('integration_id').doNothing()).execute();
}

export async function updateInboundWebhook(db: Kysely<Database>, integrationId: string, patch: Updateable<InboundWebhookTable>): Promise<void> {
  await db.updateTable('inbound_webhooks').set(patch).where('integration_id', '=', integrationId).execute();
}

export async function deleteInboundWebhook(db: Kysely<Database>, integrationId: string): Promise<void> {
  await db.deleteFrom('inbound_webhooks').where('integration_id', '=', integrationId).execute();
}
