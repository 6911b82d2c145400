import type { Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * The connection flow: links handed to end users (stored by the hash of their token; single use,
 * with an expiry) and the short-lived activation tokens a finished flow returns, which the
 * customer's backend exchanges for the integration (GET /v1/connect/integration-by-token/{token}).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('connect_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('link_type', 'text', (c) => c.notNull())
    .addColumn('integration_category', 'text', (c) => c.notNull())
    .addColumn('integration_tool', 'text')
    .addColumn('relink_integration_id', 'text')
    .addColumn('end_user_email', 'text')
    .addColumn('end_user_organization_name', 'text', (c) => c.notNull())
    .addColumn('end_user_origin_id', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('scope_config_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('claimed_until', 'text')
    .addColumn('used_at', 'text')
    .addColumn('integration_id', 'text')
    .execute();
  await db.schema.createIndex('connect_links_expires_idx').on('connect_links').column('expires_at').execute();

  await db.schema
    .createTable('connect_activation_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('connect_activation_tokens_expires_idx').on('connect_activation_tokens').column('expires_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('connect_activation_tokens').ifExists().execute();
  await db.schema.dropTable('connect_links').ifExists().execute();
}
