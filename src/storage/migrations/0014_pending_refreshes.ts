import type { Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * `pending_refreshes`: the records vendor webhooks named that are not refreshed yet, one row per
 * record (a second delivery for the same record collapses into the row). Written before the
 * delivery is answered, removed once the refresh stored the record, so a crash, a restart or a
 * vendor outage between the two loses nothing.
 *
 * A process takes rows by setting `claimed_by` (a token of its own) and `claimed_until` (a lease:
 * rows of a process that died are taken again after it) in one conditional UPDATE, which
 * PostgreSQL serialises per row, so two processes never refresh the same rows at once.
 * `redelivered` marks a row named again while claimed: the refresh under way may have read the
 * record before that change, so the row stays for another one. `after_sync` marks a row
 * refreshed during a sync, read once more when the sync has ended (the sync may have stored an
 * older copy after the refresh).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('pending_refreshes')
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('redelivered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('after_sync', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addPrimaryKeyConstraint('pending_refreshes_pk', ['integration_id', 'model', 'remote_id'])
    .execute();
  // The sweep looks for rows overdue across integrations.
  await db.schema.createIndex('pending_refreshes_next_attempt').on('pending_refreshes').column('next_attempt_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('pending_refreshes').ifExists().execute();
}
