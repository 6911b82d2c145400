/**
 * Lever's webhooks (hire.lever.co/developer/documentation#webhooks): `GET/POST /webhooks`,
 * `DELETE /webhooks/:id`, one webhook per event, each with its own `configuration.signatureToken`.
 * Deliveries are `{triggeredAt, event, signature, token, data}` with `signature` the hex HMAC-SHA256
 * of `token + triggeredAt` under the webhook's token. Sent after the API's own writes and after the
 * admin helpers change data: stage moves, archive changes, new opportunities, contact changes and
 * deletions. Lever documents retries without a schedule; this one retries 5 times, doubling from a minute.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { WebhookSender, webhooksAfterChanges } from '../shared/webhook-sender.js';
import { badRequest, notFound } from './errors.js';
import type { LeverState } from './state.js';

export const LEVER_WEBHOOK_EVENTS = [
  'applicationCreated',
  'candidateHired',
  'candidateStageChange',
  'candidateArchiveChange',
  'candidateDeleted',
  'interviewCreated',
  'interviewUpdated',
  'interviewDeleted',
  'contactCreated',
  'contactUpdated',
] as const;

export const LEVER_RETRY_DELAYS_MS = [60e3, 120e3, 240e3, 480e3, 960e3];

interface LeverWebhook {
  id: string;
  event: string;
  url: string;
  signatureToken: string;
  createdAt: number;
}

const webhookJson = (w: LeverWebhook) => ({ id: w.id, event: w.event, url: w.url, configuration: { signatureToken: w.signatureToken, conditions: { origins: [] } }, createdAt: w.createdAt });

export class LeverWebhooks {
  readonly hooks = new Map<string, LeverWebhook>();

  constructor(
    readonly sender: WebhookSender,
    private readonly now: () => number,
  ) {}

  emit(event: string, data: Record<string, unknown>): void {
    for (const hook of this.hooks.values()) {
      if (hook.event !== event) continue;
      const token = randomBytes(16).toString('hex');
      const triggeredAt = this.now();
      const signature = createHmac('sha256', hook.signatureToken).update(`${token}${triggeredAt}`).digest('hex');
      const body = JSON.stringify({ triggeredAt, event, signature, token, data });
      this.sender.send(event, { url: hook.url, headers: { 'Content-Type': 'application/json', 'User-Agent': 'Lever-Webhooks' }, body });
    }
  }
}

/** The webhook CRUD routes under `/v1` (authenticated like the rest of the API). */
export function registerLeverWebhookRoutes(api: Hono, webhooks: LeverWebhooks): void {
  api.get('/webhooks', (c) => c.json({ data: [...webhooks.hooks.values()].map(webhookJson), hasNext: false }));
  api.post('/webhooks', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { event?: unknown; url?: unknown } | null;
    if (!body || typeof body.event !== 'string' || !(LEVER_WEBHOOK_EVENTS as readonly string[]).includes(body.event)) throw badRequest('Invalid event');
    if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) throw badRequest('Invalid url');
    const hook: LeverWebhook = { id: randomUUID(), event: body.event, url: body.url, signatureToken: randomBytes(24).toString('hex'), createdAt: Date.now() };
    webhooks.hooks.set(hook.id, hook);
    return c.json({ data: webhookJson(hook) }, 201);
  });
  api.delete('/webhooks/:id', (c) => {
    if (!webhooks.hooks.delete(c.req.param('id'))) throw notFound('No such webhook');
    return c.body(null, 204);
  });
}

interface Before {
  opportunityId: string | null;
  contactId: string | null;
  stage: string | null;
  archived: boolean;
  patch: Record<string, unknown>;
}

const CONTACT_FIELDS = ['name', 'headline', 'location', 'emails', 'phones', 'links'];

function opportunityPath(c: Context): { id: string; action: string | null; admin: boolean } | null {
  const m = /^(?:\/v1|\/__admin)\/opportunities\/([^/]+)(?:\/([^/]+))?$/.exec(c.req.path);
  if (!m?.[1]) return null;
  return { id: decodeURIComponent(m[1]), action: m[2] ?? null, admin: c.req.path.startsWith('/__admin') };
}

/** The events Lever sends for the request just answered. */
export function leverWebhookMiddleware(state: LeverState, webhooks: LeverWebhooks) {
  return webhooksAfterChanges<Before>(
    async (c) => {
      const at = opportunityPath(c);
      const opp = at ? state.opportunitiesById.get(at.id) : undefined;
      const patch = at?.admin && c.req.method === 'POST' ? ((await c.req.json().catch(() => ({}))) as Record<string, unknown>) : {};
      return { opportunityId: opp?.id ?? null, contactId: opp?.contactId ?? null, stage: opp?.stage ?? null, archived: Boolean(opp?.archived), patch };
    },
    async (c, before) => {
      if (c.req.method === 'POST' && c.req.path === '/v1/opportunities') {
        const created = (await c.res.clone().json().catch(() => null)) as { data?: { id?: string } } | null;
        const opp = created?.data?.id ? state.opportunitiesById.get(created.data.id) : undefined;
        if (opp) webhooks.emit('applicationCreated', { opportunityId: opp.id, candidateId: opp.contactId, contactId: opp.contactId });
        return;
      }
      const at = opportunityPath(c);
      if (!at || !before.opportunityId || !before.contactId) return;
      const ids = { opportunityId: before.opportunityId, candidateId: before.contactId, contactId: before.contactId };
      if (c.req.method === 'DELETE' && at.admin && at.action === null) {
        webhooks.emit('candidateDeleted', ids);
        return;
      }
      const opp = state.opportunitiesById.get(at.id);
      if (!opp) return;
      const stageMoved = opp.stage !== before.stage;
      const archiveChanged = Boolean(opp.archived) !== before.archived;
      if (stageMoved) webhooks.emit('candidateStageChange', { ...ids, fromStageId: before.stage, toStageId: opp.stage });
      if (archiveChanged) webhooks.emit('candidateArchiveChange', { ...ids, fromArchived: before.archived ? {} : null, toArchived: opp.archived });
      const contactChanged = at.action === 'addLinks' || at.action === 'removeLinks' || (at.admin && CONTACT_FIELDS.some((f) => f in before.patch));
      if (contactChanged) webhooks.emit('contactUpdated', { contactId: before.contactId, candidateId: before.contactId });
    },
  );
}
