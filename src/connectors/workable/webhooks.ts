/**
 * Workable's webhooks (workable.readme.io: webhook-subscriptions-candidates-employees): subscribed
 * through the API, `POST /subscriptions {target, event, args: {account_id}}` (removed with
 * `DELETE /subscriptions/:id`), for `candidate_created`, `candidate_moved` and `candidate_deleted`.
 * Workable POSTs the candidate object (as the candidate detail, in its state at send time) and
 * signs it: `X-Workable-Signature`, the HMAC-SHA256 of the payload keyed with the account token
 * (the integration's `api_key`); anything but 200 is replayed. No timestamp: no replay window.
 *
 * The named candidate record (our application) is read again with its person (our candidate).
 */
import { z } from 'zod';
import type { ConnectorContext } from '../connector.js';
import type { ConnectorWebhooks, RecordRef, RefreshResult, WebhookRegistration } from '../connector-webhooks.js';
import { registerPerEvent } from '../kit/webhook-registration.js';
import { anySecretMatches, hmac, jsonBody } from '../kit/signatures.js';
import type { SourceRecordMap } from '../source-records.js';
import { WorkableClient } from './client.js';
import { mapApplication, mapCandidate } from './mapping.js';
import { detailOf } from './reads.js';
import { personOf, stagesOf } from './writes.js';

export const WORKABLE_EVENTS = ['candidate_created', 'candidate_moved', 'candidate_deleted'] as const;

const subscriptionSchema = z.object({ id: z.union([z.string(), z.number()]).transform(String) }).passthrough();
/** The candidate object, bare (as documented) or wrapped in `candidate`. */
const payloadSchema = z.union([z.object({ candidate: z.object({ id: z.string() }).passthrough() }).transform((p) => p.candidate), z.object({ id: z.string() }).passthrough()]);

async function register(ctx: ConnectorContext, endpoint: { url: string }): Promise<WebhookRegistration> {
  const client = new WorkableClient(ctx);
  return registerPerEvent(
    WORKABLE_EVENTS,
    async (event) => {
      const created = await client.json('POST', '/subscriptions', subscriptionSchema, { json: { target: endpoint.url, event, args: { account_id: ctx.credentials['subdomain']?.trim().toLowerCase() } } });
      return created ? { id: created.id } : null;
    },
    (registration) => unregister(ctx, registration),
    [ctx.credentials['api_key']?.trim() ?? ''],
  );
}

async function unregister(ctx: ConnectorContext, registration: WebhookRegistration): Promise<void> {
  const client = new WorkableClient(ctx);
  for (const id of registration.remoteIds) await client.call('DELETE', `/subscriptions/${encodeURIComponent(id)}`, { allowNotFound: true });
}

async function refresh(ctx: ConnectorContext, refs: readonly RecordRef[]): Promise<RefreshResult> {
  const client = new WorkableClient(ctx);
  const gone: RecordRef[] = [];
  const applications: SourceRecordMap['applications'][] = [];
  const candidates = new Map<string, SourceRecordMap['candidates']>();
  for (const ref of refs) {
    if (ref.model !== 'applications') continue;
    const record = await detailOf(ctx, client, ref.remote_id);
    if (!record) {
      // The person may have other records: they stay until the next full sync looks.
      gone.push(ref);
      continue;
    }
    const person = await personOf(client, record);
    applications.push(mapApplication(record, person.personId, await stagesOf(client, record.job?.shortcode)));
    candidates.set(person.personId, mapCandidate(person.personId, person.records));
  }
  return { records: { candidates: [...candidates.values()], applications }, gone };
}

export const workableWebhooks: ConnectorWebhooks = {
  registration: 'api',
  instructions: 'Subscribed through the Workable API on connect (POST /subscriptions for candidate_created, candidate_moved and candidate_deleted); the token needs the r_candidates scope.',
  events: WORKABLE_EVENTS,
  showsSecret: false,
  register,
  unregister,
  verify(delivery, secrets) {
    const given = delivery.headers['x-workable-signature'] ?? '';
    // Workable documents the algorithm, not the encoding: hex and base64 are both accepted.
    const keys = secrets.issued;
    const ok = anySecretMatches(keys, (s) => hmac(s, delivery.body, 'hex'), given, { caseInsensitive: true }) || anySecretMatches(keys, (s) => hmac(s, delivery.body, 'base64'), given);
    return ok ? { ok: true } : { ok: false, reason: 'X-Workable-Signature mismatch' };
  },
  eventOf(delivery) {
    const parsed = payloadSchema.safeParse(jsonBody(delivery.body));
    if (!parsed.success) throw new Error('not a Workable candidate payload');
    return { refresh: [{ model: 'applications', remote_id: parsed.data.id }] };
  },
  refresh,
};
