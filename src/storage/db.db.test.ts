/**
 * PostgreSQL connections the server ends (a restart, a failover, an administrator) must not stop
 * the process: the pool drops them and the next query opens a new one.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb } from '../../test/setup/dialects.js';
import type { Db } from './db.js';
import { sql } from 'kysely';

const postgres = DIALECTS.find((d) => d.name === 'postgres');

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
});
