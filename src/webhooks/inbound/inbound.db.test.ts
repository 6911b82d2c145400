/**
 * The inbound-webhook service on every dialect, with a connector whose vendor signs a timestamp
 * (replay window 5 minutes) and a virtual clock: the endpoint is created on connect with a secret
 * registration result; refusals of every kind are the same error; a late signature is refused; a
 * burst becomes one refresh through `ingestSourceRecords`, announced once with the changed models;
 * an unknown payload shape queues a delta sync; disable pauses and delete forgets the endpoint; a
 * vendor handshake is answered on a known path only (also while paused, for re-registration).
 */
import { createHmac } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb } from '../../../test/setup/dialects.js';
import type { Clock } from '../../lib/clock.js';
import type { Connector } from '../../connectors/connector.js';
import type { ConnectorWebhooks, RecordRef } from '../../connectors/connector-webhooks.js';
import { Vault } from '../../lib/crypto.js';
import { FetchPool } from '../../lib/polite-fetch.js';
import type { Db } from '../../storage/db.js';
import { findInboundWebhook } from '../../storage/repositories/inbound-webhooks.repository.js';
import { INBOUND_PATH_PREFIX } from './deps.js';
import { InboundWebhooks } from './inbound-service.js';
import { UnknownWebhookEndpointError } from './receive.js';

const WINDOW_MS = 5 * 60_000;
const refreshed: RecordRef[][] = [];
const registered: string[] = [];

/** A vendor that signs `t.<body>` with the registration's issued key and names tags by id. */
const hooks: ConnectorWebhooks = {
  registration: 'api',
  instructions: 'Registered through the API.',
  events: ['tag.updated'],
  showsSecret: false,
  replayWindowMs: WINDOW_MS,
  register: (_ctx, endpoint) => {
    registered.push(endpoint.url);
    return Promise.resolve({ remoteIds: ['hook-1'], issuedSecrets: ['vendor-key'] });
  },
  unregister: () => {
    registered.pop();
    return Promise.resolve();
  },
  // Echoes `x-hello` as the vendor's handshake expects.
  handshake: (delivery) => (delivery.headers['x-hello'] ? { headers: { 'x-hello': delivery.headers['x-hello'] } } : undefined),
  verify(delivery, secrets) {
    const [t, sig] = (delivery.headers['x-sig'] ?? '').split(',');
    const expected = createHmac('sha256', secrets.issued[0] ?? '').update(`${t}.${delivery.body}`).digest('hex');
    return sig === expected ? { ok: true, signedAt: Number(t) } : { ok: false, reason: 'mismatch' };
  },
  eventOf(delivery) {
    const body = JSON.parse(delivery.body) as { tag?: string };
    if (!body.tag) throw new Error('no tag');
    return { refresh: [{ model: 'tags', remote_id: body.tag }] };
  },
  refresh(_ctx, refs) {
    refreshed.push([...refs]);
    return Promise.resolve({ records: { tags: refs.filter((r) => r.remote_id !== 'gone').map((r) => ({ remote_id: r.remote_id, name: `Tag ${r.remote_id}` })) }, gone: refs.filter((r) => r.remote_id === 'gone') });
  },
};
const connector = { manifest: { id: 'hooktest', label: 'Hook test', category: 'ATS', credentials: [], defaultBaseUrl: null, capabilities: { models: ['tags'], incremental: false } }, webhooks: hooks } as unknown as Connector;

/** A clock that moves only when the test says so: the coalescing window stays open while deliveries arrive. */
class ManualClock implements Clock {
  private at = Date.parse('2026-03-01T12:00:00.000Z');
  private sleepers: Array<{ until: number; wake: () => void }> = [];
  now = () => this.at;
  sleep = (ms: number) => new Promise<void>((wake) => this.sleepers.push({ until: this.at + ms, wake }));
  advance(ms: number): void {
    this.at += ms;
    const due = this.sleepers.filter((s) => s.until <= this.at);
    this.sleepers = this.sleepers.filter((s) => s.until > this.at);
    for (const s of due) s.wake();
  }
}

