/**
 * API keys: generated here, stored only as a hash (environments repository), shown once to
 * whoever created them. Used by the server's first start and by `unified-ats keys`.
 */
import type { Kysely } from 'kysely';
import { sha256Hex } from '../lib/crypto.js';
import { randomToken } from '../lib/ids.js';
import type { Database } from '../storage/database.js';
import { findApiKeyIdByHash } from '../storage/repositories/api-keys.repository.js';
import { registerApiKey } from '../storage/repositories/environments.repository.js';

export const API_KEY_PREFIX = 'ua_';

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomToken(24)}`;
}

/** Stores a new key for the environment and returns it with its id; the caller must show it now. */
export async function createApiKey(db: Kysely<Database>, environmentId: string, label: string, now: string): Promise<{ id: string; key: string }> {
  const key = generateApiKey();
  await registerApiKey(db, environmentId, key, label, now);
  const id = await findApiKeyIdByHash(db, sha256Hex(key));
  if (!id) throw new Error('The new API key was not stored.');
  return { id, key };
}
