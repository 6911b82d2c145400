/**
 * Rate limits, per API key or OAuth token:
 * - the documented token bucket (10 requests/s, bursts to 20): over it -> 429;
 * - the window Lever reports on every response (`X-RateLimit-Limit: 5000`, `X-RateLimit-Remaining`,
 *   `X-RateLimit-Reset` = unix seconds when the current 60 s window ends): over it -> 429 as well.
 * The recorded responses show no `Retry-After`, so a bucket 429 carries only the three headers.
 */
import type { MiddlewareHandler } from 'hono';
import { TokenBucket } from '../shared/rate-limit.js';
import { principalOf } from './auth.js';
import { leverError } from './errors.js';

export interface WindowState {
  limit: number;
  remaining: number;
  /** Unix seconds. */
  reset: number;
  exceeded: boolean;
}

export class MinuteWindow {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    private readonly now: () => number,
  ) {}

  take(key: string): WindowState {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t >= w.start + 60_000) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return { limit: this.limit, remaining: Math.max(0, this.limit - w.count), reset: Math.ceil((w.start + 60_000) / 1000), exceeded: w.count > this.limit };
  }
}

export interface RateLimitConfig {
  /** Steady requests per second; `Infinity` turns the bucket off. */
  perSecond: number;
  burst: number;
  perMinute: number;
}

export function rateLimit(config: RateLimitConfig, now: () => number): MiddlewareHandler {
  const bucket = Number.isFinite(config.perSecond) ? new TokenBucket(config.perSecond, config.burst, now) : null;
  const window = new MinuteWindow(config.perMinute, now);
  return async (c, next) => {
    const { credential } = principalOf(c);
    const w = window.take(credential);
    const headers = {
      'X-RateLimit-Limit': String(w.limit),
      'X-RateLimit-Remaining': String(w.remaining),
      'X-RateLimit-Reset': String(w.reset),
    };
    const wait = w.exceeded ? 1 : (bucket?.take(credential) ?? 0);
    if (wait > 0) {
      const res = leverError(c, 429, 'Too many requests, please slow down');
      for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
      return res;
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
