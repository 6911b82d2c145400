/**
 * Durable vendor-webhook refreshes on every dialect, each "process" an `InboundWebhooks` with a
 * database connection of its own (SQLite: one file; processes running at once share a connection,
 * as SQLite deployments run one process): refs are kept before a delivery is answered and
 * refreshed by the next process after a crash, or by a running worker's sweep once overdue; a
 * vendor outage is retried with backoff (a `Retry-After` honoured) until it answers, refused
 * credentials give up to a delta sync; a refresh during a sync is read again after it; two
 * processes draining the same integration at once refresh every record exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/setup/dialects.js';
import { VirtualClock } from '../../../test/setup/virtual-clock.js';
import type { Connector } from '../../connectors/connector.js';
import type { ConnectorWebhooks, RecordRef } from '../../connectors/connector-webhooks.js';
import type { Clock } from '../../lib/clock.js';
import { Vault } from '../../lib/crypto.js';
import { VendorAuthError, VendorError } from '../../lib/errors.js';
import { FetchPool } from '../../lib/polite-fetch.js';
import { openDb, type Db } from '../../storage/db.js';
import type { IntegrationRow } from '../../storage/database.js';
import { migrateToLatest } from '../../storage/migrate.js';
import { deleteIntegration } from '../../storage/repositories/integrations.repository.js';
import { findActiveRun } from '../../storage/repositories/sync-runs.repository.js';
import { INBOUND_PATH_PREFIX } from './deps.js';
import { InboundWebhooks } from './inbound-service.js';
import { REFRESH_RETRY_DELAYS_MS } from './retry-policy.js';

/** A clock that moves only when told: coalescing windows stay open while deliveries arrive. */
class ManualClock implements Clock {
  private at = Date.parse('2026-03-01T12:00:00.000Z');
  private sleepers: Array<{ until: number; wake: () => void }> = [];
  now = () => this.at;
  sleep = (ms: number) => new Promise<void>((wake) => this.sleepers.push({ until: this.at + ms, wake }));
  get sleeping(): number {
    return this.sleepers.length;
  }
  advance(ms: number): void {
    this.at += ms;
    const due = this.sleepers.filter((s) => s.until <= this.at);
    this.sleepers = this.sleepers.filter((s) => s.until > this.at);
    for (const s of due) s.wake();
  }
  /** Moves to the earliest wake-up asked for. */
  advanceToNext(): void {
    const next = Math.min(...this.sleepers.map((s) => s.until));
    if (Number.isFinite(next)) this.advance(Math.max(0, next - this.at));
  }
}

/** Yields to the event loop until `condition` holds (no timers: database answers arrive meanwhile). */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lets the processes finish, moving the manual clock whenever only its wake-ups are left. */
async function runUntilIdle(clock: ManualClock, ...processes: InboundWebhooks[]): Promise<void> {
  let done = false;
  const settled = Promise.all(processes.map((p) => p.settle())).then(() => (done = true));
  await until(() => {
    if (!done && clock.sleeping > 0) clock.advanceToNext();
    return done;
  }, 'the processes to settle');
  await settled;
}

/** What the fake vendor was asked, by which process, and what it should answer. */
interface VendorScript {
  calls: Array<{ by: string; refs: RecordRef[]; at: number }>;
  /** An error to throw for call number `n` (0-based), or null to answer. */
  fail(n: number): Error | null;
  /** Holds every refresh until resolved. */
  gate: Promise<void> | null;
  /** Runs at the start of each call (observations). */
  onCall(n: number): Promise<void>;
}
let vendor: VendorScript;
const resetVendor = (patch: Partial<VendorScript> = {}) => {
  vendor = { calls: [], fail: () => null, gate: null, onCall: () => Promise.resolve(), ...patch };
};

