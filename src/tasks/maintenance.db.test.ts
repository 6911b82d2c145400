/**
 * The first-sync retry through the scheduler on every dialect, with the clock injected: a first
 * sync that failed or partially failed is queued again after 30 s, then 1 minute…, never later
 * than the delta interval; a completed integration keeps the regular schedule.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb } from '../../test/setup/dialects.js';
import { parseConfig } from '../config/config.js';
import type { Db } from '../storage/db.js';
import type { SyncRunRow } from '../storage/database.js';
import { firstSyncRetry } from './first-sync-retry.js';
import { scheduleDueSyncs } from './maintenance.js';
import type { EnqueueResult, SyncType } from './sync-runner.js';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const config = parseConfig({ FIRST_SYNC_RETRY: '30s', DELTA_SYNC_INTERVAL: '15m', FULL_SYNC_INTERVAL: '24h' });
const timings = { firstRetryMs: config.sync.firstRetryMs, deltaIntervalMs: config.sync.deltaIntervalMs };

describe.each(DIALECTS)('first-sync retry on $name', (dialect) => {
  let db: Db;
  let close: () => Promise<void>;
  let queued: Array<{ integrationId: string; type: SyncType }> = [];
  let runs = 0;
  const runner = {
    enqueue(integrationId: string, type: SyncType): Promise<EnqueueResult> {
      queued.push({ integrationId, type });
      return Promise.resolve({ run: {} as SyncRunRow, alreadyQueued: false });
    },
  };
  const deps = () => ({ db, config, runner, connectorFor: () => undefined });

  beforeAll(async () => {
    ({ db, close } = await openTestDb(dialect));
    await db.kysely.insertInto('environments').values({ id: 'env', name: 'default', created_at: iso(T0) }).execute();
  });
  afterAll(async () => close?.());

  beforeEach(async () => {
    queued = [];
    await db.kysely.deleteFrom('sync_runs').execute();
    await db.kysely.deleteFrom('integrations').execute();
  });

  async function integration(setup: 'FINAL_SYNC_PENDING' | 'COMPLETED', status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE') {
    await db.kysely
      .insertInto('integrations')
      .values({
        id: 'i1', environment_id: 'env', tool: 'sandbox', status, setup_status: setup, organization_name: 'Org', origin_id: null,
        creator_email: null, credentials: 'x', base_url: null, created_at: iso(T0), updated_at: iso(T0), first_synced_at: null,
        last_successful_sync_at: null, data_expired_at: null,
      })
      .execute();
  }

  async function finishedRun(state: 'FAILED' | 'PARTIALLY_FAILED' | 'CANCELLED', startedAt: number, endedAt: number, error: string) {
    await db.kysely
      .insertInto('sync_runs')
      .values({ id: `run-${++runs}`, integration_id: 'i1', type: 'FULL', state, created_at: iso(startedAt), started_at: iso(startedAt), ended_at: iso(endedAt), error, stats: '{}' })
      .execute();
  }

  it('queues a full sync 30 s after a partially failed first sync, not before', async () => {
    await integration('FINAL_SYNC_PENDING');
    await finishedRun('PARTIALLY_FAILED', T0, T0 + 10_000, 'candidates: Sandbox answered HTTP 500');
    expect(await scheduleDueSyncs(deps(), T0 + 10_000 + 29_999)).toBe(0);
    expect(queued).toEqual([]);
    expect(await scheduleDueSyncs(deps(), T0 + 10_000 + 30_000)).toBe(1);
    expect(queued).toEqual([{ integrationId: 'i1', type: 'FULL' }]);
  });

  it('doubles the wait per failure and caps it at the delta interval', async () => {
    await integration('FINAL_SYNC_PENDING');
    await finishedRun('FAILED', T0, T0 + 1_000, 'users: boom');
    await finishedRun('FAILED', T0 + 40_000, T0 + 41_000, 'users: boom');
    // Second failure: 60 s after it ended.
    expect(await scheduleDueSyncs(deps(), T0 + 41_000 + 59_000)).toBe(0);
    expect(await scheduleDueSyncs(deps(), T0 + 41_000 + 60_000)).toBe(1);
    for (let i = 0; i < 8; i++) await finishedRun('FAILED', T0 + 100_000 + i, T0 + 100_000 + i, 'users: boom');
    const retry = await firstSyncRetry(db.kysely, { id: 'i1', setup_status: 'FINAL_SYNC_PENDING', status: 'ACTIVE' }, timings);
    // Ten failures would wait 30 s × 2⁹ = 256 minutes; the delta interval (15 minutes) caps it.
    expect(retry?.retryAt).toBe(T0 + 100_007 + 15 * 60_000);
    expect(retry?.failures).toBe(10);
  });

  it('says why setup is pending and when the retry comes', async () => {
    await integration('FINAL_SYNC_PENDING');
    await finishedRun('PARTIALLY_FAILED', T0, T0 + 10_000, 'candidates: Sandbox answered HTTP 500; offers: Sandbox answered HTTP 500');
    const retry = await firstSyncRetry(db.kysely, { id: 'i1', setup_status: 'FINAL_SYNC_PENDING', status: 'ACTIVE' }, timings);
    expect(retry?.reason).toContain('partially failed');
    expect(retry?.reason).toContain('candidates: Sandbox answered HTTP 500');
    expect(retry?.reason).toContain(`retried at ${iso(T0 + 40_000)}`);
    expect(retry?.retryAt).toBe(T0 + 40_000);
  });

  it('leaves a cancelled first sync, an inactive integration and a completed setup to the regular schedule', async () => {
    await integration('FINAL_SYNC_PENDING');
    await finishedRun('CANCELLED', T0, T0 + 1_000, 'Cancelled.');
    expect(await scheduleDueSyncs(deps(), T0 + 120_000)).toBe(0);
    await db.kysely.deleteFrom('sync_runs').execute();
    await db.kysely.deleteFrom('integrations').execute();

    await integration('COMPLETED');
    await finishedRun('FAILED', T0, T0 + 1_000, 'users: boom');
    expect(await scheduleDueSyncs(deps(), T0 + 120_000)).toBe(0);
    expect(await firstSyncRetry(db.kysely, { id: 'i1', setup_status: 'COMPLETED', status: 'ACTIVE' }, timings)).toBeNull();
    // The regular delta interval still applies.
    expect(await scheduleDueSyncs(deps(), T0 + 15 * 60_000)).toBe(1);
    await db.kysely.deleteFrom('sync_runs').execute();
    await db.kysely.deleteFrom('integrations').execute();

    await integration('FINAL_SYNC_PENDING', 'INACTIVE');
    await finishedRun('FAILED', T0, T0 + 1_000, 'users: boom');
    expect(await scheduleDueSyncs(deps(), T0 + 120_000)).toBe(0);
    expect(queued).toEqual([{ integrationId: 'i1', type: 'DELTA' }]);
  });
});
