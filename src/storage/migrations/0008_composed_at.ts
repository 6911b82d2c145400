import type { Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Full syncs that changed little rebuild only the views their changes reach. Two columns keep
 * that safe:
 * - `composed_at`: when every view was last rebuilt; a complete rebuild happens when it is old,
 *   so a view that went stale for any reason heals within a bounded time;
 * - `compose_pending_since`: set while a run may have stored records whose views it has not
 *   composed yet; a run that finds it set (its predecessor died or failed) rebuilds every view.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('integration_settings').addColumn('composed_at', 'text').execute();
  await db.schema.alterTable('integration_settings').addColumn('compose_pending_since', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('integration_settings').dropColumn('compose_pending_since').execute();
  await db.schema.alterTable('integration_settings').dropColumn('composed_at').execute();
}
