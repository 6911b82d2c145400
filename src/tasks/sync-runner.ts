/**
 * Sync runs as queue jobs: at most one queued-or-running run per integration (a unique index),
 * claimed by exactly one worker, kept alive by heartbeats. A run whose worker dies (kill -9) is
 * found by the reaper, recorded as failed and queued again; since every write of the engine is
 * an idempotent upsert, the retry ends with the same data as an uninterrupted run.
 */
import os from 'node:os';
import { sortableId } from '../lib/ids.js';
import type { Queue } from '../queue/queue.js';
import type { IntegrationRow, SyncRunRow } from '../storage/database.js';
import { findIntegrationById } from '../storage/repositories/integrations.repository.js';
import { deleteIntegrationRecords } from '../storage/repositories/records.repository.js';
import {
  cancelQueuedRuns,
  claimRun,
  countActiveRuns,
  findActiveRun,
  findRunsInState,
  findStaleRuns,
  finishRunIf,
  heartbeat,
  insertQueuedRunIfIdle,
} from '../storage/repositories/sync-runs.repository.js';
import { executeSyncRun, type SyncDeps, type SyncOutcome } from '../sync/engine.js';
import { changedModelNames, endUser } from '../webhooks/events.js';
import type { WebhookService } from '../webhooks/webhook-service.js';

export type SyncType = 'FULL' | 'DELTA';

export interface EnqueueResult {
  run: SyncRunRow;
  alreadyQueued: boolean;
}

export interface RunnerOptions {
  heartbeatMs: number;
  /** A RUNNING run without a heartbeat for this long belongs to a dead worker. */
  staleAfterMs: number;
  timeoutMs: number;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = { heartbeatMs: 5_000, staleAfterMs: 60_000, timeoutMs: 6 * 3_600_000 };

class SyncTimedOut extends Error {
  constructor() {
    super('The sync took longer than SYNC_TIMEOUT.');
  }
}

export class SyncRunner {
  readonly workerId = `${os.hostname()}:${process.pid}:${sortableId()}`;
  private readonly local = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  private paused = false;
  private resumeWaiters: Array<() => void> = [];

  constructor(
    private readonly deps: SyncDeps & { queue: Queue; webhooks: WebhookService; publicBase: string },
    private readonly options: RunnerOptions = DEFAULT_RUNNER_OPTIONS,
  ) {}

  async enqueue(integrationId: string, requested: SyncType, incremental: boolean): Promise<EnqueueResult> {
    const db = this.deps.db.kysely;
    const now = new Date();
    const run: SyncRunRow = {
      id: sortableId(now),
      integration_id: integrationId,
      type: requested === 'DELTA' && incremental ? 'DELTA' : 'FULL',
      state: 'QUEUED',
      created_at: now.toISOString(),
      started_at: null,
      ended_at: null,
      error: null,
      stats: '{}',
      heartbeat_at: null,
      worker_id: null,
      progress: null,
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await insertQueuedRunIfIdle(db, run)) {
        await this.deps.queue.send('sync', { runId: run.id });
        return { run, alreadyQueued: false };
      }
      const existing = await findActiveRun(db, integrationId);
      if (existing) return { run: existing, alreadyQueued: true };
      // The active run finished between the two statements: try again.
    }
    throw new Error(`Could not queue a sync for ${integrationId}`);
  }

  async startWorkers(concurrency: number): Promise<void> {
    await this.deps.queue.work('sync', ({ runId }) => this.process(runId), concurrency);
  }

  /**
   * On start: an in-process queue lost its jobs, so queued runs are sent again; runs whose
   * worker stopped are failed and retried.
   */
  async recover(): Promise<void> {
    if (this.deps.queue.kind === 'in-process') {
      for (const run of await findRunsInState(this.deps.db.kysely, ['RUNNING'])) await this.retryLost(run);
      for (const run of await findRunsInState(this.deps.db.kysely, ['QUEUED'])) await this.deps.queue.send('sync', { runId: run.id });
    }
    await this.reap();
  }

  /** Fails and re-queues runs whose worker stopped sending heartbeats. */
  async reap(): Promise<void> {
    const before = new Date(Date.now() - this.options.staleAfterMs).toISOString();
    for (const run of await findStaleRuns(this.deps.db.kysely, before)) await this.retryLost(run);
  }

  /** Stops a queued or running sync of the integration; waits for a local one to let go. */
  async cancel(integrationId: string): Promise<void> {
    await cancelQueuedRuns(this.deps.db.kysely, integrationId, new Date().toISOString());
    const running = this.local.get(integrationId);
    if (running) {
      running.controller.abort();
      await running.done;
    }
  }

  /** Holds queued runs back (maintenance, tests); running ones finish. */
  pause(): void {
    this.paused = true;
  }

