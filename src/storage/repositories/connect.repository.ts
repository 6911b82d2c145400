import type { Kysely } from 'kysely';
import type { ConnectActivationTokenRow, ConnectLinkRow, Database } from '../database.js';

type Db = Kysely<Database>;

export async function insertConnectLink(db: Db, row: ConnectLinkRow): Promise<void> {
  await db.insertInto('connect_links').values(row).execute();
}

export async function findConnectLinkByHash(db: Db, tokenHash: string): Promise<ConnectLinkRow | undefined> {
  return db.selectFrom('connect_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/**
 * Reserves an unused link for one submission until `until` (ISO). False when the link was used
 * meanwhile or another submission holds it.
 */
export async function claimConnectLink(db: Db, id: string, now: string, until: string): Promise<boolean> {
  const result = await db
    .updateTable('connect_links')
    .set({ claimed_until: until })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function releaseConnectLink(db: Db, id: string): Promise<void> {
  await db.updateTable('connect_links').set({ claimed_until: null }).where('id', '=', id).where('used_at', 'is', null).execute();
}

/** Marks the link used by the integration; false when it had been used already. */
export async function useConnectLink(db: Db, id: string, integrationId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('connect_links')
    .set({ used_at: now, integration_id: integrationId, claimed_until: null })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertActivationToken(db: Db, row: ConnectActivationTokenRow): Promise<void> {
  await db.insertInto('connect_activation_tokens').values(row).execute();
}

export async function findActivationToken(db: Db, environmentId: string, tokenHash: string): Promise<ConnectActivationTokenRow | undefined> {
  return db
    .selectFrom('connect_activation_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('environment_id', '=', environmentId)
    .executeTakeFirst();
}

/** Marks an activation token exchanged; false when it had been exchanged already. */
export async function useActivationToken(db: Db, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('connect_activation_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Removes links and activation tokens that expired before `before` (ISO). */
export async function deleteExpiredConnectRows(db: Db, before: string): Promise<void> {
  await db.deleteFrom('connect_activation_tokens').where('expires_at', '<', before).execute();
  await db.deleteFrom('connect_links').where('expires_at', '<', before).execute();
}
