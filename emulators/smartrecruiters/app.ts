/**
 * A SmartRecruiters customer API emulator (see README.md): `X-SmartToken` API keys and OAuth
 * client-credentials tokens (`POST /identity/oauth/token`), the documented rate limit per
 * credential (10 requests/s, 8 at a time, one at a time on `GET /candidates`) answered with 429 and
 * the `X-RateLimit-*` headers, the shared faults, and admin routes to change data behind a client.
 */
import { Hono, type Context } from 'hono';
import type { Emulator, EmulatorOptions } from '../shared/emulator.js';
import { faultInjection, Faults, registerFaultAdmin } from '../shared/faults.js';
import { TokenBucket } from '../shared/rate-limit.js';
import { registerWebhookAdmin, WebhookSender } from '../shared/webhook-sender.js';
import { jsonBody, srError, SrHttpError } from './http.js';
import { accountRoutes } from './routes-account.js';
import { candidateRoutes } from './routes-candidates.js';
import { APPLICATION_STATUSES, SmartRecruitersState, type AppStatus } from './state.js';
import { SR_RETRY_DELAYS_MS, SrSubscriptions, srWebhookMiddleware } from './webhooks.js';

export const SR_API_KEY = 'sr_key_0123456789abcdef0123456789';
export const SR_CLIENT_ID = 'sr-client-1';
export const SR_CLIENT_SECRET = 'sr-secret-1';
/** Seconds an access token lives. */
const TOKEN_SECONDS = 1800;
const CONCURRENT = 8;

export interface SmartRecruitersEmulator extends Emulator {
  state: SmartRecruitersState;
  webhooks: WebhookSender;
  subscriptions: SrSubscriptions;
}

