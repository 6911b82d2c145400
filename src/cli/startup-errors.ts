/**
 * Why a command could not start, as a line an operator can act on, secrets masked. Known failures
 * (configuration, database, port) get their message only; anything else is a bug and keeps its stack.
 */
import { ConfigError } from '../config/config.js';
import { maskSecrets } from '../lib/redact.js';
import { DatabaseUnreachableError, MigrationError } from '../storage/db-errors.js';

function systemCode(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

export function describeStartupFailure(err: unknown, listen: { host: string; port: number } | undefined): string {
  if (err instanceof ConfigError || err instanceof DatabaseUnreachableError || err instanceof MigrationError) return maskSecrets(err.message);
  const code = systemCode(err);
  if (listen && (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL')) {
    const where = `${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${listen.port}`;
    const why =
      code === 'EADDRINUSE'
        ? 'the port is already in use (another unified-ats, or another program). Stop it or choose another PORT.'
        : code === 'EACCES'
          ? 'permission denied (ports below 1024 need privileges). Choose another PORT.'
          : 'this machine has no such address. Check HOST.';
    return `Cannot listen on ${where}: ${why} No API key was created.`;
  }
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  return maskSecrets(`Start failed: ${text}`);
}
