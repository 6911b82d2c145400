import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../test/setup/virtual-clock.js';
import { asRead, DEFAULT_POLICY, FetchPool, parseRateLimitReset, parseRetryAfter, politeFetch } from './polite-fetch.js';

/** A loopback server whose next answers the test scripts. */
let script: Array<(res: http.ServerResponse, req: http.IncomingMessage) => void> = [];
let hits: Array<{ at: number; method: string }> = [];
let inFlight = 0;
let maxInFlight = 0;
let server: http.Server;
let url = '';
/** Waits in these tests pass in virtual time; the loopback server stamps hits on the same clock. */
let clock = new VirtualClock();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push({ at: clock.now(), method: req.method ?? '' });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const step = script.shift();
    if (step) step(res, req);
    else setTimeout(() => res.end('ok'), 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  hits = [];
  maxInFlight = 0;
  clock = new VirtualClock();
});

const fast = { ...DEFAULT_POLICY, baseDelayMs: 10, timeoutMs: 2000, requestsPerSecond: 1000, concurrency: 8 };

describe('politeFetch', () => {
  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    script = [(res) => res.writeHead(429, { 'Retry-After': '1' }).end('slow down')];
    const response = await politeFetch(fetch, fast, Math.random, clock)(url);
    expect(response.status).toBe(200);
    expect(hits).toHaveLength(2);
    expect((hits[1]?.at ?? 0) - (hits[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(clock.waits).toContain(1000);
  });

  it('retries 5xx and dropped connections for reads, with backoff', async () => {
    script = [(res) => res.writeHead(503).end(), (res) => res.socket?.destroy(), (res) => res.writeHead(500).end()];
    const response = await politeFetch(fetch, fast)(url);
    expect(await response.text()).toBe('ok');
    expect(hits).toHaveLength(4);
  });

  it('does not re-send a POST the vendor may have processed, but does after a 429', async () => {
    script = [(res) => res.writeHead(500).end('boom')];
    expect((await politeFetch(fetch, fast)(url, { method: 'POST', body: 'x' })).status).toBe(500);
    expect(hits).toHaveLength(1);
    script = [(res) => res.writeHead(429, { 'Retry-After': '0' }).end()];
    expect((await politeFetch(fetch, fast)(url, { method: 'POST', body: 'x' })).status).toBe(200);
    expect(hits).toHaveLength(3);
  });

  it('retries a POST marked as a read (RPC-style reads) on 5xx and dropped connections', async () => {
    script = [(res) => res.writeHead(502).end(), (res) => res.socket?.destroy()];
    const response = await politeFetch(fetch, fast)(url, asRead({ method: 'POST', body: '{}' }));
    expect(await response.text()).toBe('ok');
    expect(hits.map((h) => h.method)).toEqual(['POST', 'POST', 'POST']);
  });

  it('after a 429 without Retry-After, waits for the rate-limit window to reset', async () => {
    const resetAt = Math.ceil((clock.now() + 1200) / 1000);
    script = [(res) => res.writeHead(429, { 'X-RateLimit-Reset': String(resetAt) }).end()];
    const started = clock.now();
    expect((await politeFetch(fetch, fast, Math.random, clock)(url)).status).toBe(200);
    // The backoff alone (10 ms base) would have retried at once.
    expect(clock.now() - started).toBeGreaterThanOrEqual(resetAt * 1000 - started - 50);
    expect(hits).toHaveLength(2);
  });

  it('gives up after the retry budget and returns the last answer', async () => {
    script = Array.from({ length: 10 }, () => (res: http.ServerResponse) => res.writeHead(502).end());
    const response = await politeFetch(fetch, { ...fast, maxRetries: 2 })(url);
    expect(response.status).toBe(502);
    expect(hits).toHaveLength(3);
  });

  it('does not wait for a Retry-After beyond the cap', async () => {
    script = [(res) => res.writeHead(429, { 'Retry-After': '3600' }).end()];
    const started = Date.now();
    const response = await politeFetch(fetch, fast)(url);
    expect(response.status).toBe(429);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('times out a hanging attempt and retries it', async () => {
    script = [() => undefined];
    const response = await politeFetch(fetch, { ...fast, timeoutMs: 200 })(url);
    expect(response.status).toBe(200);
    expect(hits).toHaveLength(2);
  });

  it('caps concurrency and rate per instance', async () => {
    const limited = politeFetch(fetch, { ...fast, concurrency: 2, requestsPerSecond: 5 }, Math.random, clock);
    const started = clock.now();
    await Promise.all(Array.from({ length: 10 }, () => limited(url).then((r) => r.text())));
    expect(maxInFlight).toBeLessThanOrEqual(2);
    // 10 requests at 5 per second need at least one extra second window.
    expect(clock.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('spaces requests evenly for a fractional rate instead of rounding it up', async () => {
    const sentAt: number[] = [];
    const stamped: typeof fetch = (input, init) => {
      sentAt.push(clock.now());
      return fetch(input, init);
    };
    const limited = politeFetch(stamped, { ...fast, requestsPerSecond: 1.6 }, Math.random, clock);
    const started = clock.now();
    for (let i = 0; i < 4; i++) await (await limited(url)).text();
    // 1.6 per second is one every 625 ms: the fourth request starts after about 1.9 s.
    expect(clock.now() - started).toBeGreaterThanOrEqual(1800);
    // Every request left at least one interval after the one before (less a few ms of real time between pacing and sending).
    expect(sentAt).toHaveLength(4);
    for (let i = 1; i < sentAt.length; i++) expect((sentAt[i] ?? 0) - (sentAt[i - 1] ?? 0)).toBeGreaterThanOrEqual(600);
  });

  it('stops waiting when the caller aborts', async () => {
    script = [(res) => res.writeHead(429, { 'Retry-After': '10' }).end()];
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 100);
    await expect(politeFetch(fetch, { ...fast, maxRetryDelayMs: 60_000 })(url, { signal: controller.signal })).rejects.toThrow('cancelled');
  });
});

describe('FetchPool', () => {
  it('keeps one fetcher per integration until the integration is forgotten', () => {
    const pool = new FetchPool(fetch);
    const a = pool.forIntegration('a');
    expect(pool.forIntegration('a')).toBe(a);
    expect(pool.forIntegration('b')).not.toBe(a);
    expect(pool.size).toBe(2);
    pool.forget('a');
    expect(pool.size).toBe(1);
    expect(pool.forIntegration('a')).not.toBe(a);
  });
});

/** When each request left (virtual time), taken as it is handed to the network: no loopback jitter. */
let starts: number[] = [];
const startsRecorded = (input: string | URL | Request, init?: RequestInit) => {
  starts.push(clock.now());
  return fetch(input, init);
};

describe('FetchPool budgets per vendor account', () => {
  beforeEach(() => {
    starts = [];
  });

  it('gives integrations on one account one budget: their requests together keep its rate', async () => {
    const pool = new FetchPool(startsRecorded, clock);
    const policy = { ...fast, requestsPerSecond: 2, concurrency: 4 };
    const a = pool.forIntegration('a', policy, { account: 'acct-1' });
    const b = pool.forIntegration('b', policy, { account: 'acct-1' });
    pool.forIntegration('c', policy, { account: 'acct-2' });
    expect(pool.accounts).toBe(2);
    await Promise.all([a(url), a(url), a(url), b(url), b(url), b(url)]);
    const times = starts;
    expect(times).toHaveLength(6);
    // Two per second for the account: any three consecutive requests span about a second. Real time
    // flows under the virtual clock, so a loaded machine may record a start late by some ms; two
    // budgets (4/s together) would span 500 ms, well below the bound.
    for (let i = 2; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 2] ?? 0)).toBeGreaterThan(750);
  });

  it("spends only this process's share of the account (VENDOR_RATE_SHARE)", async () => {
    const pool = new FetchPool(startsRecorded, clock, 0.5);
    const a = pool.forIntegration('a', { ...fast, requestsPerSecond: 4, concurrency: 4 }, { account: 'acct-1' });
    await Promise.all(Array.from({ length: 6 }, () => a(url)));
    const times = starts;
    // Half of 4 per second: any three consecutive requests span at least a second.
    for (let i = 2; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 2] ?? 0)).toBeGreaterThan(990);
    expect(maxInFlight).toBeLessThanOrEqual(2);
  });

  it("pauses the whole account on one integration's 429", async () => {
    const pool = new FetchPool(fetch, clock);
    const a = pool.forIntegration('a', fast, { account: 'acct-1' });
    const b = pool.forIntegration('b', fast, { account: 'acct-1' });
    script = [(res) => res.writeHead(429, { 'Retry-After': '20' }).end()];
    const t0 = clock.now();
    const first = a(url);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = b(url);
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    // b's request waited for the pause a's 429 asked for, although b never got a 429 itself.
    const bHit = hits[hits.length - 1]?.at ?? 0;
    expect(bHit - t0).toBeGreaterThanOrEqual(20_000);
  });

  it('moves an integration to its new account on relink, and drops a budget no integration spends', () => {
    const pool = new FetchPool(fetch, clock);
    const before = pool.forIntegration('a', fast, { account: 'acct-1' });
    pool.forIntegration('b', fast, { account: 'acct-1' });
    expect(pool.forIntegration('a', fast, { account: 'acct-1' })).toBe(before);
    expect(pool.forIntegration('a', fast, { account: 'acct-2' })).not.toBe(before);
    expect(pool.accounts).toBe(2);
    pool.forget('b');
    expect(pool.accounts).toBe(1);
    pool.forget('a');
    expect(pool.accounts).toBe(0);
  });
});

describe('retry observers', () => {
  it("tell a sync about every retry of its integration's requests, 429s apart, until it stops observing", async () => {
    script = [(res) => res.writeHead(429, { 'Retry-After': '1' }).end(), (res) => res.writeHead(503).end()];
    const pool = new FetchPool(fetch, clock);
    const seen: Array<number | 'network'> = [];
    const other: Array<number | 'network'> = [];
    const stop = pool.observe('a', (event) => seen.push(event.status));
    pool.observe('b', (event) => other.push(event.status));
    const response = await pool.forIntegration('a', fast)(url);
    expect(response.status).toBe(200);
    expect(seen).toEqual([429, 503]);
    expect(other).toEqual([]);
    stop();
    script = [(res) => res.writeHead(500).end()];
    expect((await pool.forIntegration('a', fast)(url)).status).toBe(200);
    expect(seen).toEqual([429, 503]);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

describe('parseRateLimitReset', () => {
  it('reads epoch seconds, epoch milliseconds, seconds to wait and dates, under either header name', () => {
    const now = 1_800_000_000_000;
    const at = (name: string, value: string) => parseRateLimitReset(new Headers({ [name]: value }), now);
    expect(at('X-RateLimit-Reset', String(now / 1000 + 30))).toBe(30_000);
    expect(at('X-Rate-Limit-Reset', String(now + 4000))).toBe(4000);
    expect(at('X-RateLimit-Reset', '7')).toBe(7000);
    expect(at('X-Rate-Limit-Reset', new Date(now + 9000).toUTCString())).toBe(9000);
    expect(at('X-RateLimit-Reset', String(now / 1000 - 5))).toBe(0);
    expect(parseRateLimitReset(new Headers(), now)).toBeNull();
    // An empty Remaining says nothing: the window that is said to be used up decides.
    expect(parseRateLimitReset(new Headers({ 'X-RateLimit-Reset': '7', 'X-RateLimit-Remaining': '', 'X-Rate-Limit-Reset': '3', 'X-Rate-Limit-Remaining': '0' }), now)).toBe(3000);
    // Two windows (Workable: 10 s and a minute): the exhausted one counts; with room in both, the
    // 429 came from another limit (Lever's per-second bucket) and the backoff decides.
    const two = (tenRemaining: string) =>
      parseRateLimitReset(new Headers({ 'X-Rate-Limit-Reset': String(now / 1000 + 8), 'X-Rate-Limit-Remaining': tenRemaining, 'X-RateLimit-Reset': String(now / 1000 + 50), 'X-RateLimit-Remaining': '1900' }), now);
    expect(two('0')).toBe(8000);
    expect(two('3')).toBeNull();
    expect(parseRateLimitReset(new Headers({ 'X-Rate-Limit-Reset': String(now / 1000 + 8), 'X-RateLimit-Reset': String(now / 1000 + 50), 'X-RateLimit-Remaining': '0' }), now)).toBe(50_000);
  });
});
