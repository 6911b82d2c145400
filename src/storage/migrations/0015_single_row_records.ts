import { PostgresAdapter, sql, type Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * One row per record. Views are composed when read, so the stored view, its hash, the index-key
 * lists and the compose bookkeeping go; the raw vendor payload moves into the record's row; the
 * references views join on and lists filter by become columns (with partial indexes), and
 * `record_keys` keeps only the other filter values (e-mails, names, job codes…), keyed by record
 * first so a record's rows are replaced without knowing the old ones.
 *
 * `data` is the old `own` text unchanged; `hash` is left empty: the first upsert of each record
 * after this migration rewrites it and, for that once, compares `data` instead of hashes.
 */
const LINKS = ['candidate_id', 'job_id', 'application_id', 'current_stage_id'] as const;
const EMBEDDED = ['outcome', 'rejection_reason_name', 'rejected_at', 'remote_url', 'remote_created_at', 'remote_updated_at'] as const;

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // Kysely's migrator opens no transaction on SQLite: without one, a crash during the copies
  // below would leave a half-migrated database.
  if (postgres) await migrate(db, true);
  else await db.transaction().execute((trx) => migrate(trx, false));
}

async function createRecordsTable(db: AnyDb, name: string): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('remote_created_at', 'text')
    .addColumn('remote_deleted_at', 'text')
    .addColumn('last_seen_run', 'text', (c) => c.notNull())
    .addColumn('anonymised_at', 'text')
    .addColumn('candidate_id', 'text')
    .addColumn('job_id', 'text')
    .addColumn('application_id', 'text')
    .addColumn('current_stage_id', 'text')
    .addColumn('remote_data', 'text')
    .addColumn('custom_values', 'text')
    .addColumn('embed', 'text')
    .addColumn('nested', 'text')
    .addPrimaryKeyConstraint(`${name}_pk`, ['integration_id', 'model', 'id'])
    .execute();
}

async function migrate(db: AnyDb, postgres: boolean): Promise<void> {
  await createRecordsTable(db, 'records_next');
  const link = (key: string) => (postgres ? sql`(r.own::jsonb ->> ${key})` : sql`json_extract(r.own, ${`$.${key}`})`);
  // What an application's parent (its candidate) nests of it, as models/applications.ts writes it.
  const embedOf = postgres
    ? sql`CASE WHEN r.model = 'applications' THEN json_build_object(${sql.join(EMBEDDED.map((k) => sql`${sql.lit(k)}::text, r.own::jsonb -> ${sql.lit(k)}::text`))})::text END`
    : sql`CASE WHEN r.model = 'applications' THEN json_object(${sql.join(EMBEDDED.map((k) => sql`${sql.lit(k)}, json_extract(r.own, ${sql.lit(`$.${k}`)})`))}) END`;
  await sql`INSERT INTO records_next (integration_id, model, id, remote_id, data, hash, version, changed_at, updated_at, remote_created_at,
      remote_deleted_at, last_seen_run, anonymised_at, candidate_id, job_id, application_id, current_stage_id, remote_data, custom_values, embed)
    SELECT r.integration_id, r.model, r.id, r.remote_id, r.own, '', 1, r.changed_at, r.updated_at, r.remote_created_at,
      r.remote_deleted_at, r.last_seen_run, r.anonymised_at, ${sql.join(LINKS.map(link))}, e.remote_data, e.custom_values, ${embedOf}
    FROM records r LEFT JOIN record_extras e ON e.integration_id = r.integration_id AND e.model = r.model AND e.record_id = r.id
    ORDER BY r.integration_id, r.model, r.id`.execute(db);
  await db.schema.dropTable('records').execute();
  await db.schema.dropTable('record_extras').execute();
  await db.schema.alterTable('records_next').renameTo('records').execute();
  await createRecordIndexes(db);
  await nestApplications(db, postgres);

  let keys = db.schema
    .createTable('record_keys_next')
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_keys_next_pk', ['integration_id', 'model', 'record_id', 'field', 'value']);
  if (!postgres) keys = keys.modifyEnd(sql`WITHOUT ROWID`);
  await keys.execute();
  await sql`INSERT INTO record_keys_next (integration_id, model, record_id, field, value)
    SELECT integration_id, model, record_id, field, value FROM record_keys WHERE field NOT IN (${sql.join([...LINKS])})
    ORDER BY integration_id, model, record_id, field, value`.execute(db);
  await db.schema.dropTable('record_keys').execute();
  await db.schema.alterTable('record_keys_next').renameTo('record_keys').execute();
  await db.schema.createIndex('record_keys_value_idx').on('record_keys').columns(['integration_id', 'model', 'field', 'value']).execute();

  for (const column of ['views_version', 'composed_version', 'composer_version', 'composed_at', 'compose_pending_since']) {
    await db.schema.alterTable('integration_settings').dropColumn(column).execute();
  }
}

/** Just what lists filter on and what read-time composition joins on. */
async function createRecordIndexes(db: AnyDb): Promise<void> {
  await db.schema.createIndex('records_updated_idx').on('records').columns(['integration_id', 'model', 'updated_at']).execute();
  for (const column of LINKS) {
    await db.schema
      .createIndex(`records_${column}_idx`)
      .on('records')
      .columns(['integration_id', 'model', column])
      .where(sql.ref(column), 'is not', null)
      .execute();
  }
}

/** Each candidate's live applications as its view nests them (`RecordTable.nested`, as the sync writes it). */
async function nestApplications(db: AnyDb, postgres: boolean): Promise<void> {
  const remoteId = postgres ? sql`coalesce(to_json(c.remote_id)::text, 'null')` : sql`json_quote(c.remote_id)`;
  const mark = (n: number) => sql.raw(postgres ? `chr(${n})` : `char(${n})`);
  const text = sql`coalesce(c.job_id, '') || ' ' || coalesce(c.current_stage_id, '') || ${mark(1)} || '{"id":"' || c.id || '","remote_id":' || ${remoteId}
    || CASE WHEN length(c.embed) > 2 THEN ',' || substr(c.embed, 2, length(c.embed) - 2) ELSE '' END || ',"changed_at":"' || c.changed_at || '"'`;
  const joined = postgres ? sql`string_agg(${text}, ${mark(2)} ORDER BY c.id COLLATE "C")` : sql`group_concat(${text}, ${mark(2)} ORDER BY c.id)`;
  await sql`UPDATE records SET nested = (SELECT ${joined} FROM records c
      WHERE c.integration_id = records.integration_id AND c.model = 'applications' AND c.candidate_id = records.id AND c.embed IS NOT NULL AND c.remote_deleted_at IS NULL)
    WHERE model = 'candidates'`.execute(db);
}

export function down(): Promise<void> {
  return Promise.reject(new Error('Migration 0015 (single-row records) cannot be undone: restore a backup taken before it.'));
}
