import type { Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * `inbound_webhooks`: one public endpoint per integration for its vendor's webhooks. The path
 * token is found by its hash and kept encrypted (the dashboard shows the URL where the customer
 * registers it by hand); the secret and what registration created at the vendor are encrypted too.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('inbound_webhooks')
    .addColumn('integration_id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('registration', 'text')
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_delivery_at', 'text')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('inbound_webhooks').ifExists().execute();
}
