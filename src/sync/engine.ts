/**
 * One sync run of one integration.
 *
 * - FULL: list every model completely, store what changed, mark what a complete listing no longer
 *   contains as deleted (only when every listing succeeded).
 * - DELTA: list what changed since the last successful run (minus a safety overlap), apply the
 *   vendor's deleted-records report.
 *
 * Views are composed when read (sync/views.ts); storing a record also moves `updated_at` of the
 * records that track it (sync/propagate.ts), in the same transaction.
 *
 * Every write is an idempotent upsert keyed by our derived ids, so a run that dies at any point
 * can simply be run again and ends with the same data.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Connector, ConnectorContext, FetchLike, Page } from '../connectors/connector.js';
import { SOURCE_MODELS, type SourceModel, type SourceRecordMap } from '../connectors/source-records.js';
import type { Vault } from '../lib/crypto.js';
import type { FetchPool } from '../lib/polite-fetch.js';
import { AppError, VendorAuthError } from '../lib/errors.js';
import { recordId } from '../lib/ids.js';
import type { Db } from '../storage/db.js';
import type { IntegrationRow } from '../storage/database.js';
import { connectorContext } from '../runtime/connector-context.js';
import { updateIntegration } from '../storage/repositories/integrations.repository.js';
import { markDeleted, markUnseenDeleted } from '../storage/repositories/records.repository.js';
import { transactionWithRetry } from '../storage/db-errors.js';
import { findLastSuccessfulRun, updateSyncRun, type FinalState } from '../storage/repositories/sync-runs.repository.js';
import { applicationStagesSpec } from './models/index.js';
import { SeenIds } from './seen.js';
import { modelsKeepingRemoteData } from './fields.js';
import { mergeReport, newChangeReport, storeDeletions, storeSourceRecords, type ChangeReport, type RunStats } from './store.js';
import { describeErrors, groupErrors, ProgressTracker, type Failure } from './progress.js';

const errorCode = (err: unknown): string | null => (err instanceof AppError ? err.code : null);

export type { ModelStats, RunStats } from './store.js';

/** Records stored per transaction while listing (several vendor pages when they are small). */
const STORE_BATCH = 2000;

/** Delta syncs re-read this much before the last successful run, for clock skew and late writes. */
export const DELTA_OVERLAP_MS = 5 * 60 * 1000;

export interface SyncDeps {
  db: Db;
  vault: Vault;
  logger: Logger;
  fetch: FetchLike;
  /** Per-integration polite fetchers; without it connectors get `fetch` as it is (tests). */
  fetchPool?: FetchPool;
  connectorFor(tool: string): Connector | undefined;
  now?: () => Date;
  /** How often a running sync saves its progress at most (default 1 s; models ending save at once). */
  progressIntervalMs?: number;
}

export interface SyncOutcome {
  state: FinalState;
  stats: RunStats;
  error: string | null;
  /** Models whose records changed in this run (for the data-changed webhook). */
  changedModels: string[];
}

export class SyncCancelled extends Error {
  constructor() {
    super('The sync was cancelled (integration disabled or deleted).');
  }
}

