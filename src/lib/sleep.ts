/**
 * Waits `ms`, or rejects with the signal's own reason as soon as it aborts (unlike
 * `timers/promises`, whose AbortError hides the reason callers map to cancellations and timeouts).
 */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
