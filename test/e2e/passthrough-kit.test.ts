/**
 * Passthrough for the connectors that get it from the connector kit alone (Ashby, Workable, Teamtailor, SmartRecruiters, Recruitee, Personio: they
 * declare an API, and their client's base URL and authentication do the rest). The official SDK's
 * `sendPassthroughRequest` against the emulators: the vendor answer comes back, the credentials
 * are the integration's, escape attempts are refused before anything reaches the emulator. The
 * guard itself is covered for every tool by `passthrough.test.ts`; one dialect is enough here, as
 * passthrough stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAshbyEmulator } from '../../emulators/ashby/app.js';
import { createWorkableEmulator } from '../../emulators/workable/app.js';
import { createTeamtailorEmulator } from '../../emulators/teamtailor/app.js';
import { createRecruiteeEmulator } from '../../emulators/recruitee/app.js';
import { createSmartRecruitersEmulator } from '../../emulators/smartrecruiters/app.js';
import { createPersonioEmulator } from '../../emulators/personio/app.js';
import { serveEmulator, type RunningEmulator } from '../../emulators/shared/serve.js';
import { postIntegration } from '../setup/connector-e2e.js';
import { sdkDialects, type KomboClient } from '../setup/sdks.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';
import { ESCAPES, refusal as refusalOf, requestsOf } from './passthrough-escapes.js';

// One dialect: the storage is beside the point here; both SDK versions are.
describe.each(sdkDialects().filter((d) => d.dialect.name === 'sqlite'))('Passthrough from the connector kit on $name', ({ sdk, dialect }) => {
  const refusal = (promise: Promise<unknown>) => refusalOf(sdk, promise);
  let ashby: RunningEmulator;
  let workable: RunningEmulator;
  let teamtailor: RunningEmulator;
  let t: TestServer;
  let ashbyId = '';
  let workableId = '';
  let teamtailorId = '';
  let smartrecruiters: RunningEmulator;
  let smartrecruitersId = '';
  let kombo: (integrationId: string) => KomboClient;

  const create = async (body: unknown): Promise<string> => {
    const res = await postIntegration(t, body);
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { data: { id: string } }).data.id;
  };

  beforeAll(async () => {
    const ashbyEmu = createAshbyEmulator({ seed: 4, size: 4, rateLimitPerSecond: Infinity });
    ashby = await serveEmulator(ashbyEmu);
    // An empty Workable account keeps the first sync short at Workable's pace (under 1 request/s).
    const workableEmu = createWorkableEmulator({ seed: 4, size: 0 });
    workable = await serveEmulator(workableEmu);
    const teamtailorEmu = createTeamtailorEmulator({ seed: 4, size: 3, rateLimitPerSecond: Infinity });
    teamtailor = await serveEmulator(teamtailorEmu);
    const srEmu = createSmartRecruitersEmulator({ seed: 4, size: 2, rateLimitPerSecond: Infinity });
    smartrecruiters = await serveEmulator(srEmu);
    t = await startTestServer(dialect, { ALLOW_CUSTOM_BASE_URLS: '1' });
    ashbyId = await create({ tool: 'ashby', credentials: { api_key: ashbyEmu.credentials['api_key'] }, base_url: ashby.url, end_user: { organization_name: 'Acme (Ashby)' } });
    workableId = await create({ tool: 'workable', credentials: workableEmu.credentials, base_url: `${workable.url}/acme/spi/v3`, end_user: { organization_name: 'Acme (Workable)' } });
    teamtailorId = await create({ tool: 'teamtailor', credentials: teamtailorEmu.credentials, base_url: `${teamtailor.url}/v1`, end_user: { organization_name: 'Acme (Teamtailor)' } });
    smartrecruitersId = await create({ tool: 'smartrecruiters', credentials: srEmu.credentials, base_url: smartrecruiters.url, end_user: { organization_name: 'Acme (SmartRecruiters)' } });
    await t.server.services.runner.idle();
    kombo = (integrationId) => sdk.client({ api_key: t.apiKey, integration_id: integrationId, server_url: `${t.url}/v1` });
  });
  afterAll(async () => {
    await t?.close();
    await ashby?.close();
    await workable?.close();
    await smartrecruiters?.close();
    await teamtailor?.close();
  });

  it('forwards a Teamtailor request with the key and the pinned API version', async () => {
    const res = await kombo(teamtailorId).general.sendPassthroughRequest({ tool: 'teamtailor', api: 'v1', body: { method: 'GET', path: '/users', params: { 'page[size]': '2' } } });
    // Without the X-Api-Version the connector adds, Teamtailor would answer 406.
    expect(res.data.status).toBe(200);
    expect(res.data.url).toBe(`${teamtailor.url}/v1/users?page%5Bsize%5D=2`);
    expect((res.data.data as { data: unknown[] }).data).toHaveLength(2);
  });

  it('forwards an Ashby RPC with the integration key and returns the vendor answer', async () => {
    const before = (await requestsOf(ashby)).length;
    const res = await kombo(ashbyId).general.sendPassthroughRequest({ tool: 'ashby', api: 'v1', body: { method: 'POST', path: '/candidate.list', data: { limit: 2 } } });
    expect(res.data.status).toBe(200);
    expect(res.data.url).toBe(`${ashby.url}/candidate.list`);
    const answer = res.data.data as { success: boolean; results: unknown[] };
    expect(answer.success).toBe(true);
    expect(answer.results.length).toBeLessThanOrEqual(2);
    expect((await requestsOf(ashby)).slice(before)).toEqual(['POST /candidate.list']);
  });

  it('forwards a Workable request below the account base URL', async () => {
    const res = await kombo(workableId).general.sendPassthroughRequest({ tool: 'workable', api: 'spi/v3', body: { method: 'GET', path: '/members', params: { limit: '1' } } });
    expect(res.data.status).toBe(200);
    expect(res.data.url).toBe(`${workable.url}/acme/spi/v3/members?limit=1`);
    expect(Array.isArray((res.data.data as { members?: unknown }).members)).toBe(true);
  });

  it('forwards a SmartRecruiters request with the X-SmartToken key', async () => {
    const res = await kombo(smartrecruitersId).general.sendPassthroughRequest({ tool: 'smartrecruiters', api: 'v1', body: { method: 'GET', path: '/configuration/rejection-reasons' } });
    expect(res.data.status).toBe(200);
    expect(res.data.url).toBe(`${smartrecruiters.url}/configuration/rejection-reasons`);
    expect((res.data.data as { content?: unknown[] }).content?.length).toBeGreaterThan(0);
  });

  it('refuses escapes and unknown APIs without sending anything', async () => {
    const before = [(await requestsOf(ashby)).length, (await requestsOf(workable)).length];
    for (const path of ESCAPES.slice(0, 12)) {
      const viaAshby = await refusal(kombo(ashbyId).general.sendPassthroughRequest({ tool: 'ashby', api: 'v1', body: { method: 'POST', path, data: {} } }));
      expect(viaAshby.statusCode, path).toBe(400);
      const viaWorkable = await refusal(kombo(workableId).general.sendPassthroughRequest({ tool: 'workable', api: 'spi/v3', body: { method: 'GET', path } }));
      expect(viaWorkable.statusCode, path).toBe(400);
    }
    const wrongApi = await refusal(kombo(workableId).general.sendPassthroughRequest({ tool: 'workable', api: 'v1', body: { method: 'GET', path: '/jobs' } }));
    expect(wrongApi.message).toMatch(/Available APIs: "spi\/v3"/);
    expect([(await requestsOf(ashby)).length, (await requestsOf(workable)).length]).toEqual(before);
  });
});

// Recruitee: the API lives below /c/{company_id}, which the connector appends to the base URL.
describe.each(sdkDialects().filter((d) => d.dialect.name === 'sqlite'))('Passthrough to Recruitee on $name', ({ sdk, dialect }) => {
  let recruitee: RunningEmulator;
  let t: TestServer;
  let kombo: KomboClient;

  beforeAll(async () => {
    const emu = createRecruiteeEmulator({ seed: 4, size: 0, rateLimitPerSecond: Infinity });
    recruitee = await serveEmulator(emu);
    t = await startTestServer(dialect, { ALLOW_CUSTOM_BASE_URLS: '1' });
    const res = await postIntegration(t, { tool: 'recruitee', credentials: emu.credentials, base_url: recruitee.url, end_user: { organization_name: 'Acme (Recruitee)' } });
    expect(res.status, await res.clone().text()).toBe(200);
    await t.server.services.runner.idle();
    kombo = sdk.client({ api_key: t.apiKey, integration_id: ((await res.json()) as { data: { id: string } }).data.id, server_url: `${t.url}/v1` });
  });
  afterAll(async () => {
    await t?.close();
    await recruitee?.close();
  });

  it('forwards a request below /c/{company_id} with the token, and refuses escapes without sending them', async () => {
    const res = await kombo.general.sendPassthroughRequest({ tool: 'recruitee', api: 'ats', body: { method: 'GET', path: '/admins' } });
    expect(res.data.status).toBe(200);
    expect(res.data.url).toBe(`${recruitee.url}/c/86421/admins`);
    expect(Array.isArray((res.data.data as { admins?: unknown }).admins)).toBe(true);
    const before = (await requestsOf(recruitee)).length;
    for (const path of ESCAPES.slice(0, 12)) {
      expect((await refusalOf(sdk, kombo.general.sendPassthroughRequest({ tool: 'recruitee', api: 'ats', body: { method: 'GET', path } }))).statusCode, path).toBe(400);
    }
    expect((await requestsOf(recruitee)).length).toBe(before);
  });
});

// Personio: the v2 API below /v2, with the OAuth token the connector obtained from the client credentials.
describe.each(sdkDialects().filter((d) => d.dialect.name === 'sqlite'))('Passthrough to Personio on $name', ({ sdk, dialect }) => {
  let personio: RunningEmulator;
  let t: TestServer;
  let kombo: KomboClient;

  beforeAll(async () => {
    const emu = createPersonioEmulator({ seed: 4, size: 2, rateLimitPerSecond: Infinity });
    personio = await serveEmulator(emu);
    t = await startTestServer(dialect, { ALLOW_CUSTOM_BASE_URLS: '1' });
    const res = await postIntegration(t, { tool: 'personio', credentials: emu.credentials, base_url: personio.url, end_user: { organization_name: 'Acme (Personio)' } });
    expect(res.status, await res.clone().text()).toBe(200);
    await t.server.services.runner.idle();
    kombo = sdk.client({ api_key: t.apiKey, integration_id: ((await res.json()) as { data: { id: string } }).data.id, server_url: `${t.url}/v1` });
  });
  afterAll(async () => {
    await t?.close();
    await personio?.close();
  });

  it('forwards a v2 request with the OAuth token, and refuses escapes without sending them', async () => {
    const res = await kombo.general.sendPassthroughRequest({ tool: 'personio', api: 'v2', body: { method: 'GET', path: '/recruiting/categories', params: { limit: '1' } } });
    expect(res.data.status).toBe(200);
    expect(res.data.url).toBe(`${personio.url}/v2/recruiting/categories?limit=1`);
    expect((res.data.data as { _data?: unknown[] })._data).toHaveLength(1);
    const before = (await requestsOf(personio)).length;
    for (const path of ESCAPES.slice(0, 12)) {
      expect((await refusalOf(sdk, kombo.general.sendPassthroughRequest({ tool: 'personio', api: 'v2', body: { method: 'GET', path } }))).statusCode, path).toBe(400);
    }
    expect((await requestsOf(personio)).length).toBe(before);
  });
});
