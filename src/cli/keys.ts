/** `unified-ats keys create|list|revoke`: API keys of the default environment, from the command line. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { createApiKey } from '../keys/api-keys.js';
import { openDb, type Db } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';
import { deleteApiKey, listApiKeys } from '../storage/repositories/api-keys.repository.js';
import { ensureDefaultEnvironment } from '../storage/repositories/environments.repository.js';
import { UsageError, type CliIo } from './io.js';

async function withDatabase<T>(config: Config, work: (db: Db, environmentId: string) => Promise<T>): Promise<T> {
  const db = openDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'unified-ats.sqlite') });
  try {
    await migrateToLatest(db);
    const environment = await ensureDefaultEnvironment(db.kysely, new Date().toISOString());
    return await work(db, environment.id);
  } finally {
    await db.close();
  }
}

export async function keysCreate(args: string[], config: Config, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { name: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length > 0) throw new UsageError(`"keys create" takes no arguments (got "${positionals.join(' ')}"); use --name <name>.`, 'keys create');
  const label = values.name?.trim() || 'created with the CLI';
  const created = await withDatabase(config, (db, environmentId) => createApiKey(db.kysely, environmentId, label, new Date().toISOString()));
  io.out(`Created API key ${created.id} ("${label}"). It is shown only now; keep it:\n${created.key}\n`);
  return 0;
}

export async function keysList(args: string[], config: Config, io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length > 0) throw new UsageError(`"keys list" takes no arguments (got "${positionals.join(' ')}").`, 'keys list');
  const keys = await withDatabase(config, (db, environmentId) => listApiKeys(db.kysely, environmentId));
  if (keys.length === 0) {
    io.out('No API keys. Create one with: npm run cli -- keys create --name <name>\n');
    return 0;
  }
  const idWidth = Math.max(2, ...keys.map((k) => k.id.length));
  const createdWidth = Math.max(7, ...keys.map((k) => k.created_at.length));
  const row = (id: string, created: string, name: string) => `${id.padEnd(idWidth)}  ${created.padEnd(createdWidth)}  ${name}`;
  io.out(`${[row('ID', 'CREATED', 'NAME'), ...keys.map((k) => row(k.id, k.created_at, k.label))].join('\n')}\n`);
  return 0;
}

export async function keysRevoke(args: string[], config: Config, io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const [id, ...rest] = positionals;
  if (!id || rest.length > 0) throw new UsageError('"keys revoke" takes exactly one key id (see "keys list").', 'keys revoke');
  const removed = await withDatabase(config, (db, environmentId) => deleteApiKey(db.kysely, environmentId, id));
  if (!removed) {
    io.err(`No API key with the id "${id}". "keys list" shows the ids.\n`);
    return 1;
  }
  io.out(`Revoked API key ${removed.id} ("${removed.label}"): requests with it are refused from now on.\n`);
  if (removed.label === 'API_KEY') io.out('It came from API_KEY: unset that variable, or the next start registers the key again.\n');
  return 0;
}
