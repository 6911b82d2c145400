import type { Kysely } from 'kysely';
import type { Database } from '../database.js';

/** What can be shown of a stored key: never the key (only its hash is stored). */
export interface ApiKeySummary {
  id: string;
  label: string;
  created_at: string;
}

export async function listApiKeys(db: Kysely<Database>, environmentId: string): Promise<ApiKeySummary[]> {
  return db
    .selectFrom('api_keys')
    .select(['id', 'label', 'created_at'])
    .where('environment_id', '=', environmentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Deletes the key; the next request with it is refused. Returns the removed key's summary, if there was one. */
export async function deleteApiKey(db: Kysely<Database>, environmentId: string, id: string): Promise<ApiKeySummary | undefined> {
  return db.deleteFrom('api_keys').where('environment_id', '=', environmentId).where('id', '=', id).returning(['id', 'label', 'created_at']).executeTakeFirst();
}

export async function findApiKeyIdByHash(db: Kysely<Database>, keyHash: string): Promise<string | undefined> {
  const row = await db.selectFrom('api_keys').select('id').where('key_hash', '=', keyHash).executeTakeFirst();
  return row?.id;
}
