import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDb } from './db.js';
import { MigrationError } from './db-errors.js';
import { migrateToLatest } from './migrate.js';

describe('migration failures', () => {
  it('name the migration that failed and why', async () => {
    const db = openDb({ sqliteFile: ':memory:' });
    try {
      // A table in the way of the first migration.
      await sql`create table environments (x text)`.execute(db.kysely);
      const failure = await migrateToLatest(db).then(
        () => null,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(MigrationError);
      expect((failure as MigrationError).migrationName).toBe('0001_initial');
      expect((failure as Error).message).toMatch(/^Database migration 0001_initial failed: .*"environments" already exists$/);
    } finally {
      await db.close();
    }
  });
});
