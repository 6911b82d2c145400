/**
 * Targeted refreshes that survive crashes, restarts and vendor outages. The refs a delivery names
 * are written to `pending_refreshes` before the delivery is answered; this process then collects
 * a burst per integration (the coalescing window) and drains the integration's rows: it claims
 * what is due, refreshes it, and removes it once stored. A failed refresh leaves the rows with a
 * backoff (see retry-policy.ts), retried by a timer of this process; rows left by a process that
 * died are found on start (`recover`) and by every worker's maintenance tick (`sweep`).
 *
 * Why not the job queue: its delays run on real time (setTimeout, pg-boss's `startAfter` and
 * polling) while the window, the backoff and a vendor's `Retry-After` follow the injected clock
 * that the rate budget uses; and a queue hop would add pg-boss's polling interval to every
 * webhook. The table is the queue's state either way, and its claim (one conditional UPDATE,
 * serialised per row by PostgreSQL, with a lease) is what keeps two processes off the same rows,
 * the way sync runs are claimed.
 */
import os from 'node:os';
import type { RecordRef } from '../../connectors/connector-webhooks.js';
import { sortableId } from '../../lib/ids.js';
import type { IntegrationRow } from '../../storage/database.js';
import { findIntegrationById } from '../../storage/repositories/integrations.repository.js';
import {
  addPendingRefreshes,
  claimDueRefreshes,
  completeClaim,
  deferClaimUntilSyncEnds,
  deletePendingRefreshes,
  dropClaim,
  integrationsWithDueRefreshes,
  pendingTimesOf,
  postponeClaim,
  releaseClaim,
  retryWaitingNow,
} from '../../storage/repositories/pending-refreshes.repository.js';
import { findActiveRun } from '../../storage/repositories/sync-runs.repository.js';
import { Coalescer } from './coalescer.js';
import type { InboundDeps } from './deps.js';
import { isSourceModel, refreshRefs, uniqueRefs } from './refresh.js';
import { refreshRetryDelay } from './retry-policy.js';

/** How often rows refreshed during a sync look whether the sync has ended. */
export const SYNC_POLL_MS = 2_000;
/** A claim's lease: longer than a refresh takes even when the vendor makes us wait (Retry-After up to 2 min, retried). */
export const CLAIM_LEASE_MS = 10 * 60_000;
/** Rows overdue by this much have no live process looking after them: the sweep takes them. */
const SWEEP_GRACE_MS = 30_000;
/** Drains in a row while deliveries keep naming records under refresh (then a timer takes over). */
const MAX_ROUNDS = 10;

const iso = (ms: number) => new Date(ms).toISOString();
const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

/** Rejects when `signal` aborts, even if the clock's sleep ignores it. */
function abortable(wait: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    wait.then(resolve, reject);
  });
}

export class DurableRefreshes {
  private readonly coalescer: Coalescer<RecordRef>;
  /** The next wake-up per integration (a retry, the end of a sync or of another process's lease). */
  private readonly timers = new Map<string, { at: number; controller: AbortController }>();
  private readonly waiting = new Set<Promise<void>>();
  /** Names this process in its claims. */
  private readonly claimer = `${os.hostname()}:${process.pid}:${sortableId()}`;
  private stopped = false;

  constructor(private readonly deps: InboundDeps) {
    this.coalescer = new Coalescer(deps.clock, deps.coalesceMs, (integrationId) => this.drain(integrationId));
  }

  /** Keeps the refs (before the delivery is answered) and opens the integration's coalescing window. */
  async add(integrationId: string, refs: readonly RecordRef[]): Promise<void> {
    const unique = uniqueRefs(refs);
    if (unique.length === 0) return;
    await addPendingRefreshes(this.deps.db.kysely, integrationId, unique, iso(this.deps.clock.now()));
    this.coalescer.add(integrationId, unique);
  }

  /** On start: everything pending is taken up when due (rows a dead process claimed, when their lease ends). */
  async recover(): Promise<void> {
    for (const { integration_id, due } of await integrationsWithDueRefreshes(this.deps.db.kysely, FAR_FUTURE)) {
      this.wakeAt(integration_id, Date.parse(due));
    }
  }

  /** Periodically in workers: rows overdue that no process holds (theirs stopped) are taken up now. */
  async sweep(): Promise<void> {
    const now = this.deps.clock.now();
    const overdue = iso(now - SWEEP_GRACE_MS - this.deps.coalesceMs);
    for (const { integration_id } of await integrationsWithDueRefreshes(this.deps.db.kysely, overdue, iso(now))) this.wakeAt(integration_id, now);
  }

  /** Resolves once nothing is collected, refreshed or waited for in this process (tests). */
  async settle(): Promise<void> {
    do {
      await this.coalescer.settle();
      await Promise.allSettled([...this.waiting]);
    } while (this.waiting.size > 0 || this.coalescer.busy);
  }

