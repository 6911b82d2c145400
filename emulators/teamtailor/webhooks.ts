/**
 * Teamtailor's company webhooks (partner.teamtailor.com/company_webhooks). Teamtailor's API has no
 * route for them: an admin adds one under Settings → Integrations → Webhooks (label, HTTPS URL,
 * events, signature version) and Teamtailor generates its signature key, shown there. `POST
 * /__admin/company-webhooks` stands in for that page and answers the key; plain http is refused
 * except on loopback hosts (the tests' servers).
 *
 * Deliveries: `{"payload":{"event_name","data":{id,type,attributes}},"signature"}`, the signature
 * repeated in `TT-Signature`, base64 of
 * - v2 (default): `t=<unix s>,v2=<hex HMAC-SHA256 of "<t>." + the payload member's bytes as sent>`;
 *   the docs say "the raw body", which cannot hold its own signature: the bytes signed are exactly
 *   the `payload` text inside the body, never re-serialised;
 * - v1 (deprecated): the hex HMAC-SHA256 of `payload.data.id`.
 * No retries ("any non 2xx responses will be logged as a failed delivery").
 *
 * Events follow the documented triggers: `candidate.update` only for the listed fields (a tag
 * change sends nothing), `job_application.update` for stage, rejection and cover letter; `destroy`
 * events carry `{id, type}` only. Deleting a candidate also sends `job_application.destroy` for the
 * applications it takes along (inferred: not documented either way).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { webhooksAfterChanges, type OutgoingWebhook, type WebhookSender } from '../shared/webhook-sender.js';
import { TYPES } from './serialize.js';
import type { TeamtailorState, TtApplication, TtCandidate, TtJob } from './state.js';

export const TEAMTAILOR_EVENTS = ['candidate', 'job', 'job_application'].flatMap((r) => ['create', 'update', 'destroy'].map((a) => `${r}.${a}`));

export interface CompanyWebhook {
  id: string;
  label: string;
  url: string;
  events: string[];
  signatureVersion: 'v1' | 'v2';
  signatureKey: string;
}

interface EventData {
  id: string;
  type: string;
  attributes?: Record<string, unknown>;
}

const hmacHex = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');
const base64 = (text: string) => Buffer.from(text).toString('base64');

export function signedDelivery(hook: CompanyWebhook, event: string, data: EventData, nowMs: number): OutgoingWebhook {
  const payload = JSON.stringify({ event_name: event, data });
  const t = Math.floor(nowMs / 1000);
  const signature = hook.signatureVersion === 'v2' ? base64(`t=${t},v2=${hmacHex(hook.signatureKey, `${t}.${payload}`)}`) : base64(hmacHex(hook.signatureKey, data.id));
  return { url: hook.url, headers: { 'Content-Type': 'application/json', 'TT-Signature': signature }, body: `{"payload":${payload},"signature":${JSON.stringify(signature)}}` };
}

export class TeamtailorWebhooks {
  readonly hooks = new Map<string, CompanyWebhook>();
  private nextId = 501;

  constructor(
    readonly sender: WebhookSender,
    private readonly now: () => number,
  ) {}

  add(input: Omit<CompanyWebhook, 'id' | 'signatureKey'>): CompanyWebhook {
    const hook = { ...input, id: String(this.nextId++), signatureKey: randomBytes(32).toString('hex') };
    this.hooks.set(hook.id, hook);
    return hook;
  }

  emit(event: string, data: EventData): void {
    for (const hook of this.hooks.values()) {
      if (hook.events.includes(event)) this.sender.send(event, signedDelivery(hook, event, data, this.now()));
    }
  }
}

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

export function registerCompanyWebhookAdmin(app: Hono, webhooks: TeamtailorWebhooks): void {
  app.get('/__admin/company-webhooks', (c) => c.json([...webhooks.hooks.values()]));
  app.post('/__admin/company-webhooks', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    let url: URL | null = null;
    try {
      url = typeof body['url'] === 'string' ? new URL(body['url']) : null;
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url)))) return c.json({ error: 'Webhook URL must be an HTTPS URL' }, 422);
    const events = Array.isArray(body['events']) ? body['events'].filter((e): e is string => typeof e === 'string' && TEAMTAILOR_EVENTS.includes(e)) : TEAMTAILOR_EVENTS;
    const hook = webhooks.add({
      label: typeof body['label'] === 'string' ? body['label'] : 'Webhook',
      url: url.toString(),
      events,
      signatureVersion: body['signature_version'] === 'v1' ? 'v1' : 'v2',
    });
    return c.json({ id: hook.id, label: hook.label, url: hook.url, events: hook.events, signature_version: hook.signatureVersion, signature_key: hook.signatureKey }, 201);
  });
  app.delete('/__admin/company-webhooks/:id', (c) => (webhooks.hooks.delete(c.req.param('id')) ? c.json({ deleted: true }) : c.json({ error: 'not found' }, 404)));
}

/** The fields whose change sends `candidate.update` (as the docs list them, that we keep). */
const candidateTracked = (x: TtCandidate) => JSON.stringify([x.email, x.firstName, x.lastName, x.phone, x.pitch, x.linkedinUrl, x.referringSite]);
const applicationTracked = (x: TtApplication) => JSON.stringify([x.stageId, x.rejectedAt, x.coverLetter]);
const jobTracked = (x: TtJob) => JSON.stringify([x.title, x.body, x.status, x.internal, x.remoteStatus, x.tags, x.userId]);

