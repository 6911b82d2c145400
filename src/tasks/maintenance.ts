/**
 * Periodic work of a worker: schedule due syncs, reap runs of dead workers, take up vendor-webhook
 * refreshes of stopped processes, anonymise old deleted records, prune the change feed. Every
 * step is safe to run in several processes at once.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Connector } from '../connectors/connector.js';
import type { Db } from '../storage/db.js';
import type { IntegrationRow } from '../storage/database.js';
import { findRecordsToAnonymise, writeAnonymised } from '../storage/repositories/records.repository.js';
import { pruneChanges } from '../storage/repositories/record-changes.repository.js';
import { lastRunTimes } from '../storage/repositories/sync-runs.repository.js';
import { anonymise } from '../sync/anonymise.js';
import { firstSyncRetry } from './first-sync-retry.js';
import { dueSync } from './schedule.js';
import type { SyncRunner } from './sync-runner.js';
import type { InboundWebhooks } from '../webhooks/inbound/inbound-service.js';

export interface MaintenanceDeps {
  db: Db;
  config: Config;
  runner: SyncRunner;
  logger: Logger;
  connectorFor(tool: string): Connector | undefined;
  /** Takes up vendor-webhook refreshes whose process stopped. */
  inbound?: Pick<InboundWebhooks, 'sweep'>;
}

/** Queues the syncs that are due for every active integration. */
export async function scheduleDueSyncs(
  deps: Pick<MaintenanceDeps, 'db' | 'config' | 'connectorFor'> & { runner: Pick<SyncRunner, 'enqueue'> },
  now = Date.now(),
): Promise<number> {
  const db = deps.db.kysely;
  const integrations = await db.selectFrom('integrations').select(['id', 'tool', 'status', 'setup_status']).where('status', '=', 'ACTIVE').execute();
  const times = await lastRunTimes(db);
  let queued = 0;
  for (const integration of integrations) {
    const t = times.get(integration.id);
    const due = dueSync({
      now,
      lastFullAt: t?.lastFullAt ? Date.parse(t.lastFullAt) : null,
      lastRunAt: t?.lastRunAt ? Date.parse(t.lastRunAt) : null,
      fullIntervalMs: deps.config.sync.fullIntervalMs,
      deltaIntervalMs: deps.config.sync.deltaIntervalMs,
    });
    if (!due && !(await firstSyncRetryDue(deps, integration, now))) continue;
    const incremental = deps.connectorFor(integration.tool)?.manifest.capabilities.incremental ?? false;
    const { alreadyQueued } = await deps.runner.enqueue(integration.id, due ?? 'FULL', incremental);
    if (!alreadyQueued) queued++;
  }
  return queued;
}

/** A first sync that failed is retried with backoff rather than at the next regular interval. */
async function firstSyncRetryDue(
  deps: Pick<MaintenanceDeps, 'db' | 'config'>,
  integration: Pick<IntegrationRow, 'id' | 'status' | 'setup_status'>,
  now: number,
): Promise<boolean> {
  if (integration.setup_status !== 'FINAL_SYNC_PENDING') return false;
  const retry = await firstSyncRetry(deps.db.kysely, integration, { firstRetryMs: deps.config.sync.firstRetryMs, deltaIntervalMs: deps.config.sync.deltaIntervalMs });
  return retry?.retryAt != null && now >= retry.retryAt;
}

export async function anonymiseExpired(deps: Pick<MaintenanceDeps, 'db' | 'config'>, now = Date.now()): Promise<number> {
  const cutoff = new Date(now - deps.config.sync.deletedRetentionMs).toISOString();
  let total = 0;
  for (;;) {
    const rows = await findRecordsToAnonymise(deps.db.kysely, cutoff, 200);
    if (rows.length === 0) return total;
    const at = new Date(now).toISOString();
    // Views are composed when read: those embedding these records (an application shows its
    // candidate) show the anonymised data from now on.
    for (const row of rows) await writeAnonymised(deps.db.kysely, { ...row, data: JSON.stringify(anonymise(JSON.parse(row.data))) }, at);
    total += rows.length;
  }
}

/** How long the change feed keeps an entry (the README promises clients 7 days to read it). */
export const CHANGE_FEED_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Removes change feed entries past their retention; returns how many. */
export function pruneChangeFeed(deps: Pick<MaintenanceDeps, 'db'>, now = Date.now()): Promise<number> {
  return pruneChanges(deps.db.kysely, new Date(now - CHANGE_FEED_RETENTION_MS).toISOString());
}

export function startMaintenance(deps: MaintenanceDeps, tickMs = 30_000): () => void {
  let running = false;
  let lastAnonymise = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await deps.runner.reap();
      await scheduleDueSyncs(deps);
      await deps.inbound?.sweep();
      if (Date.now() - lastAnonymise > 3_600_000) {
        lastAnonymise = Date.now();
        await anonymiseExpired(deps);
        await pruneChangeFeed(deps);
      }
    } catch (err) {
      deps.logger.error({ err }, 'maintenance tick failed');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
