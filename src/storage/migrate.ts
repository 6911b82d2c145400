import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './db.js';
import { connectionFailureReason, DatabaseUnreachableError, MigrationError } from './db-errors.js';
import * as initial from './migrations/0001_initial.js';
import * as syncEngine from './migrations/0002_sync_engine.js';
import * as writes from './migrations/0003_writes.js';
import * as connect from './migrations/0004_connect.js';
import * as fields from './migrations/0005_fields.js';
import * as walkIndex from './migrations/0006_walk_index.js';
import * as composerVersion from './migrations/0007_composer_version.js';
import * as composedAt from './migrations/0008_composed_at.js';
import * as recordIndexKeys from './migrations/0009_record_index_keys.js';
import * as stageStatus from './migrations/0010_stage_status.js';
import * as syncProgress from './migrations/0011_sync_progress.js';
import * as recordChanges from './migrations/0012_record_changes.js';
import * as inboundWebhooks from './migrations/0013_inbound_webhooks.js';
import * as pendingRefreshes from './migrations/0014_pending_refreshes.js';
import * as singleRowRecords from './migrations/0015_single_row_records.js';
import * as unusedFilterKeys from './migrations/0016_unused_filter_keys.js';

/** Migrations are listed in code so that they ship inside the package and run on both dialects. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial as unknown as Migration,
  '0002_sync_engine': syncEngine as unknown as Migration,
  '0003_writes': writes as unknown as Migration,
  '0004_connect': connect as unknown as Migration,
  '0005_fields': fields as unknown as Migration,
  '0006_walk_index': walkIndex as unknown as Migration,
  '0007_composer_version': composerVersion as unknown as Migration,
  '0008_composed_at': composedAt as unknown as Migration,
  '0009_record_index_keys': recordIndexKeys as unknown as Migration,
  '0010_stage_status': stageStatus as unknown as Migration,
  '0011_sync_progress': syncProgress as unknown as Migration,
  '0012_record_changes': recordChanges as unknown as Migration,
  '0013_inbound_webhooks': inboundWebhooks as unknown as Migration,
  '0014_pending_refreshes': pendingRefreshes as unknown as Migration,
  '0015_single_row_records': singleRowRecords as unknown as Migration,
  '0016_unused_filter_keys': unusedFilterKeys as unknown as Migration,
};

class InCodeProvider implements MigrationProvider {
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(MIGRATIONS);
  }
}

/**
 * Fails with a one-line DatabaseUnreachableError when the database cannot be reached (connection
 * refused, wrong password, no such database); other failures are passed on as they are.
 */
export async function checkConnection(db: Db): Promise<void> {
  try {
    await sql`select 1`.execute(db.kysely);
  } catch (err) {
    const reason = connectionFailureReason(err);
    if (reason === undefined) throw err;
    throw new DatabaseUnreachableError(db.target, reason, { cause: err });
  }
}

/** Applies every migration not applied yet (or, for tests of a migration, those up to `target`). */
export async function migrateToLatest(db: Db, target?: string): Promise<void> {
  // Connecting first: otherwise a refused connection reads as a failed migration with no name.
  await checkConnection(db);
  const migrator = new Migrator({ db: db.kysely, provider: new InCodeProvider() });
  const { error, results } = target ? await migrator.migrateTo(target) : await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error);
    if (failed) throw new MigrationError(failed.migrationName, reason, { cause: error });
    const lost = connectionFailureReason(error);
    if (lost !== undefined) throw new DatabaseUnreachableError(db.target, lost, { cause: error });
    // Kysely fails before any migration runs when it cannot take its lock or read its own tables.
    throw new MigrationError('(before the first pending one)', reason, { cause: error });
  }
}

/** Names of the migrations this code knows that the database has not applied. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: new InCodeProvider() });
  const infos = await migrator.getMigrations();
  return infos.filter((info) => info.executedAt === undefined).map((info) => info.name);
}
