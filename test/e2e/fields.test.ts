/**
 * remote_data, integration fields and custom fields end to end: the Greenhouse and Lever emulators,
 * the real server, and the official SDK (`getIntegrationFields`, `updateIntegrationField`,
 * `getCustomFields`, `updateCustomFieldMapping`; 1.1.3 and 1.3.4, see test/setup/sdks.ts) on every
 * dialect. Records are read over raw HTTP too, because the SDK strips `integration_fields` and `remote_data`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGreenhouseEmulator } from '../../emulators/greenhouse/app.js';
import { createLeverEmulator } from '../../emulators/lever/app.js';
import type { Emulator } from '../../emulators/shared/emulator.js';
import { serveEmulator, type RunningEmulator } from '../../emulators/shared/serve.js';
import { isGeneralError, sdkDialects, walk, type KomboClient } from '../setup/sdks.js';
import { VirtualClock } from '../setup/virtual-clock.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

type Row = Record<string, unknown>;

describe.each(sdkDialects())('Integration fields, custom fields and remote_data on $name', ({ sdk, dialect }) => {
  const { KomboGeneralError } = sdk;
  let gh: Emulator;
  let ghRunning: RunningEmulator;
  let leverRunning: RunningEmulator;
  let t: TestServer;
  let ghId = '';
  let leverId = '';
  let kombo: KomboClient;

  const call = async (method: string, path: string, body?: unknown, integrationId?: string) => {
    const res = await fetch(`${t.url}/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json', ...(integrationId ? { 'X-Integration-Id': integrationId } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as { data?: Row & { results?: Row[]; next?: string | null }; error?: Row } };
  };
  const records = async (integrationId: string, model: string): Promise<Row[]> => {
    const out: Row[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `page_size=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await call('GET', `/ats/${model}?${query}`, undefined, integrationId);
      expect(res.status).toBe(200);
      out.push(...(res.body.data?.results ?? []));
      cursor = res.body.data?.next ?? null;
    } while (cursor);
    return out;
  };
  const sync = async (integrationId: string, type: 'FULL' | 'DELTA') => {
    const res = await call('POST', '/force-sync', { type }, integrationId);
    expect(res.status).toBe(200);
    await t.server.services.runner.idle();
    const details = await call('GET', `/integrations/${integrationId}`);
    expect((details.body.data?.['sync_state'] as { last_sync: { state: string } }).last_sync.state).toBe('SUCCEEDED');
  };

  /** Vendor pacing and retry waits pass in virtual time, on the server and the emulators alike. */
  const clock = new VirtualClock();

  beforeAll(async () => {
    gh = createGreenhouseEmulator({ seed: 8, size: 8, rateLimitPerSecond: 1000, now: clock.now });
    ghRunning = await serveEmulator(gh);
    const lever = createLeverEmulator({ seed: 8, size: 6, rateLimitPerSecond: 1000, now: clock.now });
    leverRunning = await serveEmulator(lever);
    t = await startTestServer(dialect, { ALLOW_CUSTOM_BASE_URLS: '1' }, { clock });
    const created = await call('POST', '/integrations', {
      tool: 'greenhouse',
      credentials: { client_id: gh.credentials['client_id'], client_secret: gh.credentials['client_secret'], user_id: gh.credentials['user_id'] },
      base_url: ghRunning.url,
      end_user: { organization_name: 'Acme (Greenhouse)' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    ghId = String(created.body.data?.['id']);
    const leverCreated = await call('POST', '/integrations', {
      tool: 'lever',
      credentials: { api_key: lever.credentials.api_key },
      base_url: `${leverRunning.url}/v1`,
      end_user: { organization_name: 'Acme (Lever)' },
    });
    expect(leverCreated.status).toBe(200);
    leverId = String(leverCreated.body.data?.['id']);
    await t.server.services.runner.idle();
    kombo = sdk.client({ api_key: t.apiKey, server_url: `${t.url}/v1` });
  });
  afterAll(async () => {
    await t?.close();
    await ghRunning?.close();
    await leverRunning?.close();
  });

  it('lists the fields the first sync found, in pages, none of them enabled', async () => {
    const fields = await walk(kombo.general.getIntegrationFields({ integration_id: ghId, page_size: 7 }));
    expect(new Set(fields.map((f) => f.id)).size).toBe(fields.length);
    expect(fields.every((f) => f.is_writable === false && f.is_passthrough_enabled === false)).toBe(true);
    const keys = (model: string, type: string) => fields.filter((f) => f.model === model && f.type === type).map((f) => f.key);
    expect(keys('ats_candidates', 'DEFAULT')).toEqual(expect.arrayContaining(['id', 'first_name', 'last_name', 'custom_fields']));
    expect(keys('ats_applications', 'DEFAULT')).toEqual(expect.arrayContaining(['id', 'status']));
    expect(keys('ats_jobs', 'DEFAULT')).toEqual(expect.arrayContaining(['id', 'name', 'requisition_id']));
    expect(keys('ats_jobs', 'CUSTOM')).toEqual(['employment_type']);
    expect(fields.find((f) => f.type === 'CUSTOM')?.label).toBe('Employment Type');

    const all = await call('GET', `/integrations/${ghId}/integration-fields?page_size=2000`);
    expect(all.body.data?.results).toHaveLength(fields.length);
    expect(all.body.data?.next).toBeNull();

    const lever = await walk(kombo.general.getIntegrationFields({ integration_id: leverId, page_size: 2000 }));
    expect(lever.filter((f) => f.model === 'ats_applications').map((f) => f.key)).toEqual(expect.arrayContaining(['id', 'contact', 'stage']));
    expect(lever.filter((f) => f.model === 'ats_jobs').map((f) => f.key)).toEqual(expect.arrayContaining(['id', 'text', 'state']));
    expect(await walk(kombo.general.getIntegrationFields({ integration_id: t.sandboxId }))).toEqual([]);
  });

  it('serves records without remote_data, with empty integration_fields and null custom_fields by default', async () => {
    for (const model of ['candidates', 'applications', 'jobs']) {
      const rows = await records(ghId, model);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row).not.toHaveProperty('remote_data');
        expect(row['integration_fields']).toEqual([]);
        expect(row['custom_fields']).toBeNull();
      }
    }
  });

  it('lists vendor custom fields unmapped, maps one, enables fields and remote_data, and shows them after the full sync this starts', async () => {
    const customs = await walk(kombo.general.getCustomFields({ integration_id: ghId }));
    const employment = customs.find((c) => c.model === 'ats_jobs' && c.key === 'employment_type');
    expect(employment).toMatchObject({ label: 'Employment Type', integration_field: null, description: null });
    const fields = await walk(kombo.general.getIntegrationFields({ integration_id: ghId, page_size: 2000 }));
    const customField = fields.find((f) => f.model === 'ats_jobs' && f.type === 'CUSTOM' && f.key === 'employment_type');
    const firstName = fields.find((f) => f.model === 'ats_candidates' && f.type === 'DEFAULT' && f.key === 'first_name');
    const status = fields.find((f) => f.model === 'ats_applications' && f.type === 'DEFAULT' && f.key === 'status');
    if (!employment || !customField || !firstName || !status) throw new Error('fields missing');

    const runsBefore = (await call('GET', `/integrations/${ghId}/syncs`)).body.data as { results: unknown[] };
    const mapped = await kombo.general.updateCustomFieldMapping({ integration_id: ghId, custom_field_id: employment.id, body: { integration_field_id: customField.id } });
    expect(mapped.data).toMatchObject({ id: employment.id, key: 'employment_type', integration_field: { id: customField.id, key: 'employment_type', type: 'CUSTOM' } });
    const enabled = await kombo.general.updateIntegrationField({ integration_id: ghId, integration_field_id: firstName.id, body: { enable_passthrough: true } });
    expect(enabled.data).toMatchObject({ id: firstName.id, is_passthrough_enabled: true, is_writable: false });
    await kombo.general.updateIntegrationField({ integration_id: ghId, integration_field_id: status.id, body: { enable_passthrough: true } });
    const unchanged = await kombo.general.updateIntegrationField({ integration_id: ghId, integration_field_id: status.id, body: { enable_passthrough: null } });
    expect(unchanged.data.is_passthrough_enabled).toBe(true);
    const remote = await call('PATCH', `/integrations/${ghId}`, { remote_data_enabled: true });
    expect(remote.status).toBe(200);
    expect(remote.body.data).toEqual({ id: ghId, remote_data_enabled: true });
    expect((await walk(kombo.general.getCustomFields({ integration_id: ghId }))).find((c) => c.id === employment.id)?.integration_field?.id).toBe(customField.id);

    // Views are composed when read: a mapped custom field shows at once (its values are always stored).
    expect((await records(ghId, 'jobs'))[0]?.['custom_fields']).toHaveProperty('employment_type');
    // Raw payloads are stored only for models that show them: the settings above started the full
    // sync that stores them (no sync is forced here).
    expect((await records(ghId, 'candidates'))[0]?.['integration_fields']).toEqual([{ id: firstName.id, key: 'first_name', type: 'DEFAULT', label: 'first_name', value: null }]);
    await t.server.services.runner.idle();
    const runsAfter = (await call('GET', `/integrations/${ghId}/syncs`)).body.data as { results: Array<{ type: string }> };
    expect(runsAfter.results.length).toBe(runsBefore.results.length + 1);
    expect(runsAfter.results[0]?.type).toBe('FULL');
    // A setting switched on while that sync ran counts from its next batch; the next full sync has all.
    await sync(ghId, 'FULL');

    const vendorJobs = (await (await fetch(`${ghRunning.url}/__admin/state`)).json()) as Row;
    expect(vendorJobs['jobs']).toBeGreaterThan(0);
    const jobs = await records(ghId, 'jobs');
    for (const job of jobs) {
      const raw = job['remote_data'] as Row;
      expect(String(raw['id'])).toBe(job['remote_id']);
      const vendorValue = (raw['custom_fields'] as Record<string, { value: unknown }>)['employment_type']?.value ?? null;
      expect(job['custom_fields']).toEqual({ employment_type: vendorValue });
      expect(job['integration_fields']).toEqual([]);
    }
    const sdkJobs = await walk(sdk.client({ api_key: t.apiKey, integration_id: ghId, server_url: `${t.url}/v1` }).ats.getJobs({ page_size: 250 }));
    expect(sdkJobs[0]?.custom_fields).toHaveProperty('employment_type');
    for (const candidate of await records(ghId, 'candidates')) {
      expect(candidate['custom_fields']).toBeNull();
      expect(candidate['integration_fields']).toEqual([{ id: firstName.id, key: 'first_name', type: 'DEFAULT', label: 'first_name', value: candidate['first_name'] }]);
      expect((candidate['remote_data'] as Row)['first_name']).toBe(candidate['first_name']);
    }
    for (const application of await records(ghId, 'applications')) {
      const fieldsOf = application['integration_fields'] as Row[];
      expect(fieldsOf).toHaveLength(1);
      expect(fieldsOf[0]).toMatchObject({ key: 'status', type: 'DEFAULT', value: (application['remote_data'] as Row)['status'] });
    }
  });

  it('keeps views and changed_at as they are when a sync finds nothing new', async () => {
    const before = await Promise.all(['candidates', 'applications', 'jobs'].map((m) => records(ghId, m)));
    const start = new Date().toISOString();
    await sync(ghId, 'FULL');
    const after = await Promise.all(['candidates', 'applications', 'jobs'].map((m) => records(ghId, m)));
    expect(after).toEqual(before);
    for (const model of ['candidates', 'applications', 'jobs']) {
      const updated = await call('GET', `/ats/${model}?updated_after=${encodeURIComponent(start)}`, undefined, ghId);
      expect(updated.body.data?.results, model).toEqual([]);
    }
  });

  it('unmaps, disables and switches remote_data off again', async () => {
    const customs = await walk(kombo.general.getCustomFields({ integration_id: ghId }));
    const employment = customs.find((c) => c.key === 'employment_type');
    if (!employment) throw new Error('custom field missing');
    const unmapped = await kombo.general.updateCustomFieldMapping({ integration_id: ghId, custom_field_id: employment.id, body: { integration_field_id: null } });
    expect(unmapped.data.integration_field).toBeNull();
    expect((await call('PATCH', `/integrations/${ghId}`, { remote_data_enabled: false })).status).toBe(200);
    for (const field of await walk(kombo.general.getIntegrationFields({ integration_id: ghId, page_size: 2000 }))) {
      if (field.is_passthrough_enabled) await kombo.general.updateIntegrationField({ integration_id: ghId, integration_field_id: field.id, body: { enable_passthrough: false } });
    }
    await sync(ghId, 'FULL');
    for (const model of ['candidates', 'applications', 'jobs']) {
      for (const row of await records(ghId, model)) {
        expect(row).not.toHaveProperty('remote_data');
        expect(row['integration_fields']).toEqual([]);
        expect(row['custom_fields']).toBeNull();
      }
    }
  });

  it('refuses unknown ids and mismatched models with PLATFORM codes', async () => {
    const fields = await walk(kombo.general.getIntegrationFields({ integration_id: ghId, page_size: 2000 }));
    const candidateField = fields.find((f) => f.model === 'ats_candidates');
    const customs = await walk(kombo.general.getCustomFields({ integration_id: ghId }));
    const jobCustom = customs.find((c) => c.model === 'ats_jobs');
    if (!candidateField || !jobCustom) throw new Error('fields missing');
    const expectError = async (promise: Promise<unknown>, status: number, pattern: RegExp) => {
      try {
        await promise;
      } catch (err) {
        expect(err).toBeInstanceOf(KomboGeneralError);
        if (!isGeneralError(sdk, err)) throw err;
        const e = err;
        expect(e.statusCode).toBe(status);
        expect(String(e.error.code)).toMatch(/^PLATFORM\./);
        expect(e.message).toMatch(pattern);
        return;
      }
      throw new Error('not refused');
    };
    await expectError(kombo.general.updateCustomFieldMapping({ integration_id: ghId, custom_field_id: jobCustom.id, body: { integration_field_id: candidateField.id } }), 400, /belongs to ats_candidates/);
    await expectError(kombo.general.updateCustomFieldMapping({ integration_id: ghId, custom_field_id: jobCustom.id, body: { integration_field_id: 'nope' } }), 400, /no integration field/);
    await expectError(kombo.general.updateCustomFieldMapping({ integration_id: ghId, custom_field_id: 'nope', body: { integration_field_id: null } }), 404, /no custom field/);
    await expectError(kombo.general.updateIntegrationField({ integration_id: ghId, integration_field_id: 'nope', body: { enable_passthrough: true } }), 404, /no integration field/);
    await expectError(kombo.general.getIntegrationFields({ integration_id: 'greenhouse:missing' }), 404, /No integration/);
    await expectError(kombo.general.getCustomFields({ integration_id: ghId, cursor: 'forged' }), 400, /cursor/);
    // Another integration's field cannot be mapped.
    const leverField = (await walk(kombo.general.getIntegrationFields({ integration_id: leverId, page_size: 2000 }))).find((f) => f.model === 'ats_jobs');
    await expectError(kombo.general.updateCustomFieldMapping({ integration_id: ghId, custom_field_id: jobCustom.id, body: { integration_field_id: leverField?.id ?? 'x' } }), 400, /no integration field/);
    const bad = await call('PATCH', `/integrations/${ghId}`, { remote_data_enabled: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.['code']).toBe('PLATFORM.INPUT_INVALID');
    expect((await call('PATCH', `/integrations/${ghId}`, { other: true })).status).toBe(400);
  });
});
