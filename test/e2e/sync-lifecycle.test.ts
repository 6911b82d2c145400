/**
 * The production sync engine end to end on every dialect: schedules, history, invalid
 * credentials, delta requests on tools that cannot read incrementally, anonymisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymiseExpired } from '../../src/tasks/maintenance.js';
import { DIALECTS } from '../setup/dialects.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';
import { startReceiver, type Receiver } from '../setup/webhook-receiver.js';

type SyncRun = { id: string; type: string; state: string; error: string | null; stats: Record<string, { created: number; updated: number; deleted: number; unchanged: number }> };

describe.each(DIALECTS)('sync lifecycle on $name', (dialect) => {
  let t: TestServer;
  let receiver: Receiver;
  const api = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${t.url}${path}`, { ...init, headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
    return { status: res.status, body: (await res.json()) as T };
  };
  const syncs = async (id: string) => (await api<{ data: { results: SyncRun[] } }>(`/v1/integrations/${encodeURIComponent(id)}/syncs`)).body.data.results;
  const details = async (id: string) =>
    (await api<{ data: { status: string; sync_state: { status: string; last_sync: { state: string } | null } } }>(`/v1/integrations/${encodeURIComponent(id)}`)).body.data;

  beforeAll(async () => {
    receiver = await startReceiver('lifecycle-secret-1234');
    t = await startTestServer(dialect, { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: 'lifecycle-secret-1234', DELTA_SYNC_INTERVAL: '1s', FULL_SYNC_INTERVAL: '24h' }, { maintenanceTickMs: 200 });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('records each run with its type, state, timings and per-model counts', async () => {
    const runs = await syncs(t.sandboxId);
    const first = runs[runs.length - 1];
    expect(first).toMatchObject({ type: 'FULL', state: 'SUCCEEDED', error: null });
    expect(first?.stats['candidates']).toEqual({ created: 40, updated: 0, deleted: 0, unchanged: 0 });
    const state = await details(t.sandboxId);
    expect(state.sync_state.last_sync?.state).toBe('SUCCEEDED');
  });

  it('schedules the next sync by itself; a tool without incremental reads gets a full one', async () => {
    const before = (await syncs(t.sandboxId)).length;
    const deadline = Date.now() + 15_000;
    while ((await syncs(t.sandboxId)).length <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await t.server.services.runner.idle();
    const runs = await syncs(t.sandboxId);
    expect(runs.length).toBeGreaterThan(before);
    expect(runs[0]).toMatchObject({ type: 'FULL', state: 'SUCCEEDED' });
    expect(runs[0]?.stats['candidates']).toEqual({ created: 0, updated: 0, deleted: 0, unchanged: 40 });
  });

  it('pages the sync history with cursors that only this history accepts', async () => {
    const all = await syncs(t.sandboxId);
    expect(all.length).toBeGreaterThan(1);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await api<{ data: { next: string | null; results: SyncRun[] } }>(`/v1/integrations/${encodeURIComponent(t.sandboxId)}/syncs?page_size=1${q}`);
      seen.push(...page.body.data.results.map((r) => r.id));
      cursor = page.body.data.next;
    } while (cursor);
    // The scheduler may start a run meanwhile: every earlier run is seen once, in the same order.
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => all.some((r) => r.id === id))).toEqual(all.map((r) => r.id));
    const first = await api<{ data: { next: string } }>(`/v1/integrations/${encodeURIComponent(t.sandboxId)}/syncs?page_size=1`);
    const foreign = await api<{ error: { message: string } }>(`/v1/integrations?cursor=${encodeURIComponent(first.body.data.next)}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toMatch(/cursor/);
  });

  it('answers a DELTA request with the type it actually runs', async () => {
    t.server.services.runner.pause();
    try {
      const res = await api<{ data: { type: string; already_queued: boolean } }>('/v1/force-sync', {
        method: 'POST',
        headers: { 'X-Integration-Id': t.sandboxId },
        body: '{"type":"DELTA"}',
      });
      expect(res.body.data.type).toBe('FULL');
    } finally {
      t.server.services.runner.resume();
    }
    await t.server.services.runner.idle();
  });

  it('sets the integration INVALID when the vendor rejects the credentials, tells the receiver, and stops scheduling', async () => {
    const created = await api<{ data: { id: string } }>('/v1/integrations', {
      method: 'POST',
      body: JSON.stringify({ tool: 'sandbox', credentials: { size: '4' }, end_user: { organization_name: 'Broken Keys' } }),
    });
    const id = created.body.data.id;
    await t.server.services.runner.idle();
    // The vendor now refuses what we stored (as if the customer revoked the key).
    const vault = t.server.services.vault;
    await t.server.services.db.kysely.updateTable('integrations').set({ credentials: vault.encrypt('{"size":"revoked"}') }).where('id', '=', id).execute();
    await api('/v1/force-sync', { method: 'POST', headers: { 'X-Integration-Id': id }, body: '{}' });
    await t.server.services.runner.idle();
    const after = await details(id);
    expect(after.status).toBe('INVALID');
    expect(after.sync_state.last_sync?.state).toBe('AUTHENTICATION_FAILED');
    await receiver.waitFor((r) => r.some((x) => x.type === 'integration-state-changed' && x.body.data['integration_id'] === id && x.body.data['state'] === 'INVALID'));
    const count = (await syncs(id)).length;
    await new Promise((r) => setTimeout(r, 1500));
    expect((await syncs(id)).length).toBe(count);
    const forced = await api<{ error: { code: string } }>('/v1/force-sync', { method: 'POST', headers: { 'X-Integration-Id': id }, body: '{}' });
    expect(forced.status).toBe(400);
    // Data synced before stays readable.
    const jobs = await fetch(`${t.url}/v1/ats/jobs`, { headers: { Authorization: `Bearer ${t.apiKey}`, 'X-Integration-Id': id } });
    expect(jobs.status).toBe(200);
    await api(`/v1/integrations/${encodeURIComponent(id)}`, { method: 'DELETE', body: '{}' });
  });

  it('anonymises deleted records after the retention period, keeping ids and timestamps', async () => {
    // Syncs run every second here, and one would list the candidate again (it is still at the
    // vendor: only our copy is marked deleted) and restore it mid-test.
    t.server.services.runner.pause();
    await t.server.services.runner.settle();
    try {
      await anonymisesAfterRetention();
    } finally {
      t.server.services.runner.resume();
    }
  });

  async function anonymisesAfterRetention(): Promise<void> {
    const db = t.server.services.db.kysely;
    const target = await db.selectFrom('records').select(['id', 'data']).where('integration_id', '=', t.sandboxId).where('model', '=', 'candidates').executeTakeFirstOrThrow();
    const longAgo = '2020-01-01T00:00:00.000Z';
    await db.updateTable('records').set({ remote_deleted_at: longAgo }).where('integration_id', '=', t.sandboxId).where('id', '=', target.id).execute();
    const count = await anonymiseExpired({ db: t.server.services.db, config: t.server.services.config });
    expect(count).toBeGreaterThanOrEqual(1);
    const read = async (model: string, ids: string[]) => {
      const res = await fetch(`${t.url}/v1/ats/${model}?include_deleted=true&ids=${ids.join(',')}`, { headers: { Authorization: `Bearer ${t.apiKey}`, 'X-Integration-Id': t.sandboxId } });
      return ((await res.json()) as { data: { results: Array<Record<string, unknown>> } }).data.results;
    };
    expect((await read('candidates', [target.id]))[0]).toMatchObject({ id: target.id, first_name: null, last_name: null, email_addresses: [], phone_numbers: [] });
    expect(JSON.parse(target.data)).toHaveProperty('first_name', expect.any(String));
    // The views that embed the candidate (its applications) show its personal data no more.
    const apps = await db.selectFrom('records').select('id').where('integration_id', '=', t.sandboxId).where('model', '=', 'applications').where('candidate_id', '=', target.id).execute();
    expect(apps.length).toBeGreaterThan(0);
    for (const app of await read('applications', apps.map((a) => a.id))) {
      expect(app).toMatchObject({ candidate: { id: target.id, first_name: null, last_name: null } });
    }
    expect(await anonymiseExpired({ db: t.server.services.db, config: t.server.services.config })).toBe(0);
  }
});
