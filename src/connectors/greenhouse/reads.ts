/**
 * Reading Greenhouse (Harvest API v3) for the sync engine and the writes: verify, list every model
 * page by page, download attachments.
 *
 * Harvest v3 no longer nests child resources, so each page of a model is completed with the
 * resources it needs, fetched by id in batches of 50 (stages, hiring team, rejection details,
 * interviewers…). Delta listings send `updated_at=gte|<since>` on the first page; the cursor
 * Greenhouse returns carries that filter on. Harvest lists no deletions: records that disappear
 * are found by the engine's full listings.
 */
import { VendorError } from '../../lib/errors.js';
import type { ConnectorContext, ListOptions, Page } from '../connector.js';
import type { SourceApplication, SourceCandidate, SourceCustomField, SourceExtras } from '../source-records.js';
import type { SourceModel, SourceRecordMap } from '../source-records.js';
import { GREENHOUSE, HarvestClient, type Query } from './client.js';
import { contentTypeFor, mapApplication, mapAttachment, mapCandidate, mapInterview, mapJob, mapOffer, mapRejectionReason, mapTag, mapUser } from './mapping.js';
import {
  applicationSchema,
  attachmentSchema,
  candidateSchema,
  candidateTagSchema,
  departmentSchema,
  interviewerSchema,
  interviewSchema,
  jobHiringManagerSchema,
  jobInterviewSchema,
  jobInterviewStageSchema,
  jobOwnerSchema,
  jobSchema,
  offerSchema,
  officeSchema,
  rejectionDetailSchema,
  rejectionReasonSchema,
  userSchema,
  type GhApplication,
  type GhCandidate,
} from './vendor-schemas.js';

// Raw Harvest data on source records: the vendor object as `remote_data` and its `custom_fields`
// (`{key: {name, type, value}}`) as the record's vendor custom fields.

export function harvestCustomFields(raw: Readonly<Record<string, unknown>>): Record<string, SourceCustomField> {
  const out: Record<string, SourceCustomField> = {};
  const fields = raw['custom_fields'];
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return out;
  for (const [key, entry] of Object.entries(fields as Record<string, unknown>)) {
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
      const field = entry as Record<string, unknown>;
      out[key] = { label: typeof field['name'] === 'string' ? field['name'] : null, value: field['value'] ?? null };
    } else out[key] = { label: null, value: entry ?? null };
  }
  return out;
}

/** A mapped record with its raw Harvest object and custom fields attached. */
export function withHarvestExtras<T extends SourceExtras>(record: T, raw: Readonly<Record<string, unknown>>): T {
  return { ...record, remote_data: { ...raw }, remote_custom_fields: harvestCustomFields(raw) };
}

/** Jobs are listed 50 at a time: each page's children are then fetched with one `job_ids` batch. */
const JOB_PAGE = 50;

interface CursorState {
  v: 1;
  m: SourceModel;
  c: string;
}

function encodeCursor(model: SourceModel, cursor: string | null): string | null {
  return cursor === null ? null : Buffer.from(JSON.stringify({ v: 1, m: model, c: cursor } satisfies CursorState)).toString('base64url');
}

function decodeCursor(cursor: string | null, model: SourceModel): string | null {
  if (cursor === null) return null;
  const invalid = new VendorError('REMOTE.INPUT_INVALID', `Invalid ${GREENHOUSE} cursor for ${model}: not one this connector issued for this listing.`);
  let parsed: Partial<CursorState>;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorState>;
  } catch {
    throw invalid;
  }
  if (parsed.v !== 1 || parsed.m !== model || typeof parsed.c !== 'string' || parsed.c === '') throw invalid;
  return parsed.c;
}

type Lister<M extends SourceModel> = (gh: HarvestClient, cursor: string | null, filter: Query) => Promise<{ records: SourceRecordMap[M][]; next: string | null }>;

