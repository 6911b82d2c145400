/**
 * The in-process sync runner: a queue of sync runs with at most one active run per
 * integration and a small global concurrency. Runs are rows in `sync_runs`, so a restart
 * finds what was queued; runs cut off by a crash are recorded as failed and queued again.
 */
import type { SyncRunRow } from '../storage/database.js';
import { sortableId } from '../lib/ids.js';
import { findIntegrationById } from '../storage/repositories/integrations.repository.js';
import {
  findActiveRun,
  findRunsInState,
  insertSyncRun,
  updateSyncRun,
} from '../storage/repositories/sync-runs.repository.js';
import { executeSyncRun, type SyncDeps } from './engine.js';

export type SyncType = 'FULL' | 'DELTA';

export interface EnqueueResult {
  run: SyncRunRow;
  alreadyQueued: boolean;
}

export class SyncRunner {
  private readonly pending: string[] = [];
  private readonly active = new Set<Promise<void>>();
  /** Serialises enqueue decisions per integration so two callers cannot queue twice. */
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Abort handles of running syncs, by integration id. */
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private stopped = false;
  private paused = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly deps: SyncDeps,
    private readonly concurrency = 2,
  ) {}

  async enqueue(integrationId: string, requested: SyncType, incremental: boolean): Promise<EnqueueResult> {
    return this.withLock(integrationId, async () => {
      const db = this.deps.db.kysely;
      const existing = await findActiveRun(db, integrationId);
      if (existing) return { run: existing, alreadyQueued: true };
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
      };
      await insertSyncRun(db, run);
      this.pending.push(run.id);
      this.pump();
      return { run, alreadyQueued: false };
    });
  }

  /** Called at start: runs a previous process left RUNNING are failed and queued again. */
  async recover(): Promise<void> {
    const db = this.deps.db.kysely;
    const interrupted = await findRunsInState(db, ['RUNNING']);
    for (const run of interrupted) {
      await updateSyncRun(db, run.id, { state: 'FAILED', ended_at: new Date().toISOString(), error: 'Interrupted: the server stopped during the sync.' });
      await this.enqueue(run.integration_id, run.type, run.type === 'DELTA');
    }
    for (const run of await findRunsInState(db, ['QUEUED'])) {
      if (!this.pending.includes(run.id)) this.pending.push(run.id);
    }
    this.pump();
  }

  /** Resolves when nothing is queued or running (used by tests and the CLI). */
  idle(): Promise<void> {
    if (this.pending.length === 0 && this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.active]);
  }

  /** Holds queued runs back (maintenance, tests); running ones finish. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  /** Stops a queued or running sync of the integration and waits until it has let go. */
  async cancel(integrationId: string): Promise<void> {
    const db = this.deps.db.kysely;
    const active = await findActiveRun(db, integrationId);
    if (active?.state === 'QUEUED') {
      await updateSyncRun(db, active.id, { state: 'CANCELLED', ended_at: new Date().toISOString(), error: 'Cancelled.' });
    }
    const running = this.running.get(integrationId);
    if (running) {
      running.controller.abort();
      await running.done;
    }
  }

  private pump(): void {
    while (!this.stopped && !this.paused && this.active.size < this.concurrency && this.pending.length > 0) {
      const runId = this.pending.shift();
      if (!runId) break;
      const task = this.execute(runId).finally(() => {
        this.active.delete(task);
        this.pump();
        if (this.pending.length === 0 && this.active.size === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
      this.active.add(task);
    }
  }

  private async execute(runId: string): Promise<void> {
    const db = this.deps.db.kysely;
    try {
      const run = await db.selectFrom('sync_runs').selectAll().where('id', '=', runId).executeTakeFirst();
      if (!run || run.state !== 'QUEUED') return;
      const integration = await findIntegrationById(db, run.integration_id);
      if (!integration || integration.status !== 'ACTIVE') {
        await updateSyncRun(db, runId, { state: 'CANCELLED', ended_at: new Date().toISOString(), error: 'The integration is not active.' });
        return;
      }
      const controller = new AbortController();
      const done = executeSyncRun(this.deps, integration, runId, controller.signal, run.type).then(() => undefined);
      this.running.set(integration.id, { controller, done });
      try {
        await done;
      } finally {
        this.running.delete(integration.id);
      }
    } catch (err) {
      this.deps.logger.error({ err, sync_id: runId }, 'sync run crashed');
      await updateSyncRun(db, runId, { state: 'FAILED', ended_at: new Date().toISOString(), error: String(err) }).catch(() => undefined);
    }
  }

  private async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    this.locks.set(key, next);
    try {
      return await next;
    } finally {
      if (this.locks.get(key) === next) this.locks.delete(key);
    }
  }
}
