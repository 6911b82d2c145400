import { PostgresAdapter, sql, type Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Each record keeps the list of its index rows (JSON `[[field, value], …]`), so replacing them
 * finds the old rows by their full primary key: `index_keys` for the rows the upsert writes,
 * `derived_keys` for those the composer derives (each writer owns one column). The second index on
 * `record_keys` (by record id) then has no reader left and is dropped: it was written at a random
 * place for every one of the millions of index rows a large sync stores. On SQLite the table
 * also becomes WITHOUT ROWID, so an index row is one B-tree entry instead of a table row plus an
 * index entry.
 */
/**
 * The index fields the composer derived when this migration was written (`ModelSpec.derivedFields`):
 * their rows go to `derived_keys`, the others to `index_keys`. A snapshot, like every migration.
 */
const DERIVED_FIELDS: ReadonlyArray<readonly [model: string, field: string]> = [
  ['candidates', 'job_id'],
  ['interviews', 'job_id'],
  ['interviews', 'candidate_id'],
  ['offers', 'job_id'],
  ['offers', 'candidate_id'],
];

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // SQLite runs DDL in transactions too, but Kysely's migrator does not open one there: without
  // it, a crash during the table copy below would leave a half-migrated database.
  if (postgres) await migrate(db, true);
  else await db.transaction().execute((trx) => migrate(trx, false));
}

async function migrate(db: AnyDb, postgres: boolean): Promise<void> {
  await db.schema.alterTable('records').addColumn('index_keys', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('records').addColumn('derived_keys', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  const derived = sql.join(DERIVED_FIELDS.map(([model, field]) => sql`(k.model = ${model} AND k.field = ${field})`), sql` OR `);
  // The old index by record id still exists here, so this reads each record's rows through it.
  for (const [column, which] of [['index_keys', sql`NOT (${derived})`], ['derived_keys', sql`(${derived})`]] as const) {
    const rows = sql`FROM record_keys k WHERE k.integration_id = records.integration_id AND k.model = records.model AND k.record_id = records.id AND ${which}`;
    await (postgres
      ? sql`UPDATE records SET ${sql.ref(column)} = COALESCE((SELECT json_agg(json_build_array(k.field, k.value))::text ${rows}), '[]')`
      : sql`UPDATE records SET ${sql.ref(column)} = (SELECT json_group_array(json_array(k.field, k.value)) ${rows})`
    ).execute(db);
  }
  await db.schema.dropIndex('record_keys_record_idx').execute();
  if (postgres) return;
  await db.schema
    .createTable('record_keys_compact')
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_keys_pk', ['integration_id', 'model', 'field', 'value', 'record_id'])
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute();
  await sql`INSERT INTO record_keys_compact (integration_id, model, record_id, field, value)
    SELECT integration_id, model, record_id, field, value FROM record_keys ORDER BY integration_id, model, field, value, record_id`.execute(db);
  await db.schema.dropTable('record_keys').execute();
  await db.schema.alterTable('record_keys_compact').renameTo('record_keys').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.createIndex('record_keys_record_idx').on('record_keys').columns(['integration_id', 'model', 'record_id']).execute();
  await db.schema.alterTable('records').dropColumn('derived_keys').execute();
  await db.schema.alterTable('records').dropColumn('index_keys').execute();
}
