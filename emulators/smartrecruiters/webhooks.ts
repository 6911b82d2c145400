/**
 * SmartRecruiters' Webhooks Subscription API (developers.smartrecruiters.com: webhooks, subscriptions
 * create / activate / delete, secret key, callbacks log) under `/webhooks-api/v201907/subscriptions`:
 * a subscription is created `inactive` with its callback URL and events `[{name, version}]`; lists are
 * bare arrays; `PUT …/{id}/activation` performs the handshake (a POST with `X-Hook-Secret: <random>`
 * that must be answered 200 within 20 s echoing the header, else 400 and the subscription stays
 * inactive), then answers 204. `POST …/{id}/secret-key` issues a key (an older key stays valid 24 h;
 * at most 16 unexpired), `GET` returns the newest. At most 20 subscriptions per credential.
 *
 * Deliveries go to active subscriptions of the event: headers `event-name`, `event-version` (the one
 * subscribed), `event-id`, `Link: <API URL of the resource>; rel=self`, `smartrecruiters-timestamp`
 * (seconds) and, once keys exist, `smartrecruiters-signature: v1=<hex>;…` (one per unexpired key, the
 * HMAC-SHA256 of `timestamp.body.event-id.event-name.event-version.link`); the body is a small object
 * of ids (`{"job_id", "candidate_id"}`). The retry schedule is not documented; this one retries 5
 * times, doubling from a minute.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { webhooksAfterChanges, type WebhookSender } from '../shared/webhook-sender.js';
import { jsonBody, SrHttpError } from './http.js';
import type { SmartRecruitersState } from './state.js';

export const SR_RETRY_DELAYS_MS = [60e3, 120e3, 240e3, 480e3, 960e3];
export const SR_EVENTS = [
  'application.created',
  'application.status.updated',
  'application.fields.updated',
  'candidate.created',
  'candidate.updated',
  'candidate.deleted',
  'job.created',
  'job.updated',
  'job.status.updated',
  'position.created',
  'position.updated',
  'position.deleted',
  'offer.created',
  'offer.updated',
] as const;
const PATH = '/webhooks-api/v201907/subscriptions';
const HANDSHAKE_TIMEOUT_MS = 20_000;
const KEY_GRACE_MS = 24 * 3_600_000;
const MAX_KEYS = 16;
const MAX_SUBSCRIPTIONS = 20;

interface SecretKey {
  key: string;
  /** When a newer key replaced it (it then lives 24 h more); null for the newest. */
  replacedAt: number | null;
}

interface Subscription {
  id: string;
  callbackUrl: string;
  events: Array<{ name: string; version: string }>;
  status: 'inactive' | 'active';
  owner: string;
  keys: SecretKey[];
}

const subscriptionJson = (s: Subscription) => ({ id: s.id, callbackUrl: s.callbackUrl, events: s.events, status: s.status });

export class SrSubscriptions {
  readonly subscriptions = new Map<string, Subscription>();

  constructor(
    readonly sender: WebhookSender,
    private readonly now: () => number,
  ) {}

  /** Active subscriptions (what tests count to see registration follow the lifecycle). */
  active(): number {
    return [...this.subscriptions.values()].filter((s) => s.status === 'active').length;
  }

  private liveKeys(s: Subscription): SecretKey[] {
    return s.keys.filter((k) => k.replacedAt === null || this.now() - k.replacedAt < KEY_GRACE_MS);
  }

