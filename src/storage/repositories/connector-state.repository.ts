import type { Kysely } from 'kysely';
import type { Database } from '../database.js';

export async function readConnectorState(db: Kysely<Database>, integrationId: string, key: string): Promise<string | null> {
  const row = await db.selectFrom('connector_state').select('value').where('integration_id', '=', integrationId).where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function writeConnectorState(db: Kysely<Database>, integrationId: string, key: string, value: string | null, now: string): Promise<void> {
  if (value === null) {
    await db.deleteFrom('connector_state').where('integration_id', '=', integrationId).where('key', '=', key).execute();
    return;
  }
  await db
    .insertInto('connector_state')
    .values({ integration_id: integrationId, key, value, updated_at: now })
    .onConflict((oc) => oc.columns(['integration_id', 'key']).doUpdateSet({ value, updated_at: now }))
    .execute();
}