describe.each(DIALECTS)('inbound vendor webhooks on $name', (dialect) => {
  let db: Db;
  let close: () => Promise<void>;
  const clock = new ManualClock();
  /** Closes the coalescing window and waits for the refresh. */
  const flush = async () => {
    clock.advance(500);
    await inbound.settle();
  };
  const vault = new Vault(Buffer.alloc(32, 7).toString('base64'));
  const emitted: Array<{ type: string; data: Record<string, unknown> }> = [];
  const enqueued: string[] = [];
  let inbound: InboundWebhooks;
  const integration = {
    id: 'i1', environment_id: 'env', tool: 'hooktest', status: 'ACTIVE' as const, setup_status: 'COMPLETED' as const, organization_name: 'Org', origin_id: null,
    creator_email: null, credentials: vault.encrypt('{}'), base_url: null, created_at: '2026-03-01T10:00:00.000Z', updated_at: '2026-03-01T10:00:00.000Z',
    first_synced_at: null, last_successful_sync_at: null, data_expired_at: null,
  };
  const token = async () => (await inbound.endpoint(integration))?.url.split(INBOUND_PATH_PREFIX)[1] ?? '';
  const signed = (body: string, at = clock.now()) => ({ headers: { 'x-sig': `${at},${createHmac('sha256', 'vendor-key').update(`${at}.${body}`).digest('hex')}` }, body });

  beforeAll(async () => {
    refreshed.length = 0;
    registered.length = 0;
    ({ db, close } = await openTestDb(dialect));
    await db.kysely.insertInto('environments').values({ id: 'env', name: 'default', created_at: integration.created_at }).execute();
    await db.kysely.insertInto('integrations').values(integration).execute();
    inbound = new InboundWebhooks({
      db, vault, logger: pino({ level: 'silent' }), fetch, fetchPool: new FetchPool(fetch, clock), connectorFor: (tool) => (tool === 'hooktest' ? connector : undefined),
      webhooks: { emit: (_env, type, data) => (emitted.push({ type, data }), Promise.resolve('event')) },
      runner: { enqueue: (id, type) => (enqueued.push(`${id}:${type}`), Promise.resolve({ run: {} as never, alreadyQueued: false })) },
      publicBase: () => 'https://ats.example.com', clock, coalesceMs: 500,
    });
    await inbound.connected(integration);
  });
  afterAll(async () => close?.());

  it('creates the endpoint on connect and keeps what registration returned, encrypted', async () => {
    const endpoint = await inbound.endpoint(integration);
    expect(endpoint).toMatchObject({ mode: 'api', status: 'REGISTERED', secret: null, error: null });
    expect(registered).toEqual([endpoint?.url]);
    const row = await findInboundWebhook(db.kysely, 'i1');
    expect(row?.registration).not.toContain('vendor-key');
    expect(row?.token).not.toContain(await token());
  });

  it('refuses an unknown path, a bad signature and a timestamp outside the replay window alike', async () => {
    const body = '{"tag":"t1"}';
    await expect(inbound.receive('x'.repeat(43), signed(body))).rejects.toBeInstanceOf(UnknownWebhookEndpointError);
    await expect(inbound.receive(await token(), { headers: { 'x-sig': `${clock.now()},00` }, body })).rejects.toBeInstanceOf(UnknownWebhookEndpointError);
    await expect(inbound.receive(await token(), signed(body, clock.now() - WINDOW_MS - 1_000))).rejects.toBeInstanceOf(UnknownWebhookEndpointError);
    await flush();
    expect(refreshed).toEqual([]);
  });

  it("answers a vendor's handshake on a known path only, before verification and without a refresh", async () => {
    const hello = { headers: { 'x-hello': 'nonce-1' }, body: '' };
    await expect(inbound.receive('x'.repeat(43), hello)).rejects.toBeInstanceOf(UnknownWebhookEndpointError);
    expect(await inbound.receive(await token(), hello)).toEqual({ headers: { 'x-hello': 'nonce-1' } });
    await flush();
    expect(refreshed).toEqual([]);
  });

  it('coalesces a burst into one refresh, stores it and announces the changed models once', async () => {
    for (const tag of ['t1', 't2', 't1', 'gone']) await inbound.receive(await token(), signed(`{"tag":"${tag}"}`));
    await flush();
    // One refresh naming each record once (in no particular order).
    expect(refreshed.map((refs) => [...refs].sort((a, b) => a.remote_id.localeCompare(b.remote_id)))).toEqual([
      [
        { model: 'tags', remote_id: 'gone' },
        { model: 'tags', remote_id: 't1' },
        { model: 'tags', remote_id: 't2' },
      ],
    ]);
    const stored = await db.kysely.selectFrom('records').select('remote_id').where('integration_id', '=', 'i1').where('model', '=', 'tags').execute();
    expect(stored.map((r) => r.remote_id).sort()).toEqual(['t1', 't2']);
    expect(emitted).toEqual([{ type: 'data-changed', data: { integration_id: 'i1', integration_tool: 'hooktest', integration_category: 'ATS', changed_models: [{ name: 'ats_tags' }] } }]);
  });

  it('announces nothing when a duplicate finds what is stored already', async () => {
    await inbound.receive(await token(), signed('{"tag":"t2"}'));
    await flush();
    expect(emitted).toHaveLength(1);
  });

  it('answers a signed delivery of unknown shape and catches up with a delta sync', async () => {
    await inbound.receive(await token(), signed('{"other":1}'));
    await flush();
    expect(enqueued).toEqual(['i1:DELTA']);
  });

  it('pauses on disable (the vendor webhook removed, the path refused) and forgets it on delete', async () => {
    const path = await token();
    await inbound.paused(integration);
    expect(registered).toEqual([]);
    await expect(inbound.receive(path, signed('{"tag":"t1"}'))).rejects.toBeInstanceOf(UnknownWebhookEndpointError);
    // Enabling registers again while the endpoint is still paused: the vendor's handshake must pass.
    expect(await inbound.receive(path, { headers: { 'x-hello': 'nonce-2' }, body: '' })).toEqual({ headers: { 'x-hello': 'nonce-2' } });
    await inbound.connected(integration);
    expect(await token()).toBe(path);
    expect(registered).toHaveLength(1);
    await inbound.removed(integration);
    expect(registered).toEqual([]);
    expect(await findInboundWebhook(db.kysely, 'i1')).toBeUndefined();
  });
});
