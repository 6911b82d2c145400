/**
 * The change feed end to end (`GET /v1/integrations/{id}/changes`): a Lever integration (emulator)
 * is synced; a client reads the feed, the vendor changes and deletes records, a delta sync runs, the
 * server restarts, and the client reads on with its cursor: every change of the delta and of a write
 * action is there exactly once and in order, as the runs' own counts say, and nothing more.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeverEmulator, type LeverEmulator } from '../../emulators/lever/app.js';
import { serveEmulator, type RunningEmulator } from '../../emulators/shared/serve.js';
import { parseConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/lib/logger.js';
import { startServer, type RunningServer } from '../../src/main.js';
import { pruneChangeFeed } from '../../src/tasks/maintenance.js';
import { emulatorAdmin } from '../setup/connector-e2e.js';
import { DIALECTS } from '../setup/dialects.js';
import { TEST_API_KEY } from '../setup/test-server.js';
import { VirtualClock } from '../setup/virtual-clock.js';

interface Change {
  model: string;
  id: string;
  remote_id: string | null;
  type: 'CREATED' | 'UPDATED' | 'DELETED';
  changed_at: string;
}
type Counts = Record<string, { created: number; updated: number; deleted: number; unchanged: number }>;

describe.each(DIALECTS)('change feed end to end on $name', (dialect) => {
  const clock = new VirtualClock();
  let emu: LeverEmulator;
  let lever: RunningEmulator;
  let server: RunningServer;
  let dataDir = '';
  let drop = () => Promise.resolve();
  let config: ReturnType<typeof parseConfig>;
  let integrationId = '';
  /** The client's cursor, kept across the server's restart as a client would store it. */
  let cursor: string | undefined;

  const api = (route: string, init: RequestInit = {}) =>
    server.handle(
      new Request(`${server.url}/v1${route}`, {
        ...init,
        headers: { Authorization: `Bearer ${TEST_API_KEY}`, 'Content-Type': 'application/json', 'X-Integration-Id': integrationId },
      }),
    );

  /** Reads the feed from `from` until it says it is up to date; returns the changes and the cursor to go on with. */
  async function readFeed(from: string | undefined, pageSize = 7): Promise<{ changes: Change[]; next: string }> {
    const changes: Change[] = [];
    for (let at = from; ; ) {
      const res = await api(`/integrations/${encodeURIComponent(integrationId)}/changes?page_size=${pageSize}${at ? `&cursor=${encodeURIComponent(at)}` : ''}`);
      expect(res.status, await res.clone().text()).toBe(200);
      const body = (await res.json()) as { status: string; data: { results: Change[]; next: string; has_more: boolean } };
      expect(body.status).toBe('success');
      changes.push(...body.data.results);
      at = body.data.next;
      if (!body.data.has_more) return { changes, next: at };
    }
  }

  async function syncAndCount(type: 'FULL' | 'DELTA'): Promise<Counts> {
    expect((await api('/force-sync', { method: 'POST', body: JSON.stringify({ type }) })).status).toBe(200);
    await server.services.runner.idle();
    const runs = (await (await api(`/integrations/${encodeURIComponent(integrationId)}/syncs?page_size=1`)).json()) as { data: { results: Array<{ state: string; stats: Counts }> } };
    expect(runs.data.results[0]?.state).toBe('SUCCEEDED');
    return runs.data.results[0]?.stats ?? {};
  }

  const changed = (counts: Counts) => Object.values(counts).reduce((n, c) => n + c.created + c.updated + c.deleted, 0);
  const keyOf = (c: Change) => `${c.model}/${c.id}`;

  beforeAll(async () => {
    emu = createLeverEmulator({ seed: 7, size: 16, rateLimitPerSecond: 10, now: clock.now });
    // The feed is compared with what each sync run counted: the emulator's webhooks (which would
    // refresh the changed records before the delta sees them) are held back here; the webhook
    // refreshes' own entries are checked in the vendor-webhooks suite.
    emu.webhooks.setPaused(true);
    lever = await serveEmulator(emu);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ua-feed-'));
    const database = await dialect.create();
    drop = database.drop;
    config = parseConfig({
      DATA_DIR: dataDir, PORT: '0', API_KEY: TEST_API_KEY, SANDBOX_SIZE: '10', LOG_LEVEL: 'silent', ALLOW_CUSTOM_BASE_URLS: '1',
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    });
    server = await startServer(config, { logger: createLogger('silent'), clock });
    const res = await server.handle(
      new Request(`${server.url}/v1/integrations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TEST_API_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ tool: 'lever', credentials: { api_key: emu.credentials.api_key }, base_url: `${lever.url}/v1`, end_user: { organization_name: 'Acme' } }),
      }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    integrationId = ((await res.json()) as { data: { id: string } }).data.id;
    await server.services.runner.idle();
  });
  afterAll(async () => {
    await server?.close();
    await lever?.close();
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with one CREATED entry per record of the first sync', async () => {
    const runs = (await (await api(`/integrations/${encodeURIComponent(integrationId)}/syncs?page_size=1`)).json()) as { data: { results: Array<{ stats: Counts }> } };
    const { changes, next } = await readFeed(undefined);
    expect(changes.length).toBe(changed(runs.data.results[0]?.stats ?? {}));
    expect(new Set(changes.map(keyOf)).size).toBe(changes.length);
    expect(changes.every((c) => c.type === 'CREATED')).toBe(true);
    expect(changes.filter((c) => c.model === 'applications').map((c) => c.remote_id).sort()).toEqual(emu.state.opportunities.map((o) => o.id).sort());
    cursor = next;
  });

  it('after a delta sync and a restart, the cursor reads exactly the delta’s changes, deletions included', async () => {
    const admin = emulatorAdmin(lever.url);
    const [target, victim] = emu.state.opportunities;
    expect((await admin('POST', `/opportunities/${target?.id}`, { tags: [...(target?.tags ?? []), 'Changed for the feed'] })).status).toBe(200);
    expect((await admin('DELETE', `/opportunities/${victim?.id}`)).status).toBe(200);
    const counts = await syncAndCount('DELTA');

    await server.close();
    server = await startServer(config, { logger: createLogger('silent'), clock });

    const { changes, next } = await readFeed(cursor);
    expect(changes.length).toBe(changed(counts));
    expect(new Set(changes.map(keyOf)).size).toBe(changes.length);
    expect(changes).toContainEqual(expect.objectContaining({ model: 'applications', remote_id: victim?.id, type: 'DELETED' }));
    expect(changes.some((c) => c.type === 'UPDATED' && (c.remote_id === target?.id || c.remote_id === target?.contactId))).toBe(true);
    // Reading again from the same cursor gives the same changes: the cursor is a durable position.
    expect((await readFeed(cursor, 250)).changes).toEqual(changes);
    cursor = next;

    // A delta with nothing new re-reads its overlap: no entry repeats.
    await syncAndCount('DELTA');
    expect((await readFeed(cursor)).changes).toEqual([]);
  });

  it('holds what a write action stored, once', async () => {
    const list = (await (await api('/ats/candidates?page_size=1')).json()) as { data: { results: Array<{ id: string }> } };
    const candidateId = list.data.results[0]?.id ?? '';
    const res = await api(`/ats/candidates/${encodeURIComponent(candidateId)}/tags`, { method: 'POST', body: JSON.stringify({ tag: { name: 'Feed tag' } }) });
    expect(res.status, await res.clone().text()).toBe(200);
    const { changes, next } = await readFeed(cursor);
    expect(changes.filter((c) => c.model === 'candidates')).toEqual([expect.objectContaining({ id: candidateId, type: 'UPDATED' })]);
    expect(new Set(changes.map(keyOf)).size).toBe(changes.length);
    cursor = next;
    expect((await readFeed(cursor)).changes).toEqual([]);
  });

  it('refuses a cursor it did not issue, or one of another integration, naming the parameter', async () => {
    const bad = await api(`/integrations/${encodeURIComponent(integrationId)}/changes?cursor=nonsense`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'PLATFORM.INPUT_INVALID', message: expect.stringContaining('cursor') });
    const sandbox = server.sandboxIntegrationId;
    if (sandbox) {
      const foreign = await api(`/integrations/${encodeURIComponent(sandbox)}/changes?cursor=${encodeURIComponent(cursor ?? '')}`);
      expect(foreign.status).toBe(400);
    }
  });

  it('refuses a cursor whose next entries retention removed, and starts a fresh reader after them', async () => {
    const { changes, next } = await readFeed(undefined, 1000);
    expect(changes.length).toBeGreaterThan(1);
    const first = await api(`/integrations/${encodeURIComponent(integrationId)}/changes?page_size=1`);
    const early = ((await first.json()) as { data: { next: string } }).data.next;
    // Eight days later every entry is past the 7-day retention.
    expect(await pruneChangeFeed({ db: server.services.db }, Date.now() + 8 * 24 * 3600_000)).toBeGreaterThanOrEqual(changes.length);
    const expired = await api(`/integrations/${encodeURIComponent(integrationId)}/changes?cursor=${encodeURIComponent(early)}`);
    expect(expired.status).toBe(400);
    expect(((await expired.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'PLATFORM.INPUT_INVALID', message: expect.stringContaining('retention') });
    // A reader that was up to date loses nothing; a new one starts where the feed now begins.
    expect((await readFeed(next)).changes).toEqual([]);
    expect((await readFeed(undefined)).changes).toEqual([]);
  });
});
