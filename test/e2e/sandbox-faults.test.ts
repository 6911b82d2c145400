/**
 * The Sandbox's fault mode through the real server on every dialect: full syncs through 429s
 * (Retry-After honoured), 500s, dropped connections and slow pages end with the same data as a
 * fault-free twin; retries that run out fail the run without marking anything deleted; records
 * deleted and re-created between syncs (churn) are marked deleted and un-deleted by full syncs,
 * and by delta syncs on an incremental variant of the Sandbox (the shipped Sandbox is not
 * incremental: see its README section); bad fault settings are refused with the key's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChurnView } from '../../src/connectors/sandbox/churn.js';
import { sandboxConnector } from '../../src/connectors/sandbox/connector.js';
import { sandboxTransport } from '../../src/connectors/sandbox/transport.js';
import type { Connector } from '../../src/connectors/connector.js';
import { DIALECTS } from '../setup/dialects.js';
import { call, dataOf, expectError, record } from '../setup/http-client.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

type Wire = Record<string, unknown> & { id: string; remote_id: string; remote_deleted_at: string | null };
type Stats = Record<string, { created: number; updated: number; deleted: number; unchanged: number }>;
interface SyncRun {
  id: string;
  type: string;
  state: string;
  error: string | null;
  started_at: string | null;
  ended_at: string | null;
  stats: Stats;
}

/** The Sandbox with incremental reads switched on, to drive its `since` listings and `listDeleted` through the engine. */
const incrementalSandbox: Connector = {
  ...sandboxConnector,
  manifest: {
    ...sandboxConnector.manifest,
    id: 'sandbox-incremental',
    label: 'Sandbox (incremental)',
    capabilities: { ...sandboxConnector.manifest.capabilities, incremental: true },
  },
};

const ENDPOINTS = ['users', 'roles', 'tags', 'rejection-reasons', 'jobs', 'application-stages', 'candidates', 'applications', 'interviews', 'offers'] as const;
type Endpoint = (typeof ENDPOINTS)[number];

const SIZE = '40';
const CHURN = { size: SIZE, seed: '5', churn: '0.25' };

