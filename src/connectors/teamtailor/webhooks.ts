/**
 * Teamtailor's company webhooks (partner.teamtailor.com/company_webhooks). Teamtailor's public API
 * has no webhook endpoint: an admin adds one under Settings → Integrations → Webhooks (label, URL,
 * events; the Webhooks feature must be enabled for the company, HTTPS only), and Teamtailor
 * *generates* the signature key shown there, so the customer gives that key to us (`secretFrom:
 * 'vendor'`). No retries are documented ("any non 2xx … logged as a failed delivery").
 *
 * Deliveries are `{"payload": {"event_name", "data": {id, type, attributes}}, "signature"}` with
 * the same signature in `TT-Signature`, base64-encoded:
 * - v2 (recommended): `t=<unix seconds>,v2=<hex HMAC-SHA256 of "<t>." + the signed JSON>`. The docs
 *   (fixed 2025-11-10) say the raw request body is signed, never a re-serialisation, although the
 *   body also carries the signature itself; so the signed JSON is taken from the bytes as received:
 *   the whole body, the raw `payload` member, or the body without its `signature` member. No
 *   tolerance for `t` is documented, so there is no replay window (a replay only makes us read again).
 * - v1 (deprecated, still selectable): base64 of the hex HMAC-SHA256 of `payload.data.id` alone.
 *
 * Events are `candidate.*`, `job.*` and `job_application.*` (`create`, `update`, `destroy`); the
 * named record is read again by id with the sync's `include=` and mapping, a 404 storing it deleted.
 */
import { z } from 'zod';
import type { ConnectorContext } from '../connector.js';
import type { ConnectorWebhooks, InboundDelivery, RecordRef, RefreshResult, VerifyOutcome } from '../connector-webhooks.js';
import { anySecretMatches, hmac, jsonBody, rawMembers } from '../kit/signatures.js';
import type { SourceRecordMap } from '../source-records.js';
import { TeamtailorClient, relatedId } from './client.js';
import { indexIncluded, mapApplication, mapCandidate, mapJob } from './mapping.js';
import { APPLICATION_INCLUDE, CANDIDATE_INCLUDE, JOB_INCLUDE } from './reads.js';

const ACTIONS = ['create', 'update', 'destroy'] as const;
const RESOURCES = { candidate: 'candidates', job: 'jobs', job_application: 'applications' } as const;
export const TEAMTAILOR_EVENTS = Object.keys(RESOURCES).flatMap((resource) => ACTIONS.map((action) => `${resource}.${action}`));

const deliverySchema = z.object({
  payload: z.object({
    event_name: z.string(),
    data: z.object({ id: z.union([z.string(), z.number()]).transform(String) }).passthrough().nullish(),
  }),
  signature: z.string().optional(),
});

const V2 = /^t=(\d+),v2=([0-9a-f]+)$/i;

/** The JSON texts a v2 signature may cover, all cut from the bytes as received. */
function signedTexts(body: string): string[] {
  const members = rawMembers(body);
  const payload = members.find((m) => m.key === 'payload');
  const texts = [body];
  if (payload) texts.push(body.slice(payload.valueStart, payload.valueEnd));
  const signature = members.findIndex((m) => m.key === 'signature');
  const cut = members[signature];
  if (cut) {
    // From the end of the member before (its comma goes too) or, when first, up to the next member.
    const from = signature > 0 ? (members[signature - 1]?.valueEnd ?? cut.start) : cut.start;
    const to = signature > 0 ? cut.valueEnd : (members[signature + 1]?.start ?? cut.valueEnd);
    texts.push(body.slice(0, from) + body.slice(to));
  }
  return texts;
}

