/**
 * The change feed against a real database (every dialect): every change a delta sync, a full sync
 * or an ingest (write actions, targeted refreshes) stores is in the feed exactly once, in order,
 * deletions and un-deletions included; concurrent writers never let a reader skip an entry;
 * retention removes only old entries.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb } from '../../test/setup/dialects.js';
import type { Connector } from '../connectors/connector.js';
import type { SourceRecordMap } from '../connectors/source-records.js';
import { Vault } from '../lib/crypto.js';
import { recordId } from '../lib/ids.js';
import { createLogger } from '../lib/logger.js';
import type { Db } from '../storage/db.js';
import { deleteIntegration } from '../storage/repositories/integrations.repository.js';
import { appendChanges, pruneChanges, readChangeHead, readChanges, type StoredChange } from '../storage/repositories/record-changes.repository.js';
import { executeSyncRun, type SyncDeps } from './engine.js';
import { ingestSourceRecords } from './ingest.js';

type User = SourceRecordMap['users'];
type Tag = SourceRecordMap['tags'];

const ts = '2025-01-01T00:00:00.000Z';
const user = (id: string, first: string): User => ({ remote_id: id, first_name: first, last_name: 'Doe', email: `${id}@example.com`, status: 'ACTIVE', system_roles: [] });

/** A vendor with users and tags that answers delta listings (`since`) and reports deletions. */
interface Vendor {
  users: Map<string, { record: User; changedAt: number }>;
  tags: Map<string, { record: Tag; changedAt: number }>;
  deleted: Array<{ model: 'users' | 'tags'; remote_id: string; at: number }>;
}

function vendorConnector(vendor: Vendor): Connector {
  return {
    manifest: { id: 'feedfake', label: 'Feed fake', category: 'ATS', credentials: [], defaultBaseUrl: null, capabilities: { models: ['users', 'tags'], incremental: true } },
    verify: () => Promise.resolve(),
    list(_ctx, model, options) {
      const since = 'since' in options && options.since ? Date.parse(options.since) : null;
      const source = model === 'users' ? vendor.users : model === 'tags' ? vendor.tags : new Map<string, { record: unknown; changedAt: number }>();
      const records = [...source.values()].filter((entry) => since === null || entry.changedAt > since).map((entry) => entry.record);
      return Promise.resolve({ records: records as never, next: null });
    },
    listDeleted(_ctx, since) {
      return Promise.resolve(vendor.deleted.filter((d) => d.at > Date.parse(since)).map(({ model, remote_id }) => ({ model, remote_id })));
    },
    downloadAttachment: () => Promise.reject(new Error('no files')),
  };
}