  /** Resolves once this process runs no sync (with `pause`, nothing starts meanwhile). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.local.values()].map((r) => r.done));
  }

  resume(): void {
    this.paused = false;
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves when no sync is queued or running anywhere (tests, CLI). */
  async idle(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // Local runs count too: a deleted integration's run rows are gone while its sync is still winding down.
    while (this.local.size > 0 || (await countActiveRuns(this.deps.db.kysely)) > 0) {
      if (Date.now() > deadline) throw new Error('Syncs did not finish in time');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(): Promise<void> {
    for (const { controller } of this.local.values()) controller.abort();
    await Promise.allSettled([...this.local.values()].map((r) => r.done));
  }

  private async retryLost(run: SyncRunRow): Promise<void> {
    const now = new Date().toISOString();
    const failed = await finishRunIf(this.deps.db.kysely, run.id, 'RUNNING', {
      state: 'FAILED',
      ended_at: now,
      error: 'Interrupted: the worker running this sync stopped. It was queued again.',
    });
    if (!failed) return;
    const integration = await findIntegrationById(this.deps.db.kysely, run.integration_id);
    if (integration?.status === 'ACTIVE') await this.enqueue(run.integration_id, run.type, run.type === 'DELTA');
  }

  private async process(runId: string): Promise<void> {
    if (this.paused) await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
    const db = this.deps.db.kysely;
    const run = await claimRun(db, runId, this.workerId, new Date().toISOString());
    if (!run) return;
    // Registered before the next await: a delete arriving while the integration is looked up must
    // find this run to cancel and wait for, or the sync would go on writing rows of a deleted integration.
    const controller = new AbortController();
    let finished = () => undefined as void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    this.local.set(run.integration_id, { controller, done });
    try {
      const integration = await findIntegrationById(db, run.integration_id);
      if (!integration || integration.status !== 'ACTIVE' || controller.signal.aborted) {
        await finishRunIf(db, runId, 'RUNNING', { state: 'CANCELLED', ended_at: new Date().toISOString(), error: 'The integration is not active.' });
        return;
      }
      await this.runWithHeartbeat(integration, run, controller);
    } finally {
      this.local.delete(run.integration_id);
      finished();
    }
  }

  private async runWithHeartbeat(integration: IntegrationRow, run: SyncRunRow, controller: AbortController): Promise<void> {
    const db = this.deps.db.kysely;
    const deadline = Date.now() + this.options.timeoutMs;
    const beat = setInterval(() => {
      void (async () => {
        await heartbeat(db, run.id, new Date().toISOString());
        // Another process may have disabled or deleted the integration.
        const current = await findIntegrationById(db, integration.id);
        if (!current || current.status !== 'ACTIVE') controller.abort();
        if (Date.now() > deadline) controller.abort(new SyncTimedOut());
      })().catch((err: unknown) => this.deps.logger.warn({ err }, 'heartbeat failed'));
    }, this.options.heartbeatMs);
    let outcome: SyncOutcome;
    try {
      outcome = await executeSyncRun(this.deps, integration, run.id, controller.signal, run.type);
    } finally {
      clearInterval(beat);
    }
    if (controller.signal.reason instanceof SyncTimedOut) {
      await finishRunIf(db, run.id, 'CANCELLED', { state: 'TIMED_OUT', error: 'The sync took longer than SYNC_TIMEOUT.' });
      outcome = { ...outcome, state: 'TIMED_OUT' };
    }
    const after = await findIntegrationById(db, integration.id);
    if (!after) {
      // Deleted while syncing: the pages written meanwhile must not outlive it.
      await deleteIntegrationRecords(db, integration.id);
      return;
    }
    await this.announce(after, run, outcome);
  }

  private async announce(integration: IntegrationRow, run: SyncRunRow, outcome: SyncOutcome): Promise<void> {
    const { webhooks } = this.deps;
    const finished = await this.deps.db.kysely.selectFrom('sync_runs').selectAll().where('id', '=', run.id).executeTakeFirst();
    const started = finished?.started_at ?? run.created_at;
    const ended = finished?.ended_at ?? new Date().toISOString();
    const base = { integration_id: integration.id, integration_tool: integration.tool, integration_category: 'ATS' };
    const changed = changedModelNames(outcome.changedModels);
    if (changed.length > 0) await webhooks.emit(integration.environment_id, 'data-changed', { ...base, changed_models: changed });
    await webhooks.emit(integration.environment_id, 'sync-finished', {
      sync_id: run.id,
      sync_state: outcome.state,
      sync_started_at: started,
      sync_ended_at: ended,
      sync_duration_seconds: Math.max(0, Math.round((Date.parse(ended) - Date.parse(started)) / 1000)),
      ...base,
      end_user: endUser(integration),
      log_url: `${this.deps.publicBase}/v1/integrations/${encodeURIComponent(integration.id)}/syncs`,
    });
    if (outcome.state === 'AUTHENTICATION_FAILED') await webhooks.stateChanged(integration);
  }
}
