import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../storage/db.js';
import { DatabaseUnreachableError } from '../../storage/db-errors.js';
import { migrateToLatest, pendingMigrations } from '../../storage/migrate.js';
import { checkReadiness } from './readiness.js';

describe('readiness', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('is not ready while a migration is pending, and names it', async () => {
    db = openDb({ sqliteFile: ':memory:' });
    await migrateToLatest(db, '0008_composed_at');
    const readiness = await checkReadiness(db, 60_000);
    expect(readiness.ready).toBe(false);
    // Every migration after 0008, in order (the list grows as migrations are added).
    const pending = await pendingMigrations(db);
    expect(pending[0]).toBe('0009_record_index_keys');
    expect(readiness.checks.migrations).toEqual({ ok: false, pending });
    await migrateToLatest(db);
    expect((await checkReadiness(db, 60_000)).ready).toBe(true);
  });

  it('reports an unreachable PostgreSQL in one line, without its password', async () => {
    db = openDb({ databaseUrl: 'postgres://someone:hunter2secret@127.0.0.1:1/nowhere' });
    const readiness = await checkReadiness(db, 60_000);
    expect(readiness.ready).toBe(false);
    expect(readiness.checks.database.ok).toBe(false);
    expect(JSON.stringify(readiness)).not.toContain('hunter2secret');

    const failure = await migrateToLatest(db).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(DatabaseUnreachableError);
    const message = (failure as Error).message;
    expect(message).toBe('Cannot connect to the database PostgreSQL at postgres://someone@127.0.0.1:1/nowhere: connection refused (is the server running, and listening on that port?)');
  });
});
