import { sql, type Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/** Connector state, one sync in flight per integration, heartbeats, webhooks. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('connector_state')
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('connector_state_pk', ['integration_id', 'key'])
    .execute();

  // At most one queued-or-running sync per integration, across every process.
  await db.schema
    .createIndex('sync_runs_one_active_idx')
    .on('sync_runs')
    .column('integration_id')
    .unique()
    .where(sql.ref('state'), 'in', ['QUEUED', 'RUNNING'])
    .execute();
  await db.schema.alterTable('sync_runs').addColumn('heartbeat_at', 'text').execute();
  await db.schema.alterTable('sync_runs').addColumn('worker_id', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('sync_runs_one_active_idx').execute();
  await db.schema.dropTable('connector_state').execute();
}
