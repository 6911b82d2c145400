/**
 * The integration lifecycle and force-sync over plain HTTP (no SDK) on every dialect:
 * create -> details -> list -> disable/enable -> delete, and the force-sync queueing rules.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../setup/dialects.js';
import { call, dataOf, describeAnswer, expectError, isRecord, type Answer } from '../setup/http-client.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

const ATS_READS = (candidateId: string, applicationId: string) => [
  '/v1/ats/applications',
  '/v1/ats/candidates',
  '/v1/ats/jobs',
  '/v1/ats/users',
  '/v1/ats/roles',
  '/v1/ats/offers',
  '/v1/ats/interviews',
  '/v1/ats/tags',
  '/v1/ats/application-stages',
  '/v1/ats/rejection-reasons',
  `/v1/ats/candidates/${candidateId}/attachments`,
  `/v1/ats/applications/${applicationId}/attachments`,
];

async function walkIntegrations(t: TestServer, pageSize: number): Promise<{ ids: string[]; pages: number; sizes: number[] }> {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  for (let pages = 1; pages < 1000; pages++) {
    const data = dataOf(await call(t, 'GET', `/v1/integrations?page_size=${pageSize}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`));
    expect(Object.keys(data).sort()).toEqual(['next', 'results']);
    const results = data['results'];
    if (!Array.isArray(results)) throw new Error('results is not an array');
    sizes.push(results.length);
    for (const item of results) ids.push(String(isRecord(item) ? item['id'] : item));
    const next = data['next'];
    if (next === null) return { ids, pages, sizes };
    expect(typeof next).toBe('string');
    cursor = String(next);
  }
  throw new Error('the integration list never ended');
}

const create = async (t: TestServer, organization_name: string, extra: Record<string, unknown> = {}) =>
  dataOf(await call(t, 'POST', '/v1/integrations', { json: { tool: 'sandbox', credentials: { size: '3', seed: '9' }, end_user: { organization_name, ...extra } } }));

describe.each(DIALECTS)('HTTP integration lifecycle on $name', (dialect) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterEach(async () => {
    t.server.services.runner.resume();
    await t.server.services.runner.idle();
  });
  afterAll(async () => t?.close());

  it('create -> details -> list -> disable -> enable -> delete', async () => {
    t.server.services.runner.pause();
    const created = await create(t, 'Lifecycle GmbH', { origin_id: 'life-1', creator_email: 'owner@lifecycle.example' });
    const id = String(created['id']);
    expect(id).toMatch(/^sandbox:\S+$/);
    expect(created).toMatchObject({
      id,
      category: 'ATS',
      status: 'ACTIVE',
      setup_status: 'FINAL_SYNC_PENDING',
      end_user: { organization_name: 'Lifecycle GmbH', origin_id: 'life-1', creator_email: 'owner@lifecycle.example' },
      tool: { id: 'sandbox' },
    });
    expect(String(created['created_at'])).toMatch(ISO);

    const pending = dataOf(await call(t, 'GET', `/v1/integrations/${id}`));
    expect(pending).toMatchObject({ id, status: 'ACTIVE', setup_status: 'FINAL_SYNC_PENDING' });
    expect(pending['created_at']).toBe(created['created_at']);
    expect(dataOf(await call(t, 'GET', `/v1/integrations/${encodeURIComponent(id)}`))['id']).toBe(id);
    const early = await call(t, 'GET', '/v1/ats/jobs', { headers: { 'X-Integration-Id': id } });
    // 503 (Kombo before 2026-05-19, this server's choice) or 409 (Kombo since): the code is what matters.
    expectError(early, early.status === 409 ? 409 : 503, 'INTEGRATION.SETUP_SYNC_PENDING');

    t.server.services.runner.resume();
    await t.server.services.runner.idle();
    const done = dataOf(await call(t, 'GET', `/v1/integrations/${id}`));
    expect(done).toMatchObject({ id, status: 'ACTIVE', setup_status: 'COMPLETED' });

    const headers = { 'X-Integration-Id': id };
    const candidates = dataOf(await call(t, 'GET', '/v1/ats/candidates?page_size=250', { headers }))['results'];
    if (!Array.isArray(candidates) || !isRecord(candidates[0])) throw new Error('no candidates');
    expect(candidates).toHaveLength(3);
    const candidateId = String(candidates[0]['id']);
    const applications = candidates[0]['applications'];
    const applicationId = Array.isArray(applications) && isRecord(applications[0]) ? String(applications[0]['id']) : 'none';
    const reads = ATS_READS(candidateId, applicationId);
    for (const path of reads) dataOf(await call(t, 'GET', path, { headers }));

    // Disable: the integration reports INACTIVE and refuses ATS reads.
    const disabled = await call(t, 'PUT', `/v1/integrations/${id}/enabled`, { json: { value: false } });
    expect(disabled.status, describeAnswer(disabled)).toBe(200);
    expect(disabled.json).toEqual({ status: 'success', data: {} });
    expect(dataOf(await call(t, 'GET', `/v1/integrations/${id}`))['status']).toBe('INACTIVE');
    for (const path of reads) expectError(await call(t, 'GET', path, { headers }), 403, 'INTEGRATION.INACTIVE');
    const disabledAgain = await call(t, 'PUT', `/v1/integrations/${id}/enabled`, { json: { value: false } });
    expect(disabledAgain.json).toEqual({ status: 'success', data: {} });
    expect(dataOf(await call(t, 'GET', `/v1/integrations/${id}`))['status']).toBe('INACTIVE');

    // Enable: ACTIVE again and readable.
    const enabled = await call(t, 'PUT', `/v1/integrations/${id}/enabled`, { json: { value: true } });
    expect(enabled.json).toEqual({ status: 'success', data: {} });
    expect(dataOf(await call(t, 'GET', `/v1/integrations/${id}`))).toMatchObject({ status: 'ACTIVE', setup_status: 'COMPLETED' });
    for (const path of reads) dataOf(await call(t, 'GET', path, { headers }));
    await t.server.services.runner.idle();
    const enabledAgain = await call(t, 'PUT', `/v1/integrations/${id}/enabled`, { json: { value: true } });
    expect(enabledAgain.json).toEqual({ status: 'success', data: {} });
    expect(dataOf(await call(t, 'GET', `/v1/integrations/${id}`))['status']).toBe('ACTIVE');
    await t.server.services.runner.idle();

    // Delete: gone everywhere.
    const deleted = await call(t, 'DELETE', `/v1/integrations/${id}`, { json: {} });
    expect(deleted.status, describeAnswer(deleted)).toBe(200);
    expect(deleted.contentType).toMatch(/^application\/json/);
    expect(deleted.json).toEqual({ status: 'success', data: {} });
    expectError(await call(t, 'GET', `/v1/integrations/${id}`), 404, 'PLATFORM.INTEGRATION_NOT_FOUND');
    expectError(await call(t, 'DELETE', `/v1/integrations/${id}`, { json: {} }), 404, 'PLATFORM.INTEGRATION_NOT_FOUND');
    expectError(await call(t, 'PUT', `/v1/integrations/${id}/enabled`, { json: { value: true } }), 404, 'PLATFORM.INTEGRATION_NOT_FOUND');
    expectError(await call(t, 'POST', '/v1/force-sync', { json: { type: 'FULL' }, headers }), 404, 'PLATFORM.INTEGRATION_NOT_FOUND');
    for (const path of reads) expectError(await call(t, 'GET', path, { headers }), 404, 'PLATFORM.INTEGRATION_NOT_FOUND');
    expect((await walkIntegrations(t, 250)).ids).not.toContain(id);
    // The sandbox was not touched.
    dataOf(await call(t, 'GET', '/v1/ats/jobs', { headers: { 'X-Integration-Id': t.sandboxId } }));
  });

  it('pages through GET /v1/integrations with page_size=1 visiting every integration exactly once', async () => {
    for (const name of ['Page One', 'Page Two', 'Page Three']) await create(t, name);
    await t.server.services.runner.idle();
    const all = await walkIntegrations(t, 250);
    expect(all.pages).toBe(1);
    expect(all.ids.length).toBeGreaterThanOrEqual(4);
    expect(all.ids).toContain(t.sandboxId);
    const small = await walkIntegrations(t, 1);
    expect(small.sizes.every((n) => n === 1)).toBe(true);
    expect(small.pages).toBe(all.ids.length);
    expect(new Set(small.ids).size).toBe(small.ids.length);
    expect([...small.ids].sort()).toEqual([...all.ids].sort());
    const two = await walkIntegrations(t, 2);
    expect([...two.ids].sort()).toEqual([...all.ids].sort());
    expect(two.pages).toBe(Math.ceil(all.ids.length / 2));
  });

  it('keeps a page walk stable while integrations are created and deleted', async () => {
    const first = dataOf(await call(t, 'GET', '/v1/integrations?page_size=1'));
    const firstResults = first['results'];
    const seen = Array.isArray(firstResults) && isRecord(firstResults[0]) ? [String(firstResults[0]['id'])] : [];
    const victim = String((await create(t, 'Victim AG'))['id']);
    await t.server.services.runner.idle();
    dataOf(await call(t, 'DELETE', `/v1/integrations/${victim}`));
    let cursor = first['next'];
    while (typeof cursor === 'string') {
      const data = dataOf(await call(t, 'GET', `/v1/integrations?page_size=1&cursor=${encodeURIComponent(cursor)}`));
      const results = data['results'];
      if (Array.isArray(results)) for (const r of results) seen.push(String(isRecord(r) ? r['id'] : r));
      cursor = data['next'];
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(victim);
    expect([...seen].sort()).toEqual((await walkIntegrations(t, 250)).ids.sort());
  });

  it('an integration disabled before its first sync completes it once enabled again', async () => {
    t.server.services.runner.pause();
    const id = String((await create(t, 'Early Off GmbH'))['id']);
    dataOf(await call(t, 'PUT', `/v1/integrations/${id}/enabled`, { json: { value: false } }));
    expect(dataOf(await call(t, 'GET', `/v1/integrations/${id}`))).toMatchObject({ status: 'INACTIVE', setup_status: 'FINAL_SYNC_PENDING' });
    expectError(await call(t, 'GET', '/v1/ats/jobs', { headers: { 'X-Integration-Id': id } }), 403, 'INTEGRATION.INACTIVE');
    dataOf(await call(t, 'PUT', `/v1/integrations/${id}/enabled`, { json: { value: true } }));
    t.server.services.runner.resume();
    await t.server.services.runner.idle();
    expect(dataOf(await call(t, 'GET', `/v1/integrations/${id}`))).toMatchObject({ status: 'ACTIVE', setup_status: 'COMPLETED' });
    dataOf(await call(t, 'GET', '/v1/ats/jobs', { headers: { 'X-Integration-Id': id } }));
  });

  it('deleting an integration whose first sync is still queued leaves nothing behind', async () => {
    t.server.services.runner.pause();
    const id = String((await create(t, 'Short Lived Ltd'))['id']);
    const deleted = await call(t, 'DELETE', `/v1/integrations/${id}`);
    expect(deleted.json).toEqual({ status: 'success', data: {} });
    t.server.services.runner.resume();
    await t.server.services.runner.idle();
    expectError(await call(t, 'GET', `/v1/integrations/${id}`), 404, 'PLATFORM.INTEGRATION_NOT_FOUND');
    expectError(await call(t, 'GET', '/v1/ats/jobs', { headers: { 'X-Integration-Id': id } }), 404, 'PLATFORM.INTEGRATION_NOT_FOUND');
    expect((await walkIntegrations(t, 250)).ids).not.toContain(id);
  });

  it('deleting an integration just as its first sync starts leaves no synced rows behind', async () => {
    // The runner is resumed while the DELETE is in flight, so the sync may be starting
    // exactly when the delete cancels it. Whatever the interleaving, nothing may survive.
    const db = t.server.services.db.kysely;
    const leftovers: string[] = [];
    for (let i = 0; i < 80; i++) {
      t.server.services.runner.pause();
      const id = String((await create(t, `Race ${i}`))['id']);
      const deleting = call(t, 'DELETE', `/v1/integrations/${id}`, { json: {} });
      await new Promise((resolve) => setTimeout(resolve, i % 4));
      t.server.services.runner.resume();
      const deleted = await deleting;
      expect(deleted.json, describeAnswer(deleted)).toEqual({ status: 'success', data: {} });
      await t.server.services.runner.idle();
      const records = await db.selectFrom('records').select('id').where('integration_id', '=', id).execute();
      const keys = await db.selectFrom('record_keys').select('record_id').where('integration_id', '=', id).execute();
      if (records.length + keys.length > 0) leftovers.push(`${id}: ${records.length} records, ${keys.length} record_keys`);
      expectError(await call(t, 'GET', `/v1/integrations/${id}`), 404, 'PLATFORM.INTEGRATION_NOT_FOUND');
    }
    expect(leftovers.length, `rows left behind by deleted integrations:\n${leftovers.join('\n')}\n`).toBe(0);
  });
});

describe.each(DIALECTS)('HTTP force-sync on $name', (dialect) => {
  let t: TestServer;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestServer(dialect);
    headers = { 'X-Integration-Id': t.sandboxId };
  });
  afterEach(async () => {
    t.server.services.runner.resume();
    await t.server.services.runner.idle();
  });
  afterAll(async () => t?.close());

  const syncOf = (a: Answer) => {
    const data = dataOf(a);
    expect(Object.keys(data).sort(), describeAnswer(a)).toEqual(['already_queued', 'sync_id', 'type']);
    expect(typeof data['already_queued']).toBe('boolean');
    expect(typeof data['sync_id']).toBe('string');
    expect(String(data['sync_id']).length).toBeGreaterThan(0);
    return data as { already_queued: boolean; sync_id: string; type: string };
  };

  it('queues one sync and reports it as already queued to later callers', async () => {
    t.server.services.runner.pause();
    const first = syncOf(await call(t, 'POST', '/v1/force-sync', { headers }));
    expect(first).toMatchObject({ already_queued: false, type: 'FULL' });
    const second = syncOf(await call(t, 'POST', '/v1/force-sync', { json: { type: 'DELTA' }, headers }));
    expect(second).toEqual({ already_queued: true, sync_id: first.sync_id, type: 'FULL' });
    const third = syncOf(await call(t, 'POST', '/v1/force-sync', { json: { type: 'FULL' }, headers }));
    expect(third).toEqual({ already_queued: true, sync_id: first.sync_id, type: 'FULL' });
    const concurrent = await Promise.all([1, 2, 3].map(() => call(t, 'POST', '/v1/force-sync', { json: {}, headers }).then(syncOf)));
    for (const c of concurrent) expect(c).toEqual({ already_queued: true, sync_id: first.sync_id, type: 'FULL' });
    t.server.services.runner.resume();
    await t.server.services.runner.idle();

    const after = syncOf(await call(t, 'POST', '/v1/force-sync', { json: { type: 'FULL' }, headers }));
    expect(after.already_queued).toBe(false);
    expect(after.sync_id).not.toBe(first.sync_id);
    expect(after.type).toBe('FULL');
  });

  it('answers FULL for body-less and DELTA requests on the sandbox (not incremental)', async () => {
    await t.server.services.runner.idle();
    t.server.services.runner.pause();
    const bodyless = syncOf(await call(t, 'POST', '/v1/force-sync', { headers }));
    expect(bodyless).toMatchObject({ already_queued: false, type: 'FULL' });
    t.server.services.runner.resume();
    await t.server.services.runner.idle();
    t.server.services.runner.pause();
    const delta = syncOf(await call(t, 'POST', '/v1/force-sync', { json: { type: 'DELTA' }, headers }));
    expect(delta).toMatchObject({ already_queued: false, type: 'FULL' });
    expect(delta.sync_id).not.toBe(bodyless.sync_id);
    t.server.services.runner.resume();
    await t.server.services.runner.idle();
    const empty = syncOf(await call(t, 'POST', '/v1/force-sync', { json: {}, headers }));
    expect(empty.type).toBe('FULL');
  });

  it('a new integration reports its first sync as already queued', async () => {
    t.server.services.runner.pause();
    const id = String((await create(t, 'Queue AG'))['id']);
    const sync = syncOf(await call(t, 'POST', '/v1/force-sync', { json: { type: 'FULL' }, headers: { 'X-Integration-Id': id } }));
    expect(sync).toMatchObject({ already_queued: true, type: 'FULL' });
    t.server.services.runner.resume();
    await t.server.services.runner.idle();
    expect(dataOf(await call(t, 'GET', `/v1/integrations/${id}`))['setup_status']).toBe('COMPLETED');
  });

  it('refuses bad input', async () => {
    for (const json of [{ type: 'WEEKLY' }, { type: 'full' }, { type: 5 }, { type: null }]) {
      expectError(await call(t, 'POST', '/v1/force-sync', { json, headers }), 400, 'PLATFORM.INPUT_INVALID', /type/);
    }
    expectError(await call(t, 'POST', '/v1/force-sync', { raw: '{"type":', headers: { ...headers, 'Content-Type': 'application/json' } }), 400, 'PLATFORM.INPUT_INVALID');
    expectError(await call(t, 'POST', '/v1/force-sync', { json: { type: 'FULL' } }), 400, 'PLATFORM.INPUT_INVALID', /X-Integration-Id/);
    expectError(await call(t, 'POST', '/v1/force-sync', { json: { type: 'FULL' }, headers: { 'X-Integration-Id': 'sandbox:nope' } }), 404, 'PLATFORM.INTEGRATION_NOT_FOUND');
  });

  it('refuses to sync a disabled integration with a PLATFORM code', async () => {
    const id = String((await create(t, 'Off AG'))['id']);
    await t.server.services.runner.idle();
    dataOf(await call(t, 'PUT', `/v1/integrations/${id}/enabled`, { json: { value: false } }));
    const answer = await call(t, 'POST', '/v1/force-sync', { json: { type: 'FULL' }, headers: { 'X-Integration-Id': id } });
    expect(answer.status, describeAnswer(answer)).toBeGreaterThanOrEqual(400);
    expect(answer.status, describeAnswer(answer)).toBeLessThan(500);
    const body = answer.json;
    const code = isRecord(body) && isRecord(body['error']) ? body['error']['code'] : undefined;
    expect(code === null || (typeof code === 'string' && code.startsWith('PLATFORM.')), describeAnswer(answer)).toBe(true);
  });
});
