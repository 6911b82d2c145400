/** Idempotency keys of write requests: the only place their SQL is written. */
import type { Kysely } from 'kysely';
import type { Database, IdempotencyKeyRow } from '../database.js';

export interface NewIdempotencyKey {
  integration_id: string;
  key: string;
  fingerprint: string;
  created_at: string;
  expires_at: string;
}

/** Claims the key for a new request; false when a row for it already exists. */
export async function claimIdempotencyKey(db: Kysely<Database>, row: NewIdempotencyKey): Promise<boolean> {
  const result = await db
    .insertInto('idempotency_keys')
    .values({
      ...row,
      state: 'in_progress',
      response_status: null,
      response_body: null,
      error_code: null,
      error_message: null,
      updated_at: row.created_at,
    })
    .onConflict((oc) => oc.columns(['integration_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findIdempotencyKey(db: Kysely<Database>, integrationId: string, key: string): Promise<IdempotencyKeyRow | undefined> {
  return db.selectFrom('idempotency_keys').selectAll().where('integration_id', '=', integrationId).where('key', '=', key).executeTakeFirst();
}

/**
 * Takes over a claim whose request stopped without finishing (its process died): only when the
 * row is still in progress and unchanged since `updatedAt`, so exactly one taker wins.
 */
export async function takeOverIdempotencyKey(
  db: Kysely<Database>,
  integrationId: string,
  key: string,
  updatedAt: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({ updated_at: now })
    .where('integration_id', '=', integrationId)
    .where('key', '=', key)
    .where('state', '=', 'in_progress')
    .where('updated_at', '=', updatedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks a claim as still worked on (see `holdIdempotencyClaim`). */
export async function touchIdempotencyKey(db: Kysely<Database>, integrationId: string, key: string, now: string): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ updated_at: now })
    .where('integration_id', '=', integrationId)
    .where('key', '=', key)
    .where('state', '=', 'in_progress')
    .execute();
}

export interface IdempotentResponse {
  response_status: number;
  response_body: string | null;
  error_code: string | null;
  error_message: string | null;
}

export async function completeIdempotencyKey(db: Kysely<Database>, integrationId: string, key: string, response: IdempotentResponse, now: string): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ ...response, state: 'completed', updated_at: now })
    .where('integration_id', '=', integrationId)
    .where('key', '=', key)
    .execute();
}

/** Gives the key up (the request failed before anything was written), so a retry runs again. */
export async function releaseIdempotencyKey(db: Kysely<Database>, integrationId: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('integration_id', '=', integrationId)
    .where('key', '=', key)
    .where('state', '=', 'in_progress')
    .execute();
}

/** Removes one key's row if it has expired (before it is claimed again). */
export async function deleteExpiredIdempotencyKey(db: Kysely<Database>, integrationId: string, key: string, now: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('integration_id', '=', integrationId)
    .where('key', '=', key)
    .where('expires_at', '<=', now)
    .execute();
}

/** Removes every expired key; returns how many. */
export async function deleteExpiredIdempotencyKeys(db: Kysely<Database>, now: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

