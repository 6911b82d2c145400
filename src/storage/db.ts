/**
 * Opens the database: SQLite (better-sqlite3) by default, PostgreSQL when a URL is given.
 * This and `dialect.ts` are the only places that know which dialect is in use.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type KyselyConfig, type SqliteDialectConfig, type SqliteStatement } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { isBuiltStatement } from './compiled-sql.js';
import { describeDatabaseTarget } from './db-errors.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** What this is, for messages: "PostgreSQL at postgres://user@host:5432/db" (never the password) or the SQLite file. */
  target: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A postgres:// URL; when absent, SQLite at `sqliteFile`. */
  databaseUrl?: string | undefined;
  /** Path of the SQLite file, or ':memory:'. */
  sqliteFile?: string;
  /** Kysely's query log hook (profiling). */
  log?: KyselyConfig['log'];
}

export function openDb(options: OpenOptions): Db {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection the server ends (a restart, a dropped database) is reported here; the
    // pool has already discarded it and opens a new one on demand. Without a listener Node would
    // treat the event as an uncaught exception and stop the process.
    pool.on('error', () => undefined);
    pool.on('connect', preparingStoreStatements);
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...(options.log ? { log: options.log } : {}) });
    return { kysely, dialect: 'postgres', target: describeDatabaseTarget(options.databaseUrl, undefined), close: () => kysely.destroy() };
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  // A 16 MB page cache (the default is 2 MB) keeps hot index pages of big syncs in memory.
  database.pragma('cache_size = -16384');
  database.pragma('temp_store = MEMORY');
  // Checkpoint less often: big syncs write a lot, and each checkpoint costs an fsync.
  database.pragma('wal_autocheckpoint = 8192');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(database) }), ...(options.log ? { log: options.log } : {}) });
  return { kysely, dialect: 'sqlite', target: describeDatabaseTarget(undefined, file), close: () => kysely.destroy() };
}

const statementNames = new Map<string, string>();

/**
 * The store's own statement shapes (`statementText`: bulk upserts, key and feed inserts, stamp
 * reads; a few dozen texts of up to thousands of parameters, run thousands of times by a sync) are
 * prepared once per connection, as SQLite's are (`cachingStatements`): PostgreSQL then parses and
 * analyses each shape once instead of on every page. Other queries are not: Kysely's texts vary
 * without bound (`IN` lists of any length), and a prepared `SELECT *` would fail after a migration
 * adds a column.
 */
function preparingStoreStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const prepared = (config: pg.QueryConfig) => query(config);
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && args.length === 2 && isBuiltStatement(text)) {
      let name = statementNames.get(text);
      if (name === undefined) {
        name = `ua_${createHash('sha1').update(text).digest('hex')}`;
        statementNames.set(text, name);
      }
      return prepared({ name, text, values });
    }
    return query(...args);
  }) as typeof client.query;
}

const STATEMENT_CACHE_SIZE = 200;

/**
 * A statement whose rows better-sqlite3 hands over as arrays, made objects here. better-sqlite3
 * builds each row object in C++, turning every column name into a V8 string again for every row:
 * for a page of 250 records that was a third of reading it. Names are read on every run, not
 * kept: after a migration adds a column, SQLite prepares a `SELECT *` again with one more.
 */
function rowsAsObjects(statement: SqliteDatabase.Statement): SqliteStatement {
  if (!statement.reader) return statement;
  statement.raw(true);
  const columnNames = () => statement.columns().map((column) => column.name);
  return {
    reader: true,
    all(parameters) {
      const rows = statement.all(parameters) as unknown[][];
      // Asked once the statement ran: SQLite prepares it again (for a changed schema) when it runs.
      const names = columnNames();
      return rows.map((values) => rowObject(names, values));
    },
    run: (parameters) => statement.run(parameters),
    *iterate(parameters) {
      let names: string[] | undefined;
      for (const values of statement.iterate(parameters) as IterableIterator<unknown[]>) yield rowObject((names ??= columnNames()), values);
    },
  };
}

function rowObject(names: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) row[names[i] as string] = values[i];
  return row;
}

/**
 * Kysely prepares every query anew; a sync runs the same few statements hundreds of thousands
 * of times, so prepared statements are kept by SQL text (least recently used ones dropped).
 */
function cachingStatements(database: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const cache = new Map<string, { statement: SqliteDatabase.Statement; rows: SqliteStatement }>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      const cached = cache.get(text);
      // A statement still iterating (a streamed query) cannot be shared.
      if (cached && !cached.statement.busy) {
        cache.delete(text);
        cache.set(text, cached);
        return cached.rows;
      }
      const statement = database.prepare(text);
      const prepared = { statement, rows: rowsAsObjects(statement) };
      if (!cached) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(text, prepared);
      }
      return prepared.rows;
    },
  };
}
