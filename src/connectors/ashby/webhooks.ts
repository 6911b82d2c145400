/**
 * Ashby's webhooks (developers.ashbyhq.com: setting-up-webhooks, authenticating-webhooks, webhook.create):
 * one webhook per event type, created with `webhook.create {webhookType, requestUrl, secretToken}`
 * and removed with `webhook.delete {webhookId}` (the key needs the API-keys write permission).
 * Deliveries are JSON `{action, data}`; with a secret token, `Ashby-Signature: sha256=<hex>` is the
 * HMAC-SHA256 of the raw body. Ashby documents no timestamp, so there is no replay window; a replay
 * only makes us read the named record again. `ping` (sent when a webhook is saved) names nothing.
 *
 * Applications and candidates are read again by id (`application.info`, `candidate.info`); events
 * about jobs, offers and interview schedules queue a delta sync (their mapping needs account-wide
 * lookups a single read cannot give).
 */
import { z } from 'zod';
import type { ConnectorContext } from '../connector.js';
import type { ConnectorWebhooks, RecordRef, RefreshResult, WebhookRegistration } from '../connector-webhooks.js';
import { registerPerEvent } from '../kit/webhook-registration.js';
import { anySecretMatches, hmac, jsonBody } from '../kit/signatures.js';
import type { SourceRecordMap } from '../source-records.js';
import { AshbyBusinessError, AshbyClient } from './client.js';
import { mapApplication, mapAttachments, mapCandidate } from './mapping.js';
import { applicationSchema, candidateSchema } from './vendor-schemas.js';

/** The events that name applications or candidates, and those that only ask for a delta sync. */
const RECORD_EVENTS = ['applicationSubmit', 'applicationUpdate', 'candidateStageChange', 'candidateHire', 'candidateDelete', 'candidateMerge'] as const;
const CATCH_UP_EVENTS = ['interviewScheduleCreate', 'interviewScheduleUpdate', 'jobCreate', 'jobUpdate', 'offerCreate', 'offerUpdate', 'offerDelete'] as const;
export const ASHBY_EVENTS = [...RECORD_EVENTS, ...CATCH_UP_EVENTS] as const;

const deliverySchema = z.object({ action: z.string(), data: z.record(z.string(), z.unknown()).nullish() });
const idHolder = z.object({ id: z.string(), candidateId: z.string().nullish(), candidate: z.object({ id: z.string() }).nullish() }).passthrough();
const webhookSchema = z.object({ id: z.string() }).passthrough();

async function register(ctx: ConnectorContext, endpoint: { url: string; secret: string }): Promise<WebhookRegistration> {
  const client = new AshbyClient(ctx);
  return registerPerEvent(
    ASHBY_EVENTS,
    async (webhookType) => ({ id: (await client.call('webhook.create', { webhookType, requestUrl: endpoint.url, secretToken: endpoint.secret }, webhookSchema)).id }),
    (registration) => unregister(ctx, registration),
  );
}

async function unregister(ctx: ConnectorContext, registration: WebhookRegistration): Promise<void> {
  const client = new AshbyClient(ctx);
  for (const webhookId of registration.remoteIds) {
    await client.call('webhook.delete', { webhookId }, z.unknown()).catch((err: unknown) => {
      if (!(err instanceof AshbyBusinessError && err.ashbyCode.endsWith('not_found'))) throw err;
    });
  }
}

const notFound = (err: unknown) => err instanceof AshbyBusinessError && err.ashbyCode.endsWith('_not_found');

async function refresh(ctx: ConnectorContext, refs: readonly RecordRef[]): Promise<RefreshResult> {
  const client = new AshbyClient(ctx);
  const gone: RecordRef[] = [];
  const applications: SourceRecordMap['applications'][] = [];
  const candidateIds = new Set(refs.filter((r) => r.model === 'candidates').map((r) => r.remote_id));
  for (const ref of refs.filter((r) => r.model === 'applications')) {
    try {
      const app = await client.call('application.info', { applicationId: ref.remote_id }, applicationSchema);
      applications.push(mapApplication(app));
      if (app.candidate?.id) candidateIds.add(app.candidate.id);
    } catch (err) {
      if (!notFound(err)) throw err;
      gone.push(ref);
    }
  }
  const candidates: SourceRecordMap['candidates'][] = [];
  const attachments: SourceRecordMap['attachments'][] = [];
  for (const id of candidateIds) {
    try {
      const candidate = await client.call('candidate.info', { id }, candidateSchema);
      candidates.push(mapCandidate(candidate));
      attachments.push(...mapAttachments(candidate));
    } catch (err) {
      if (!notFound(err)) throw err;
      gone.push({ model: 'candidates', remote_id: id });
    }
  }
  return { records: { candidates, applications, attachments }, gone };
}

export const ashbyWebhooks: ConnectorWebhooks = {
  registration: 'api',
  instructions: 'Registered through the Ashby API on connect (webhook.create, one per event type, signed with a secret of ours); the API key needs the API-keys write permission.',
  events: ASHBY_EVENTS,
  showsSecret: false,
  register,
  unregister,
  verify(delivery, secrets) {
    const given = (delivery.headers['ashby-signature'] ?? '').replace(/^sha256=/i, '');
    return anySecretMatches([secrets.own], (s) => hmac(s, delivery.body, 'hex'), given, { caseInsensitive: true }) ? { ok: true } : { ok: false, reason: 'Ashby-Signature mismatch' };
  },
  eventOf(delivery) {
    const parsed = deliverySchema.safeParse(jsonBody(delivery.body));
    if (!parsed.success) throw new Error('not an Ashby webhook body');
    const { action, data } = parsed.data;
    if (action === 'ping') return { refresh: [] };
    const refs: RecordRef[] = [];
    const application = idHolder.safeParse(data?.['application']);
    if (application.success) {
      refs.push({ model: 'applications', remote_id: application.data.id });
      const candidate = application.data.candidate?.id ?? application.data.candidateId;
      if (candidate) refs.push({ model: 'candidates', remote_id: candidate });
    }
    const candidate = idHolder.safeParse(data?.['candidate']);
    if (candidate.success) refs.push({ model: 'candidates', remote_id: candidate.data.id });
    return { refresh: refs, catchUp: refs.length === 0 || (CATCH_UP_EVENTS as readonly string[]).includes(action) };
  },
  refresh,
};