const noSigned = () => '';
const kebab = (type: 'candidates' | 'jobs', record: TtCandidate | TtJob, s: TeamtailorState): Record<string, unknown> =>
  type === 'candidates' ? TYPES.candidates.spec.attributes(record as TtCandidate, s, noSigned) : TYPES.jobs.spec.attributes(record as TtJob, s, noSigned);

/** Job applications' payload fields are snake_case (docs, "Job Application"). */
function applicationAttributes(s: TeamtailorState, a: TtApplication): Record<string, unknown> {
  return {
    id: a.id,
    updated_at: a.updatedAt,
    job_id: a.jobId,
    job_title: s.job(a.jobId)?.title ?? null,
    last_moved_at: a.changedStageAt,
    stage_name: s.stage(a.stageId)?.name ?? null,
    referring_site: null,
    referring_url: null,
    referer_id: null,
    rejected_at: a.rejectedAt,
    promotion_id: null,
    company_uuid: 'emulated-company',
    transparent_recruiting_visible_at: a.rejectedAt,
  };
}

interface Before {
  candidate: string | null;
  application: string | null;
  job: string | null;
  applicationsOfCandidate: string[];
}

/** The events Teamtailor sends for the request just answered (API writes and admin helpers). */
export function teamtailorWebhookMiddleware(s: TeamtailorState, webhooks: TeamtailorWebhooks) {
  const idAt = (c: Context, resource: string) => new RegExp(`^/(?:v1|__admin)/${resource}/([^/]+)`).exec(c.req.path)?.[1];
  const candidateData = (x: TtCandidate): EventData => ({ id: x.id, type: 'candidates', attributes: kebab('candidates', x, s) });
  const applicationData = (x: TtApplication): EventData => ({ id: x.id, type: 'job-applications', attributes: applicationAttributes(s, x) });
  const jobData = (x: TtJob): EventData => ({ id: x.id, type: 'jobs', attributes: kebab('jobs', x, s) });
  return webhooksAfterChanges<Before>(
    (c) => {
      const candidate = s.candidate(idAt(c, 'candidates') ?? '');
      const application = s.application(idAt(c, 'job-applications') ?? '');
      const job = s.job(idAt(c, 'jobs') ?? '');
      return {
        candidate: candidate ? candidateTracked(candidate) : null,
        application: application ? applicationTracked(application) : null,
        job: job ? jobTracked(job) : null,
        applicationsOfCandidate: candidate ? s.applications.filter((a) => a.candidateId === candidate.id).map((a) => a.id) : [],
      };
    },
    async (c, before) => {
      const path = c.req.path;
      const method = c.req.method;
      if (method === 'POST' && (path === '/v1/candidates' || path === '/v1/job-applications')) {
        const created = (await c.res.clone().json().catch(() => null)) as { data?: { id?: string } } | null;
        const id = created?.data?.id ?? '';
        const candidate = path === '/v1/candidates' ? s.candidate(id) : undefined;
        const application = path === '/v1/job-applications' ? s.application(id) : undefined;
        // `merge: true` on a known email answers 200: an update of that candidate.
        if (candidate) webhooks.emit(c.res.status === 201 ? 'candidate.create' : 'candidate.update', candidateData(candidate));
        if (application) webhooks.emit('job_application.create', applicationData(application));
        return;
      }
      const candidateId = idAt(c, 'candidates');
      const applicationId = idAt(c, 'job-applications');
      const jobId = idAt(c, 'jobs');
      if (method === 'DELETE') {
        if (candidateId && before.candidate) {
          for (const id of before.applicationsOfCandidate) webhooks.emit('job_application.destroy', { id, type: 'job-applications' });
          webhooks.emit('candidate.destroy', { id: candidateId, type: 'candidates' });
        }
        if (applicationId && before.application) webhooks.emit('job_application.destroy', { id: applicationId, type: 'job-applications' });
        if (jobId && before.job) webhooks.emit('job.destroy', { id: jobId, type: 'jobs' });
        return;
      }
      const candidate = s.candidate(candidateId ?? '');
      if (candidate && candidateTracked(candidate) !== before.candidate) webhooks.emit('candidate.update', candidateData(candidate));
      const application = s.application(applicationId ?? '');
      if (application && applicationTracked(application) !== before.application) webhooks.emit('job_application.update', applicationData(application));
      const job = s.job(jobId ?? '');
      if (job && jobTracked(job) !== before.job) webhooks.emit('job.update', jobData(job));
    },
  );
}
