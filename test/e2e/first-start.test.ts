/**
 * The first API key is never lost: a first start on a busy port stores no key (and says so in one
 * line), and the next start on a free port creates and prints one.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import type { RunningServer } from '../../src/main.js';
import { openDb } from '../../src/storage/db.js';
import { listApiKeys } from '../../src/storage/repositories/api-keys.repository.js';
import { DIALECTS } from '../setup/dialects.js';

function capture(env: Record<string, string>): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t), env }, out, err };
}

describe.each(DIALECTS)('first start on $name', (dialect) => {
  let blocker: net.Server;
  let busyPort = 0;
  let dataDir = '';
  let database: { databaseUrl: string | undefined; drop(): Promise<void> };
  let env: Record<string, string>;
  beforeAll(async () => {
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    busyPort = (blocker.address() as net.AddressInfo).port;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ua-first-'));
    database = await dialect.create();
    env = { DATA_DIR: dataDir, SANDBOX: '0', LOG_LEVEL: 'silent', ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}) };
  });
  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function storedKeys(): Promise<number> {
    const db = openDb({ databaseUrl: database.databaseUrl, sqliteFile: path.join(dataDir, 'unified-ats.sqlite') });
    try {
      const environment = await db.kysely.selectFrom('environments').select('id').executeTakeFirst();
      return environment ? (await listApiKeys(db.kysely, environment.id)).length : 0;
    } finally {
      await db.close();
    }
  }

  it('on a busy port exits 1 with one line, and stores no key', async () => {
    const { io, out, err } = capture({ ...env, PORT: String(busyPort) });
    const outcome = await runCli(['serve'], io);
    expect(outcome).toBe(1);
    expect(out.join('')).toBe('');
    expect(err.join('')).toBe(`Cannot listen on 127.0.0.1:${busyPort}: the port is already in use (another unified-ats, or another program). Stop it or choose another PORT. No API key was created.\n`);
    expect(await storedKeys()).toBe(0);
  });

  it('the next start on a free port creates the key and prints it, and the one after says how to get another', async () => {
    const first = capture({ ...env, PORT: '0' });
    const started = await runCli(['serve'], first.io);
    expect(typeof started).toBe('object');
    const server = started as RunningServer;
    const key = /API key \(generated now and shown only once; keep it\): (ua_\S+)/.exec(first.out.join(''))?.[1] ?? '';
    expect(key).not.toBe('');
    const res = await fetch(`${server.url}/v1/check-api-key`, { headers: { Authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    await server.close();
    expect(await storedKeys()).toBe(1);

    const second = capture({ ...env, PORT: '0' });
    const again = (await runCli(['serve'], second.io)) as RunningServer;
    await again.close();
    expect(second.out.join('')).toContain('Lost it? Create another: npm run cli -- keys create');
    expect(second.out.join('')).not.toContain('ua_');
    expect(await storedKeys()).toBe(1);
  });
});