describe.each(DIALECTS)('change feed on $name', (dialect) => {
  let db: Db;
  let close: () => Promise<void>;
  let deps: SyncDeps;
  let clock = Date.parse('2026-03-01T00:00:00.000Z');
  let runs = 0;
  const vault = new Vault('test');
  const vendor: Vendor = { users: new Map(), tags: new Map(), deleted: [] };
  let integrationId = '';
  let integrations = 0;

  const put = (record: User) => vendor.users.set(record.remote_id, { record, changedAt: clock });
  const integration = () => db.kysely.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirstOrThrow();
  const entriesAfter = (seq: number) => readChanges(db.kysely, integrationId, seq, 10_000);
  const summary = (entries: StoredChange[]) => entries.map((e) => `${e.type} ${e.model} ${e.remote_id}`);

  beforeAll(async () => {
    ({ db, close } = await openTestDb(dialect));
    deps = { db, vault, logger: createLogger('silent'), fetch, connectorFor: () => vendorConnector(vendor), now: () => new Date((clock += 1000)) };
    await db.kysely.insertInto('environments').values({ id: 'env', name: 'default', created_at: ts }).execute();
  });
  afterAll(async () => {
    await close?.();
  });
  beforeEach(async () => {
    integrationId = `feedfake:${dialect.name}:${++integrations}`;
    vendor.users.clear();
    vendor.tags.clear();
    vendor.deleted.length = 0;
    for (const [id, name] of [['u1', 'Ann'], ['u2', 'Bob'], ['u3', 'Cid']] as const) put(user(id, name));
    for (const [id, name] of [['t1', 'Alpha'], ['t2', 'Beta']] as const) vendor.tags.set(id, { record: { remote_id: id, name }, changedAt: clock });
    await db.kysely.insertInto('integrations').values({
      id: integrationId, environment_id: 'env', tool: 'feedfake', status: 'ACTIVE', setup_status: 'FINAL_SYNC_PENDING', organization_name: 'Org',
      origin_id: null, creator_email: null, credentials: vault.encrypt('{}'), base_url: null, created_at: ts, updated_at: ts,
      first_synced_at: null, last_successful_sync_at: null, data_expired_at: null,
    }).execute();
  });

  async function sync(type: 'FULL' | 'DELTA') {
    const id = `feed-run-${dialect.name}-${++runs}`;
    await db.kysely.insertInto('sync_runs').values({ id, integration_id: integrationId, type, state: 'QUEUED', created_at: ts, started_at: null, ended_at: null, error: null, stats: '{}' }).execute();
    const outcome = await executeSyncRun(deps, await integration(), id, undefined, type);
    expect(outcome.state).toBe('SUCCEEDED');
    return outcome.stats;
  }

  it('holds every change of full and delta syncs and of ingests exactly once, in order', async () => {
    const firstStats = await sync('FULL');
    const first = await entriesAfter(0);
    expect(first.map((e) => e.seq)).toEqual(first.map((_, i) => i + 1));
    expect(new Set(summary(first))).toEqual(new Set(['CREATED users u1', 'CREATED users u2', 'CREATED users u3', 'CREATED tags t1', 'CREATED tags t2']));
    expect(first).toHaveLength(Object.values(firstStats).reduce((n, s) => n + s.created, 0));
    expect(first.find((e) => e.remote_id === 'u1')?.id).toBe(recordId(integrationId, 'users', 'u1'));
    let cursor = first.at(-1)?.seq ?? 0;

    // The vendor changes u1, adds u4 and deletes t2 (reported by its deleted-records list).
    clock += 60_000;
    put(user('u1', 'Anne'));
    put(user('u4', 'Dee'));
    vendor.tags.delete('t2');
    vendor.deleted.push({ model: 'tags', remote_id: 't2', at: clock });
    await sync('DELTA');
    const delta = await entriesAfter(cursor);
    expect(summary(delta)).toEqual(['UPDATED users u1', 'CREATED users u4', 'DELETED tags t2']);
    expect(delta.map((e) => e.seq)).toEqual([cursor + 1, cursor + 2, cursor + 3]);
    cursor = delta.at(-1)?.seq ?? 0;

    // The next delta re-reads u1 and u4 (its overlap) and the deletion report again: nothing new.
    await sync('DELTA');
    expect(await entriesAfter(cursor)).toEqual([]);

    // A write action's result (or a targeted refresh) through ingest: an update and a deletion.
    put(user('u2', 'Bobby'));
    await ingestSourceRecords(deps, await integration(), 'users', [user('u2', 'Bobby')], { deletedRemoteIds: ['u3'] });
    const ingested = await entriesAfter(cursor);
    expect(summary(ingested)).toEqual(['UPDATED users u2', 'DELETED users u3']);
    cursor = ingested.at(-1)?.seq ?? 0;
    await ingestSourceRecords(deps, await integration(), 'users', [user('u2', 'Bobby')]);
    expect(await entriesAfter(cursor)).toEqual([]);

    // A full sync: u3 is still listed (brought back: UPDATED), u4 is gone from the listing (DELETED).
    vendor.users.delete('u4');
    await sync('FULL');
    expect(summary(await entriesAfter(cursor))).toEqual(['UPDATED users u3', 'DELETED users u4']);

    const all = await entriesAfter(0);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    for (let i = 1; i < all.length; i++) expect((all[i]?.changed_at ?? '') >= (all[i - 1]?.changed_at ?? '')).toBe(true);
  });

  it('never lets a reader skip an entry while writers of one integration commit concurrently', async () => {
    await sync('FULL');
    const start = (await readChangeHead(db.kysely, integrationId)).lastSeq;
    const row = await integration();
    const writers = Array.from({ length: 12 }, (_, i) => ingestSourceRecords(deps, row, 'users', [user(`w${i}`, `Writer ${i}`), user(`x${i}`, `Extra ${i}`)]));
    const seen: StoredChange[] = [];
    let done = false;
    const all = Promise.all(writers).finally(() => (done = true));
    // The reader pages with a cursor while the writers go, as a client polling the feed would.
    for (let cursor = start; ; ) {
      // Taken before the read: a read that started before the last commit may still miss it.
      const finished = done;
      const page = await readChanges(db.kysely, integrationId, cursor, 5);
      seen.push(...page);
      cursor = page.at(-1)?.seq ?? cursor;
      if (finished && page.length === 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await all;
    expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => start + i + 1));
    expect(new Set(seen.map((e) => e.remote_id)).size).toBe(24);
    expect(seen.every((e) => e.type === 'CREATED')).toBe(true);
  });

  it('prunes only entries past retention, says where the feed now starts, and goes with the integration', async () => {
    const old = new Date(clock - 8 * 24 * 3600_000).toISOString();
    const recent = new Date(clock).toISOString();
    await appendChanges(db.kysely, integrationId, 'users', [{ id: 'a', remote_id: 'a', type: 'CREATED' }, { id: 'b', remote_id: 'b', type: 'UPDATED' }], old);
    await appendChanges(db.kysely, integrationId, 'users', [{ id: 'c', remote_id: 'c', type: 'DELETED' }], recent);
    const removed = await pruneChanges(db.kysely, new Date(clock - 7 * 24 * 3600_000).toISOString());
    expect(removed).toBeGreaterThanOrEqual(2);
    expect(await readChangeHead(db.kysely, integrationId)).toEqual({ lastSeq: 3, prunedThrough: 2 });
    expect(summary(await entriesAfter(0))).toEqual(['DELETED users c']);
    await deleteIntegration(db.kysely, integrationId);
    expect(await readChangeHead(db.kysely, integrationId)).toEqual({ lastSeq: 0, prunedThrough: 0 });
    expect(await entriesAfter(0)).toEqual([]);
  });
});
