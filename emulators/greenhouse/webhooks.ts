/**
 * Greenhouse's web hooks (developers.greenhouse.io/webhooks.html). Greenhouse has no API to create
 * them: the customer does it in Dev Center → Web Hooks (name, URL, secret key, events), which
 * `POST /__admin/web_hooks` stands in for. Saving pings the URL (`{"action":"ping",…}`); a failed
 * ping leaves the web hook disabled. Deliveries are `{action, payload}` with `<`, `>`, `&` escaped
 * as `\u003c`…, `Signature: sha256 <hex HMAC-SHA256 of the body>` and a unique `Greenhouse-Event-ID`;
 * a timeout or non-200 is retried after 1, 15, 60, 120, 240 and 480 minutes (7 attempts, ~15 h).
 * Sent after the API's own writes and after the admin helpers change or delete records.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { WebhookSender, webhooksAfterChanges } from '../shared/webhook-sender.js';
import type { Application, GreenhouseState } from './store.js';

export const GREENHOUSE_RETRY_DELAYS_MS = [60e3, 15 * 60e3, 60 * 60e3, 120 * 60e3, 240 * 60e3, 480 * 60e3];

interface WebHook {
  id: number;
  name: string;
  url: string;
  secretKey: string;
  /** Null: every event. */
  events: string[] | null;
  active: boolean;
}

/** Greenhouse escapes these in web hook bodies (and signs the escaped bytes). */
const escapeHtml = (json: string) => json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

function signedRequest(hook: WebHook, action: string, payload: Record<string, unknown>) {
  const body = escapeHtml(JSON.stringify({ action, payload }));
  const signature = createHmac('sha256', hook.secretKey).update(body).digest('hex');
  return { url: hook.url, body, headers: { 'Content-Type': 'application/json', Signature: `sha256 ${signature}`, 'Greenhouse-Event-ID': randomUUID() } };
}

export class GreenhouseWebhooks {
  readonly hooks = new Map<number, WebHook>();
  private nextId = 4_000_001;

  constructor(readonly sender: WebhookSender) {}

  emit(action: string, payload: Record<string, unknown>): void {
    for (const hook of this.hooks.values()) {
      if (!hook.active || (hook.events && !hook.events.includes(action))) continue;
      this.sender.send(action, signedRequest(hook, action, payload));
    }
  }

  /** What saving a web hook in Greenhouse's settings does: store it, ping it, disable it if the ping fails. */
  async save(input: { name: string; url: string; secretKey: string; events: string[] | null }): Promise<WebHook> {
    const hook: WebHook = { id: this.nextId++, ...input, active: false };
    const ping = signedRequest(hook, 'ping', { web_hook_id: hook.id });
    const res = await fetch(ping.url, { method: 'POST', headers: ping.headers, body: ping.body, signal: AbortSignal.timeout(10_000) }).catch(() => null);
    hook.active = res?.status === 200;
    await res?.body?.cancel().catch(() => undefined);
    this.hooks.set(hook.id, hook);
    return hook;
  }
}

export function registerGreenhouseWebhookAdmin(app: Hono, webhooks: GreenhouseWebhooks): void {
  app.get('/__admin/web_hooks', (c) => c.json([...webhooks.hooks.values()].map(({ secretKey: _secret, ...rest }) => rest)));
  app.post('/__admin/web_hooks', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    if (typeof body['url'] !== 'string' || typeof body['secret_key'] !== 'string') return c.json({ message: 'url and secret_key are required' }, 422);
    const events = Array.isArray(body['events']) ? body['events'].filter((e): e is string => typeof e === 'string') : null;
    const hook = await webhooks.save({ name: typeof body['name'] === 'string' ? body['name'] : 'unified-ats', url: body['url'], secretKey: body['secret_key'], events });
    return c.json({ id: hook.id, active: hook.active }, 201);
  });
  app.delete('/__admin/web_hooks/:id', (c) => (webhooks.hooks.delete(Number(c.req.param('id'))) ? c.json({ deleted: true }) : c.json({ message: 'Resource not found' }, 404)));
}

const applicationPayload = (s: GreenhouseState, app: Application) => {
  const candidate = s.candidates.get(app.candidateId);
  return {
    application: {
      id: app.id,
      status: app.status === 'in_process' ? 'active' : app.status,
      prospect: app.prospect,
      candidate: { id: app.candidateId, first_name: candidate?.firstName ?? null, last_name: candidate?.lastName ?? null },
      current_stage: app.stageId === null ? null : { id: app.stageId, name: s.stages.get(app.stageId)?.name ?? null },
      jobs: app.jobId === null ? [] : [{ id: app.jobId }],
    },
  };
};

interface Before {
  app: Application | null;
  candidateApps: number[];
}

const APPLICATION_ACTIONS: Record<string, string> = { move: 'candidate_stage_change', reject: 'reject_candidate', unreject: 'unreject_candidate', hire: 'hire_candidate' };

/** The actions Greenhouse sends for the request just answered. */
export function greenhouseWebhookMiddleware(s: GreenhouseState, webhooks: GreenhouseWebhooks) {
  const appAt = (c: Context) => /^\/(?:v3|__admin)\/applications\/(\d+)/.exec(c.req.path)?.[1];
  const candidateAt = (c: Context) => /^\/(?:v3|__admin)\/candidates\/(\d+)/.exec(c.req.path)?.[1];
  return webhooksAfterChanges<Before>(
    (c) => {
      const appId = appAt(c);
      const candidateId = candidateAt(c);
      const app = appId ? s.applications.get(Number(appId)) : undefined;
      return { app: app ? { ...app } : null, candidateApps: candidateId ? [...s.appsByCandidate.get(Number(candidateId))] : [] };
    },
    async (c, before) => {
      const path = c.req.path;
      if (c.req.method === 'POST' && path === '/v3/applications') {
        const created = (await c.res.clone().json().catch(() => null)) as { id?: number } | null;
        const app = created?.id ? s.applications.get(created.id) : undefined;
        if (app) webhooks.emit(app.prospect ? 'new_prospect_application' : 'new_candidate_application', applicationPayload(s, app));
        return;
      }
      const appId = appAt(c);
      if (appId) {
        if (c.req.method === 'DELETE') {
          if (before.app) webhooks.emit('delete_application', { application: { id: before.app.id, candidate_id: before.app.candidateId } });
          return;
        }
        const app = s.applications.get(Number(appId));
        if (!app) return;
        const action = /\/(move|reject|unreject|hire)$/.exec(path)?.[1];
        if (action) webhooks.emit(APPLICATION_ACTIONS[action] ?? 'application_updated', applicationPayload(s, app));
        else if (path.startsWith('/__admin/')) webhooks.emit(app.stageId !== before.app?.stageId ? 'candidate_stage_change' : 'application_updated', applicationPayload(s, app));
        return;
      }
      const candidateId = candidateAt(c);
      if (!candidateId || /\/(comments|notes|attachments)/.test(path)) return;
      if (c.req.method === 'DELETE') {
        webhooks.emit('delete_candidate', { candidate: { id: Number(candidateId) }, deleted_application_ids: before.candidateApps });
        return;
      }
      const cand = s.candidates.get(Number(candidateId));
      if (cand) webhooks.emit('update_candidate', { candidate: { id: cand.id, first_name: cand.firstName, last_name: cand.lastName, application_ids: [...s.appsByCandidate.get(cand.id)] } });
    },
  );
}
