/**
 * Passthrough end to end: the official SDK's `sendPassthroughRequest` (1.1.3 and 1.3.4, see
 * test/setup/sdks.ts) against the Greenhouse and
 * Lever emulators, the Sandbox (no APIs), and a suite of escape attempts that must all be refused
 * with 400 PLATFORM.INPUT_INVALID before anything reaches the emulator (checked with its
 * `GET /__admin/requests` log).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGreenhouseEmulator } from '../../emulators/greenhouse/app.js';
import { createLeverEmulator } from '../../emulators/lever/app.js';
import type { Emulator } from '../../emulators/shared/emulator.js';
import { serveEmulator, type RunningEmulator } from '../../emulators/shared/serve.js';
import { sdkDialects, type KomboClient } from '../setup/sdks.js';
import { VirtualClock } from '../setup/virtual-clock.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';
import { ESCAPES, refusal as refusalOf, requestsOf } from './passthrough-escapes.js';

describe.each(sdkDialects())('Passthrough on $name', ({ sdk, dialect }) => {
  const refusal = (promise: Promise<unknown>) => refusalOf(sdk, promise);
  let gh: Emulator;
  let ghRunning: RunningEmulator;
  let leverRunning: RunningEmulator;
  let t: TestServer;
  let greenhouseId = '';
  let leverId = '';
  let kombo: (integrationId: string) => KomboClient;

  const create = async (body: unknown): Promise<string> => {
    const res = await fetch(`${t.url}/v1/integrations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { data: { id: string } }).data.id;
  };
  const raw = async (integrationId: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.url}/v1${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json', 'X-Integration-Id': integrationId, ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { status: string; data?: Record<string, unknown>; error?: Record<string, unknown> } };
  };

  /** Vendor pacing and retry waits pass in virtual time, on the server and the emulators alike. */
  const clock = new VirtualClock();

  beforeAll(async () => {
    gh = createGreenhouseEmulator({ seed: 5, size: 6, rateLimitPerSecond: 1000, now: clock.now });
    ghRunning = await serveEmulator(gh);
    const lever = createLeverEmulator({ seed: 5, size: 6, rateLimitPerSecond: 1000, now: clock.now });
    leverRunning = await serveEmulator(lever);
    t = await startTestServer(dialect, { ALLOW_CUSTOM_BASE_URLS: '1' }, { clock });
    greenhouseId = await create({
      tool: 'greenhouse',
      credentials: { client_id: gh.credentials['client_id'], client_secret: gh.credentials['client_secret'], user_id: gh.credentials['user_id'] },
      base_url: ghRunning.url,
      end_user: { organization_name: 'Acme (Greenhouse)' },
    });
    leverId = await create({ tool: 'lever', credentials: { api_key: lever.credentials.api_key }, base_url: `${leverRunning.url}/v1`, end_user: { organization_name: 'Acme (Lever)' } });
    await t.server.services.runner.idle();
    kombo = (integrationId) => sdk.client({ api_key: t.apiKey, integration_id: integrationId, server_url: `${t.url}/v1` });
  });
  afterAll(async () => {
    await t?.close();
    await ghRunning?.close();
    await leverRunning?.close();
  });

  it('forwards a Greenhouse request with params and authentication, and returns the vendor answer', async () => {
    const res = await kombo(greenhouseId).general.sendPassthroughRequest({
      tool: 'greenhouse',
      api: 'harvest/v3',
      body: { method: 'GET', path: '/candidates?per_page=2', params: { updated_at: 'gte|2000-01-01T00:00:00Z' } },
    });
    expect(res.warnings).toEqual([]);
    expect(res.data.status).toBe(200);
    expect(res.data.url).toBe(`${ghRunning.url}/v3/candidates?per_page=2&updated_at=gte%7C2000-01-01T00%3A00%3A00Z`);
    expect(Array.isArray(res.data.data)).toBe(true);
    expect((res.data.data as unknown[]).length).toBe(2);
    expect(String(res.data.headers['content-type'])).toMatch(/json/);
  });

  it('reports vendor errors in data.status and returns base64 on request', async () => {
    const missing = await kombo(greenhouseId).general.sendPassthroughRequest({ tool: 'greenhouse', api: 'harvest/v3', body: { method: 'GET', path: '/candidates/999999999' } });
    expect(missing.data.status).toBe(404);
    const b64 = await kombo(greenhouseId).general.sendPassthroughRequest({
      tool: 'greenhouse',
      api: 'harvest/v3',
      body: { method: 'GET', path: 'users', params: { per_page: '1' }, response_as_base64: true },
    });
    expect(b64.data.status).toBe(200);
    const decoded = JSON.parse(Buffer.from(String(b64.data.data), 'base64').toString('utf8')) as unknown[];
    expect(decoded).toHaveLength(1);
  });

  it('forwards a Lever request', async () => {
    const res = await kombo(leverId).general.sendPassthroughRequest({ tool: 'lever', api: 'v1', body: { method: 'GET', path: '/opportunities', params: { limit: '3' } } });
    expect(res.data.status).toBe(200);
    expect(res.data.url.startsWith(`${leverRunning.url}/v1/opportunities?`)).toBe(true);
    expect((res.data.data as { data: unknown[] }).data.length).toBeLessThanOrEqual(3);
  });

  it('refuses every path that tries to leave the vendor host, without sending anything', async () => {
    const before = (await requestsOf(ghRunning)).length;
    for (const path of ESCAPES) {
      const err = await refusal(kombo(greenhouseId).general.sendPassthroughRequest({ tool: 'greenhouse', api: 'harvest/v3', body: { method: 'GET', path } }));
      expect(err.statusCode, path).toBe(400);
      expect(err.error.code, path).toBe('PLATFORM.INPUT_INVALID');
      expect(err.message, path).toMatch(/path/);
    }
    // Also through params and headers.
    const viaHeader = await raw(greenhouseId, '/passthrough/greenhouse/harvest%2Fv3', { method: 'GET', path: '/users', headers: { Authorization: 'Bearer stolen' } });
    expect(viaHeader.status).toBe(400);
    expect(String(viaHeader.body.error?.['message'])).toMatch(/headers\.Authorization/);
    for (const header of ['cookie', 'Host', 'Proxy-Authorization', 'authorization']) {
      const res = await raw(greenhouseId, '/passthrough/greenhouse/harvest%2Fv3', { method: 'GET', path: '/users', headers: { [header]: 'x' } });
      expect(res.status, header).toBe(400);
      expect(res.body.error?.['code']).toBe('PLATFORM.INPUT_INVALID');
    }
    const leverBefore = (await requestsOf(leverRunning)).length;
    for (const path of ESCAPES.slice(0, 12)) {
      const err = await refusal(kombo(leverId).general.sendPassthroughRequest({ tool: 'lever', api: 'v1', body: { method: 'GET', path } }));
      expect(err.statusCode, path).toBe(400);
    }
    expect((await requestsOf(ghRunning)).length).toBe(before);
    expect((await requestsOf(leverRunning)).length).toBe(leverBefore);
  });

  it('refuses unknown tools, apis and methods with a clear message', async () => {
    const before = (await requestsOf(ghRunning)).length;
    const wrongTool = await refusal(kombo(greenhouseId).general.sendPassthroughRequest({ tool: 'lever', api: 'v1', body: { method: 'GET', path: '/users' } }));
    expect(wrongTool.statusCode).toBe(400);
    expect(wrongTool.message).toMatch(/greenhouse integration/);
    const wrongApi = await refusal(kombo(greenhouseId).general.sendPassthroughRequest({ tool: 'greenhouse', api: 'harvest/v1', body: { method: 'GET', path: '/users' } }));
    expect(wrongApi.statusCode).toBe(400);
    expect(wrongApi.message).toMatch(/Available APIs: "harvest\/v3"/);
    const method = await raw(greenhouseId, '/passthrough/greenhouse/harvest%2Fv3', { method: 'TRACE', path: '/users' });
    expect(method.status).toBe(400);
    expect(method.body.error).toMatchObject({ code: 'PLATFORM.INPUT_INVALID' });
    expect(String(method.body.error?.['message'])).toMatch(/method/);
    const getWithBody = await raw(greenhouseId, '/passthrough/greenhouse/harvest%2Fv3', { method: 'GET', path: '/users', data: { a: 1 } });
    expect(getWithBody.status).toBe(400);
    const noHeader = await fetch(`${t.url}/v1/passthrough/greenhouse/harvest%2Fv3`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '/users' }),
    });
    expect(noHeader.status).toBe(400);
    const sandbox = await refusal(kombo(t.sandboxId).general.sendPassthroughRequest({ tool: 'sandbox', api: 'v1', body: { method: 'GET', path: '/users' } }));
    expect(sandbox.statusCode).toBe(400);
    expect(sandbox.message).toMatch(/available APIs: none/);
    expect((await requestsOf(ghRunning)).length).toBe(before);
  });

  it('sends bodies as JSON and shares the integration fetcher with syncs', async () => {
    const pool = t.server.services.fetchPool;
    const ctxFetch = pool.forIntegration(greenhouseId);
    // One polite fetcher per integration and priority, spending its vendor account's budget like the syncs.
    expect(pool.forIntegration(greenhouseId)).toBe(ctxFetch);
    const before = (await requestsOf(ghRunning)).length;
    const res = await kombo(greenhouseId).general.sendPassthroughRequest({
      tool: 'greenhouse',
      api: 'harvest/v3',
      body: { method: 'POST', path: '/notes', data: { body: 'hello' } },
    });
    expect(res.data.status).toBeGreaterThanOrEqual(200);
    const after = await requestsOf(ghRunning);
    expect(after.slice(before)).toContain('POST /v3/notes');
  });
});
