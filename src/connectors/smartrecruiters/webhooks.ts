/**
 * SmartRecruiters' Webhooks Subscription API (developers.smartrecruiters.com: webhooks, subscription
 * create / activate / secret key). On connect one subscription carries every event we use
 * (`POST /webhooks-api/v201907/subscriptions {callbackUrl, events: [{name, version}]}` answers it
 * `inactive`); a secret key is generated for it (`POST …/{id}/secret-key` → `{secretKey}`) before it
 * is activated (`PUT …/{id}/activation`), so every delivery is signed. Activation is the handshake:
 * SmartRecruiters POSTs `X-Hook-Secret: <value>` to the callback URL and expects a 200 within 20 s
 * echoing the same header (`handshake`). Removed with `DELETE …/{id}` (already gone is fine).
 *
 * A delivery names its event in the `event-name` and `event-version` headers, links the changed
 * resource in `Link: <url>; rel=self` and carries a small body of ids (`{"job_id", "candidate_id"}`).
 * `smartrecruiters-signature: v1=<hex>[;v1=<hex>…]` (one per active key) is the hex HMAC-SHA256,
 * keyed with the secret key, of `<smartrecruiters-timestamp>.<body>.<event-id>.<event-name>.<event-version>.<link>`
 * (an absent header is an empty string); the timestamp is in seconds. No replay window is
 * documented, so none is enforced: a replay only makes us read the records again.
 *
 * Application events name the pair candidate × job (our application `<candidateId>:<jobId>`) and
 * its candidate, candidate events the candidate, job events the job; each is read again as a sync
 * reads it. See README.md for what the docs confirm and what is assumed.
 */
import pLimit from 'p-limit';
import { z } from 'zod';
import type { ConnectorContext } from '../connector.js';
import type { ConnectorWebhooks, InboundDelivery, RecordRef, RefreshResult, WebhookRegistration } from '../connector-webhooks.js';
import { anySecretMatches, hmac, jsonBody } from '../kit/signatures.js';
import type { SourceRecordMap } from '../source-records.js';
import { SmartRecruitersClient } from './client.js';
import { applicationRemoteId, assignmentsOf, mapCandidate, splitApplicationId } from './mapping.js';
import { applicationRecord, detailOf, jobsOf, stagesOf } from './reads.js';

export const SUBSCRIPTIONS_PATH = '/webhooks-api/v201907/subscriptions';
/** The version we subscribe each event in (the docs' examples show `v1` in the subscription). */
export const EVENT_VERSION = 'v1';
export const SMARTRECRUITERS_EVENTS = [
  'application.created',
  'application.status.updated',
  'candidate.created',
  'candidate.updated',
  'candidate.deleted',
  'job.created',
  'job.updated',
  'job.status.updated',
] as const;

const subscriptionSchema = z.object({ id: z.string() }).passthrough();
const secretKeySchema = z.object({ secretKey: z.string().min(1) }).passthrough();
/** The ids a delivery's body names (snake_case in the docs' example; camelCase accepted too). */
const idsSchema = z
  .object({ candidate_id: z.string(), candidateId: z.string(), job_id: z.string(), jobId: z.string() })
  .partial()
  .passthrough();

const enc = encodeURIComponent;
const header = (d: InboundDelivery, name: string) => d.headers[name] ?? '';

/** The `v1` signatures of the header (`v1=<hex>;v1=<hex>`, one per active key; other schemes are skipped). */
function v1Signatures(value: string): string[] {
  return value
    .split(';')
    .map((part) => /^\s*v1=([0-9a-f]+)\s*$/i.exec(part)?.[1] ?? '')
    .filter((sig) => sig !== '');
}

/** The signed text: timestamp, body, event id, name, version and link, joined by dots. */
export function signedText(d: InboundDelivery): string {
  return [header(d, 'smartrecruiters-timestamp'), d.body, header(d, 'event-id'), header(d, 'event-name'), header(d, 'event-version'), header(d, 'link')].join('.');
}

/** The path of the `Link` header's first URL (`<https://api…/candidates/1/jobs/2>; rel=self`). */
function linkPath(value: string): string | null {
  const url = /<([^>]+)>/.exec(value)?.[1];
  if (!url) return null;
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}

/** Candidate and job ids from the body, else from the linked resource's path. */
function idsOf(d: InboundDelivery): { candidate: string | null; job: string | null } {
  const parsed = idsSchema.safeParse(jsonBody(d.body));
  const body = parsed.success ? parsed.data : {};
  const path = linkPath(header(d, 'link')) ?? '';
  const linked = /\/candidates\/([^/]+)(?:\/jobs\/([^/]+))?/.exec(path);
  const linkedJob = /^\/jobs\/([^/]+)/.exec(path)?.[1];
  const decoded = (s: string | undefined) => (s ? decodeURIComponent(s) : null);
  return {
    candidate: body.candidate_id ?? body.candidateId ?? decoded(linked?.[1]),
    job: body.job_id ?? body.jobId ?? decoded(linked?.[2] ?? linkedJob),
  };
}

