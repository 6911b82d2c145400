/**
 * Lever's webhooks (hire.lever.co/developer/documentation#webhooks): one webhook per event, created
 * with `POST /webhooks {event, url}`; Lever answers each with its own `configuration.signatureToken`.
 * A delivery is JSON `{triggeredAt, event, signature, token, data}` where `signature` is the hex
 * HMAC-SHA256 of `token + triggeredAt` under that webhook's signature token (the body itself is not
 * signed). `data` names `opportunityId` and `contactId` (and `interviewId` for interview events).
 *
 * Our candidate is Lever's contact and our application its opportunity: an event refreshes the
 * opportunity (with its interviews and offers) and the contact from all its opportunities.
 */
import pLimit from 'p-limit';
import { z } from 'zod';
import type { ConnectorContext } from '../connector.js';
import type { ConnectorWebhooks, RecordRef, RefreshResult, WebhookRegistration } from '../connector-webhooks.js';
import { registerPerEvent } from '../kit/webhook-registration.js';
import { anySecretMatches, hmac, jsonBody } from '../kit/signatures.js';
import type { SourceRecordMap } from '../source-records.js';
import { LeverClient, LEVER } from './client.js';
import { byContact, contactIdOf, mapApplication } from './mapping.js';
import { candidateOf, childrenOf, confidentiality, opportunitiesOfContacts, reasonsOf, withRaw } from './reads.js';
import { opportunitySchema, type LeverOpportunity } from './vendor-schemas.js';

export const LEVER_EVENTS = [
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

const deliverySchema = z.object({
  triggeredAt: z.union([z.number(), z.string()]),
  event: z.string(),
  signature: z.string(),
  token: z.string(),
  data: z.record(z.string(), z.unknown()).nullish(),
});

const webhookSchema = z.object({ id: z.string(), configuration: z.object({ signatureToken: z.string() }).passthrough().nullish() }).passthrough();

const idOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function parse(body: string) {
  const parsed = deliverySchema.safeParse(jsonBody(body));
  return parsed.success ? parsed.data : null;
}

async function register(ctx: ConnectorContext, endpoint: { url: string }): Promise<WebhookRegistration> {
  const client = new LeverClient(ctx);
  return registerPerEvent(
    LEVER_EVENTS,
    async (event) => {
      const created = await client.one('POST', '/webhooks', webhookSchema, { json: { event, url: endpoint.url } });
      return { id: created.id, secret: created.configuration?.signatureToken ?? null };
    },
    (registration) => unregister(ctx, registration),
  );
}

async function unregister(ctx: ConnectorContext, registration: WebhookRegistration): Promise<void> {
  const client = new LeverClient(ctx);
  for (const id of registration.remoteIds) await client.call('DELETE', `/webhooks/${encodeURIComponent(id)}`, { allowNotFound: true });
}

async function refresh(ctx: ConnectorContext, refs: readonly RecordRef[]): Promise<RefreshResult> {
  const client = new LeverClient(ctx);
  const conf = await confidentiality(ctx, client);
  const opportunityIds = new Set(refs.filter((r) => r.model === 'applications').map((r) => r.remote_id));
  const contactIds = new Set(refs.filter((r) => r.model === 'candidates').map((r) => r.remote_id));
  const gone: RecordRef[] = [];
  const found: LeverOpportunity[] = [];
  for (const id of opportunityIds) {
    const res = await client.send('GET', `/opportunities/${encodeURIComponent(id)}`, { query: { ...conf, expand: 'applications' }, allowNotFound: true });
    if (!res) {
      gone.push({ model: 'applications', remote_id: id });
      continue;
    }
    const body = z.object({ data: opportunitySchema }).safeParse(await res.json());
    if (!body.success) throw new Error(`${LEVER} answered GET /opportunities/${id} in an unexpected shape.`);
    found.push(body.data.data);
    contactIds.add(contactIdOf(body.data.data));
  }
  const reasons = found.some((o) => o.archived) ? await reasonsOf(ctx, client) : new Map();
  const applications = found.map((o) => withRaw(mapApplication(o, reasons), o));
  const people = byContact(await opportunitiesOfContacts(ctx, client, [...contactIds]));
  const candidates: SourceRecordMap['candidates'][] = [];
  for (const id of contactIds) {
    const opportunities = people.get(id) ?? [];
    if (opportunities.length === 0) gone.push({ model: 'candidates', remote_id: id });
    else candidates.push(candidateOf(opportunities));
  }
  const limit = pLimit(4);
  const interviews = (await limit.map(found, (o) => childrenOf(client, 'interviews', o))).flat();
  const offers = (await limit.map(found, (o) => childrenOf(client, 'offers', o))).flat();
  const seenInterviews = new Set(interviews.map((i) => i.remote_id));
  for (const ref of refs) if (ref.model === 'interviews' && !seenInterviews.has(ref.remote_id)) gone.push(ref);
  return { records: { candidates, applications, interviews, offers }, gone };
}

export const leverWebhooks: ConnectorWebhooks = {
  registration: 'api',
  instructions: 'Registered through the Lever API on connect (one webhook per event; needs a key or OAuth app allowed to manage webhooks).',
  events: LEVER_EVENTS,
  showsSecret: false,
  register,
  unregister,
  verify(delivery, secrets) {
    const parsed = parse(delivery.body);
    if (!parsed) return { ok: false, reason: 'not a Lever webhook body' };
    const message = `${parsed.token}${parsed.triggeredAt}`;
    if (!anySecretMatches(secrets.issued, (s) => hmac(s, message, 'hex'), parsed.signature, { caseInsensitive: true })) return { ok: false, reason: 'signature mismatch' };
    const at = Number(parsed.triggeredAt);
    return Number.isFinite(at) ? { ok: true, signedAt: at } : { ok: true };
  },
  eventOf(delivery) {
    const parsed = parse(delivery.body);
    if (!parsed) throw new Error('not a Lever webhook body');
    const data = parsed.data ?? {};
    const refs: RecordRef[] = [];
    const opportunity = idOf(data['opportunityId']);
    const contact = idOf(data['contactId']) ?? idOf(data['candidateId']);
    const interview = idOf(data['interviewId']);
    if (opportunity) refs.push({ model: 'applications', remote_id: opportunity });
    if (contact) refs.push({ model: 'candidates', remote_id: contact });
    if (interview && opportunity) refs.push({ model: 'interviews', remote_id: interview });
    return { refresh: refs, catchUp: refs.length === 0 && parsed.event !== 'ping' };
  },
  refresh,
};
