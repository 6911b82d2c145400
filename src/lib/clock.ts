/**
 * The time that vendor politeness runs on: rate pacing, `Retry-After` and backoff waits, and the
 * emulators' rate-limit windows. Production uses `systemClock`; tests pass a virtual clock
 * (test/setup/virtual-clock.ts) so that a 30-second `Retry-After` is honoured, measured and
 * asserted without 30 seconds going by.
 */
import { sleep } from './sleep.js';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves once `ms` have passed on this clock; rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal | null): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep,
};

/**
 * Lets at most `limit` calls start in any `intervalMs` window of `clock`, in call order. p-throttle
 * does this on real timers only; this one has to follow an injected clock.
 */
export function pacer(clock: Clock, limit: number, intervalMs: number): () => Promise<void> {
  const starts: number[] = [];
  let queue: Promise<void> = Promise.resolve();
  return () => {
    const turn = queue.then(async () => {
      if (starts.length >= limit) {
        const wait = (starts[starts.length - limit] ?? 0) + intervalMs - clock.now();
        if (wait > 0) await clock.sleep(wait);
      }
      starts.push(clock.now());
      if (starts.length > limit) starts.shift();
    });
    queue = turn;
    return turn;
  };
}
