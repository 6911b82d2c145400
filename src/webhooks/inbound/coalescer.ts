/**
 * Coalesces bursts per key: the first item for a key opens a window of `windowMs` on the clock;
 * what arrives meanwhile joins it; when the window closes, `flush` gets everything at once. The
 * window is not extended by later items, so a steady stream is flushed every `windowMs` and the
 * added latency is bounded. Flushes of one key never overlap: items arriving during a flush open
 * the next window, which waits for that flush to end.
 *
 * @example
 * const c = new Coalescer<string>(clock, 500, (key, items) => refresh(key, items));
 * c.add('integration-1', ['candidates:42']);
 */
import type { Clock } from '../../lib/clock.js';

export class Coalescer<T> {
  private readonly open = new Map<string, T[]>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
    private readonly flush: (key: string, items: T[]) => Promise<void>,
  ) {}

  add(key: string, items: readonly T[]): void {
    const batch = this.open.get(key);
    if (batch) {
      batch.push(...items);
      return;
    }
    const fresh = [...items];
    this.open.set(key, fresh);
    const previous = this.running.get(key) ?? Promise.resolve();
    const run = (async () => {
      await this.clock.sleep(this.windowMs);
      await previous;
      // From here on new items open the next window.
      this.open.delete(key);
      await this.flush(key, fresh);
    })().finally(() => {
      if (this.running.get(key) === run) this.running.delete(key);
    });
    this.running.set(key, run);
  }

  /** Whether a window is open or a flush runs. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Resolves once nothing is waiting or flushing (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }
}