const LISTERS: { [M in SourceModel]?: Lister<M> } = {
  async users(gh, cursor, filter) {
    const page = await gh.page('users', userSchema, { cursor, query: filter });
    return { records: page.items.map(mapUser), next: page.next };
  },
  async tags(gh, cursor, filter) {
    const page = await gh.page('candidate_tags', candidateTagSchema, { cursor, query: filter });
    return { records: page.items.map(mapTag), next: page.next };
  },
  async rejection_reasons(gh, cursor, filter) {
    const page = await gh.page('rejection_reasons', rejectionReasonSchema, { cursor, query: { include_defaults: 'true', ...filter } });
    return { records: page.items.map(mapRejectionReason), next: page.next };
  },
  async jobs(gh, cursor, filter) {
    const page = await gh.page('jobs', jobSchema, { cursor, query: { ...filter, per_page: JOB_PAGE } });
    const ids = page.items.map((j) => j.id);
    if (ids.length === 0) return { records: [], next: page.next };
    const [stages, owners, hiringManagers] = [
      await gh.byIds('job_interview_stages', jobInterviewStageSchema, 'job_ids', ids),
      await gh.byIds('job_owners', jobOwnerSchema, 'job_ids', ids),
      await gh.byIds('job_hiring_managers', jobHiringManagerSchema, 'job_ids', ids),
    ];
    const departmentIds = page.items.map((j) => j.department_id).filter((id): id is number => id !== null);
    const officeIds = page.items.flatMap((j) => j.office_ids ?? []);
    const departments = departmentIds.length ? await gh.byIds('departments', departmentSchema, 'ids', departmentIds) : [];
    const offices = officeIds.length ? await gh.byIds('offices', officeSchema, 'ids', officeIds) : [];
    const parts = { stages, owners, hiringManagers, departments: new Map(departments.map((d) => [d.id, d])), offices: new Map(offices.map((o) => [o.id, o])) };
    return { records: page.items.map((j) => withHarvestExtras(mapJob(j, parts), j)), next: page.next };
  },
  async candidates(gh, cursor, filter) {
    const page = await gh.page('candidates', candidateSchema, { cursor, query: filter });
    return { records: await completeCandidates(gh, page.items), next: page.next };
  },
  async applications(gh, cursor, filter) {
    const page = await gh.page('applications', applicationSchema, { cursor, query: filter });
    return { records: await completeApplications(gh, page.items), next: page.next };
  },
  async interviews(gh, cursor, filter) {
    const page = await gh.page('interviews', interviewSchema, { cursor, query: filter });
    const ids = page.items.map((i) => i.id);
    const interviewers = ids.length ? await gh.byIds('interviewers', interviewerSchema, 'interview_ids', ids) : [];
    const kinds = page.items.map((i) => i.job_interview_id).filter((id): id is number => id !== null);
    const jobInterviews = kinds.length ? await gh.byIds('job_interviews', jobInterviewSchema, 'ids', kinds) : [];
    const byId = new Map(jobInterviews.map((j) => [j.id, j]));
    const records = page.items.map((i) => mapInterview(i, interviewers, i.job_interview_id === null ? undefined : byId.get(i.job_interview_id)));
    return { records, next: page.next };
  },
  async offers(gh, cursor, filter) {
    const page = await gh.page('offers', offerSchema, { cursor, query: filter });
    return { records: page.items.map(mapOffer), next: page.next };
  },
  async attachments(gh, cursor, filter) {
    const page = await gh.page('attachments', attachmentSchema, { cursor, query: filter });
    const orphans = page.items.flatMap((a) => (a.candidate_id === null && a.application_id !== null ? [a.application_id] : []));
    const apps = orphans.length ? await gh.byIds('applications', applicationSchema, 'ids', orphans) : [];
    const candidateOf = new Map(apps.map((a) => [a.id, a.candidate_id]));
    const records = page.items.flatMap((a) => {
      const candidateId = a.candidate_id ?? (a.application_id === null ? undefined : candidateOf.get(a.application_id));
      return candidateId === undefined ? [] : [mapAttachment(a, candidateId)];
    });
    return { records, next: page.next };
  },
};

export async function verifyGreenhouse(ctx: ConnectorContext): Promise<void> {
  const gh = new HarvestClient(ctx);
  await gh.token(true);
  await gh.page('users', userSchema, { query: { per_page: 1 } });
}

export async function listGreenhouse<M extends SourceModel>(ctx: ConnectorContext, model: M, options: ListOptions): Promise<Page<M>> {
  ctx.signal?.throwIfAborted();
  const lister = LISTERS[model] as Lister<M> | undefined;
  if (!lister) throw new VendorError('REMOTE.INPUT_INVALID', `${GREENHOUSE} does not provide ${model}.`);
  const cursor = decodeCursor(options.cursor, model);
  const filter: Query = options.since ? { updated_at: `gte|${new Date(options.since).toISOString()}` } : {};
  const page = await lister(new HarvestClient(ctx), cursor, filter);
  return { records: page.records, next: encodeCursor(model, page.next) };
}