function connectorFor(process: string, clock: Clock): Connector {
  const hooks: ConnectorWebhooks = {
    registration: 'manual',
    instructions: 'Add the URL by hand.',
    events: ['tag.updated'],
    showsSecret: true,
    verify: () => ({ ok: true }),
    eventOf: (delivery) => ({ refresh: (JSON.parse(delivery.body) as { tags: string[] }).tags.map((remote_id) => ({ model: 'tags', remote_id })) }),
    async refresh(_ctx, refs) {
      const n = vendor.calls.length;
      vendor.calls.push({ by: process, refs: [...refs], at: clock.now() });
      await vendor.onCall(n);
      if (vendor.gate) await vendor.gate;
      const failure = vendor.fail(n);
      if (failure) throw failure;
      return { records: { tags: refs.map((r) => ({ remote_id: r.remote_id, name: `Tag ${r.remote_id}` })) }, gone: [] };
    },
  };
  return { manifest: { id: 'hooktest', label: 'Hook test', category: 'ATS', credentials: [], defaultBaseUrl: null, capabilities: { models: ['tags'], incremental: true } }, webhooks: hooks } as unknown as Connector;
}

describe.each(DIALECTS)('durable vendor-webhook refreshes on $name', (dialect) => {
  const vault = new Vault(Buffer.alloc(32, 9).toString('base64'));
  const dbs: Db[] = [];
  let url: string | undefined;
  let sqliteFile: string | undefined;
  let cleanup: () => Promise<void> = () => Promise.resolve();
  const emitted: Array<{ type: string; data: Record<string, unknown> }> = [];
  const enqueued: string[] = [];

  /** A database connection of its own, as a separate process would have. */
  const connection = () => {
    const db = openDb({ databaseUrl: url, sqliteFile });
    dbs.push(db);
    return db;
  };
  const processOn = (name: string, clock: Clock, db = connection()) =>
    new InboundWebhooks({
      db, vault, logger: pino({ level: 'silent' }), fetch, fetchPool: new FetchPool(fetch, clock), connectorFor: (tool) => (tool === 'hooktest' ? connectorFor(name, clock) : undefined),
      webhooks: { emit: (_env, type, data) => (emitted.push({ type, data }), Promise.resolve('event')) },
      runner: { enqueue: (id, type) => (enqueued.push(`${id}:${type}`), Promise.resolve({ run: {} as never, alreadyQueued: false })) },
      publicBase: () => 'https://ats.example.com', clock, coalesceMs: 500,
    });

  let admin: Db;
  const pendingRows = (integrationId: string) => admin.kysely.selectFrom('pending_refreshes').selectAll().where('integration_id', '=', integrationId).execute();
  const storedTags = async (integrationId: string) =>
    (await admin.kysely.selectFrom('records').select('remote_id').where('integration_id', '=', integrationId).where('model', '=', 'tags').execute()).map((r) => r.remote_id).sort();

  /** An active integration with its (manually registered) endpoint; returns its row and its path token. */
  async function integration(id: string, inbound: InboundWebhooks): Promise<{ row: IntegrationRow; token: string }> {
    const row: IntegrationRow = {
      id, environment_id: 'env', tool: 'hooktest', status: 'ACTIVE', setup_status: 'COMPLETED', organization_name: 'Org', origin_id: null, creator_email: null,
      credentials: vault.encrypt('{}'), base_url: null, created_at: '2026-03-01T10:00:00.000Z', updated_at: '2026-03-01T10:00:00.000Z',
      first_synced_at: null, last_successful_sync_at: null, data_expired_at: null,
    };
    await admin.kysely.insertInto('integrations').values(row).execute();
    await inbound.connected(row);
    const endpoint = await inbound.endpoint(row);
    return { row, token: endpoint?.url.split(INBOUND_PATH_PREFIX)[1] ?? '' };
  }
  const delivery = (...tags: string[]) => ({ headers: {}, body: JSON.stringify({ tags }) });

  beforeAll(async () => {
    const created = await dialect.create();
    url = created.databaseUrl;
    const dir = url ? undefined : mkdtempSync(path.join(tmpdir(), 'ua-durable-'));
    sqliteFile = dir ? path.join(dir, 'db.sqlite') : undefined;
    admin = connection();
    await migrateToLatest(admin);
    await admin.kysely.insertInto('environments').values({ id: 'env', name: 'default', created_at: '2026-03-01T10:00:00.000Z' }).execute();
    cleanup = async () => {
      for (const db of dbs) await db.close();
      await created.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    };
  });
  afterAll(async () => cleanup());

  it('keeps the refs of an accepted delivery (duplicates collapsed) and refreshes them in the next process after a crash', async () => {
    resetVendor();
    emitted.length = 0;
    const crashedClock = new ManualClock();
    const crashed = processOn('crashed', crashedClock);
    const { token } = await integration('i-restart', crashed);
    await crashed.receive(token, delivery('a', 'b', 'a'));
    await crashed.receive(token, delivery('b'));
    // Answered: the refs are in the database, once each, before any refresh.
    const kept = await pendingRows('i-restart');
    expect(kept.map((r) => r.remote_id).sort()).toEqual(['a', 'b']);
    expect(kept.every((r) => r.attempts === 0 && r.first_seen === new Date(crashedClock.now()).toISOString())).toBe(true);
    // The process dies before its coalescing window closes (its clock never moves again).

    const clock = new ManualClock();
    const restarted = processOn('restarted', clock);
    await restarted.recover();
    await runUntilIdle(clock, restarted);
    expect(vendor.calls.map((c) => [c.by, c.refs.map((r) => r.remote_id).sort()])).toEqual([['restarted', ['a', 'b']]]);
    expect(await storedTags('i-restart')).toEqual(['a', 'b']);
    expect(await pendingRows('i-restart')).toEqual([]);
    expect(emitted.filter((e) => e.data['integration_id'] === 'i-restart').map((e) => e.type)).toEqual(['data-changed']);
  });

  it("has a running worker's sweep take up what a stopped process left, once it is overdue", async () => {
    resetVendor();
    const clock = new ManualClock();
    const stopped = processOn('stopped', new ManualClock());
    const worker = processOn('worker', clock);
    const { token } = await integration('i-sweep', stopped);
    await stopped.receive(token, delivery('s'));
    // Within the grace period the process that accepted it may still be collecting its burst.
    await worker.sweep();
    await runUntilIdle(clock, worker);
    expect(vendor.calls).toEqual([]);
    clock.advance(31_000);
    await worker.sweep();
    await runUntilIdle(clock, worker);
    expect(vendor.calls.map((c) => [c.by, c.refs.map((r) => r.remote_id)])).toEqual([['worker', ['s']]]);
    expect(await pendingRows('i-sweep')).toEqual([]);
  });

  it('retries a refresh while the vendor is down, with growing pauses, until it answers', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const outageMs = 40_000;
    const seen: Array<{ attempts: number; last_error: string | null }> = [];
    resetVendor({
      fail: () => (clock.now() - start < outageMs ? new VendorError('REMOTE.SERVICE_UNAVAILABLE', 'Hook test is unavailable (HTTP 503)', { vendorStatus: 503 }) : null),
      onCall: async () => {
        const [row] = await pendingRows('i-outage');
        if (row) seen.push({ attempts: row.attempts, last_error: row.last_error });
      },
    });
    enqueued.length = 0;
    const inbound = processOn('p', clock);
    const { token } = await integration('i-outage', inbound);
    await inbound.receive(token, delivery('x'));
    await inbound.settle();

    // Refused at 0.5 s, 5.5 s and 20.5 s, answered after the 30-second pause (past the 40-second outage).
    expect(seen).toEqual([
      { attempts: 0, last_error: null },
      { attempts: 1, last_error: 'Hook test is unavailable (HTTP 503)' },
      { attempts: 2, last_error: 'Hook test is unavailable (HTTP 503)' },
      { attempts: 3, last_error: 'Hook test is unavailable (HTTP 503)' },
    ]);
    const gaps = vendor.calls.slice(1).map((c, i) => c.at - (vendor.calls[i]?.at ?? 0));
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(REFRESH_RETRY_DELAYS_MS[i] ?? Infinity));
    expect(await storedTags('i-outage')).toEqual(['x']);
    expect(await pendingRows('i-outage')).toEqual([]);
    expect(enqueued).toEqual([]);
    await inbound.stop();
  });

  it("waits as long as the vendor's Retry-After asks, and gives up to a delta sync when the credentials are refused", async () => {
    const clock = new VirtualClock();
    resetVendor({
      fail: (n) => (n === 0 ? new VendorError('REMOTE.RATE_LIMIT_EXCEEDED', 'throttled', { vendorStatus: 429, retryAfterSeconds: 120 }) : new VendorAuthError('Hook test rejected the credentials (HTTP 401)')),
    });
    enqueued.length = 0;
    const inbound = processOn('p', clock);
    const { token } = await integration('i-refused', inbound);
    await inbound.receive(token, delivery('y'));
    await inbound.settle();
    expect(vendor.calls).toHaveLength(2);
    expect((vendor.calls[1]?.at ?? 0) - (vendor.calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(120_000);
    expect(await pendingRows('i-refused')).toEqual([]);
    expect(enqueued).toEqual(['i-refused:DELTA']);
    await inbound.stop();
  });

  it('reads a record refreshed during a sync once more after the sync has ended', async () => {
    const clock = new VirtualClock();
    const inbound = processOn('p', clock);
    const { token } = await integration('i-sync', inbound);
    await admin.kysely
      .insertInto('sync_runs')
      .values({ id: 'run-1', integration_id: 'i-sync', type: 'DELTA', state: 'RUNNING', created_at: new Date().toISOString(), started_at: null, ended_at: null, error: null, stats: '{}', heartbeat_at: null, worker_id: null, progress: null })
      .execute();
    const syncingAtCall: boolean[] = [];
    resetVendor({
      onCall: async (n) => {
        syncingAtCall.push((await findActiveRun(admin.kysely, 'i-sync')) !== undefined);
        // The sync ends while the first refresh runs.
        if (n === 0) await admin.kysely.updateTable('sync_runs').set({ state: 'SUCCEEDED', ended_at: new Date().toISOString() }).where('id', '=', 'run-1').execute();
      },
    });
    await inbound.receive(token, delivery('z'));
    await inbound.settle();
    expect(syncingAtCall).toEqual([true, false]);
    expect(await pendingRows('i-sync')).toEqual([]);
    await inbound.stop();
  });

  it('lets two processes drain one integration at once without refreshing a record twice or losing one', async () => {
    const clock = new ManualClock();
    // SQLite runs in one process: there the two share its connection (a second one would wait on
    // the first's write transactions with the event loop blocked).
    const shared = dialect.name === 'sqlite' ? connection() : undefined;
    const first = processOn('first', clock, shared);
    const second = processOn('second', clock, shared);
    const { token } = await integration('i-two', first);
    for (let round = 0; round < 5; round++) {
      let open = () => undefined as void;
      resetVendor({ gate: new Promise<void>((resolve) => (open = resolve)) });
      const tags = [`r${round}-1`, `r${round}-2`, `r${round}-3`];
      // Both accept deliveries naming overlapping records before either window closes.
      await Promise.all([first.receive(token, delivery(tags[0] ?? '', tags[1] ?? '')), second.receive(token, delivery(tags[1] ?? '', tags[2] ?? ''))]);
      clock.advance(500);
      // Every record is being refreshed, and whichever process got nothing waits for the other's lease.
      const named = () => new Set(vendor.calls.flatMap((c) => c.refs.map((r) => r.remote_id)));
      await until(() => named().size === 3 && (clock.sleeping > 0 || new Set(vendor.calls.map((c) => c.by)).size === 2), 'both processes to claim');
      open();
      await until(async () => (await pendingRows('i-two')).length === 0, 'the refreshes to be stored');
      await runUntilIdle(clock, first, second);
      const refreshed = vendor.calls.flatMap((c) => c.refs.map((r) => r.remote_id)).sort();
      expect(refreshed, `round ${round}`).toEqual(tags);
    }
    expect(await storedTags('i-two')).toHaveLength(15);
  });

  it('drops what is pending for an integration that is deleted', async () => {
    resetVendor();
    const clock = new ManualClock();
    const inbound = processOn('p', clock);
    const { token } = await integration('i-deleted', inbound);
    await inbound.receive(token, delivery('d'));
    await deleteIntegration(admin.kysely, 'i-deleted');
    expect(await pendingRows('i-deleted')).toEqual([]);
    await runUntilIdle(clock, inbound);
    expect(vendor.calls).toEqual([]);
  });
});
