import type { Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * `sync_runs.progress`: JSON written while a run goes (records and pages per model, retries,
 * 429 waits) and kept when it ends (with its errors grouped), so a running sync is not opaque.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('sync_runs').addColumn('progress', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('sync_runs').dropColumn('progress').execute();
}
