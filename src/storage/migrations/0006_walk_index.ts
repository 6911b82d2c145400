import type { Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * An index on (integration_id, model) alone. SQLite ends every index with the rowid, so this one
 * lets a full compose walk a model's records in storage order without sorting them (see
 * `readRecordWalk`); on PostgreSQL it is a small index that walks do not need.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex('records_walk_idx').on('records').columns(['integration_id', 'model']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('records_walk_idx').execute();
}