  /** Shutdown: refreshes under way finish; timers stop (their rows wait for the next start or another process's sweep). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const { controller } of this.timers.values()) controller.abort();
    this.timers.clear();
    await this.settle();
  }

  private async drain(integrationId: string): Promise<void> {
    try {
      for (let round = 0; round < MAX_ROUNDS && !this.stopped; round++) {
        if (!(await this.drainOnce(integrationId))) break;
      }
      await this.scheduleNext(integrationId);
    } catch (err) {
      // The rows stay: the sweep or the next start takes them up.
      this.deps.logger.error({ err, integration_id: integrationId }, 'vendor webhook refresh crashed');
    }
  }

  /** One claim, refresh and outcome; true when more rows became due meanwhile. */
  private async drainOnce(integrationId: string): Promise<boolean> {
    const db = this.deps.db.kysely;
    const integration = await findIntegrationById(db, integrationId);
    const hooks = integration ? this.deps.connectorFor(integration.tool)?.webhooks : undefined;
    if (!integration || integration.status !== 'ACTIVE' || !hooks) {
      // Disabled or deleted while waiting: enabling syncs in full, so nothing is owed.
      await deletePendingRefreshes(db, integrationId);
      return false;
    }
    const syncing = (await findActiveRun(db, integrationId)) !== undefined;
    const now = this.deps.clock.now();
    const token = `${this.claimer}:${sortableId()}`;
    const claimed = await claimDueRefreshes(db, integrationId, { now: iso(now), token, leaseUntil: iso(now + CLAIM_LEASE_MS), includeAfterSync: !syncing });
    if (claimed.length === 0) return false;
    const refs = claimed.flatMap((row) => (isSourceModel(row.model) ? [{ model: row.model, remote_id: row.remote_id }] : []));
    try {
      await refreshRefs(this.deps, integration, hooks, refs);
    } catch (err) {
      await this.failed(integration, token, claimed, err);
      return false;
    }
    // A sync that read these records before the change may store them after this refresh: once
    // it has ended they are read once more, so the newer state wins.
    if (syncing) await deferClaimUntilSyncEnds(db, token, iso(now + SYNC_POLL_MS));
    else await completeClaim(db, token);
    const namedAgain = await releaseClaim(db, token);
    // The vendor answered: refs waiting after an earlier failure need not wait any longer.
    const retried = await retryWaitingNow(db, integrationId, iso(this.deps.clock.now()));
    return namedAgain + retried > 0;
  }

  private async failed(integration: IntegrationRow, token: string, claimed: ReadonlyArray<{ attempts: number }>, err: unknown): Promise<void> {
    const db = this.deps.db.kysely;
    const now = this.deps.clock.now();
    const message = err instanceof Error ? err.message : String(err);
    let gaveUp = false;
    let retryAt: string | null = null;
    for (const attempts of new Set(claimed.map((row) => row.attempts))) {
      const delay = refreshRetryDelay(err, attempts);
      if (delay === null) {
        await dropClaim(db, token, attempts);
        gaveUp = true;
      } else {
        retryAt = iso(now + delay);
        await postponeClaim(db, token, attempts, retryAt, message);
      }
    }
    const logger = this.deps.logger.child({ integration_id: integration.id, webhooks: 'refresh' });
    if (retryAt) logger.warn({ err, refs: claimed.length, retry_at: retryAt }, 'vendor webhook refresh failed; tried again later');
    if (gaveUp) {
      logger.warn({ err }, 'vendor webhook refresh failed for good; a delta sync catches up');
      const incremental = this.deps.connectorFor(integration.tool)?.manifest.capabilities.incremental ?? false;
      await this.deps.runner.enqueue(integration.id, 'DELTA', incremental);
    }
  }

  /** Sets a timer for when the integration's remaining rows can next be taken. */
  private async scheduleNext(integrationId: string): Promise<void> {
    const db = this.deps.db.kysely;
    const rows = await pendingTimesOf(db, integrationId);
    if (rows.length === 0) return;
    const now = this.deps.clock.now();
    const syncing = rows.some((row) => row.after_sync === 1) && (await findActiveRun(db, integrationId)) !== undefined;
    let at = Number.POSITIVE_INFINITY;
    for (const row of rows) {
      let due = Date.parse(row.next_attempt_at);
      // Held by another process: its lease ends then (earlier, the row is gone and nothing happens).
      if (row.claimed_until && Date.parse(row.claimed_until) > now) due = Math.max(due, Date.parse(row.claimed_until));
      if (row.after_sync === 1 && syncing) due = Math.max(due, now + SYNC_POLL_MS);
      at = Math.min(at, due);
    }
    this.wakeAt(integrationId, at);
  }

  /** Drains the integration at `at` (through its coalescing window), unless a timer wakes it earlier. */
  private wakeAt(integrationId: string, at: number): void {
    if (this.stopped) return;
    const existing = this.timers.get(integrationId);
    if (existing && existing.at <= at) return;
    existing?.controller.abort();
    const controller = new AbortController();
    this.timers.set(integrationId, { at, controller });
    const waited = (async () => {
      const ms = at - this.deps.clock.now();
      if (ms > 0) {
        try {
          await abortable(this.deps.clock.sleep(ms, controller.signal), controller.signal);
        } catch {
          return;
        }
      }
      if (this.timers.get(integrationId)?.controller === controller) this.timers.delete(integrationId);
      if (!this.stopped) this.coalescer.add(integrationId, []);
    })();
    this.waiting.add(waited);
    void waited.finally(() => this.waiting.delete(waited));
  }
}
