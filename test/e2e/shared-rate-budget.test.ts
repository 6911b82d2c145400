/**
 * One rate budget per vendor account, end to end: two integrations on the same Lever key (the
 * emulator enforces Lever's documented bucket: 10 requests/s, bursts to 20) sync at once and never get a 429,
 * and a write made during their syncs goes to Lever ahead of the sync pages waiting in the budget.
 * Vendor pacing passes in virtual time on the server and the emulator alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeverEmulator, type LeverEmulator } from '../../emulators/lever/app.js';
import { serveEmulator, type RunningEmulator } from '../../emulators/shared/serve.js';
import type { Priority } from '../../src/lib/rate-budget.js';
import { postIntegration } from '../setup/connector-e2e.js';
import { DIALECTS } from '../setup/dialects.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';
import { VirtualClock } from '../setup/virtual-clock.js';

interface VendorCall {
  at: number;
  method: string;
  path: string;
  status: number;
  /** Requests of the account still waiting in its budget when this one went out. */
  waiting: Record<Priority, number>;
}

describe.each(DIALECTS)('one rate budget per vendor account on $name', (dialect) => {
  const clock = new VirtualClock();
  let emu: LeverEmulator;
  let lever: RunningEmulator;
  let t: TestServer;
  const calls: VendorCall[] = [];
  const ids: string[] = [];

  const api = (path: string, init: RequestInit & { integration?: string } = {}) =>
    fetch(`${t.url}/v1${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${t.apiKey}`,
        'Content-Type': 'application/json',
        ...(init.integration ? { 'X-Integration-Id': init.integration } : {}),
      },
    });

  beforeAll(async () => {
    emu = createLeverEmulator({ seed: 11, size: 30, rateLimitPerSecond: 10, now: clock.now });
    lever = await serveEmulator(emu);
    const recording = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const waiting = ids[0] ? t.server.services.fetchPool.waiting(ids[0]) : { interactive: 0, background: 0 };
      const at = clock.now();
      const response = await fetch(input, init);
      if (url.origin === new URL(lever.url).origin) calls.push({ at, method: (init?.method ?? 'GET').toUpperCase(), path: url.pathname, status: response.status, waiting });
      return response;
    };
    t = await startTestServer(dialect, { ALLOW_CUSTOM_BASE_URLS: '1', WORKER_CONCURRENCY: '2' }, { clock, fetch: recording });
    for (const name of ['Acme', 'Acme EU']) {
      const res = await postIntegration(t, { tool: 'lever', credentials: { api_key: emu.credentials.api_key }, base_url: `${lever.url}/v1`, end_user: { organization_name: name } });
      expect(res.status, await res.clone().text()).toBe(200);
      ids.push(((await res.json()) as { data: { id: string } }).data.id);
    }
    await t.server.services.runner.idle();
  });
  afterAll(async () => {
    await t?.close();
    await lever?.close();
  });

  async function syncBoth(): Promise<Array<{ state: string; started_at: string; ended_at: string }>> {
    for (const id of ids) expect((await api('/force-sync', { method: 'POST', integration: id, body: JSON.stringify({ type: 'FULL' }) })).status).toBe(200);
    await t.server.services.runner.idle();
    return Promise.all(
      ids.map(async (id) => {
        const page = (await (await api(`/integrations/${encodeURIComponent(id)}/syncs?page_size=1`)).json()) as { data: { results: Array<{ state: string; started_at: string; ended_at: string }> } };
        return page.data.results[0] ?? { state: 'NONE', started_at: '', ended_at: '' };
      }),
    );
  }

  it('two integrations on one account sync at the same time without a single 429', async () => {
    calls.length = 0;
    const from = clock.now();
    const runs = await syncBoth();
    expect(runs.map((run) => run.state)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    // The runs overlapped: they really competed for the account's budget.
    const [a, b] = runs;
    expect(Date.parse(a?.started_at ?? '') < Date.parse(b?.ended_at ?? '') && Date.parse(b?.started_at ?? '') < Date.parse(a?.ended_at ?? '')).toBe(true);
    const refused = calls.filter((call) => call.status === 429);
    const seconds = (clock.now() - from) / 1000;
    console.log(`two syncs on one Lever account: ${calls.length} requests in ${seconds.toFixed(1)} s virtual (${(calls.length / seconds).toFixed(1)}/s, limit 10/s), ${refused.length} × 429`);
    expect(calls.length).toBeGreaterThan(100);
    expect(refused).toEqual([]);
  });

  it('a write during both syncs goes to Lever before the sync pages queued in the budget', async () => {
    const list = (await (await api('/ats/applications?page_size=1', { integration: ids[0] })).json()) as { data: { results: Array<{ id: string }> } };
    const applicationId = list.data.results[0]?.id ?? '';
    calls.length = 0;
    for (const id of ids) expect((await api('/force-sync', { method: 'POST', integration: id, body: JSON.stringify({ type: 'FULL' }) })).status).toBe(200);
    // Wait (on the event loop, no clock time) until sync pages are queued in the account's budget;
    // bounded by real time, not by turns: under a loaded machine the syncs' first writes take long.
    const pool = t.server.services.fetchPool;
    for (const until = performance.now() + 30_000; pool.waiting(ids[0] ?? '').background < 3 && performance.now() < until; ) await new Promise((resolve) => setImmediate(resolve));
    const queued = pool.waiting(ids[0] ?? '').background;
    expect(queued).toBeGreaterThanOrEqual(3);
    const sent = clock.now();
    const res = await api(`/ats/applications/${encodeURIComponent(applicationId)}/notes`, {
      method: 'POST',
      integration: ids[0],
      body: JSON.stringify({ content: 'Shared budget, served first.', content_type: 'PLAIN_TEXT' }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const answered = clock.now();
    const note = calls.find((call) => call.method === 'POST' && call.path.endsWith('/notes'));
    expect(note).toBeDefined();
    // Sync pages were still waiting when the write's request went out: it did not queue behind them.
    expect(note?.waiting.background).toBeGreaterThan(0);
    console.log(`write during two syncs: ${queued} pages queued before it, ${note?.waiting.background ?? 0} still queued when its request went out; answered in ${Math.round(answered - sent)} ms virtual`);
    await t.server.services.runner.idle();
    expect(calls.filter((call) => call.status === 429)).toEqual([]);
  });
});
