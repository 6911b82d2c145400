/**
 * Outgoing webhooks of an emulator, as vendors send them: a POST per delivery, retried on a
 * non-2xx answer or a failed connection after the vendor's documented waits. Each vendor builds
 * its own body, headers and signature; this only delivers. Waits run on `sleep` (tests pass a
 * virtual clock's, so a retry an hour later takes no real time).
 *
 * `GET /__admin/webhooks/deliveries` shows every attempt; `POST /__admin/webhooks/pause`
 * (`{"paused": true}`) holds deliveries back until it is set to false, to test bursts.
 */
import type { Hono, MiddlewareHandler, Context } from 'hono';

export interface OutgoingWebhook {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryAttempt {
  url: string;
  event: string;
  /** What was sent (tests replay it to check duplicates are harmless). */
  headers: Record<string, string>;
  body: string;
  attempt: number;
  status: number | null;
  error: string | null;
  at: number;
}

export interface WebhookSenderOptions {
  /** Waits before attempt 2, 3, …; the vendor's documented retry schedule. */
  retryDelaysMs: readonly number[];
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class WebhookSender {
  readonly attempts: DeliveryAttempt[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private paused = false;
  private held: Array<() => void> = [];

  constructor(private readonly options: WebhookSenderOptions) {}

  /** Queues one delivery (answers to it do not block the caller, as with a real vendor). */
  send(event: string, webhook: OutgoingWebhook): void {
    const run = this.deliver(event, webhook).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  /** Resolves once every queued delivery succeeded or gave up. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) {
      const held = this.held;
      this.held = [];
      for (const release of held) release();
    }
  }

  private async deliver(event: string, webhook: OutgoingWebhook): Promise<void> {
    if (this.paused) await new Promise<void>((resolve) => this.held.push(resolve));
    const sleep = this.options.sleep ?? realSleep;
    for (let attempt = 1; ; attempt++) {
      let status: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetch(webhook.url, {
          method: 'POST',
          headers: webhook.headers,
          body: webhook.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        status = res.status;
        await res.body?.cancel().catch(() => undefined);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      this.attempts.push({ url: webhook.url, event, headers: webhook.headers, body: webhook.body, attempt, status, error, at: this.options.now() });
      if (status !== null && status >= 200 && status < 300) return;
      const wait = this.options.retryDelaysMs[attempt - 1];
      if (wait === undefined) return;
      await sleep(wait);
    }
  }
}

/** `/__admin/webhooks/...`: the attempts so far, and holding deliveries back. */
export function registerWebhookAdmin(app: Hono, sender: WebhookSender): void {
  app.get('/__admin/webhooks/deliveries', (c) => c.json({ attempts: sender.attempts }));
  app.post('/__admin/webhooks/pause', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { paused?: unknown };
    sender.setPaused(body.paused !== false);
    return c.json({ paused: body.paused !== false });
  });
}

/**
 * Calls `emit` after every successful request the emulator answers (writes through its API and the
 * admin helpers tests use to change data behind the connector's back): the vendor folder decides
 * from the request which events, if any, that change sends. `before` runs first (to remember what a
 * delete removes).
 */
export function webhooksAfterChanges<B>(before: (c: Context) => B | Promise<B>, emit: (c: Context, remembered: B) => Promise<void> | void): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET') return next();
    const remembered = await before(c);
    await next();
    if (c.res.status >= 200 && c.res.status < 300) await emit(c, remembered);
  };
}
