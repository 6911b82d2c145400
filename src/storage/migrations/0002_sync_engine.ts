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
  await db.schema.alterTable('records').addColumn('anonymised_at', 'text').execute();
  // Several processes may start at once against one PostgreSQL database.
  await db.schema.createIndex('environments_name_idx').on('environments').column('name').unique().execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('webhook_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema.createIndex('webhook_deliveries_state_idx').on('webhook_deliveries').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('webhook_deliveries_endpoint_idx').on('webhook_deliveries').columns(['endpoint_id', 'created_at']).execute();
  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery_idx').on('webhook_attempts').columns(['delivery_id', 'attempted_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhook_events', 'webhook_endpoints']) await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('sync_runs_one_active_idx').execute();
  await db.schema.dropTable('connector_state').execute();
}