export async function executeSyncRun(
  deps: SyncDeps,
  integration: IntegrationRow,
  runId: string,
  signal?: AbortSignal,
  requestedType: 'FULL' | 'DELTA' = 'FULL',
): Promise<SyncOutcome> {
  const now = () => (deps.now ? deps.now() : new Date()).toISOString();
  const logger = deps.logger.child({ integration_id: integration.id, sync_id: runId });
  const db = deps.db.kysely;
  const report = newChangeReport();
  const { stats } = report;
  const startedAt = now();
  await updateSyncRun(db, runId, { state: 'RUNNING', started_at: startedAt });
  const tracker = new ProgressTracker((json) => updateSyncRun(db, runId, { progress: json }), deps.progressIntervalMs);
  // Retries and 429 waits of this integration's requests while the run goes (writes running meanwhile count too).
  const stopObserving = deps.fetchPool?.observe(integration.id, (event) => tracker.retried(event.status === 429)) ?? (() => undefined);

  let state: FinalState = 'SUCCEEDED';
  let error: string | null = null;
  try {
    const connector = deps.connectorFor(integration.tool);
    if (!connector) throw new AppError('PLATFORM.UNKNOWN_ERROR', `No connector for tool "${integration.tool}"`);
    const ctx: ConnectorContext = {
      ...connectorContext(deps, integration, logger),
      ...(signal ? { signal } : {}),
      onRetry: (event) => tracker.retried(event.status === 429),
    };
    const previous = requestedType === 'DELTA' ? await findLastSuccessfulRun(db, integration.id) : undefined;
    const since = previous?.started_at ? new Date(Date.parse(previous.started_at) - DELTA_OVERLAP_MS).toISOString() : null;
    const delta = requestedType === 'DELTA' && connector.manifest.capabilities.incremental && since !== null;
    if (!delta && requestedType === 'DELTA') await updateSyncRun(db, runId, { type: 'FULL' });

    const seen = new SeenIds();
    // A full sync of an integration synced before finds most records stored unchanged.
    const mostlyStored = !delta && integration.first_synced_at !== null;
    const firstSync = integration.first_synced_at === null;
    const listing: Listing = { integrationId: integration.id, runId, startedAt, since: delta ? since : null, report, seen: delta ? null : seen, mostlyStored, firstSync, now, tracker };
    const models = SOURCE_MODELS.filter((m) => connector.manifest.capabilities.models.includes(m));
    // A model the vendor fails to list does not stop the others; the run is then PARTIALLY_FAILED.
    const failures: Failure[] = [];
    for (const model of models) {
      try {
        const listedFrom = Date.now();
        await listModel(deps, connector, ctx, model, listing);
        await tracker.ended(model, 'DONE');
        logger.debug({ model, ms: Date.now() - listedFrom }, 'model listed');
      } catch (err) {
        if (err instanceof VendorAuthError || err instanceof SyncCancelled || signal?.aborted) throw err;
        failures.push({ model, message: err instanceof Error ? err.message : String(err), code: errorCode(err), at: now() });
        tracker.errors(groupErrors(failures));
        await tracker.ended(model, 'FAILED');
        logger.warn({ err, model }, 'listing failed');
      }
    }
    if (signal?.aborted) throw new SyncCancelled();
    // The same error of many models (the vendor is down) is one line with the models it hit.
    if (failures.length === models.length && models.length > 0) throw new Error(describeErrors(groupErrors(failures)));
    if (failures.length > 0) {
      // What was read is served; nothing is marked deleted on an incomplete run.
      state = 'PARTIALLY_FAILED';
      error = describeErrors(groupErrors(failures));
    } else if (delta && since !== null) {
      let gone: Array<{ model: SourceModel; remote_id: string }> = [];
      try {
        gone = (await connector.listDeleted?.(ctx, since)) ?? [];
      } catch (err) {
        if (err instanceof VendorAuthError || err instanceof SyncCancelled || signal?.aborted) throw err;
        // The listings stand; the deletions are read again by the next delta (it starts from the
        // last successful run, which this one is not).
        state = 'PARTIALLY_FAILED';
        const message = err instanceof Error ? err.message : String(err);
        error = `deleted records: ${message}`;
        tracker.errors([{ message, count: 1, models: ['deleted records'], code: errorCode(err), first_at: now() }]);
        logger.warn({ err }, 'deleted-records report failed');
      }
      const byModel = new Map<string, string[]>();
      for (const { model, remote_id } of gone) {
        const list = byModel.get(model) ?? [];
        list.push(recordId(integration.id, model, remote_id));
        byModel.set(model, list);
      }
      for (const [model, goneIds] of byModel) {
        const at = now();
        const local = await transactionWithRetry(db, async (trx) => storeDeletions(trx, integration.id, model, await markDeleted(trx, integration.id, model, goneIds, at), at, startedAt));
        mergeReport(report, local);
      }
    } else {
      // Only a run whose every listing completed may conclude that missing records were deleted.
      const listed: string[] = models.flatMap((m) => (m === 'jobs' ? [m, applicationStagesSpec.model] : [m]));
      for (const model of listed) {
        const at = now();
        const local = await transactionWithRetry(db, async (trx) =>
          storeDeletions(trx, integration.id, model, await markUnseenDeleted(trx, integration.id, model, runId, at, startedAt, (id) => seen.has(model, id)), at, startedAt),
        );
        mergeReport(report, local);
      }
    }
    const at = now();
    if (state === 'SUCCEEDED') {
      await updateIntegration(db, integration.id, {
        setup_status: 'COMPLETED',
        first_synced_at: integration.first_synced_at ?? at,
        last_successful_sync_at: at,
        data_expired_at: null,
        updated_at: at,
      });
    }
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    if (err instanceof SyncCancelled || signal?.aborted) {
      state = 'CANCELLED';
    } else if (err instanceof VendorAuthError) {
      state = 'AUTHENTICATION_FAILED';
      await updateIntegration(db, integration.id, { status: 'INVALID', updated_at: now() });
    } else {
      state = 'FAILED';
    }
    // Errors not tied to a model (authentication, cancellation) are a group of their own.
    if (tracker.snapshot().errors.length === 0) tracker.errors([{ message: error, count: 1, models: [], code: errorCode(err), first_at: now() }]);
    logger.warn({ err }, 'sync failed');
  } finally {
    stopObserving();
  }
  await tracker.flush(true);
  await updateSyncRun(db, runId, { state, ended_at: now(), error, stats: JSON.stringify(stats), progress: JSON.stringify(tracker.snapshot()) });
  logger.info({ state, stats }, 'sync finished');
  return { state, stats, error, changedModels: [...report.changedModels] };
}

