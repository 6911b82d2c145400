/**
 * Greenhouse Harvest v3 emulator (v1/v2 were retired on 2026-08-31). One origin serves what
 * Greenhouse splits over two hosts: `POST /token` (auth.greenhouse.io) and `/v3/...`
 * (harvest.greenhouse.io). See README.md for the surface and the decisions behind it.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { Emulator, EmulatorFactory, EmulatorOptions } from '../shared/emulator.js';
import { Faults, faultInjection } from '../shared/faults.js';
import { registerAdmin } from './admin.js';
import { WebhookSender, registerWebhookAdmin } from '../shared/webhook-sender.js';
import { GREENHOUSE_RETRY_DELAYS_MS, GreenhouseWebhooks, greenhouseWebhookMiddleware, registerGreenhouseWebhookAdmin } from './webhooks.js';
import { TokenStore, bearerAuth, currentToken, rateLimit, registerTokenEndpoint } from './auth.js';
import { HarvestError, errorResponse } from './errors.js';
import { registerReads } from './resources.js';
import { seedState } from './seed.js';
import type { GreenhouseState } from './store.js';
import { signAttachment, type View } from './serialize.js';
import { registerApplicationWrites } from './writes-applications.js';
import { registerCandidateWrites } from './writes-candidates.js';

/** Default limit when none is configured: 50 requests per 30-second window per credential. */
export const DEFAULT_RATE_PER_SECOND = 50 / 30;

export const createGreenhouseEmulator = ((options: EmulatorOptions): Emulator & { webhooks: WebhookSender; webHooks: GreenhouseWebhooks; state: GreenhouseState } => {
  const s = seedState(options.seed, options.size);
  const faults = new Faults();
  const digest = createHash('sha256').update(`greenhouse-emulator:${options.seed}`).digest('hex');
  const secret = digest.slice(32);
  const client = { id: `gh_${digest.slice(0, 20)}`, secret: `ghs_${digest.slice(20, 52)}` };
  const credentials = { client_id: client.id, client_secret: client.secret, user_id: String(s.serviceUserId) };
  const now = options.now ?? Date.now;
  const tokens = new TokenStore(secret, now);
  const view = (c: { req: { url: string } }): View => ({ s, origin: new URL(c.req.url).origin, secret });

  const app = new Hono();
  app.use('*', faultInjection(faults, (_c, status) => errorResponse(status)));
  const sender = new WebhookSender({ retryDelaysMs: options.webhookRetryDelaysMs ?? GREENHOUSE_RETRY_DELAYS_MS, now, ...(options.sleep ? { sleep: options.sleep } : {}) });
  const webHooks = new GreenhouseWebhooks(sender);
  registerWebhookAdmin(app, sender);
  registerGreenhouseWebhookAdmin(app, webHooks);
  app.use('*', greenhouseWebhookMiddleware(s, webHooks));
  registerAdmin(app, s, faults, tokens, { s, origin: '', secret }, credentials);
  registerTokenEndpoint(app, s, tokens, client);

  // Signed, expiring download links handed out in attachment `url` fields (no bearer token needed).
  app.get('/__files/attachments/:id/:name', (c) => {
    const id = Number(c.req.param('id'));
    const expires = Number(c.req.query('expires'));
    const att = s.attachments.get(id);
    if (!att || c.req.query('signature') !== signAttachment(secret, id, expires)) return c.text('AccessDenied', 403);
    if (expires * 1000 < now()) return c.text('Request has expired', 403);
    const bytes = att.content ?? Buffer.from(`%PDF-1.4\n% ${att.filename} (Greenhouse emulator placeholder)\n%%EOF\n`);
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': att.contentType ?? 'application/pdf',
      'Content-Disposition': `attachment; filename="${att.filename.replace(/"/g, '')}"`,
    });
  });

  app.use('/v3/*', bearerAuth(tokens), rateLimit(options.rateLimitPerSecond ?? DEFAULT_RATE_PER_SECOND, now));
  // Harvest v3 attributes a write to the token's user (`sub`, v1's On-Behalf-Of): kept for tests.
  app.use('/v3/*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.res.status < 300) s.writeLog.push({ method: c.req.method, path: new URL(c.req.url).pathname, userId: currentToken(c).userId });
  });
  registerReads(app, view);
  registerApplicationWrites(app, s, view);
  registerCandidateWrites(app, s, view);

  app.notFound(() => errorResponse(404));
  app.onError((err) => {
    if (err instanceof HarvestError) return errorResponse(err.status, err.errors);
    console.error('greenhouse emulator error', err);
    return errorResponse(500);
  });

  return { name: 'greenhouse', app, faults, credentials, webhooks: sender, webHooks, state: s };
}) satisfies EmulatorFactory;
