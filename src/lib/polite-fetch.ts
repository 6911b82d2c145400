/**
 * Vendor HTTP with manners: a per-integration rate limit and concurrency cap, a timeout per
 * attempt, and retries with exponential backoff that honour `Retry-After` on 429, 5xx and
 * network errors. One instance per integration is shared by syncs, writes and passthrough, so
 * together they never exceed the vendor's limits.
 */
import pLimit from 'p-limit';
import { pacer, systemClock, type Clock } from './clock.js';

export type Fetcher = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface PolitenessPolicy {
  /** Steady request rate towards the vendor for one integration. */
  requestsPerSecond: number;
  /** Requests in flight at once for one integration. */
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

export function politeFetch(
  base: Fetcher,
  policy: PolitenessPolicy = DEFAULT_POLICY,
  random: () => number = Math.random,
  clock: Clock = systemClock,
  onRetry: (event: RetryEvent) => void = () => undefined,
): Fetcher {
  const limit = pLimit(policy.concurrency);
  // Whole rates allow that many per second; fractional ones (1.6/s) space single requests evenly.
  const whole = Number.isInteger(policy.requestsPerSecond) && policy.requestsPerSecond >= 1;
  const gate = whole ? pacer(clock, policy.requestsPerSecond, 1000) : pacer(clock, 1, Math.ceil(1000 / policy.requestsPerSecond));
  /** A vendor's 429 pauses every request of the integration, not only the one that got it. */
  let pausedUntil = 0;

  async function attempt(input: string | URL | Request, init: RequestInit | undefined): Promise<Response> {
    const wait = pausedUntil - clock.now();
    if (wait > 0) await clock.sleep(wait, init?.signal);
    await gate();
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return base(input, { ...init, signal });
  }

  return async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const read = (init as ReadRequestInit | undefined)?.[READ_REQUEST] === true;
    for (let retry = 0; ; retry++) {
      let response: Response | null = null;
      let failure: unknown = null;
      try {
        response = await limit(() => attempt(input, init));
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
      if (response?.status === 429) pausedUntil = Math.max(pausedUntil, clock.now() + delay);
      onRetry({ status, delayMs: delay });
      await response?.body?.cancel().catch(() => undefined);
      await clock.sleep(delay, init?.signal);
    }
  };
}

/** One polite fetcher per integration, created on first use with the tool's policy. */
export class FetchPool {
  private readonly byIntegration = new Map<string, Fetcher>();
  private readonly observers = new Map<string, Set<(event: RetryEvent) => void>>();

  constructor(
    private readonly base: Fetcher,
    readonly clock: Clock = systemClock,
  ) {}

  forIntegration(integrationId: string, policy: Partial<PolitenessPolicy> = {}): Fetcher {
    let fetcher = this.byIntegration.get(integrationId);
    if (!fetcher) {
      fetcher = politeFetch(this.base, { ...DEFAULT_POLICY, ...policy }, Math.random, this.clock, (event) => {
        for (const observer of this.observers.get(integrationId) ?? []) observer(event);
      });
      this.byIntegration.set(integrationId, fetcher);
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

  /** Drops an integration's fetcher (the integration was deleted), so the pool does not grow forever. */
  forget(integrationId: string): void {
    this.byIntegration.delete(integrationId);
  }

  get size(): number {
    return this.byIntegration.size;
  }
}