  /** Sends `event` about the resource at `resourcePath` (under `origin`) to every active subscription of it. */
  emit(event: string, body: Record<string, string>, origin: string, resourcePath: string): void {
    const raw = JSON.stringify(body);
    for (const sub of this.subscriptions.values()) {
      const subscribed = sub.events.find((e) => e.name === event);
      if (sub.status !== 'active' || !subscribed) continue;
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'event-name': event,
        'event-version': subscribed.version,
        'event-id': randomUUID(),
        Link: `<${origin}${resourcePath}>; rel=self`,
        'smartrecruiters-timestamp': String(Math.floor(this.now() / 1000)),
      };
      const signed = [headers['smartrecruiters-timestamp'], raw, headers['event-id'], event, subscribed.version, headers['Link']].join('.');
      const signatures = this.liveKeys(sub).map((k) => `v1=${createHmac('sha256', k.key).update(signed).digest('hex')}`);
      if (signatures.length > 0) headers['smartrecruiters-signature'] = signatures.join(';');
      this.sender.send(event, { url: sub.callbackUrl, headers, body: raw });
    }
  }

  /** The handshake of an activation: true when the callback answered 200 echoing `X-Hook-Secret` in time. */
  private async handshake(url: string): Promise<{ ok: boolean; detail: string }> {
    const secret = randomBytes(12).toString('hex');
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'X-Hook-Secret': secret }, redirect: 'manual', signal: AbortSignal.timeout(HANDSHAKE_TIMEOUT_MS) });
      await res.body?.cancel().catch(() => undefined);
      if (res.status !== 200) return { ok: false, detail: `the callback answered ${res.status}, not 200` };
      if (res.headers.get('x-hook-secret') !== secret) return { ok: false, detail: 'the callback did not echo X-Hook-Secret' };
      return { ok: true, detail: 'ok' };
    } catch (err) {
      return { ok: false, detail: `the callback could not be reached within 20 s (${err instanceof Error ? err.message : String(err)})` };
    }
  }

  routes(app: Hono, ownerOf: (c: Context) => string): void {
    const find = (c: Context) => {
      const sub = this.subscriptions.get(c.req.param('id') ?? '');
      if (!sub || sub.owner !== ownerOf(c)) throw new SrHttpError(404, 'NOT_FOUND', 'Subscription not found');
      return sub;
    };
    app.post(PATH, async (c) => {
      const body = await jsonBody(c);
      const url = body['callbackUrl'];
      if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) throw new SrHttpError(400, 'INVALID_BODY', 'callbackUrl must be a URL');
      const events = body['events'];
      if (!Array.isArray(events) || events.length === 0) throw new SrHttpError(400, 'INVALID_BODY', 'events must list at least one event');
      const parsed = events.map((e: unknown) => {
        const { name, version } = (e ?? {}) as { name?: unknown; version?: unknown };
        if (typeof name !== 'string' || !(SR_EVENTS as readonly string[]).includes(name)) throw new SrHttpError(400, 'INVALID_EVENT', `Unknown event ${JSON.stringify(name)}`);
        if (typeof version !== 'string' || version === '') throw new SrHttpError(400, 'INVALID_EVENT', `Event ${name} needs a version`);
        return { name, version };
      });
      const owner = ownerOf(c);
      if ([...this.subscriptions.values()].filter((s) => s.owner === owner).length >= MAX_SUBSCRIPTIONS) throw new SrHttpError(400, 'SUBSCRIPTION_LIMIT_EXCEEDED', `At most ${MAX_SUBSCRIPTIONS} subscriptions per subscriber`);
      const sub: Subscription = { id: randomUUID(), callbackUrl: url, events: parsed, status: 'inactive', owner, keys: [] };
      this.subscriptions.set(sub.id, sub);
      return c.json(subscriptionJson(sub), 201);
    });
    app.get(PATH, (c) => c.json([...this.subscriptions.values()].filter((s) => s.owner === ownerOf(c)).map(subscriptionJson)));
    app.get(`${PATH}/:id`, (c) => c.json(subscriptionJson(find(c))));
    app.delete(`${PATH}/:id`, (c) => {
      this.subscriptions.delete(find(c).id);
      return c.body(null, 204);
    });
    app.put(`${PATH}/:id/activation`, async (c) => {
      const sub = find(c);
      const outcome = await this.handshake(sub.callbackUrl);
      if (!outcome.ok) throw new SrHttpError(400, 'HANDSHAKE_FAILED', `Activation failed: ${outcome.detail}`);
      sub.status = 'active';
      return c.body(null, 204);
    });
    app.post(`${PATH}/:id/secret-key`, (c) => {
      const sub = find(c);
      for (const k of sub.keys) k.replacedAt ??= this.now();
      sub.keys = this.liveKeys(sub);
      if (sub.keys.length >= MAX_KEYS) throw new SrHttpError(400, 'SECRET_KEY_LIMIT_EXCEEDED', `At most ${MAX_KEYS} unexpired secret keys`);
      const key: SecretKey = { key: randomBytes(32).toString('hex'), replacedAt: null };
      sub.keys.push(key);
      return c.json({ secretKey: key.key }, 201);
    });
    app.get(`${PATH}/:id/secret-key`, (c) => {
      const newest = find(c).keys.at(-1);
      if (!newest) throw new SrHttpError(404, 'NOT_FOUND', 'The subscription has no secret key');
      return c.json({ secretKey: newest.key });
    });
    app.get(`${PATH}/:id/callbacks-log`, (c) => {
      const sub = find(c);
      const rows = this.sender.attempts
        .filter((a) => a.url === sub.callbackUrl)
        .reverse()
        .map((a) => ({
          status: a.status !== null && a.status >= 200 && a.status < 300 ? 'SUCCESS' : 'FAILURE',
          timestamp: new Date(a.at).toISOString(),
          requestDetails: { url: a.url, body: a.body, headers: a.headers },
        }));
      return c.json(rows);
    });
  }
}

