/**
 * The Greenhouse connector (Harvest API v3): verify, list every model page by page, download
 * attachments; writes live in `writes.ts`.
 *
 * Harvest v3 no longer nests child resources, so each page of a model is completed with the
 * resources it needs, fetched by id in batches of 50 (stages, hiring team, rejection details,
 * interviewers…). Delta listings send `updated_at=gte|<since>` on the first page; the cursor
 * Greenhouse returns carries that filter on. Harvest lists no deletions: records that disappear
 * are found by the engine's full listings.
 */
import { VendorError } from '../../lib/errors.js';
import type { Connector, ConnectorContext, ListOptions, Page } from '../connector.js';
import type { SourceModel, SourceRecordMap } from '../source-records.js';
import { GREENHOUSE, HarvestClient, type Query } from './client.js';
import { greenhouseManifest } from './manifest.js';
import { completeApplications, completeCandidates } from './complete.js';
import { withHarvestExtras } from './extras.js';
import { contentTypeFor, mapAttachment, mapInterview, mapJob, mapOffer, mapRejectionReason, mapTag, mapUser } from './mapping.js';
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
  rejectionReasonSchema,
  userSchema,
} from './vendor-schemas.js';
import { createGreenhouseWrites } from './writes.js';

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

export const greenhouseConnector: Connector = {
  manifest: greenhouseManifest,

  passthrough: {
    apis: [{ id: 'harvest/v3', label: 'Harvest API v3' }],
    async prepare(ctx) {
      const gh = new HarvestClient(ctx);
      return { baseUrl: `${gh.base}/v3`, headers: { Authorization: `Bearer ${await gh.token()}` } };
    },
  },

  async verify(ctx: ConnectorContext): Promise<void> {
    const gh = new HarvestClient(ctx);
    await gh.token(true);
    await gh.page('users', userSchema, { query: { per_page: 1 } });
  },

  async list<M extends SourceModel>(ctx: ConnectorContext, model: M, options: ListOptions): Promise<Page<M>> {
    ctx.signal?.throwIfAborted();
    const lister = LISTERS[model] as Lister<M> | undefined;
    if (!lister) throw new VendorError('REMOTE.INPUT_INVALID', `${GREENHOUSE} does not provide ${model}.`);
    const cursor = decodeCursor(options.cursor, model);
    const filter: Query = options.since ? { updated_at: `gte|${new Date(options.since).toISOString()}` } : {};
    const page = await lister(new HarvestClient(ctx), cursor, filter);
    return { records: page.records, next: encodeCursor(model, page.next) };
  },

  async downloadAttachment(ctx, attachment) {
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
  },

  writes: createGreenhouseWrites(),
};
