/**
 * Workable's webhook subscriptions (workable.readme.io: webhook-subscriptions-candidates-employees):
 * `POST /subscriptions {target, event, args?: {account_id, job_shortcode?, stage_slug?}}` → `{id}`,
 * `GET /subscriptions`, `DELETE /subscriptions/:id`; events `candidate_created`, `candidate_moved` and
 * `candidate_deleted`, filtered by job and stage when asked. Workable POSTs the candidate object
 * (as the detail) signed with `X-Workable-Signature`, the hex HMAC-SHA256 of the body keyed with
 * the account token that subscribed; anything but 200 is replayed (the schedule is not documented;
 * this one retries 5 times, doubling from a minute).
 */
import { createHmac } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { WebhookSender, webhooksAfterChanges } from '../shared/webhook-sender.js';

export const WORKABLE_RETRY_DELAYS_MS = [60e3, 120e3, 240e3, 480e3, 960e3];
const EVENTS = ['candidate_created', 'candidate_moved', 'candidate_deleted'];

interface Subscription {
  id: number;
  target: string;
  event: string;
  jobShortcode: string | null;
  stageSlug: string | null;
  /** The account token that subscribed: the signing key. */
  token: string;
}

export interface CandidateFacts {
  shortcode: string;
  stage_slug: string;
}

export class WorkableSubscriptions {
  readonly subscriptions = new Map<number, Subscription>();
  private nextId = 200_001;

  constructor(readonly sender: WebhookSender) {}

  emit(event: string, facts: CandidateFacts, candidate: unknown): void {
    const body = JSON.stringify(candidate);
    for (const sub of this.subscriptions.values()) {
      if (sub.event !== event || (sub.jobShortcode && sub.jobShortcode !== facts.shortcode) || (sub.stageSlug && sub.stageSlug !== facts.stage_slug)) continue;
      const signature = createHmac('sha256', sub.token).update(body).digest('hex');
      this.sender.send(event, { url: sub.target, headers: { 'Content-Type': 'application/json', 'X-Workable-Signature': signature }, body });
    }
  }

  routes(api: Hono, errorOf: (status: number, message: string) => Error): void {
    api.get('/subscriptions', (c) => c.json({ subscriptions: [...this.subscriptions.values()].map(({ token: _t, ...rest }) => rest) }));
    api.post('/subscriptions', async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { target?: unknown; event?: unknown; args?: { job_shortcode?: unknown; stage_slug?: unknown } };
      if (typeof body.target !== 'string' || !/^https?:\/\//.test(body.target)) throw errorOf(422, 'target must be a URL');
      if (typeof body.event !== 'string' || !EVENTS.includes(body.event)) throw errorOf(422, `event must be one of ${EVENTS.join(', ')}`);
      const token = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim() ?? '';
      const sub: Subscription = {
        id: this.nextId++,
        target: body.target,
        event: body.event,
        jobShortcode: typeof body.args?.job_shortcode === 'string' ? body.args.job_shortcode : null,
        stageSlug: typeof body.args?.stage_slug === 'string' ? body.args.stage_slug : null,
        token,
      };
      this.subscriptions.set(sub.id, sub);
      return c.json({ id: sub.id }, 201);
    });
    api.delete('/subscriptions/:id', (c) => {
      if (!this.subscriptions.delete(Number(c.req.param('id')))) throw errorOf(404, 'Not found');
      return c.body(null, 200);
    });
  }
}

/**
 * The events Workable sends for the request just answered. `candidate(id, c)` renders the detail
 * (null when gone); `facts(id)` its job and stage.
 */
export function workableWebhookMiddleware(
  subs: WorkableSubscriptions,
  candidate: (id: string, c: Context) => { json: unknown; facts: CandidateFacts } | null,
) {
  const idAt = (c: Context) => /\/candidates\/([^/]+)(\/[^/]+)?$/.exec(c.req.path);
  return webhooksAfterChanges<{ json: unknown; facts: CandidateFacts } | null>(
    (c) => {
      const m = idAt(c);
      return m?.[1] ? candidate(decodeURIComponent(m[1]), c) : null;
    },
    async (c, before) => {
      if (c.req.method === 'POST' && /\/jobs\/[^/]+\/candidates$/.test(c.req.path)) {
        const created = (await c.res.clone().json().catch(() => null)) as { candidate?: { id?: string } } | null;
        const now = created?.candidate?.id ? candidate(created.candidate.id, c) : null;
        if (now) subs.emit('candidate_created', now.facts, now.json);
        return;
      }
      const m = idAt(c);
      if (!m?.[1] || !before) return;
      if (c.req.method === 'DELETE' && c.req.path.startsWith('/__admin/')) {
        subs.emit('candidate_deleted', before.facts, before.json);
        return;
      }
      const now = candidate(decodeURIComponent(m[1]), c);
      if (now && now.facts.stage_slug !== before.facts.stage_slug) subs.emit('candidate_moved', now.facts, now.json);
    },
  );
}
