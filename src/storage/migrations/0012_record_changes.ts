import type { Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * The change feed (`GET /v1/integrations/{id}/changes`): one row per record created, updated or
 * deleted in the store, numbered per integration without gaps (`seq`), appended in the same
 * transaction as the store write.
 *
 * `record_change_heads` holds each integration's last number. Taking the next numbers is an
 * upsert of that row, which PostgreSQL locks until the transaction ends: writers of one
 * integration commit their numbers in order, so a reader never sees a number before a smaller
 * one it has not seen yet (a global sequence could commit out of order and let a cursor skip a
 * change). `pruned_through` says which numbers retention has removed.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('record_change_heads')
    .addColumn('integration_id', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('pruned_through', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('record_changes')
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_changes_pk', ['integration_id', 'seq'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('record_changes').ifExists().execute();
  await db.schema.dropTable('record_change_heads').ifExists().execute();
}