/** What one run's listings share. */
interface Listing {
  integrationId: string;
  runId: string;
  startedAt: string;
  /** Incremental reads from this instant (delta runs), or null for complete listings. */
  since: string | null;
  report: ChangeReport;
  /** Complete listings remember what they saw, for deletion detection. */
  seen: SeenIds | null;
  /** Records already stored unchanged are left out of the upserts (see `upsertRecords`). */
  mostlyStored: boolean;
  /** See `storeSourceRecords`. */
  firstSync: boolean;
  now: () => string;
  tracker: ProgressTracker;
}

async function listModel<M extends SourceModel>(deps: SyncDeps, connector: Connector, ctx: ConnectorContext, model: M, listing: Listing): Promise<void> {
  const { integrationId, runId, startedAt, since, report, seen, mostlyStored, firstSync, now, tracker } = listing;
  const fetchPage = (cursor: string | null): Promise<Page<M>> => {
    if (ctx.signal?.aborted) return Promise.reject(new SyncCancelled());
    return connector.list(ctx, model, since === null ? { cursor } : { cursor, since });
  };
  // Small vendor pages are stored a few at a time: every transaction rewrites the index pages
  // it touches, so fewer, larger ones write much less.
  let buffered: Array<SourceRecordMap[M]> = [];
  // What the connector wants done once its pages are stored (keeping a sync token), in page order.
  let afterStored: Array<() => Promise<void>> = [];
  const flush = async () => {
    const records = buffered;
    const done = afterStored;
    buffered = [];
    afterStored = [];
    if (records.length) {
      // Read per batch: a setting switched on during the run counts from the next batch.
      const keepRemote = await modelsKeepingRemoteData(deps.db.kysely, integrationId);
      await storeSourceRecords(deps.db.kysely, integrationId, model, records, runId, now(), report, { runStartedAt: startedAt, mostlyStored, firstSync, keepRemote, ...(seen ? { seen } : {}) });
    }
    for (const callback of done) await callback();
  };
  // The next page is fetched while this one is stored, so the vendor's latency and our writes overlap.
  let pending: Promise<Page<M>> | null = fetchPage(null);
  while (pending) {
    let page: Page<M>;
    try {
      page = await pending;
    } catch (err) {
      // What was read before the failure is kept (a partial run serves it); the vendor's error
      // is the one to report even if storing fails too.
      await flush().catch((storeErr: unknown) => ctx.logger.warn({ err: storeErr, model }, 'storing the pages read before a failure failed'));
      throw err;
    }
    pending = page.next ? fetchPage(page.next) : null;
    // If storing fails, the prefetch's own failure must not go unhandled.
    pending?.catch(() => undefined);
    buffered.push(...page.records);
    await tracker.page(model, page.records.length);
    if (page.afterStored) afterStored.push(page.afterStored);
    if (buffered.length >= STORE_BATCH || !pending) await flush();
    // SQLite calls are synchronous underneath: give HTTP requests a turn between pages.
    await yieldToEventLoop();
  }
}