function verify(delivery: InboundDelivery, secrets: readonly string[]): VerifyOutcome {
  const parsed = deliverySchema.safeParse(jsonBody(delivery.body));
  const given = (delivery.headers['tt-signature'] ?? (parsed.success ? parsed.data.signature : undefined) ?? '').trim();
  if (!given) return { ok: false, reason: 'no TT-Signature' };
  const v2 = V2.exec(Buffer.from(given, 'base64').toString('utf8'));
  if (v2) {
    const [, t = '', mac = ''] = v2;
    const ok = signedTexts(delivery.body).some((text) => anySecretMatches(secrets, (s) => hmac(s, `${t}.${text}`, 'hex'), mac, { caseInsensitive: true }));
    return ok ? { ok: true, signedAt: Number(t) * 1000 } : { ok: false, reason: 'TT-Signature v2 mismatch' };
  }
  const id = parsed.success ? parsed.data.payload.data?.id : undefined;
  if (id === undefined) return { ok: false, reason: 'TT-Signature v1 without payload.data.id' };
  const ok = anySecretMatches(secrets, (s) => Buffer.from(hmac(s, id, 'hex')).toString('base64'), given);
  return ok ? { ok: true } : { ok: false, reason: 'TT-Signature v1 mismatch' };
}

/** One resource by id with the sync's includes; null when Teamtailor answers 404. */
async function read(client: TeamtailorClient, path: string, include: string) {
  const doc = await client.one(path, { include });
  const resource = doc?.data[0];
  return resource && doc ? { resource, included: indexIncluded(doc.included) } : null;
}

async function refresh(ctx: ConnectorContext, refs: readonly RecordRef[]): Promise<RefreshResult> {
  const client = new TeamtailorClient(ctx);
  client.checkCredentials();
  const gone: RecordRef[] = [];
  const ids = (model: RecordRef['model']) => refs.filter((r) => r.model === model).map((r) => r.remote_id);
  const path = (type: string, id: string) => `/${type}/${encodeURIComponent(id)}`;

  const jobs: SourceRecordMap['jobs'][] = [];
  for (const id of ids('jobs')) {
    const found = await read(client, path('jobs', id), JOB_INCLUDE);
    if (found) jobs.push(mapJob(found.resource, found.included));
    else gone.push({ model: 'jobs', remote_id: id });
  }
  const applications: SourceRecordMap['applications'][] = [];
  const candidateIds = new Set(ids('candidates'));
  for (const id of ids('applications')) {
    const found = await read(client, path('job-applications', id), APPLICATION_INCLUDE);
    if (!found) {
      gone.push({ model: 'applications', remote_id: id });
      continue;
    }
    applications.push(mapApplication(found.resource, found.included));
    // A new application may come with a new candidate: read with it, so the reference holds.
    const candidate = relatedId(found.resource, 'candidate');
    if (candidate) candidateIds.add(candidate);
  }
  const candidates: SourceRecordMap['candidates'][] = [];
  for (const id of candidateIds) {
    const found = await read(client, path('candidates', id), CANDIDATE_INCLUDE);
    if (found) candidates.push(mapCandidate(found.resource, found.included));
    else gone.push({ model: 'candidates', remote_id: id });
  }
  return { records: { jobs, candidates, applications }, gone };
}

export const teamtailorWebhooks: ConnectorWebhooks = {
  registration: 'manual',
  secretFrom: 'vendor',
  instructions: [
    'In Teamtailor, go to Settings → Integrations → Webhooks and add a webhook (the Webhooks feature must be enabled for your company; ask Teamtailor support if the page is missing):',
    'Webhook URL: the URL shown (it must be HTTPS); Events: those listed here; signature version v2.',
    'Teamtailor then shows the webhook’s signature key: enter it here as the signing key. Until then, and for everything else, the regular delta syncs keep the data current.',
  ].join(' '),
  events: TEAMTAILOR_EVENTS,
  showsSecret: false,
  verify: (delivery, secrets) => verify(delivery, secrets.issued),
  eventOf(delivery) {
    const parsed = deliverySchema.safeParse(jsonBody(delivery.body));
    if (!parsed.success) throw new Error('not a Teamtailor webhook body');
    const { event_name: event, data } = parsed.data.payload;
    const [resource = ''] = event.split('.');
    const model = Object.hasOwn(RESOURCES, resource) ? RESOURCES[resource as keyof typeof RESOURCES] : undefined;
    // An event about something else (or without an id) names nothing readable: a delta sync catches up.
    if (!model || !data) return { refresh: [], catchUp: true };
    return { refresh: [{ model, remote_id: data.id }] };
  },
  refresh,
};