async function register(ctx: ConnectorContext, endpoint: { url: string }): Promise<WebhookRegistration> {
  const client = new SmartRecruitersClient(ctx);
  client.checkCredentials();
  const events = SMARTRECRUITERS_EVENTS.map((name) => ({ name, version: EVENT_VERSION }));
  const created = await client.json('POST', SUBSCRIPTIONS_PATH, subscriptionSchema, { json: { callbackUrl: endpoint.url, events } });
  if (!created) throw new Error('SmartRecruiters answered the subscription without an id.');
  const registration: WebhookRegistration = { remoteIds: [created.id], issuedSecrets: [] };
  try {
    const key = await client.json('POST', `${SUBSCRIPTIONS_PATH}/${enc(created.id)}/secret-key`, secretKeySchema);
    if (key) registration.issuedSecrets.push(key.secretKey);
    // Answered once our endpoint has echoed the handshake (see `handshake`).
    await client.call('PUT', `${SUBSCRIPTIONS_PATH}/${enc(created.id)}/activation`);
  } catch (err) {
    // An inactive subscription would count against the account's 20 and never send.
    await unregister(ctx, registration).catch(() => undefined);
    throw err;
  }
  return registration;
}

async function unregister(ctx: ConnectorContext, registration: WebhookRegistration): Promise<void> {
  const client = new SmartRecruitersClient(ctx);
  for (const id of registration.remoteIds) {
    const res = await client.send({ method: 'DELETE', path: `${SUBSCRIPTIONS_PATH}/${enc(id)}`, allowNotFound: true });
    await res?.body?.cancel().catch(() => undefined);
  }
}

async function refresh(ctx: ConnectorContext, refs: readonly RecordRef[]): Promise<RefreshResult> {
  const client = new SmartRecruitersClient(ctx);
  const gone: RecordRef[] = [];
  const ids = (model: RecordRef['model']) => [...new Set(refs.filter((r) => r.model === model).map((r) => r.remote_id))];
  const pairs = ids('applications').flatMap((id) => {
    const pair = splitApplicationId(id);
    return pair ? [{ id, ...pair }] : [];
  });
  const candidateIds = [...new Set([...ids('candidates'), ...pairs.map((p) => p.candidateId)])];
  const details = new Map(await pLimit(4).map(candidateIds, async (id) => [id, await detailOf(ctx, client, id)] as const));

  const candidates: SourceRecordMap['candidates'][] = [];
  for (const id of ids('candidates')) {
    const detail = details.get(id);
    // GET /candidates lists only candidates with an application; a sync would not hold one without.
    if (detail && assignmentsOf(detail.candidate).length > 0) candidates.push(mapCandidate(detail.candidate, detail.tags, detail.properties));
    else gone.push({ model: 'candidates', remote_id: id });
  }

  const applications: SourceRecordMap['applications'][] = [];
  const stages = pairs.length > 0 ? await stagesOf(ctx, client) : [];
  for (const pair of pairs) {
    const candidate = details.get(pair.candidateId)?.candidate;
    const assignment = candidate ? assignmentsOf(candidate).find((a) => a.job.id === pair.jobId) : undefined;
    if (!candidate || !assignment) gone.push({ model: 'applications', remote_id: applicationRemoteId(pair.candidateId, pair.jobId) });
    else applications.push(await applicationRecord(ctx, client, candidate, assignment, stages));
  }

  const jobIds = ids('jobs');
  const jobs = jobIds.length > 0 ? await jobsOf(ctx, client, jobIds.map((id) => ({ id }))) : [];
  const found = new Set(jobs.map((j) => j.remote_id));
  for (const id of jobIds) if (!found.has(id)) gone.push({ model: 'jobs', remote_id: id });
  return { records: { candidates, applications, jobs }, gone };
}

export const smartRecruitersWebhooks: ConnectorWebhooks = {
  registration: 'api',
  instructions:
    'Registered through the SmartRecruiters Webhooks Subscription API on connect (one subscription for the events listed, signed with a secret key SmartRecruiters issues); an OAuth client needs the webhooks_manage scope.',
  events: SMARTRECRUITERS_EVENTS,
  showsSecret: false,
  register,
  unregister,
  handshake(delivery) {
    const secret = delivery.headers['x-hook-secret'];
    return secret ? { headers: { 'X-Hook-Secret': secret } } : undefined;
  },
  verify(delivery, secrets) {
    const given = v1Signatures(header(delivery, 'smartrecruiters-signature'));
    if (given.length === 0) return { ok: false, reason: 'no v1 smartrecruiters-signature' };
    const text = signedText(delivery);
    if (!given.some((sig) => anySecretMatches(secrets.issued, (s) => hmac(s, text, 'hex'), sig, { caseInsensitive: true }))) return { ok: false, reason: 'smartrecruiters-signature mismatch' };
    const seconds = Number(header(delivery, 'smartrecruiters-timestamp'));
    return Number.isFinite(seconds) && seconds > 0 ? { ok: true, signedAt: seconds * 1000 } : { ok: true };
  },
  eventOf(delivery) {
    const name = header(delivery, 'event-name');
    const { candidate, job } = idsOf(delivery);
    const refs: RecordRef[] = [];
    if (name.startsWith('application.') && candidate && job) refs.push({ model: 'applications', remote_id: applicationRemoteId(candidate, job) });
    if ((name.startsWith('application.') || name.startsWith('candidate.')) && candidate) refs.push({ model: 'candidates', remote_id: candidate });
    if ((name.startsWith('job.') || name.startsWith('position.')) && job) refs.push({ model: 'jobs', remote_id: job });
    // An event we did not subscribe to, or one naming nothing we can read by id: a delta sync looks.
    return { refresh: refs, catchUp: refs.length === 0 };
  },
  refresh,
};
