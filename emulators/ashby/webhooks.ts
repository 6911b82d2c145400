/**
 * Ashby's webhooks (developers.ashbyhq.com: setting-up-webhooks, authenticating-webhooks): one webhook
 * per event type (`webhook.create {webhookType, requestUrl, secretToken?}`, `webhook.delete {webhookId}`),
 * deliveries `{action, data}` with `Ashby-Signature: sha256=<hex HMAC-SHA256 of the raw body>` when a
 * secret token is set, and a `ping` when a webhook is created. Sent after the API's stage changes and
 * after the admin helpers change or delete records. The docs' retry schedule was not captured; this
 * one retries 5 times, doubling from a minute.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { WebhookSender, webhooksAfterChanges } from '../shared/webhook-sender.js';
import { AshbyBusinessError } from './http.js';
import type { AshbyState, Json } from './state.js';

export const ASHBY_RETRY_DELAYS_MS = [60e3, 120e3, 240e3, 480e3, 960e3];

interface AshbyWebhook {
  id: string;
  webhookType: string;
  requestUrl: string;
  secretToken: string | null;
  enabled: boolean;
}

const hookJson = (h: AshbyWebhook): Json => ({ id: h.id, enabled: h.enabled, requestUrl: h.requestUrl, secretToken: h.secretToken, webhookType: h.webhookType });

export class AshbyWebhooks {
  readonly hooks = new Map<string, AshbyWebhook>();

  constructor(readonly sender: WebhookSender) {}

  create(body: Json): Json {
    const { webhookType, requestUrl, secretToken } = body;
    if (typeof webhookType !== 'string' || webhookType === '') throw new AshbyBusinessError('invalid_input', 'webhookType is required');
    if (typeof requestUrl !== 'string' || !/^https?:\/\//.test(requestUrl)) throw new AshbyBusinessError('invalid_input', 'requestUrl must be a URL');
    const hook: AshbyWebhook = { id: randomUUID(), webhookType, requestUrl, secretToken: typeof secretToken === 'string' && secretToken !== '' ? secretToken : null, enabled: true };
    this.hooks.set(hook.id, hook);
    this.deliver(hook, 'ping', {});
    return hookJson(hook);
  }

  delete(body: Json): Json {
    const id = body['webhookId'];
    if (typeof id !== 'string' || !this.hooks.delete(id)) throw new AshbyBusinessError('webhook_not_found', `No webhook with id ${String(id)}`);
    return { webhookId: id };
  }

  emit(action: string, data: Json): void {
    for (const hook of this.hooks.values()) if (hook.enabled && hook.webhookType === action) this.deliver(hook, action, data);
  }

  private deliver(hook: AshbyWebhook, action: string, data: Json): void {
    const body = JSON.stringify({ action, data });
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (hook.secretToken) headers['Ashby-Signature'] = `sha256=${createHmac('sha256', hook.secretToken).update(body).digest('hex')}`;
    this.sender.send(action, { url: hook.requestUrl, headers, body });
  }
}

/** The events Ashby sends for the request just answered (the API's own writes and the admin helpers). */
export function ashbyWebhookMiddleware(state: AshbyState, webhooks: AshbyWebhooks) {
  return webhooksAfterChanges<Json | null>(
    (c: Context) => {
      const admin = /^\/__admin\/(application|candidate|job|offer)\/([^/]+)$/.exec(c.req.path);
      // A delete: what is removed, while it still exists.
      return c.req.method === 'DELETE' && admin?.[1] && admin[2] ? (state.get(admin[1] as 'candidate', admin[2]) ?? null) : null;
    },
    async (c, removed) => {
      if (c.req.path === '/application.changeStage') {
        const body = (await c.res.clone().json().catch(() => null)) as { success?: boolean; results?: Json } | null;
        if (body?.success && body.results) webhooks.emit('candidateStageChange', { application: body.results });
        return;
      }
      const admin = /^\/__admin\/(application|candidate|job|offer)\/([^/]+)(\/update)?$/.exec(c.req.path);
      if (!admin?.[1] || !admin[2]) return;
      const [, collection, id] = admin;
      if (c.req.method === 'DELETE') {
        if (removed) webhooks.emit(`${collection}Delete` === 'applicationDelete' ? 'applicationUpdate' : `${collection}Delete`, { [collection]: removed });
        return;
      }
      const record = state.get(collection as 'candidate', id);
      if (!record) return;
      const patch = (await c.req.json().catch(() => ({}))) as Json;
      if (collection === 'application') webhooks.emit('currentInterviewStage' in patch ? 'candidateStageChange' : 'applicationUpdate', { application: record });
      if (collection === 'job') webhooks.emit('jobUpdate', { job: record });
      if (collection === 'offer') webhooks.emit('offerUpdate', { offer: record });
    },
  );
}
