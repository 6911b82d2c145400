/**
 * PostgreSQL connections the server ends (a restart, a failover, an administrator) must not stop
 * the process: the pool drops them and the next query opens a new one. Bulk statements are
 * prepared once per connection. SQLite rows come as objects named by the statement's columns as
 * they are when it runs.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb } from '../../test/setup/dialects.js';
import type { Db } from './db.js';
import { sql } from 'kysely';
import { runCompiled, statementText } from './compiled-sql.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres');
const sqlite = DIALECTS.find((d) => d.name === 'sqlite');

describe.runIf(sqlite)('SQLite rows', () => {
  it('are objects with the columns of the statement as it runs, streamed or not', async () => {
    if (!sqlite) return;
    const { db, close } = await openTestDb(sqlite);
    try {
      await sql`CREATE TABLE t (a TEXT, b INTEGER)`.execute(db.kysely);
      await sql`INSERT INTO t VALUES ('x', 1), ('y', NULL)`.execute(db.kysely);
      const all = () => db.kysely.selectFrom('t' as never).selectAll().orderBy('a' as never).execute();
      expect(await all()).toEqual([{ a: 'x', b: 1 }, { a: 'y', b: null }]);
      // The cached statement runs again after the table gained a column: SQLite prepares it anew.
      await sql`ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'z'`.execute(db.kysely);
      expect(await all()).toEqual([{ a: 'x', b: 1, c: 'z' }, { a: 'y', b: null, c: 'z' }]);
      const streamed: unknown[] = [];
      for await (const row of db.kysely.selectFrom('t' as never).select(['a' as never]).orderBy('a' as never).stream()) streamed.push(row);
      expect(streamed).toEqual([{ a: 'x' }, { a: 'y' }]);
      // A statement that writes and returns nothing still reports what it changed.
      const deleted = await sql`DELETE FROM t WHERE b IS NULL`.execute(db.kysely);
      expect(deleted.numAffectedRows).toBe(1n);
    } finally {
      await close();
    }
  });
});

describe.runIf(postgres)('PostgreSQL pool (skipped without TEST_DATABASE_URL)', () => {
  let db: Db;
  let close: () => Promise<void>;

  beforeAll(async () => {
    if (!postgres) return;
    ({ db, close } = await openTestDb(postgres));
  });
  afterAll(async () => {
    await close?.();
  });

  it('survives the server ending its idle connections and answers the next query', async () => {
    const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(db.kysely);
    const name = rows[0]?.name ?? '';
    expect(name).toMatch(/^ua_test_/);
    // The query above left an idle connection in the pool; end it from another session.
    const admin = new pg.Client({ connectionString: process.env['TEST_DATABASE_URL'] });
    await admin.connect();
    try {
      const ended = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      expect(ended.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // Give the pool time to notice (it emits 'error' for the idle client; unhandled, that would crash the process).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = await sql<{ one: number }>`SELECT 1 AS one`.execute(db.kysely);
    expect(again.rows[0]?.one).toBe(1);
  });

  it('prepares the store\'s statement shapes once per connection, and nothing else', async () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const text = statementText(db.kysely, 'test-sum:100', (p) => `SELECT ${values.map(() => `${p()}::int`).join(' + ')} AS total`);
    const adHoc = `SELECT ${values.map((i) => `$${i + 1}::int`).join(' - ')} AS total`;
    const total = values.reduce((a, b) => a + b, 0);
    await db.kysely.transaction().execute(async (trx) => {
      // One transaction is one connection: its session's prepared statements are visible to it.
      for (let run = 0; run < 2; run++) expect((await runCompiled<{ total: number }>(trx, text, values))[0]?.total).toBe(total);
      expect((await runCompiled<{ total: number }>(trx, adHoc, values))[0]?.total).toBe(-total);
      const { rows } = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'ua_%'`.execute(trx);
      // The store's shape once; a text it did not build (Kysely's, of any length) not at all.
      expect(rows.map((r) => r.statement)).toEqual([text]);
    });
  });
});
