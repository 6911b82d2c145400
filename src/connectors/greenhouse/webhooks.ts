/**
 * Greenhouse's web hooks (developers.greenhouse.io/webhooks.html): created by the customer in
 * Configure → Dev Center → Web Hooks (name, endpoint URL, secret key; Greenhouse has no API for it),
 * pinged on save. Each delivery is JSON `{action, payload}` with `Signature: sha256 <hex>`, the
 * HMAC-SHA256 of the raw body under the secret key (the body escapes `<`, `>` and `&` as `\u003c`…:
 * verified on the bytes as received, never on re-serialised JSON), and a `Greenhouse-Event-ID`.
 * No timestamp is signed, so there is no replay window; a replay only makes us read again.
 *
 * Payloads name applications (`payload.application.id`, `.candidate.id`), candidates
 * (`payload.candidate.id`) or only ids on deletes (`application_id`, `deleted_application_ids`);
 * they are read again by id through Harvest v3. Job, offer and interview events queue a delta sync.
 */
import { z } from 'zod';
import type { ConnectorContext } from '../connector.js';
import type { ConnectorWebhooks, RecordRef, RefreshResult } from '../connector-webhooks.js';
import { anySecretMatches, hmac, jsonBody } from '../kit/signatures.js';
import { HarvestClient } from './client.js';
import { applicationRecords, candidateRecords } from './reads.js';

export const GREENHOUSE_EVENTS = [
  'new_candidate_application',
  'new_prospect_application',
  'application_updated',
  'candidate_stage_change',
  'reject_candidate',
  'unreject_candidate',
  'hire_candidate',
  'unhire_candidate',
  'update_candidate',
  'delete_application',
  'delete_candidate',
  'merge_candidate',
  'candidate_anonymized',
  'offer_created',
  'offer_updated',
  'offer_deleted',
  'job_created',
  'job_updated',
] as const;

const deliverySchema = z.object({ action: z.string(), payload: z.record(z.string(), z.unknown()).nullish() });
const ref = z.union([z.number(), z.string()]).transform(String);
const withId = z.object({ id: ref }).passthrough();
const applicationPart = z.object({ id: ref, candidate: withId.nullish(), candidate_id: ref.nullish() }).passthrough();

/** The records a payload names, wherever Greenhouse puts them. */
function refsOf(payload: Record<string, unknown>): RecordRef[] {
  const refs: RecordRef[] = [];
  const add = (model: 'applications' | 'candidates', id: string | null | undefined) => {
    if (id) refs.push({ model, remote_id: id });
  };
  const application = applicationPart.safeParse(payload['application']);
  if (application.success) {
    add('applications', application.data.id);
    add('candidates', application.data.candidate?.id ?? application.data.candidate_id);
  }
  const candidate = withId.safeParse(payload['candidate']);
  if (candidate.success) add('candidates', candidate.data.id);
  for (const key of ['application_id', 'candidate_id'] as const) {
    const id = ref.safeParse(payload[key]);
    if (id.success) add(key === 'application_id' ? 'applications' : 'candidates', id.data);
  }
  const deleted = z.array(ref).safeParse(payload['deleted_application_ids']);
  if (deleted.success) for (const id of deleted.data) add('applications', id);
  const offer = z.object({ application_id: ref }).passthrough().safeParse(payload['offer']);
  if (offer.success) add('applications', offer.data.application_id);
  return refs;
}

const numeric = (refs: readonly RecordRef[], model: 'applications' | 'candidates') =>
  refs.filter((r) => r.model === model && /^\d+$/.test(r.remote_id)).map((r) => Number(r.remote_id));

async function refresh(ctx: ConnectorContext, refs: readonly RecordRef[]): Promise<RefreshResult> {
  const gh = new HarvestClient(ctx);
  const appIds = numeric(refs, 'applications');
  const applications = appIds.length ? await applicationRecords(gh, appIds) : [];
  const candidateIds = new Set([...numeric(refs, 'candidates'), ...applications.map((a) => Number(a.candidate_remote_id)).filter((n) => Number.isInteger(n))]);
  const candidates = candidateIds.size ? await candidateRecords(gh, [...candidateIds]) : [];
  // Harvest's `ids` filter leaves out what no longer exists.
  const foundApps = new Set(applications.map((a) => a.remote_id));
  const foundCandidates = new Set(candidates.map((c) => c.remote_id));
  const gone: RecordRef[] = [
    ...appIds.map(String).filter((id) => !foundApps.has(id)).map((remote_id) => ({ model: 'applications' as const, remote_id })),
    ...[...candidateIds].map(String).filter((id) => !foundCandidates.has(id)).map((remote_id) => ({ model: 'candidates' as const, remote_id })),
  ];
  return { records: { applications, candidates }, gone };
}

export const greenhouseWebhooks: ConnectorWebhooks = {
  registration: 'manual',
  instructions: [
    'In Greenhouse, go to Configure → Dev Center → Web Hooks and create one web hook per event listed here (or the events you want fresh within seconds):',
    'Endpoint URL: the URL shown; Secret key: the secret shown. Greenhouse pings the URL when you save; a web hook whose ping fails is created disabled.',
    'Until then, and for everything else, the regular delta syncs keep the data current.',
  ].join(' '),
  events: GREENHOUSE_EVENTS,
  showsSecret: true,
  verify(delivery, secrets) {
    const given = (delivery.headers['signature'] ?? '').replace(/^sha256\s+/i, '');
    return anySecretMatches([secrets.own], (s) => hmac(s, delivery.body, 'hex'), given, { caseInsensitive: true }) ? { ok: true } : { ok: false, reason: 'Signature mismatch' };
  },
  eventOf(delivery) {
    const parsed = deliverySchema.safeParse(jsonBody(delivery.body));
    if (!parsed.success) throw new Error('not a Greenhouse web hook body');
    if (parsed.data.action === 'ping') return { refresh: [] };
    const refs = refsOf(parsed.data.payload ?? {});
    const catchUp = refs.length === 0 || /^(job|offer|interview|scorecard)_/.test(parsed.data.action);
    return { refresh: refs, catchUp };
  },
  refresh,
};
