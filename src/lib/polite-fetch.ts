/**
 * Vendor HTTP with manners: a per-integration rate limit and concurrency cap, a timeout per
 * attempt, and retries with exponential backoff that honour `Retry-After` on 429, 5xx and
 * network errors. One instance per integration is shared by syncs, writes and passthrough, so
 * together they never exceed the vendor's limits.
 */
import pLimit from 'p-limit';
import pThrottle from 'p-throttle';
import { sleep } from './sleep.js';

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

/** Whether a failed attempt may be repeated: never re-send a non-idempotent write the vendor may have processed. */
function mayRetry(method: string, status: number | 'network'): boolean {
  if (IDEMPOTENT.has(method)) return status === 'network' || RETRY_STATUSES.has(status);
  // 429 means the vendor refused before doing anything.
  return status === 429;
}

export function politeFetch(base: Fetcher, policy: PolitenessPolicy = DEFAULT_POLICY, random: () => number = Math.random): Fetcher {
  const limit = pLimit(policy.concurrency);
  // Whole rates allow that many per second; fractional ones (1.6/s) space single requests evenly.
  const whole = Number.isInteger(policy.requestsPerSecond) && policy.requestsPerSecond >= 1;
  const throttle = pThrottle(
    whole ? { limit: policy.requestsPerSecond, interval: 1000 } : { limit: 1, interval: Math.ceil(1000 / policy.requestsPerSecond) },
  );
  /** A vendor's 429 pauses every request of the integration, not only the one that got it. */
  let pausedUntil = 0;
  const gate = throttle(() => undefined);

  async function attempt(input: string | URL | Request, init: RequestInit | undefined): Promise<Response> {
    const wait = pausedUntil - Date.now();
    if (wait > 0) await sleep(wait, init?.signal);
    await gate();
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return base(input, { ...init, signal });
  }

  return async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
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
      if (retry >= policy.maxRetries || !mayRetry(method, status)) {
        if (response) return response;
        throw failure;
      }
      const hinted = response ? parseRetryAfter(response.headers.get('retry-after')) : null;
      if (hinted !== null && hinted > policy.maxRetryDelayMs) return response ?? Promise.reject(failure);
      const backoff = Math.min(policy.baseDelayMs * 2 ** retry, 30_000) * (0.5 + random() / 2);
      const delay = hinted ?? backoff;
      if (response?.status === 429) pausedUntil = Math.max(pausedUntil, Date.now() + delay);
      await response?.body?.cancel().catch(() => undefined);
      await sleep(delay, init?.signal);
    }
  };
}

/** One polite fetcher per integration, created on first use with the tool's policy. */
export class FetchPool {
  private readonly byIntegration = new Map<string, Fetcher>();

  constructor(private readonly base: Fetcher) {}

  forIntegration(integrationId: string, policy: Partial<PolitenessPolicy> = {}): Fetcher {
    let fetcher = this.byIntegration.get(integrationId);
    if (!fetcher) {
      fetcher = politeFetch(this.base, { ...DEFAULT_POLICY, ...policy });
      this.byIntegration.set(integrationId, fetcher);
    }
    return fetcher;
  }

  /** Drops an integration's fetcher (the integration was deleted), so the pool does not grow forever. */
  forget(integrationId: string): void {
    this.byIntegration.delete(integrationId);
  }

  get size(): number {
    return this.byIntegration.size;
  }
}
