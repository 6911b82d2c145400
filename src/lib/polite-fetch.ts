/**
 * Vendor HTTP with manners: a rate limit and concurrency cap per vendor account, a timeout per
 * attempt, and retries with exponential backoff that honour `Retry-After` on 429, 5xx and
 * network errors. One budget per vendor account (see `RateBudget`) is shared by every
 * integration on that account and by their syncs, writes and passthrough, so together they
 * never exceed the vendor's limits; requests an API caller waits for go before sync pages.
 */
import { systemClock, type Clock } from './clock.js';
import { RateBudget, type Priority } from './rate-budget.js';

export type Fetcher = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface PolitenessPolicy {
  /** Steady request rate towards one vendor account. */
  requestsPerSecond: number;
  /** Requests in flight at once towards one vendor account. */
  concurrency: number;
  /** Per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** A `Retry-After` longer than this is not waited for: the error surfaces instead. */
  maxRetryDelayMs: number;
  /** First backoff step; doubles each retry (with jitter). */
  baseDelayMs: number;
}

export const DEFAULT_POLICY: PolitenessPolicy = {
  requestsPerSecond: 10,
  concurrency: 4,
  timeoutMs: 30_000,
  maxRetries: 5,
  maxRetryDelayMs: 120_000,
  baseDelayMs: 500,
};

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Seconds or an HTTP date, as sent in `Retry-After`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Marks a request that only reads although its method is not idempotent (RPC-style APIs such as
 * Ashby read with POST): it is then retried on 5xx and network errors like a GET.
 */
export const READ_REQUEST = Symbol.for('unified-ats.read-request');
export type ReadRequestInit = RequestInit & { [READ_REQUEST]?: true };

/** `init` marked as a read (see READ_REQUEST). */
export function asRead(init: RequestInit): ReadRequestInit {
  return { ...init, [READ_REQUEST]: true };
}

/**
 * When a 429 has no `Retry-After`: the rate-limit window's reset as a delay in ms, from
 * `X-RateLimit-Reset` or `X-Rate-Limit-Reset`. Vendors send epoch seconds, epoch milliseconds,
 * seconds to wait or a date; the size of the number tells which. Only a window that is used up
 * (`Remaining` 0, or not said) explains the 429: when every window still has room, the refusal came
 * from another limit (a per-second bucket) and null leaves the wait to the backoff.
 */
export function parseRateLimitReset(headers: Headers, now = Date.now()): number | null {
  const windows: Array<{ delay: number; remaining: string | null }> = [];
  for (const prefix of ['x-ratelimit-', 'x-rate-limit-']) {
    const delay = resetDelayOf(headers.get(`${prefix}reset`), now);
    // An empty `Remaining` says nothing, like a missing one.
    if (delay !== null) windows.push({ delay, remaining: headers.get(`${prefix}remaining`)?.trim() || null });
  }
  const exhausted = windows.filter((w) => w.remaining !== null && Number(w.remaining) <= 0);
  if (exhausted.length) return Math.max(...exhausted.map((w) => w.delay));
  const unknown = windows.filter((w) => w.remaining === null);
  return unknown.length ? Math.min(...unknown.map((w) => w.delay)) : null;
}

function resetDelayOf(header: string | null, now: number): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    if (n > 1e12) return Math.max(0, Math.round(n - now));
    if (n > 1e9) return Math.max(0, Math.round(n * 1000 - now));
    return Math.round(n * 1000);
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * How long the vendor asks us to wait: `Retry-After`, else (on a 429) the window's reset, but at
 * least `backoffMs`: a reset already past (clocks differ) must not let the retries run out at once.
 */
function vendorHint(response: Response, backoffMs: number, now: number): number | null {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now);
  if (retryAfter !== null || response.status !== 429) return retryAfter;
  const reset = parseRateLimitReset(response.headers, now);
  return reset === null ? null : Math.max(reset, backoffMs);
}

/** Whether a failed attempt may be repeated: never re-send a non-idempotent write the vendor may have processed. */
function mayRetry(method: string, status: number | 'network', read: boolean): boolean {
  if (read || IDEMPOTENT.has(method)) return status === 'network' || RETRY_STATUSES.has(status);
  // 429 means the vendor refused before doing anything.
  return status === 429;
}

/**
 * `base` with the manners of `policy`. Every wait (pacing, backoff, `Retry-After`) is on `clock`,
 * so tests can run a vendor's pacing in virtual time; timeouts stay real because they guard real I/O.
 */
/** A retry about to wait: `status` of the failed attempt ('network' when there was no answer). */
export interface RetryEvent {
  status: number | 'network';
  delayMs: number;
}

/** The budget a fetcher spends and the priority of its requests within it. */
export interface SharedBudget {
  budget: RateBudget;
  priority: Priority;
}