export function createSmartRecruitersEmulator(options: EmulatorOptions): SmartRecruitersEmulator {
  const now = options.now ?? Date.now;
  const state = new SmartRecruitersState(options.seed, Math.max(0, Math.floor(options.size)), now);
  const faults = new Faults();
  const rate = options.rateLimitPerSecond ?? 10;
  const bucket = Number.isFinite(rate) ? new TokenBucket(rate, rate, now) : null;
  const inFlight = new Map<string, number>();
  const tokens = new Map<string, number>();
  let issued = 0;

  const sender = new WebhookSender({ retryDelaysMs: options.webhookRetryDelaysMs ?? SR_RETRY_DELAYS_MS, now, ...(options.sleep ? { sleep: options.sleep } : {}) });
  const subscriptions = new SrSubscriptions(sender, now);

  const app = new Hono();
  app.onError((err, c) => (err instanceof SrHttpError ? srError(c, err.status, err.code, err.message) : srError(c, 500, 'INTERNAL_ERROR', String(err))));
  registerFaultAdmin(app, faults);
  registerWebhookAdmin(app, sender);
  app.use('*', srWebhookMiddleware(state, subscriptions));
  app.post('/__admin/tokens/expire', (c) => {
    tokens.clear();
    return c.json({ expired: true });
  });
  app.post('/__admin/candidates/:id/update', async (c) => {
    const cand = state.candidate(c.req.param('id'));
    if (!cand) return c.json({ message: 'no such candidate' }, 404);
    const body = (await c.req.json().catch(() => ({}))) as { tags?: string[] };
    if (Array.isArray(body.tags)) cand.tags = body.tags;
    cand.updatedOn = state.stamp();
    return c.json({ updatedOn: cand.updatedOn });
  });
  // A status change made in SmartRecruiters' UI: as documented, it need not move the candidate's updatedOn.
  app.post('/__admin/candidates/:id/jobs/:jobId/status', async (c) => {
    const a = state.candidate(c.req.param('id'))?.assignments.find((x) => x.jobId === c.req.param('jobId'));
    if (!a) return c.json({ message: 'no such application' }, 404);
    const body = await jsonBody(c);
    const status = body['status'];
    if (typeof status !== 'string' || !(APPLICATION_STATUSES as readonly string[]).includes(status)) return c.json({ message: 'status is not a candidate status' }, 400);
    a.status = status as AppStatus;
    a.subStatus = typeof body['subStatus'] === 'string' ? body['subStatus'] : null;
    a.history.push({ changedOn: state.stamp(), status: a.status, subStatus: a.subStatus });
    return c.json({ status: a.status, subStatus: a.subStatus });
  });
  app.post('/__admin/jobs/:id/update', (c) => {
    const job = state.job(c.req.param('id'));
    if (!job) return c.json({ message: 'no such job' }, 404);
    job.updatedOn = state.stamp();
    return c.json({ updatedOn: job.updatedOn });
  });
  app.delete('/__admin/candidates/:id', (c) => {
    state.candidates = state.candidates.filter((x) => x.id !== c.req.param('id'));
    return c.json({ deleted: true });
  });
  app.delete('/__admin/jobs/:id', (c) => {
    state.jobs = state.jobs.filter((x) => x.id !== c.req.param('id'));
    return c.json({ deleted: true });
  });
  app.use('*', faultInjection(faults, (c: Context, status: number, message: string) => srError(c, status, status === 429 ? 'RATE_LIMIT_EXCEEDED' : 'INTERNAL_ERROR', message)));

  app.post('/identity/oauth/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    if (form.get('grant_type') !== 'client_credentials') return c.json({ error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported' }, 400);
    if (form.get('client_id') !== SR_CLIENT_ID || form.get('client_secret') !== SR_CLIENT_SECRET) return c.json({ error: 'invalid_client', error_description: 'Bad client credentials' }, 401);
    const token = `sr_at_${++issued}_${Math.floor(now())}`;
    tokens.set(token, now() + TOKEN_SECONDS * 1000);
    return c.json({ access_token: token, token_type: 'bearer', expires_in: TOKEN_SECONDS });
  });

  /** The credential a request is made with, or null when it is missing or wrong. */
  const credentialOf = (c: Context): string | null => {
    const key = c.req.header('x-smarttoken');
    if (key !== undefined) return key === SR_API_KEY ? `key:${key}` : null;
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const expires = bearer ? tokens.get(bearer) : undefined;
    return bearer && expires !== undefined && expires > now() ? `token:${SR_CLIENT_ID}` : null;
  };

  app.use('*', async (c, next) => {
    const credential = credentialOf(c);
    if (!credential) return srError(c, 401, 'UNAUTHORIZED', 'Missing or invalid credentials');
    const gate = c.req.method === 'GET' && c.req.path === '/candidates' ? { key: `${credential}:candidates`, limit: 1 } : { key: credential, limit: CONCURRENT };
    const running = inFlight.get(gate.key) ?? 0;
    const wait = bucket ? bucket.take(credential) : 0;
    const headers = {
      'X-RateLimit-Limit': String(Number.isFinite(rate) ? rate : 0),
      'X-RateLimit-Remaining': String(bucket ? bucket.remaining(credential) : 0),
      'X-RateLimit-Concurrent-Limit': String(gate.limit),
      'X-RateLimit-Concurrent-Remaining': String(Math.max(0, gate.limit - running - 1)),
    };
    if (wait > 0 || (bucket && running >= gate.limit)) {
      const res = srError(c, 429, 'RATE_LIMIT_EXCEEDED', 'Too many requests');
      for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
      return res;
    }
    inFlight.set(gate.key, running + 1);
    try {
      await next();
    } finally {
      inFlight.set(gate.key, (inFlight.get(gate.key) ?? 1) - 1);
    }
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  });

  candidateRoutes(app, state);
  accountRoutes(app, state);
  subscriptions.routes(app, (c) => credentialOf(c) ?? '');
  return { name: 'smartrecruiters', app, faults, state, credentials: { api_key: SR_API_KEY }, webhooks: sender, subscriptions };
}
