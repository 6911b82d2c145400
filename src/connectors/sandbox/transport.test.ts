/** The fault mode's in-memory HTTP, through the production polite fetcher. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger.js';
import { AppError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import { sandboxManifest } from './manifest.js';
import { NO_FAULTS, type SandboxFaults } from './settings.js';
import { exchange, sandboxTransport, type ExchangeRecord } from './transport.js';

/** A fresh integration: faults depend on the seed and the request sequence only, so every run meets the same. */
const context = (signal?: AbortSignal): ConnectorContext => ({
  integrationId: `transport-test-${randomUUID()}`,
  credentials: {},
  baseUrl: null,
  fetch,
  logger: createLogger('silent'),
  state: memoryState(),
  ...(signal ? { signal } : {}),
});
const faults = (settings: Partial<SandboxFaults>): SandboxFaults => ({ ...NO_FAULTS, ...settings });
const maxAttempts = (sandboxManifest.politeness?.maxRetries ?? 5) + 1;

/** `count` requests one after the other, each answered with its number; returns the transport's log. */
async function run(ctx: ConnectorContext, settings: SandboxFaults, count: number, path = '/v1/candidates'): Promise<ExchangeRecord[]> {
  for (let i = 0; i < count; i++) expect(await exchange(ctx, 1, settings, `${path}?offset=${i}`, () => Promise.resolve({ i }))).toEqual({ i });
  return sandboxTransport(ctx.integrationId)?.exchanges ?? [];
}

const errorOf = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => null, (err: unknown) => err);

describe('sandbox fault transport', () => {
  it('answers through 429s, waiting at least what Retry-After says before the next attempt', async () => {
    const ctx = context();
    const log = await run(ctx, faults({ rate429: 0.3, retryAfterSeconds: 0.05 }), 12);
    const throttled = log.flatMap((entry, i) => (entry.outcome === 'rate_limited' ? [i] : []));
    expect(throttled.length).toBeGreaterThan(0);
    expect(log.filter((e) => e.outcome === 'ok')).toHaveLength(12);
    for (const i of throttled) {
      const [hit, next] = [log[i], log[i + 1]];
      expect(hit?.retryAfterMs).toBe(50);
      // The retry of the same page: timers may fire a millisecond early by Date.now().
      expect(next?.path).toBe(hit?.path);
      expect((next?.at ?? 0) - (hit?.at ?? 0)).toBeGreaterThanOrEqual(49);
    }
    expect(sandboxTransport(ctx.integrationId)?.counts.rate_limited).toBe(throttled.length);
  });

  it('retries 500s and dropped connections, and adds slow_ms to every answer', async () => {
    const ctx = context();
    const started = Date.now();
    const log = await run(ctx, faults({ rate500: 0.25, dropRate: 0.25, slowMs: 10 }), 10);
    const counts = sandboxTransport(ctx.integrationId)?.counts;
    expect(counts?.ok).toBe(10);
    expect((counts?.server_error ?? 0) + (counts?.dropped ?? 0)).toBeGreaterThan(0);
    expect(log).toHaveLength(10 + (counts?.server_error ?? 0) + (counts?.dropped ?? 0));
    expect(Date.now() - started).toBeGreaterThanOrEqual(10 * log.length - log.length);
  });

  it('meets the same faults for the same sequence of requests', async () => {
    const settings = faults({ rate429: 0.2, rate500: 0.2, dropRate: 0.2, retryAfterSeconds: 0 });
    const a = context();
    const b = { ...context(), integrationId: a.integrationId };
    const first = (await run(a, settings, 8)).map((e) => e.outcome);
    // A new client for the same integration (the settings changed and came back) starts the sequence again.
    await run(a, faults({ slowMs: 1 }), 1);
    const second = (await run(b, settings, 8)).map((e) => e.outcome);
    expect(second).toEqual(first);
    expect(first.some((outcome) => outcome !== 'ok')).toBe(true);
  });

  it('applies the faults only to the listings in fault_models', async () => {
    const ctx = context();
    const settings = faults({ rate500: 1, models: ['offers'] });
    expect(await run(ctx, settings, 3, '/v1/candidates')).toHaveLength(3);
    expect(await run(ctx, settings, 1, '/v1/deleted')).toHaveLength(4);
    const error = await errorOf(exchange(ctx, 1, settings, '/v1/offers?offset=0', () => Promise.resolve({})));
    expect(error).toBeInstanceOf(VendorError);
  });

  it('raises what a vendor connector raises once the retries are exhausted', async () => {
    const serverError = context();
    const failed = await errorOf(exchange(serverError, 1, faults({ rate500: 1 }), '/v1/users?offset=0', () => Promise.resolve({})));
    expect(failed).toBeInstanceOf(VendorError);
    expect(failed).toMatchObject({ code: 'REMOTE.UNKNOWN_HTTP_ERROR', vendorStatus: 500 });
    expect(sandboxTransport(serverError.integrationId)?.counts.server_error).toBe(maxAttempts);

    const dropped = context();
    const unreachable = await errorOf(exchange(dropped, 1, faults({ dropRate: 1 }), '/v1/users?offset=0', () => Promise.resolve({})));
    expect(unreachable).toMatchObject({ code: 'REMOTE.SERVICE_UNAVAILABLE' });
    expect(unreachable instanceof Error ? unreachable.message : '').toMatch(/Sandbox could not be reached \(other side closed/);

    // A Retry-After beyond what the politeness waits for surfaces at once, with the vendor's hint.
    const throttled = context();
    const started = Date.now();
    const limited = await errorOf(exchange(throttled, 1, faults({ rate429: 1, retryAfterSeconds: 600 }), '/v1/users?offset=0', () => Promise.resolve({})));
    expect(limited).toMatchObject({ code: 'REMOTE.RATE_LIMIT_EXCEEDED', vendorStatus: 429, retryAfterSeconds: 600 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(sandboxTransport(throttled.integrationId)?.counts.rate_limited).toBe(1);
  });

  it('answers a listing that refuses its input with 400, which is not retried', async () => {
    const ctx = context();
    const refused = await errorOf(
      exchange(ctx, 1, faults({ slowMs: 1 }), '/v1/users?offset=0', () => Promise.reject(new VendorError('REMOTE.INPUT_INVALID', 'Invalid sandbox cursor for users: bad offset.'))),
    );
    expect(refused).toMatchObject({ code: 'REMOTE.INPUT_INVALID', vendorStatus: 400 });
    expect(refused instanceof AppError ? refused.message : '').toContain('Invalid sandbox cursor for users: bad offset.');
    expect(sandboxTransport(ctx.integrationId)?.counts.refused).toBe(1);
  });

  it('gives up a slow page when the caller aborts, without a vendor error', async () => {
    const controller = new AbortController();
    const ctx = context(controller.signal);
    setTimeout(() => controller.abort(new Error('sync cancelled')), 20);
    const error = await errorOf(exchange(ctx, 1, faults({ slowMs: 5000 }), '/v1/users?offset=0', () => Promise.resolve({})));
    expect(error).toMatchObject({ message: 'sync cancelled' });
    expect(sandboxTransport(ctx.integrationId)?.counts.aborted).toBe(1);
  });
});