export function politeFetch(
  base: Fetcher,
  policy: PolitenessPolicy = DEFAULT_POLICY,
  random: () => number = Math.random,
  clock: Clock = systemClock,
  onRetry: (event: RetryEvent) => void = () => undefined,
  shared: SharedBudget = { budget: new RateBudget(clock, policy), priority: 'background' },
): Fetcher {
  const { budget, priority } = shared;

  async function attempt(input: string | URL | Request, init: RequestInit | undefined): Promise<Response> {
    // Waits for the account's pacing, a free slot and any 429 pause; the slot is held until the vendor answers.
    const release = await budget.acquire(priority, init?.signal);
    try {
      const timeout = AbortSignal.timeout(policy.timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      return await base(input, { ...init, signal });
    } finally {
      release();
    }
  }

  return async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const read = (init as ReadRequestInit | undefined)?.[READ_REQUEST] === true;
    for (let retry = 0; ; retry++) {
      let response: Response | null = null;
      let failure: unknown = null;
      try {
        response = await attempt(input, init);
      } catch (err) {
        if (init?.signal?.aborted) throw err;
        failure = err;
      }
      const status = response ? response.status : 'network';
      if (response && !RETRY_STATUSES.has(response.status)) return response;
      if (retry >= policy.maxRetries || !mayRetry(method, status, read)) {
        if (response) return response;
        throw failure;
      }
      const backoff = Math.min(policy.baseDelayMs * 2 ** retry, 30_000) * (0.5 + random() / 2);
      const hinted = response ? vendorHint(response, backoff, clock.now()) : null;
      if (hinted !== null && hinted > policy.maxRetryDelayMs) return response ?? Promise.reject(failure);
      const delay = hinted ?? backoff;
      // A vendor's 429 pauses every request of the account, not only the one that got it.
      if (response?.status === 429) budget.pause(clock.now() + delay);
      onRetry({ status, delayMs: delay });
      await response?.body?.cancel().catch(() => undefined);
      await clock.sleep(delay, init?.signal);
    }
  };
}

export interface FetcherOptions {
  /**
   * The vendor account the integration talks to (a fingerprint, see runtime/account.ts):
   * integrations with the same one share one budget. Default: the integration id (a budget of its own).
   */
  account?: string;
  /** `interactive` for requests an API caller waits for (writes, passthrough); default `background` (syncs). */
  priority?: Priority;
}

/**
 * Polite fetchers per integration and priority, spending one `RateBudget` per vendor account,
 * created on first use with the tool's policy.
 */
export class FetchPool {
  private readonly budgets = new Map<string, RateBudget>();
  /** The account each integration's fetchers spend, and the fetchers by priority. */
  private readonly byIntegration = new Map<string, { account: string; fetchers: Map<Priority, Fetcher> }>();
  private readonly observers = new Map<string, Set<(event: RetryEvent) => void>>();

  constructor(
    private readonly base: Fetcher,
    readonly clock: Clock = systemClock,
    /** The share of every account's rate and concurrency this process spends (several processes split an account). */
    private readonly share = 1,
  ) {}

  forIntegration(integrationId: string, policy: Partial<PolitenessPolicy> = {}, options: FetcherOptions = {}): Fetcher {
    const account = options.account ?? integrationId;
    const priority = options.priority ?? 'background';
    let entry = this.byIntegration.get(integrationId);
    // New credentials or base URL (a relink): the integration moves to that account's budget.
    if (entry && entry.account !== account) {
      this.forget(integrationId);
      entry = undefined;
    }
    if (!entry) {
      entry = { account, fetchers: new Map() };
      this.byIntegration.set(integrationId, entry);
    }
    let fetcher = entry.fetchers.get(priority);
    if (!fetcher) {
      const full = { ...DEFAULT_POLICY, ...policy };
      let budget = this.budgets.get(account);
      if (!budget) {
        budget = new RateBudget(this.clock, {
          requestsPerSecond: full.requestsPerSecond * this.share,
          concurrency: Math.max(1, Math.floor(full.concurrency * this.share)),
        });
        this.budgets.set(account, budget);
      }
      const onRetry = (event: RetryEvent) => {
        for (const observer of this.observers.get(integrationId) ?? []) observer(event);
      };
      fetcher = politeFetch(this.base, full, Math.random, this.clock, onRetry, { budget, priority });
      entry.fetchers.set(priority, fetcher);
    }
    return fetcher;
  }

  /** Calls `observer` for every retry of the integration's requests (a sync counts them) until the returned function is called. */
  observe(integrationId: string, observer: (event: RetryEvent) => void): () => void {
    const set = this.observers.get(integrationId) ?? new Set();
    set.add(observer);
    this.observers.set(integrationId, set);
    return () => {
      set.delete(observer);
      if (set.size === 0 && this.observers.get(integrationId) === set) this.observers.delete(integrationId);
    };
  }

  /**
   * Drops an integration's fetchers (the integration was deleted or moved to other credentials),
   * and its account's budget once no integration spends it, so the pool does not grow forever.
   */
  forget(integrationId: string): void {
    const entry = this.byIntegration.get(integrationId);
    if (!entry) return;
    this.byIntegration.delete(integrationId);
    if (![...this.byIntegration.values()].some((other) => other.account === entry.account)) this.budgets.delete(entry.account);
  }

  /** Requests waiting in the budget of the integration's account, per priority (diagnostics and tests). */
  waiting(integrationId: string): Record<Priority, number> {
    const entry = this.byIntegration.get(integrationId);
    return this.budgets.get(entry?.account ?? '')?.waiting ?? { interactive: 0, background: 0 };
  }

  /** Integrations with fetchers. */
  get size(): number {
    return this.byIntegration.size;
  }

  /** Vendor accounts with a budget. */
  get accounts(): number {
    return this.budgets.size;
  }
}
