/**
 * Real processes: a server killed with SIGKILL in the middle of a sync resumes after a restart
 * and ends with exactly the vendor's data; on PostgreSQL two worker processes share twenty
 * integrations without ever running two syncs of one integration at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryState } from '../../src/connectors/memory-state.js';
import { sandboxConnector } from '../../src/connectors/sandbox/connector.js';
import type { SourceModel } from '../../src/connectors/source-records.js';
import { createLogger } from '../../src/lib/logger.js';
import { DIALECTS } from '../setup/dialects.js';
import { startTestServer } from '../setup/test-server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const API_KEY = 'crash_test_key_0123456789';
const children = new Set<ChildProcess>();
/** These tests start real server processes (each compiles the code with tsx): on a busy 2-core machine that alone takes tens of seconds. */
const PROCESS_TEST_TIMEOUT_MS = 300_000;

function spawnCli(command: 'serve' | 'worker', env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', command], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: os.tmpdir(), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  children.add(child);
  child.on('exit', () => children.delete(child));
  return { child, output: () => output };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Remote ids the sandbox vendor holds for a model, read straight from the connector. */
async function vendorRemoteIds(size: number, model: SourceModel): Promise<string[]> {
  const ctx = { integrationId: 'x', credentials: { size: String(size) }, baseUrl: null, fetch, logger: createLogger('silent'), state: memoryState() };
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { records: Array<{ remote_id: string }>; next: string | null } = await sandboxConnector.list(ctx, model, { cursor });
    out.push(...page.records.map((r) => r.remote_id));
    cursor = page.next;
  } while (cursor);
  return out.sort();
}

describe.each(DIALECTS)('crash safety on $name', (dialect) => {
  it('resumes a sync killed with SIGKILL and ends with the same data as an uninterrupted run', async () => {
    // Large enough that the sync is still running when it is killed (the assertion below checks it).
    const size = 4000;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ua-crash-'));
    const database = await dialect.create();
    const env = {
      DATA_DIR: dataDir,
      PORT: '0',
      API_KEY,
      SANDBOX_SIZE: String(size),
      SYNC_STALE_AFTER: '2s',
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    };
    try {
      const first = spawnCli('serve', env);
      const url = await until('the first server to listen', async () => /listening on (http:\/\/\S+)/.exec(first.output())?.[1]);
      const sandbox = await until('the sandbox id', async () => /Sandbox integration: (sandbox:\S+)/.exec(first.output())?.[1]);
      const headers = { Authorization: `Bearer ${API_KEY}` };
      const detailsUrl = `${url}/v1/integrations/${encodeURIComponent(sandbox)}`;
      type Details = { data: { setup_status: string; sync_state: { status: string; last_sync: { state: string } | null } } };
      await until('the sync to be running', async () => ((await (await fetch(detailsUrl, { headers })).json()) as Details).data.sync_state.status === 'RUNNING');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const mid = (await (await fetch(detailsUrl, { headers })).json()) as Details;
      expect(mid.data.setup_status).toBe('FINAL_SYNC_PENDING');
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));

      const second = spawnCli('serve', env);
      const url2 = await until('the restarted server to listen', async () => /listening on (http:\/\/\S+)/.exec(second.output())?.[1]);
      const details2 = `${url2}/v1/integrations/${encodeURIComponent(sandbox)}`;
      await until(
        'the resumed sync to succeed',
        async () => {
          const d = (await (await fetch(details2, { headers })).json()) as Details;
          return d.data.setup_status === 'COMPLETED' && d.data.sync_state.status === 'IDLE';
        },
        240_000,
      );
      const history = (await (await fetch(`${details2}/syncs`, { headers })).json()) as { data: { results: Array<{ state: string; error: string | null }> } };
      expect(history.data.results.map((r) => r.state)).toEqual(['SUCCEEDED', 'FAILED']);
      expect(history.data.results[1]?.error).toMatch(/Interrupted/);

      const read = async (endpoint: string) => {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
          const page = (await (await fetch(`${url2}/v1/ats/${endpoint}?page_size=250${q}`, { headers: { ...headers, 'X-Integration-Id': sandbox } })).json()) as {
            data: { next: string | null; results: Array<{ remote_id: string }> };
          };
          ids.push(...page.data.results.map((r) => r.remote_id));
          cursor = page.data.next;
        } while (cursor);
        return ids.sort();
      };
      for (const [endpoint, model] of [['candidates', 'candidates'], ['applications', 'applications'], ['jobs', 'jobs'], ['interviews', 'interviews'], ['offers', 'offers']] as const) {
        expect(await read(endpoint), endpoint).toEqual(await vendorRemoteIds(size, model));
      }
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    } finally {
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, PROCESS_TEST_TIMEOUT_MS);
});

describe.runIf(DIALECTS.some((d) => d.name === 'postgres'))('worker processes on postgres (skipped without TEST_DATABASE_URL)', () => {
  it('two workers share twenty integrations; no integration ever syncs twice at once', async () => {
    const postgres = DIALECTS.find((d) => d.name === 'postgres');
    if (!postgres) return;
    const encryptionKey = 'shared-encryption-key-for-the-test';
    const api = await startTestServer(postgres, { ROLE: 'api', SANDBOX: '0', ENCRYPTION_KEY: encryptionKey });
    const databaseUrl = api.server.services.config.databaseUrl ?? '';
    const workerEnv = { DATABASE_URL: databaseUrl, ENCRYPTION_KEY: encryptionKey, WORKER_CONCURRENCY: '2', SYNC_STALE_AFTER: '5s', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ua-worker-')) };
    const workers = [spawnCli('worker', workerEnv), spawnCli('worker', workerEnv)];
    try {
      for (const w of workers) await until('a worker to start', async () => /worker .* started/.test(w.output()));
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${api.url}/v1/integrations`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${api.apiKey}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ tool: 'sandbox', credentials: { size: '30', seed: String(i + 1) }, end_user: { organization_name: `Customer ${i}` } }),
        });
        ids.push(((await res.json()) as { data: { id: string } }).data.id);
        if (i % 5 === 0) {
          // Extra requests while syncs run must only ever find the one queued or running sync.
          await fetch(`${api.url}/v1/force-sync`, { method: 'POST', headers: { Authorization: `Bearer ${api.apiKey}`, 'X-Integration-Id': ids[0] ?? '', 'Content-Type': 'application/json' }, body: '{}' });
        }
      }
      const db = api.server.services.db.kysely;
      await until(
        'all integrations to finish their first sync',
        async () => {
          const done = await db.selectFrom('integrations').select('id').where('last_successful_sync_at', 'is not', null).execute();
          const active = await db.selectFrom('sync_runs').select('id').where('state', 'in', ['QUEUED', 'RUNNING']).execute();
          return done.length === 20 && active.length === 0;
        },
        180_000,
      );
      const runs = await db.selectFrom('sync_runs').selectAll().execute();
      expect(runs.every((r) => r.state === 'SUCCEEDED')).toBe(true);
      for (const id of ids) {
        const own = runs.filter((r) => r.integration_id === id).sort((a, b) => (a.started_at ?? '').localeCompare(b.started_at ?? ''));
        for (let i = 1; i < own.length; i++) expect((own[i]?.started_at ?? '') >= (own[i - 1]?.ended_at ?? ''), `overlap in ${id}`).toBe(true);
      }
      expect(new Set(runs.map((r) => r.worker_id)).size).toBe(2);
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => new Promise((resolve) => (w.child.exitCode === null ? w.child.once('exit', resolve) : resolve(null)))));
      await api.close();
    }
  }, PROCESS_TEST_TIMEOUT_MS);
});
