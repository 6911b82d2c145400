/**
 * A sync's AbortSignal lives as long as the sync and is handed to every wait and request of it.
 * Whatever waits on it must let go when the wait ends: otherwise listeners pile up on the signal
 * (Node warns "MaxListenersExceededWarning: 11 abort listeners" during long, rate-limited syncs).
 */
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { politeFetch, type PolitenessPolicy } from './polite-fetch.js';
import { sleep } from './sleep.js';

const abortListeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

describe('abort listeners on a long-lived signal', () => {
  let warnings: string[];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  beforeEach(() => {
    warnings = [];
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
  });

  it('sleep removes its listener when the wait ends', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 30; i++) await sleep(0, controller.signal);
    expect(abortListeners(controller.signal)).toBe(0);
    // And still rejects with the reason when aborted mid-wait.
    const waiting = sleep(60_000, controller.signal);
    expect(abortListeners(controller.signal)).toBe(1);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });

  it('polite fetch leaves no listener behind after rate-limited, retried requests on one signal', async () => {
    const policy: PolitenessPolicy = { requestsPerSecond: 1000, concurrency: 4, timeoutMs: 5_000, maxRetries: 3, maxRetryDelayMs: 1_000, baseDelayMs: 1 };
    let calls = 0;
    const seen = new Set<string>();
    // Each request's first attempt is a 429 asking for no wait, so every request waits and retries once.
    const vendor = politeFetch(async (input, init) => {
      init?.signal?.throwIfAborted();
      calls++;
      const url = String(input);
      if (seen.has(url)) return new Response('{}', { status: 200 });
      seen.add(url);
      return new Response('slow down', { status: 429, headers: { 'Retry-After': '0' } });
    }, policy);
    const controller = new AbortController();
    // Ten rounds of four parallel requests, as a sync with a few concurrent listings makes them.
    const answers: Response[] = [];
    for (let round = 0; round < 10; round++) {
      answers.push(...(await Promise.all(Array.from({ length: 4 }, (_, i) => vendor(`https://vendor.example/x?i=${round}-${i}`, { signal: controller.signal })))));
    }
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 40 }, () => 200));
    expect(calls).toBe(80);
    expect(abortListeners(controller.signal)).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });
});
