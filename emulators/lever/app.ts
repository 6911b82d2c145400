/**
 * Emulator of Lever's Data API v1 (https://hire.lever.co/developer/documentation), written from the
 * public documentation and recorded live responses (see README.md). Serves `/v1/...` over a seeded,
 * in-memory account; `/__admin/...` drives it from tests.
 */
import { Hono } from 'hono';
import type { Emulator, EmulatorFactory, EmulatorOptions } from '../shared/emulator.js';
import { Faults, faultInjection, registerFaultAdmin } from '../shared/faults.js';
import { registerLeverAdmin } from './admin.js';
import { authenticate, CredentialStore } from './auth.js';
import { LeverHttpError, leverError } from './errors.js';
import type { Deps } from './http.js';
import { rateLimit, type RateLimitConfig } from './limits.js';
import { registerAccountReads } from './routes/account.js';
import { registerOpportunityChildren } from './routes/opportunity-children.js';
import { registerOpportunityReads } from './routes/opportunities-read.js';
import { registerOpportunityWrites } from './routes/opportunities-write.js';
import { LeverState } from './state.js';
import { WebhookSender, registerWebhookAdmin } from '../shared/webhook-sender.js';
import { LEVER_RETRY_DELAYS_MS, LeverWebhooks, leverWebhookMiddleware, registerLeverWebhookRoutes } from './webhooks.js';

export interface LeverEmulatorOptions extends EmulatorOptions {
  /** Clock in epoch ms (tests pin it); defaults to `Date.now`. */
  now?: () => number;
  /** Burst size of the token bucket; defaults to twice the per-second rate (20 for Lever's 10/s). */
  rateLimitBurst?: number;
  /** The window reported in `X-RateLimit-*` headers; Lever reports 5000. */
  requestsPerMinute?: number;
}

export interface LeverEmulator extends Emulator {
  state: LeverState;
  webhooks: WebhookSender;
  leverWebhooks: LeverWebhooks;
  credentialStore: CredentialStore;
}

export const createLeverEmulator = ((options: LeverEmulatorOptions): LeverEmulator => {
  const now = options.now ?? Date.now;
  const state = new LeverState(options.seed, Math.max(0, Math.floor(options.size)));
  const credentials = new CredentialStore(options.seed, now);
  const apiKey = credentials.createKey(true);
  credentials.createKey(false);
  credentials.createToken('all', null);
  const perSecond = options.rateLimitPerSecond ?? 10;
  const limits: RateLimitConfig = {
    perSecond,
    burst: options.rateLimitBurst ?? (Number.isFinite(perSecond) ? perSecond * 2 : Infinity),
    perMinute: options.requestsPerMinute ?? 5000,
  };

  const faults = new Faults();
  const app = new Hono();
  app.use('*', faultInjection(faults, leverError));
  registerFaultAdmin(app, faults);
  const sender = new WebhookSender({ retryDelaysMs: options.webhookRetryDelaysMs ?? LEVER_RETRY_DELAYS_MS, now, ...(options.sleep ? { sleep: options.sleep } : {}) });
  const leverWebhooks = new LeverWebhooks(sender, now);
  registerWebhookAdmin(app, sender);
  app.use('*', leverWebhookMiddleware(state, leverWebhooks));
  registerLeverAdmin(app, { state, now, credentials, rateLimit: limits });

  app.use('/v1/*', async (c, next) => {
    await next();
    c.res.headers.set('x-lever-region', 'global');
    if (c.res.headers.get('Content-Type') === 'application/json') c.res.headers.set('Content-Type', 'application/json; charset=utf-8');
  });
  app.use('/v1/*', authenticate(credentials));
  app.use('/v1/*', rateLimit(limits, now));

  const api = new Hono();
  const deps: Deps = { state, now };
  registerOpportunityReads(api, deps);
  registerOpportunityWrites(api, deps);
  registerOpportunityChildren(api, deps);
  registerAccountReads(api, deps);
  registerLeverWebhookRoutes(api, leverWebhooks);
  app.route('/v1', api);

  app.notFound((c) => leverError(c, 404, `${c.req.method} ${c.req.path} does not exist`));
  app.onError((err, c) => {
    if (err instanceof LeverHttpError) return leverError(c, err.status, err.message);
    return leverError(c, 500, 'Internal server error');
  });

  return { name: 'lever', app, faults, credentials: { api_key: apiKey }, state, credentialStore: credentials, webhooks: sender, leverWebhooks };
}) satisfies EmulatorFactory;
