import type { Kysely } from 'kysely';
import type { Database, WebhookDeliveryTable } from '../database.js';

type Db = Kysely<Database>;

export async function listWebhookEndpoints(db: Db, environmentId: string) {
  return db.selectFrom('webhook_endpoints').selectAll().where('environment_id', '=', environmentId).orderBy('created_at').execute();
}

export async function findWebhookEndpoint(db: Db, environmentId: string, id: string) {
  return db.selectFrom('webhook_endpoints').selectAll().where('environment_id', '=', environmentId).where('id', '=', id).executeTakeFirst();
}

export async function upsertWebhookEndpoint(db: Db, row: { id: string; environment_id: string; url: string; secret: string; description: string | null; created_at: string }) {
  await db
    .insertInto('webhook_endpoints')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ url: row.url, secret: row.secret, description: row.description }))
    .execute();
}

export async function deleteWebhookEndpoint(db: Db, environmentId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('webhook_endpoints').where('environment_id', '=', environmentId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertWebhookEvent(db: Db, row: { id: string; environment_id: string; type: string; payload: string; created_at: string }) {
  await db.insertInto('webhook_events').values(row).execute();
}

export async function insertWebhookDeliveries(db: Db, rows: Array<WebhookDeliveryTable>) {
  if (rows.length) await db.insertInto('webhook_deliveries').values(rows).execute();
}

/** A delivery with what is needed to send it. */
export async function loadDelivery(db: Db, id: string) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .leftJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
    .select(['d.id', 'd.state', 'd.attempts', 'd.created_at', 'd.endpoint_id', 'e.payload', 'e.type', 'w.url', 'w.secret'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

export async function updateDelivery(db: Db, id: string, changes: Partial<Omit<WebhookDeliveryTable, 'id'>>) {
  await db.updateTable('webhook_deliveries').set(changes).where('id', '=', id).execute();
}

export async function insertWebhookAttempt(db: Db, row: { id: string; delivery_id: string; attempted_at: string; status: number | null; error: string | null; duration_ms: number }) {
  await db.insertInto('webhook_attempts').values(row).execute();
}

export async function listDeliveries(db: Db, endpointId: string, limit: number) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .select(['d.id', 'd.state', 'd.attempts', 'd.next_attempt_at', 'd.last_status', 'd.last_error', 'd.created_at', 'd.delivered_at', 'e.type', 'e.id as event_id'])
    .where('d.endpoint_id', '=', endpointId)
    .orderBy('d.created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function listAttempts(db: Db, deliveryId: string) {
  return db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('attempted_at').execute();
}

/** Pending deliveries that are due (re-sent on start, since an in-process queue forgets them). */
export async function findDueDeliveries(db: Db, before: string) {
  return db
    .selectFrom('webhook_deliveries')
    .select(['id', 'next_attempt_at'])
    .where('state', '=', 'PENDING')
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', before)]))
    .execute();
}

export async function findDeliveryOfEnvironment(db: Db, environmentId: string, id: string) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
    .select(['d.id', 'd.state'])
    .where('w.environment_id', '=', environmentId)
    .where('d.id', '=', id)
    .executeTakeFirst();
}
