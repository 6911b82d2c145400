import type { Kysely } from 'kysely';

// Frozen: migrations never import the current schema types, and use only portable column types.
type AnyDb = Kysely<Record<string, never>>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('environments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('integrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('tool', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('setup_status', 'text', (c) => c.notNull())
    .addColumn('organization_name', 'text', (c) => c.notNull())
    .addColumn('origin_id', 'text')
    .addColumn('creator_email', 'text')
    .addColumn('credentials', 'text', (c) => c.notNull())
    .addColumn('base_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('first_synced_at', 'text')
    .addColumn('last_successful_sync_at', 'text')
    .addColumn('data_expired_at', 'text')
    .execute();
  await db.schema.createIndex('integrations_environment_idx').on('integrations').columns(['environment_id', 'id']).execute();

  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('error', 'text')
    .addColumn('stats', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sync_runs_integration_idx').on('sync_runs').columns(['integration_id', 'created_at']).execute();

  await db.schema
    .createTable('records')
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text')
    .addColumn('own', 'text', (c) => c.notNull())
    .addColumn('own_hash', 'text', (c) => c.notNull())
    .addColumn('tracked_hash', 'text', (c) => c.notNull())
    .addColumn('view', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('remote_created_at', 'text')
    .addColumn('remote_deleted_at', 'text')
    .addColumn('last_seen_run', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('records_pk', ['integration_id', 'model', 'id'])
    .execute();
  await db.schema.createIndex('records_remote_idx').on('records').columns(['integration_id', 'model', 'remote_id']).execute();
  await db.schema.createIndex('records_updated_idx').on('records').columns(['integration_id', 'model', 'updated_at']).execute();

  await db.schema
    .createTable('record_keys')
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_keys_pk', ['integration_id', 'model', 'field', 'value', 'record_id'])
    .execute();
  await db.schema.createIndex('record_keys_record_idx').on('record_keys').columns(['integration_id', 'model', 'record_id']).execute();

  await db.schema
    .createTable('request_logs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text')
    .addColumn('integration_id', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('message', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['request_logs', 'record_keys', 'records', 'sync_runs', 'integrations', 'api_keys', 'environments']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
