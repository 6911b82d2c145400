import type { Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Raw vendor data and the field endpoints: per-integration settings (remote_data opt-in and a
 * version that forces the next sync to recompose every view), each record's raw payload and
 * custom field values (apart from its own fields, so they never move change hashes), the
 * integration fields discovered by syncs, and the custom fields mapped onto them.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('integration_settings')
    .addColumn('integration_id', 'text', (c) => c.primaryKey())
    .addColumn('remote_data_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('views_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('composed_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('record_extras')
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('remote_data', 'text')
    .addColumn('custom_values', 'text')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_extras_pk', ['integration_id', 'model', 'record_id'])
    .execute();

  await db.schema
    .createTable('integration_fields')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('passthrough_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('integration_fields_integration_idx').on('integration_fields').columns(['integration_id', 'id']).execute();

  await db.schema
    .createTable('custom_fields')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('description', 'text')
    .addColumn('integration_field_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('custom_fields_integration_idx').on('custom_fields').columns(['integration_id', 'id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('custom_fields').ifExists().execute();
  await db.schema.dropTable('integration_fields').ifExists().execute();
  await db.schema.dropTable('record_extras').ifExists().execute();
  await db.schema.dropTable('integration_settings').ifExists().execute();
}
