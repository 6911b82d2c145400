import type { Kysely } from 'kysely';
import { sha256Hex } from '../../lib/crypto.js';
import { randomId } from '../../lib/ids.js';
import type { Database } from '../database.js';

export const DEFAULT_ENVIRONMENT_NAME = 'default';

/** The default environment, created on first use; `created` tells whether this call made it. */
export async function ensureDefaultEnvironment(db: Kysely<Database>, now: string): Promise<{ id: string; created: boolean }> {
  const existing = await db.selectFrom('environments').select('id').where('name', '=', DEFAULT_ENVIRONMENT_NAME).executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const id = randomId();
  const inserted = await db
    .insertInto('environments')
    .values({ id, name: DEFAULT_ENVIRONMENT_NAME, created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id, created: true };
  const winner = await db.selectFrom('environments').select('id').where('name', '=', DEFAULT_ENVIRONMENT_NAME).executeTakeFirstOrThrow();
  return { id: winner.id, created: false };
}

export async function countApiKeys(db: Kysely<Database>, environmentId: string): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('environment_id', '=', environmentId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Stores the hash of `key` for the environment; registering the same key twice is a no-op. */
export async function registerApiKey(db: Kysely<Database>, environmentId: string, key: string, label: string, now: string): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({ id: randomId(), environment_id: environmentId, key_hash: sha256Hex(key), label, created_at: now })
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .execute();
}

export async function findEnvironmentByApiKey(db: Kysely<Database>, key: string): Promise<string | null> {
  const row = await db.selectFrom('api_keys').select('environment_id').where('key_hash', '=', sha256Hex(key)).executeTakeFirst();
  return row?.environment_id ?? null;
}
