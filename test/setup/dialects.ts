/**
 * The storage dialects every database test runs on: SQLite always, PostgreSQL when
 * TEST_DATABASE_URL points at a server (CI sets it; a CI run without it fails loudly).
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDb, type Db } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

export interface Dialect {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database for one test file; `undefined` means SQLite in a temp DATA_DIR. */
  create(): Promise<{ databaseUrl: string | undefined; drop(): Promise<void> }>;
}

const baseUrl = process.env['TEST_DATABASE_URL'];
if (process.env['CI'] && !baseUrl) throw new Error('CI must run the PostgreSQL tests: set TEST_DATABASE_URL.');

const sqlite: Dialect = {
  name: 'sqlite',
  create: () => Promise.resolve({ databaseUrl: undefined, drop: () => Promise.resolve() }),
};

const postgres: Dialect = {
  name: 'postgres',
  async create() {
    const name = `ua_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(baseUrl ?? '');
    url.pathname = `/${name}`;
    return {
      databaseUrl: url.toString(),
      async drop() {
        const client = new pg.Client({ connectionString: baseUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  },
};

export const DIALECTS: readonly Dialect[] = baseUrl ? [sqlite, postgres] : [sqlite];

/**
 * A fresh database of `dialect` with every migration applied (or those up to `migratedTo`, to test
 * the next ones), for one test file; `close` also drops it.
 */
export async function openTestDb(dialect: Dialect, migratedTo?: string): Promise<{ db: Db; close(): Promise<void> }> {
  const created = await dialect.create();
  const db = openDb({ databaseUrl: created.databaseUrl, sqliteFile: ':memory:' });
  await migrateToLatest(db, migratedTo);
  return {
    db,
    async close() {
      await db.close();
      await created.drop();
    },
  };
}