/**
 * The events a request just answered sends: status changes (the API's and the admin helper's) as
 * `application.status.updated`, applications created on a job as `application.created` (and
 * `candidate.created` for a new profile), tag, attachment and admin edits as `candidate.updated`,
 * deletions as `candidate.deleted`, admin job edits as `job.updated`.
 */
export function srWebhookMiddleware(state: SmartRecruitersState, subs: SrSubscriptions) {
  const origin = (c: Context) => new URL(c.req.url).origin;
  const path = (c: Context) => c.req.path.replace(/^\/__admin(?=\/)/, '');
  return webhooksAfterChanges<Set<string>>(
    // Before creating on a job: the candidates that exist, to tell a new profile from an existing one.
    (c) => new Set(c.req.method === 'POST' && /^\/jobs\/[^/]+\/candidates$/.test(c.req.path) ? state.candidates.map((x) => x.id) : []),
    async (c, existed) => {
      const p = path(c);
      const application = /^\/candidates\/([^/]+)\/jobs\/([^/]+)\/status$/.exec(p);
      if (application?.[1] && application[2] && c.req.method !== 'GET') {
        const [candidateId, jobId] = [decodeURIComponent(application[1]), decodeURIComponent(application[2])];
        subs.emit('application.status.updated', { job_id: jobId, candidate_id: candidateId }, origin(c), `/candidates/${candidateId}/jobs/${jobId}`);
        return;
      }
      const created = /^\/jobs\/([^/]+)\/candidates$/.exec(c.req.path);
      if (created?.[1] && c.req.method === 'POST') {
        const cand = (await c.res.clone().json().catch(() => null)) as { id?: string } | null;
        if (!cand?.id) return;
        const jobId = decodeURIComponent(created[1]);
        if (!existed.has(cand.id)) subs.emit('candidate.created', { candidate_id: cand.id }, origin(c), `/candidates/${cand.id}`);
        subs.emit('application.created', { job_id: jobId, candidate_id: cand.id }, origin(c), `/candidates/${cand.id}/jobs/${jobId}`);
        return;
      }
      const candidate = /^\/candidates\/([^/]+)(\/tags|\/attachments|\/jobs\/[^/]+\/attachments|\/update)?$/.exec(p);
      if (candidate?.[1]) {
        const id = decodeURIComponent(candidate[1]);
        const deleted = c.req.method === 'DELETE' && candidate[2] === undefined;
        subs.emit(deleted ? 'candidate.deleted' : 'candidate.updated', { candidate_id: id }, origin(c), `/candidates/${id}`);
        return;
      }
      const job = /^\/jobs\/([^/]+)\/update$/.exec(p);
      if (job?.[1]) {
        const id = decodeURIComponent(job[1]);
        subs.emit('job.updated', { job_id: id }, origin(c), `/jobs/${id}`);
      }
    },
  );
}
