/**
 * Why the database could not be used at start, as one line an operator can act on. These are
 * startup failures (the CLI prints them), not request errors: no HTTP status belongs to them.
 */
import type { Kysely, Transaction } from 'kysely';
import { maskSecrets } from '../lib/redact.js';
import type { Database } from './database.js';

/** The database server could not be reached or refused us (host down, wrong password, no such database). */
export class DatabaseUnreachableError extends Error {
  constructor(target: string, reason: string, options: { cause?: unknown } = {}) {
    super(maskSecrets(`Cannot connect to the database ${target}: ${reason}`), options);
    this.name = 'DatabaseUnreachableError';
  }
}

/** A migration ran and failed; the message names it. */
export class MigrationError extends Error {
  readonly migrationName: string;
  constructor(migrationName: string, reason: string, options: { cause?: unknown } = {}) {
    super(maskSecrets(`Database migration ${migrationName} failed: ${reason}`), options);
    this.name = 'MigrationError';
    this.migrationName = migrationName;
  }
}

/** Error codes of node's sockets and PostgreSQL's that mean "could not connect", with what they mean. */
const CONNECTION_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running, and listening on that port?)',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS lookup failed)',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ECONNRESET: 'the server closed the connection',
  // PostgreSQL SQLSTATEs
  '28P01': 'the password was rejected',
  '28000': 'the server refused this user',
  '3D000': 'the database does not exist',
  '57P03': 'the server is starting up or shutting down',
  '53300': 'the server has too many connections',
};

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // AggregateError from a host with several addresses (IPv4 and IPv6): the first one's code.
  const inner = (err as { errors?: unknown }).errors;
  return Array.isArray(inner) ? codeOf(inner[0]) : undefined;
}

/** The reason an error means the connection failed, or undefined when it is some other failure. */
export function connectionFailureReason(err: unknown): string | undefined {
  const code = codeOf(err);
  if (code === undefined) return undefined;
  const known = CONNECTION_REASONS[code];
  if (known) return known;
  // Other SQLSTATE class 08 codes are connection exceptions too.
  if (/^08[0-9A-Z]{3}$/.test(code)) return `connection failed (${code}${err instanceof Error && err.message ? `: ${err.message}` : ''})`;
  return undefined;
}

/** "postgres://user@host:5432/db" (no password) for messages; the SQLite file path otherwise. */
export function describeDatabaseTarget(databaseUrl: string | undefined, sqliteFile: string | undefined): string {
  if (!databaseUrl) return `SQLite file ${sqliteFile ?? ':memory:'}`;
  try {
    const url = new URL(databaseUrl);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return `PostgreSQL at ${url.protocol}//${user}${url.host}${url.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL is not a parseable URL)';
  }
}

/**
 * Whether `err` is PostgreSQL giving up a transaction that lost a lock conflict (deadlock or
 * serialization failure): running the transaction again is the remedy.
 */
export function isRetryableConflict(err: unknown): boolean {
  const code = codeOf(err);
  return code === '40P01' || code === '40001';
}

/**
 * Runs `work` in a transaction, again (up to `attempts` times) when PostgreSQL aborted it for a
 * lock conflict: a sync's batch and a write action may lock a record and the records tracking it
 * in opposite orders. `work` must have no effect outside the transaction before it commits.
 */
export async function transactionWithRetry<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (err) {
      if (attempt >= attempts || !isRetryableConflict(err)) throw err;
    }
  }
}
