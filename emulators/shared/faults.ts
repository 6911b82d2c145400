/**
 * Switchable fault injection shared by every emulator: throttling (429 + Retry-After),
 * server errors, slow answers, dropped connections and expired credentials. Tests switch
 * faults at run time through `POST /__admin/faults`; a person can pass them on the command line.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';

export interface FaultConfig {
  /** Probability (0..1) that a request fails with 500. */
  errorRate: number;
  /** The next N requests fail with 500 (deterministic, for tests). */
  failNext: number;
  /** The next N requests answer 429 with `Retry-After: retryAfterSeconds`. */
  throttleNext: number;
  retryAfterSeconds: number;
  /** Extra latency in ms added to every request. */
  latencyMs: number;
  /** Probability (0..1) that the connection is dropped without an answer. */
  dropRate: number;
  /** The next N requests have their connection dropped. */
  dropNext: number;
}

export const NO_FAULTS: FaultConfig = {
  errorRate: 0,
  failNext: 0,
  throttleNext: 0,
  retryAfterSeconds: 1,
  latencyMs: 0,
  dropRate: 0,
  dropNext: 0,
};

export class Faults {
  config: FaultConfig = { ...NO_FAULTS };
  /** Requests that reached the emulator, by "METHOD path" (admin calls excluded). */
  readonly requests: string[] = [];

  set(partial: Partial<FaultConfig>): void {
    this.config = { ...this.config, ...partial };
  }

  reset(): void {
    this.config = { ...NO_FAULTS };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Applies the current faults before the vendor routes. `errorBody` renders the vendor's own
 * error shape, so a connector sees exactly what the real API would send.
 */
export function faultInjection(faults: Faults, errorBody: (c: Context, status: number, message: string) => Response): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.path.startsWith('/__admin')) return next();
    faults.requests.push(`${c.req.method} ${c.req.path}`);
    const f = faults.config;
    if (f.latencyMs > 0) await sleep(f.latencyMs);
    if (f.dropNext > 0 || (f.dropRate > 0 && Math.random() < f.dropRate)) {
      if (f.dropNext > 0) f.dropNext--;
      // Destroying the socket makes the client see a network error, like a reset connection.
      const incoming = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming;
      incoming?.socket?.destroy();
      return errorBody(c, 500, 'connection dropped');
    }
    if (f.throttleNext > 0) {
      f.throttleNext--;
      const res = errorBody(c, 429, 'Rate limit exceeded');
      res.headers.set('Retry-After', String(f.retryAfterSeconds));
      return res;
    }
    if (f.failNext > 0 || (f.errorRate > 0 && Math.random() < f.errorRate)) {
      if (f.failNext > 0) f.failNext--;
      return errorBody(c, 500, 'Internal server error');
    }
    return next();
  };
}

/** Registers `POST /__admin/faults` (a partial FaultConfig), `DELETE /__admin/faults` and `GET /__admin/requests`. */
export function registerFaultAdmin(app: Hono, faults: Faults): void {
  app.post('/__admin/faults', async (c) => {
    faults.set((await c.req.json()) as Partial<FaultConfig>);
    return c.json(faults.config);
  });
  app.delete('/__admin/faults', (c) => {
    faults.reset();
    return c.json(faults.config);
  });
  app.get('/__admin/requests', (c) => c.json({ requests: faults.requests }));
}
