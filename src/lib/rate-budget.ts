/**
 * One vendor account's request budget: its rate, its concurrency cap and its 429 pause, shared
 * by everything that talks to the account (several integrations on the same credentials, their
 * syncs, write actions and passthrough). Requests wait in two queues: `interactive` ones (an API
 * caller is waiting for them) always start before `background` ones (sync pages), so a write
 * waits for the requests already in flight and the pacing, never for queued sync pages.
 *
 * @example
 * const budget = new RateBudget(clock, { requestsPerSecond: 10, concurrency: 4 });
 * const release = await budget.acquire('interactive', signal);
 * try { return await fetch(url); } finally { release(); }
 */
import type { Clock } from './clock.js';

export type Priority = 'interactive' | 'background';

export interface BudgetPolicy {
  requestsPerSecond: number;
  concurrency: number;
}

interface Waiter {
  start: () => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export class RateBudget {
  private readonly queues: Record<Priority, Waiter[]> = { interactive: [], background: [] };
  private readonly starts: number[] = [];
  private readonly limit: number;
  private readonly intervalMs: number;
  private inFlight = 0;
  private pausedUntil = 0;
  private pumping = false;
  /** Cuts the pump's wait short once nobody waits any more (every caller gave up during a long 429 pause). */
  private pumpWait: AbortController | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly policy: BudgetPolicy,
  ) {
    // Whole rates allow that many per second; fractional ones (1.6/s) space single requests evenly.
    const whole = Number.isInteger(policy.requestsPerSecond) && policy.requestsPerSecond >= 1;
    this.limit = whole ? policy.requestsPerSecond : 1;
    this.intervalMs = whole ? 1000 : Math.ceil(1000 / policy.requestsPerSecond);
  }

  /**
   * Resolves when a request may start (a concurrency slot is taken, the pacing and any 429 pause
   * allow it) with the function that gives the slot back once the vendor answered.
   */
  acquire(priority: Priority, signal?: AbortSignal | null): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: () => resolve(this.releaser()),
        signal: signal ?? undefined,
        onAbort: () => {
          const queue = this.queues[priority];
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          if (!this.queues.interactive.length && !this.queues.background.length) this.pumpWait?.abort();
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queues[priority].push(waiter);
      void this.pump();
    });
  }

  /** A vendor's 429 pauses every request of the account until `untilMs` (clock time). */
  pause(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }

  /** Requests waiting for their turn, per priority (tests and diagnostics). */
  get waiting(): Record<Priority, number> {
    return { interactive: this.queues.interactive.length, background: this.queues.background.length };
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      void this.pump();
    };
  }

  /** How long the next start must wait for the pacing window or a pause. */
  private waitMs(): number {
    const now = this.clock.now();
    let wait = this.pausedUntil - now;
    if (this.starts.length >= this.limit) wait = Math.max(wait, (this.starts[this.starts.length - this.limit] ?? 0) + this.intervalMs - now);
    return wait;
  }

  /**
   * Starts waiters while slots are free, one at a time: the waiter is chosen only once its turn
   * has come, so an interactive request that arrives during a pacing wait goes first.
   */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.inFlight < this.policy.concurrency && (this.queues.interactive.length || this.queues.background.length)) {
        const wait = this.waitMs();
        if (wait > 0) {
          this.pumpWait = new AbortController();
          await this.clock.sleep(wait, this.pumpWait.signal).catch(() => undefined);
          this.pumpWait = null;
          continue;
        }
        const waiter = this.queues.interactive.shift() ?? this.queues.background.shift();
        if (!waiter) break;
        waiter.signal?.removeEventListener('abort', waiter.onAbort);
        this.starts.push(this.clock.now());
        if (this.starts.length > this.limit) this.starts.shift();
        this.inFlight++;
        waiter.start();
      }
    } finally {
      this.pumping = false;
    }
  }
}
