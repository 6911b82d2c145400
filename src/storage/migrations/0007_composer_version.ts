import type { Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * The version of the composers' code that last rebuilt every view of an integration. When an
 * upgrade changes what views look like, the next sync of any kind rebuilds them all, instead of
 * old views lingering until the daily full sync.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('integration_settings').addColumn('composer_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('integration_settings').dropColumn('composer_version').execute();
}
