/**
 * A clock for tests whose waits take no real time: `sleep(ms)` moves this clock `ms` ahead and
 * resolves on the next turn of the event loop. Real time still flows underneath (`now()` is the
 * system time plus every jump so far), so I/O, timeouts and timestamps behave as usual.
 *
 * Hand the same clock to the server (`StartOptions.clock`) and to the emulator (`now`): the
 * emulator's rate-limit window then sees the waited time pass, as a real vendor would.
 * `waits` records every wait asked for, so a test can assert that a `Retry-After` was honoured
 * and for how long.
 */
import type { Clock } from '../../src/lib/clock.js';

export class VirtualClock implements Clock {
  private offset = 0;
  /** Every wait asked for, in ms, in order. */
  readonly waits: number[] = [];

  readonly now = (): number => Date.now() + this.offset;

  readonly sleep = (ms: number, signal?: AbortSignal | null): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    this.waits.push(ms);
    const wakeAt = this.now() + Math.max(0, ms);
    return new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        if (signal?.aborted) return reject(signal.reason as Error);
        // Concurrent sleepers share one timeline: the clock only moves forward, to the latest wake-up asked for.
        this.offset = Math.max(this.offset, wakeAt - Date.now());
        resolve();
      });
    });
  };
}