export async function downloadGreenhouse(ctx: ConnectorContext, attachment: { remote_id: string; candidate_remote_id: string }) {
  const gh = new HarvestClient(ctx);
  const id = Number(attachment.remote_id);
  // Attachment URLs are signed and expire (7 days): always ask for a fresh one.
  const [found] = Number.isSafeInteger(id) ? await gh.byIds('attachments', attachmentSchema, 'ids', [id]) : [];
  if (!found) throw new VendorError('REMOTE.INPUT_INVALID', `${GREENHOUSE} has no attachment ${attachment.remote_id} (deleted since the last sync?).`);
  let res: Response;
  try {
    res = await ctx.fetch(found.url, { method: 'GET', ...(ctx.signal ? { signal: ctx.signal } : {}) });
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    throw new VendorError('REMOTE.SERVICE_UNAVAILABLE', `${GREENHOUSE}'s file storage could not be reached for attachment ${found.id}.`);
  }
  if (!res.ok) throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${GREENHOUSE}'s file storage answered HTTP ${res.status} for attachment ${found.id}.`, { vendorStatus: res.status });
  const type = res.headers.get('content-type');
  const body = new Uint8Array(await res.arrayBuffer());
  return { contentType: type && !type.startsWith('binary/') && type !== 'application/octet-stream' ? type : contentTypeFor(found.filename), body };
}

// --- completing records with what v3 no longer nests (shared by listings and writes) ---------
// Candidates' tag ids (candidates carry tag names) and applications' rejection reasons (from
// `/v3/rejection_details`, named through `/v3/rejection_reasons`).

/** Tag ids by lower-cased name (candidates carry tag names only). */
export async function tagIdsByName(gh: HarvestClient): Promise<Map<string, number>> {
  const tags = await gh.all('candidate_tags', candidateTagSchema);
  return new Map(tags.map((t) => [t.name.toLowerCase(), t.id]));
}

/**
 * The tag list per connector context (one sync run, one write action): a large account's
 * candidates come in hundreds of pages, and Greenhouse allows a request or two per second.
 * A name the kept list lacks (a tag created meanwhile) reads the list again.
 */
const tagLists = new WeakMap<object, Promise<Map<string, number>>>();

async function tagsFor(gh: HarvestClient, names: readonly string[]): Promise<Map<string, number>> {
  let tags = tagLists.get(gh.ctx);
  if (tags) {
    const known = await tags.catch(() => null);
    if (known && names.every((n) => known.has(n.toLowerCase()))) return known;
  }
  tags = tagIdsByName(gh);
  tagLists.set(gh.ctx, tags);
  return tags;
}

export async function completeCandidates(gh: HarvestClient, candidates: readonly GhCandidate[]): Promise<SourceCandidate[]> {
  const names = candidates.flatMap((c) => c.tags);
  const tags = names.length > 0 ? await tagsFor(gh, names) : new Map<string, number>();
  return candidates.map((c) => withHarvestExtras(mapCandidate(c, tags), c));
}

/** Adds what `/v3/applications` leaves out: rejection reason (from `/v3/rejection_details`) and its name. */
export async function completeApplications(gh: HarvestClient, apps: readonly GhApplication[]): Promise<SourceApplication[]> {
  const rejected = apps.filter((a) => a.status === 'rejected').map((a) => a.id);
  const details = rejected.length ? await gh.byIds('rejection_details', rejectionDetailSchema, 'application_ids', rejected) : [];
  const byApp = new Map(details.map((d) => [d.application_id, d]));
  const reasonIds = details.map((d) => d.rejection_reason_id).filter((id): id is number => id !== null);
  const reasons = reasonIds.length ? await gh.byIds('rejection_reasons', rejectionReasonSchema, 'ids', reasonIds, { include_defaults: 'true' }) : [];
  const names = new Map(reasons.map((r) => [r.id, r.name]));
  return apps.map((a) => withHarvestExtras(mapApplication(a, { detail: byApp.get(a.id), reasonNames: names }), a));
}

/** The applications with these ids as source records (missing ones are left out). */
export async function applicationRecords(gh: HarvestClient, ids: readonly number[]): Promise<SourceApplication[]> {
  return completeApplications(gh, await gh.byIds('applications', applicationSchema, 'ids', ids));
}

/** The candidates with these ids as source records (missing ones are left out). */
export async function candidateRecords(gh: HarvestClient, ids: readonly number[]): Promise<SourceCandidate[]> {
  return completeCandidates(gh, await gh.byIds('candidates', candidateSchema, 'ids', ids));
}
