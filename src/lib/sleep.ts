/**
 * Waits `ms`, or rejects with the signal's own reason as soon as it aborts (unlike
 * `timers/promises`, whose AbortError hides the reason callers map to cancellations and timeouts).
 * The abort listener is removed when the wait ends: the signal is usually a sync's, which lives
 * for the whole sync, and every retry or rate-limit pause would otherwise leave one behind.
 */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