describe.each(DIALECTS)('sandbox fault mode on $name', (dialect) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer(dialect, { SANDBOX: '0', FULL_SYNC_INTERVAL: '24h', DELTA_SYNC_INTERVAL: '24h' }, { connectors: [incrementalSandbox] });
  });
  afterAll(async () => t?.close());

  /** Creates an integration and waits for its first sync. */
  async function connect(credentials: Record<string, string>, tool = 'sandbox'): Promise<string> {
    const created = dataOf(await call(t, 'POST', '/v1/integrations', { json: { tool, credentials, end_user: { organization_name: `Faults ${tool}` } } }));
    await t.server.services.runner.idle();
    return String(created['id']);
  }

  async function runs(id: string): Promise<SyncRun[]> {
    return dataOf(await call(t, 'GET', `/v1/integrations/${encodeURIComponent(id)}/syncs`))['results'] as SyncRun[];
  }

  async function sync(id: string, type: 'FULL' | 'DELTA' = 'FULL'): Promise<SyncRun> {
    dataOf(await call(t, 'POST', '/v1/force-sync', { json: { type }, headers: { 'X-Integration-Id': id } }));
    await t.server.services.runner.idle();
    const [last] = await runs(id);
    if (!last) throw new Error('no sync run');
    return last;
  }

  /** Every record of an endpoint, all pages. */
  async function read(id: string, endpoint: Endpoint, includeDeleted = false): Promise<Wire[]> {
    const out: Wire[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `page_size=250&include_deleted=${includeDeleted}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const data = dataOf(await call(t, 'GET', `/v1/ats/${endpoint}?${query}`, { headers: { 'X-Integration-Id': id } }));
      out.push(...(data['results'] as Wire[]));
      cursor = data['next'] as string | null;
    } while (cursor);
    return out;
  }

  /**
   * An integration's data with our ids replaced by the vendor's and our own timestamps dropped,
   * so two integrations of the same vendor data compare equal.
   */
  async function snapshot(id: string): Promise<Record<string, unknown[]>> {
    const all = Object.fromEntries(await Promise.all(ENDPOINTS.map(async (e) => [e, await read(id, e, true)] as const)));
    const remote = new Map<string, string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        const obj = value as Record<string, unknown>;
        if (typeof obj['id'] === 'string' && typeof obj['remote_id'] === 'string') remote.set(obj['id'], obj['remote_id']);
        Object.values(obj).forEach(collect);
      }
    };
    collect(all);
    const ours = new Set(['changed_at', 'updated_at', 'data_url']);
    const byRemoteId = (a: unknown, b: unknown) => String(record(a, 'item')['remote_id']).localeCompare(String(record(b, 'item')['remote_id']));
    const strip = (value: unknown): unknown => {
      // Nested lists come in the order of our ids, which differ between integrations.
      if (Array.isArray(value)) return value.every((v) => v && typeof v === 'object' && 'remote_id' in v) ? value.map(strip).sort(byRemoteId) : value.map(strip);
      if (value && typeof value === 'object') {
        const kept = Object.entries(value).filter(([k]) => !ours.has(k));
        // When a deletion was noticed is ours too; whether it was is the vendor's.
        return Object.fromEntries(kept.map(([k, v]) => [k, k === 'remote_deleted_at' ? v !== null : strip(v)]));
      }
      return typeof value === 'string' ? (remote.get(value) ?? value) : value;
    };
    return Object.fromEntries(ENDPOINTS.map((e) => [e, strip(all[e]) as unknown[]]));
  }

  async function setCredentials(id: string, credentials: Record<string, string>): Promise<void> {
    const sealed = t.server.services.vault.encrypt(JSON.stringify(credentials));
    await t.server.services.db.kysely.updateTable('integrations').set({ credentials: sealed }).where('id', '=', id).execute();
  }

  const remoteIds = (records: Wire[]) => records.map((r) => r.remote_id).sort();
  const deletedIds = (records: Wire[]) => remoteIds(records.filter((r) => r.remote_deleted_at !== null));
  /** The candidates the Sandbox has in churn epoch `epoch` (one epoch per sync), computed apart from the connector. */
  const presentInEpoch = (epoch: number) => {
    const view = new ChurnView(Number(CHURN.seed), Number(CHURN.churn), { current: epoch, starts: [] });
    return Array.from({ length: Number(SIZE) }, (_, i) => i).filter((i) => !view.absent(i)).map((i) => `cand-${i + 1}`).sort();
  };

  it('syncs through 429s, 500s, dropped connections and slow pages to the same data as a fault-free twin', async () => {
    // Faults follow from the seed and the request sequence: with seed 4 the first sync's ten listings
    // meet 429s, 500s and drops, never more than two in a row (the retry budget is five).
    const twin = await connect({ size: SIZE, seed: '4' });
    const faulty = await connect({ size: SIZE, seed: '4', fail_rate_429: '0.1', retry_after_seconds: '0.2', fail_rate_500: '0.1', drop_rate: '0.1', slow_ms: '5' });
    const [first] = await runs(faulty);
    expect(first).toMatchObject({ type: 'FULL', state: 'SUCCEEDED', error: null });
    expect(first?.stats).toEqual((await runs(twin))[0]?.stats);
    const transport = sandboxTransport(faulty);
    expect(transport?.counts.rate_limited).toBeGreaterThan(0);
    expect(transport?.counts.server_error).toBeGreaterThan(0);
    expect(transport?.counts.dropped).toBeGreaterThan(0);
    // Every exchange was slowed down: the sync took at least slow_ms per exchange.
    expect(Date.parse(first?.ended_at ?? '') - Date.parse(first?.started_at ?? '')).toBeGreaterThanOrEqual(5 * (transport?.exchanges.length ?? 0));
    // The engine lists one page at a time, so the exchange after a 429 is its retry: not earlier than Retry-After said.
    const log = transport?.exchanges ?? [];
    log.forEach((exchange, i) => {
      const next = log[i + 1];
      if (exchange.outcome !== 'rate_limited' || !next) return;
      expect(exchange.retryAfterMs).toBe(200);
      expect(next.path).toBe(exchange.path);
      expect(next.at - exchange.at).toBeGreaterThanOrEqual(198);
    });
    expect(await snapshot(faulty)).toEqual(await snapshot(twin));
    // A second sync through the faults changes nothing.
    const second = await sync(faulty);
    expect(second.state, JSON.stringify(second)).toBe('SUCCEEDED');
    expect(Object.values(second.stats).every((s) => s.created + s.updated + s.deleted === 0)).toBe(true);
  });

  it('fails a run whose retries run out without marking anything deleted, and recovers', async () => {
    const id = await connect(CHURN);
    expect((await runs(id))[0]?.state).toBe('SUCCEEDED');
    const before = await read(id, 'candidates');
    expect(remoteIds(before)).toEqual(presentInEpoch(1));

    // Applications answer 500 every time: the run is partial and the churn of epoch 2 deletes nothing.
    await setCredentials(id, { ...CHURN, fail_rate_500: '1', fault_models: 'applications' });
    const partial = await sync(id);
    expect(partial.state).toBe('PARTIALLY_FAILED');
    expect(partial.error).toMatch(/^applications: Sandbox answered HTTP 500: Internal server error/);
    // The run alone, as the dashboard's error details read it: the error grouped, with its code.
    const detail = dataOf(await call(t, 'GET', `/v1/integrations/${encodeURIComponent(id)}/syncs/${encodeURIComponent(partial.id)}`));
    expect(detail).toMatchObject({ id: partial.id, state: 'PARTIALLY_FAILED', error: partial.error });
    expect(detail['progress']).toMatchObject({ errors: [{ count: 1, models: ['applications'], code: 'REMOTE.UNKNOWN_HTTP_ERROR', first_at: expect.stringMatching(/^\d{4}-/) }] });
    expectError(await call(t, 'GET', `/v1/integrations/${encodeURIComponent(id)}/syncs/no-such-run`), 404, 'PLATFORM.INPUT_INVALID', /no-such-run/);
    expect(sandboxTransport(id)?.counts.server_error).toBe((sandboxConnector.manifest.politeness?.maxRetries ?? 5) + 1);
    const candidates = await read(id, 'candidates', true);
    expect(deletedIds(candidates)).toEqual([]);
    expect(remoteIds(candidates)).toEqual([...new Set([...presentInEpoch(1), ...presentInEpoch(2)])].sort());
    for (const endpoint of ENDPOINTS) expect(deletedIds(await read(id, endpoint, true)), endpoint).toEqual([]);

    // A Retry-After longer than the politeness waits for fails every listing at once: FAILED, still nothing deleted.
    await setCredentials(id, { ...CHURN, fail_rate_429: '1', retry_after_seconds: '600' });
    const failed = await sync(id);
    expect(failed.state).toBe('FAILED');
    expect(failed.error).toMatch(/Sandbox is throttling requests \(HTTP 429\)/);
    expect(deletedIds(await read(id, 'candidates', true))).toEqual([]);

    // Without faults the next full sync completes, and only then are the missing records deleted.
    await setCredentials(id, CHURN);
    expect((await sync(id)).state).toBe('SUCCEEDED');
    expect(remoteIds(await read(id, 'candidates'))).toEqual(presentInEpoch(4));
    expect(deletedIds(await read(id, 'candidates', true)).length).toBeGreaterThan(0);
  });

  /** Three syncs of the churning Sandbox: records vanish in sync 2 and some come back in sync 3. */
  async function churnScenario(tool: string, type: 'FULL' | 'DELTA'): Promise<string> {
    const id = await connect(CHURN, tool);
    const first = await read(id, 'candidates');
    expect(remoteIds(first)).toEqual(presentInEpoch(1));
    const firstApplications = await read(id, 'applications');

    const second = await sync(id, type);
    expect(second).toMatchObject({ type, state: 'SUCCEEDED' });
    const gone = presentInEpoch(1).filter((c) => !presentInEpoch(2).includes(c));
    expect(gone.length).toBeGreaterThan(0);
    expect(second.stats['candidates']?.deleted).toBe(gone.length);
    expect(remoteIds(await read(id, 'candidates'))).toEqual(presentInEpoch(2));
    const afterSecond = await read(id, 'candidates', true);
    expect(deletedIds(afterSecond)).toEqual(gone);
    // Their applications went with them.
    const goneApplications = remoteIds(firstApplications.filter((a) => gone.includes(record(a['candidate'], 'candidate')['remote_id'] as string)));
    expect(goneApplications.length).toBeGreaterThan(0);
    expect(deletedIds(await read(id, 'applications', true))).toEqual(goneApplications);

    const third = await sync(id, type);
    expect(third).toMatchObject({ type, state: 'SUCCEEDED' });
    const back = gone.filter((c) => presentInEpoch(3).includes(c));
    expect(back.length).toBeGreaterThan(0);
    const afterThird = await read(id, 'candidates', true);
    expect(remoteIds(await read(id, 'candidates'))).toEqual(presentInEpoch(3));
    for (const remoteId of back) {
      // Re-created under the same remote id: the same record of ours, un-deleted.
      const [was, is] = [afterSecond, afterThird].map((list) => list.find((c) => c.remote_id === remoteId));
      expect(is?.id).toBe(was?.id);
      expect(was?.remote_deleted_at).not.toBeNull();
      expect(is?.remote_deleted_at).toBeNull();
    }
    const applications = await read(id, 'applications', true);
    for (const app of applications.filter((a) => back.includes(record(a['candidate'], 'candidate')['remote_id'] as string))) {
      expect(app.remote_deleted_at, app.remote_id).toBeNull();
    }
    return id;
  }

  it('marks records deleted and re-created between full syncs deleted and un-deleted', async () => {
    await churnScenario('sandbox', 'FULL');
  });

  it('does the same with delta syncs, ending with exactly the data of full syncs', async () => {
    const delta = await churnScenario('sandbox-incremental', 'DELTA');
    const full = await connect(CHURN);
    await sync(full);
    await sync(full);
    expect(await snapshot(delta)).toEqual(await snapshot(full));
  });

  it('refuses malformed fault settings with a message naming the setting', async () => {
    const refused = await call(t, 'POST', '/v1/integrations', { json: { tool: 'sandbox', credentials: { size: '5', fail_rate_429: '2' }, end_user: { organization_name: 'Bad faults' } } });
    expectError(refused, 400, 'PLATFORM.INPUT_INVALID', /"fail_rate_429" must be a probability from 0 to 1/);
    const tooMany = await call(t, 'POST', '/v1/integrations', { json: { tool: 'sandbox', credentials: { fail_rate_500: '0.6', drop_rate: '0.6' }, end_user: { organization_name: 'Bad faults' } } });
    expectError(tooMany, 400, 'PLATFORM.INPUT_INVALID', /must add up to at most 1/);

    // Stored settings that turn bad (edited behind our back) fail the sync like revoked credentials.
    const id = await connect({ size: '5' });
    await setCredentials(id, { size: '5', churn: 'some' });
    const run = await sync(id);
    expect(run).toMatchObject({ state: 'AUTHENTICATION_FAILED' });
    expect(run.error).toMatch(/"churn" must be a probability/);
    expect(dataOf(await call(t, 'GET', `/v1/integrations/${encodeURIComponent(id)}`))['status']).toBe('INVALID');
  });
});
