/**
 * Listing SmartRecruiters for the sync engine.
 *
 * Candidates, applications and attachments walk `GET /candidates` (only candidates with an
 * application are listed there; `updatedAfter` for deltas), one vendor page (100) per connector
 * page. A candidate's detail (phone, links, tags) is read once per run and shared between models;
 * tags come from `GET /candidates/{id}/tags` when the detail carries none. An application's status
 * is taken from the assignment on the list row; closed ones (rejected, withdrawn, transferred) are
 * read in detail for the reason and their status history for the stage they closed in.
 * Jobs page `GET /jobs` with each job's detail and hiring team; stages come from the hiring
 * processes (see `mapping.ts`), read once per run.
 */
import pLimit from 'p-limit';
import { z } from 'zod';
import { VendorError } from '../../lib/errors.js';
import type { ConnectorContext, ListOptions, Page } from '../connector.js';
import { listingCursor } from '../kit/cursor.js';
import { optionalRead } from '../kit/optional-read.js';

import { runMemo } from '../kit/run-memo.js';
import type { SourceModel, SourceRecordMap, SourceStage } from '../source-records.js';
import { SmartRecruitersClient, SMARTRECRUITERS } from './client.js';
import { applicationRemoteId, assignmentsOf, CLOSING, mapApplication, mapAttachment, mapCandidate, mapJob, mapOffer, mapStages, mapSystemRole, mapUser } from './mapping.js';
import {
  applicationSchema,
  attachmentSchema,
  candidateSchema,
  historySchema,
  jobSchema,
  offersAnswer,
  propertySchema,
  processSchema,
  processSummarySchema,
  reasonSchema,
  screeningAnswerSchema,
  systemRoleSchema,
  tagsSchema,
  teamMemberSchema,
  userSchema,
  type SrAssignment,
  type SrCandidate,
  type SrProperty,
  type SrTeamMember,
} from './vendor-schemas.js';

/** Parallel per-record requests inside a page (the polite fetch holds the documented rate). */
const PARALLEL = 4;
export const USERS_PATH = '/user-api/v201804/users';
export const SYSTEM_ROLES_PATH = '/user-api/v201804/system-roles';

const stagesMemo = runMemo<SourceStage[]>();
const detailMemo = runMemo<{ candidate: SrCandidate; tags: string[]; properties: SrProperty[] } | null>();
const candidatesMemo = runMemo<SrCandidate[]>();

const enc = encodeURIComponent;

/** Parts an OAuth client's System Role may hide (configuration, hiring teams, properties, offers): see `optionalRead`. */
const tolerant = <T>(ctx: ConnectorContext, what: string, read: () => Promise<T>, fallback: T): Promise<T> => optionalRead(ctx, SMARTRECRUITERS, what, read, fallback);

export function stagesOf(ctx: ConnectorContext, client: SmartRecruitersClient): Promise<SourceStage[]> {
  return stagesMemo(ctx, '', async () => {
    const summaries = await tolerant(ctx, 'hiring processes', () => client.content('/configuration/hiring-processes', processSummarySchema), []);
    const processes = await pLimit(PARALLEL).map(summaries, async (p) => (await client.json('GET', `/configuration/hiring-processes/${enc(p.id)}`, processSchema, { allowNotFound: true })) ?? { ...p, subStatuses: {} });
    return mapStages(processes);
  });
}

/** A candidate's detail and tags (null when the candidate is gone), once per run. */
export function detailOf(ctx: ConnectorContext, client: SmartRecruitersClient, id: string) {
  return detailMemo(ctx, id, async () => {
    const candidate = await client.json('GET', `/candidates/${enc(id)}`, candidateSchema, { allowNotFound: true });
    if (!candidate) return null;
    const tags = candidate.tags ?? (await client.json('GET', `/candidates/${enc(id)}/tags`, tagsSchema, { allowNotFound: true }))?.tags ?? [];
    const properties = await tolerant(ctx, 'candidate properties', () => client.content(`/candidates/${enc(id)}/properties`, propertySchema), []);
    return { candidate, tags, properties };
  });
}

/** A list row with its assignments; rows that carry none are read in detail (shared with the candidates model). */
async function withAssignments(ctx: ConnectorContext, client: SmartRecruitersClient, rows: readonly SrCandidate[]): Promise<SrCandidate[]> {
  const full = await pLimit(PARALLEL).map(rows, async (row) => (assignmentsOf(row).length > 0 ? row : ((await detailOf(ctx, client, row.id))?.candidate ?? row)));
  return full;
}

const sinceQuery = (since: string | undefined) => (since === undefined ? {} : { updatedAfter: since });

type Records<M extends SourceModel> = SourceRecordMap[M][];
interface Slice<M extends SourceModel> {
  records: Records<M>;
  next: string | null;
}

const cursors = listingCursor(SMARTRECRUITERS, z.object({ v: z.literal(1), model: z.string(), p: z.string() }), (c) => c.model);

/** Answers of the job's application form (`…/jobs/{jobId}/screening-answers`); null when the credential may not read them. */
export function screeningAnswersOf(ctx: ConnectorContext, client: SmartRecruitersClient, applicationPath: string) {
  return tolerant(ctx, 'screening answers', () => client.content(`${applicationPath}/screening-answers`, screeningAnswerSchema), null);
}

/** One application from its candidate's assignment, read further as a sync reads it (webhook refreshes share it). */
export async function applicationRecord(ctx: ConnectorContext, client: SmartRecruitersClient, candidate: SrCandidate, assignment: SrAssignment, stages: readonly SourceStage[]) {
  const jobId = assignment.job.id;
  const path = `/candidates/${enc(candidate.id)}/jobs/${enc(jobId)}`;
  const closed = !assignment.status || CLOSING.has(assignment.status);
  const application = closed ? ((await client.json('GET', path, applicationSchema, { allowNotFound: true })) ?? assignment) : assignment;
  const history = application.status && CLOSING.has(application.status) ? await client.content(`${path}/status/history`, historySchema) : null;
  const answers = await screeningAnswersOf(ctx, client, path);
  return mapApplication({ candidate, jobId, application, history, stages, answers });
}

function applicationsOf(ctx: ConnectorContext, client: SmartRecruitersClient, candidate: SrCandidate, stages: readonly SourceStage[]) {
  return pLimit(PARALLEL).map(assignmentsOf(candidate), (assignment) => applicationRecord(ctx, client, candidate, assignment, stages));
}

/** Jobs by id, each with its detail and hiring team (gone ones left out). */
export async function jobsOf(ctx: ConnectorContext, client: SmartRecruitersClient, rows: readonly { id: string }[]) {
  const stages = await stagesOf(ctx, client);
  const jobs = await pLimit(PARALLEL).map(rows, async (row) => {
    const job = await client.json('GET', `/jobs/${enc(row.id)}`, jobSchema, { allowNotFound: true });
    if (!job) return null;
    const team = await tolerant<SrTeamMember[]>(ctx, 'hiring teams', () => client.content(`/jobs/${enc(row.id)}/hiring-team`, teamMemberSchema), []);
    return mapJob(job, stages, team);
  });
  return jobs.filter((j) => j !== null);
}

async function slice<M extends SourceModel>(ctx: ConnectorContext, client: SmartRecruitersClient, model: M, position: string | null, since: string | undefined): Promise<Slice<M>> {
  const candidatePage = () => client.page('/candidates', candidateSchema, position, sinceQuery(since));
  switch (model) {
    case 'users': {
      const page = await client.page(USERS_PATH, userSchema, position);
      return { records: page.items.map(mapUser) as Records<M>, next: page.next };
    }
    case 'roles': {
      // The system roles (`{content: [{id, name}]}`); an OAuth client without users_read sees none.
      const roles = await tolerant(ctx, 'system roles', () => client.content(SYSTEM_ROLES_PATH, systemRoleSchema), []);
      return { records: roles.map(mapSystemRole) as Records<M>, next: null };
    }
    case 'rejection_reasons': {
      const reasons = await client.content('/configuration/rejection-reasons', reasonSchema);
      return { records: reasons.map((r) => ({ remote_id: r.id, name: r.label ?? null })) as Records<M>, next: null };
    }
    case 'jobs': {
      // The jobs list pages with `pageId` only when sorted by id (its `offset` is deprecated).
      const page = await client.page('/jobs', z.object({ id: z.string() }).passthrough(), position, { sort: 'job_id', ...sinceQuery(since) });
      return { records: (await jobsOf(ctx, client, page.items)) as Records<M>, next: page.next };
    }
    case 'candidates': {
      const page = await candidatePage();
      const details = await pLimit(PARALLEL).map(page.items, (row) => detailOf(ctx, client, row.id));
      const records = details.filter((d) => d !== null).map((d) => mapCandidate(d.candidate, d.tags, d.properties));
      return { records: records as Records<M>, next: page.next };
    }
    case 'applications': {
      const page = await candidatePage();
      const stages = await stagesOf(ctx, client);
      const apps = await pLimit(1).map(await withAssignments(ctx, client, page.items), (candidate) => applicationsOf(ctx, client, candidate, stages));
      return { records: apps.flat() as Records<M>, next: page.next };
    }
    case 'attachments': {
      const page = await candidatePage();
      const files = await pLimit(PARALLEL).map(page.items, async (c) => (await client.content(`/candidates/${enc(c.id)}/attachments`, attachmentSchema)).map((f) => mapAttachment(c.id, f)));
      return { records: files.flat() as Records<M>, next: page.next };
    }
    case 'offers': {
      // Offers exist from the OFFERED status on; applications that never got there are not asked.
      const page = await candidatePage();
      const withOffer = (await withAssignments(ctx, client, page.items)).flatMap((c) => assignmentsOf(c).filter((a) => a.status === 'OFFERED' || a.status === 'HIRED').map((a) => ({ c, a })));
      const offers = await pLimit(PARALLEL).map(withOffer, async ({ c, a }) => {
        const answer = await tolerant(ctx, 'offers', () => client.json('GET', `/candidates/${enc(c.id)}/jobs/${enc(a.job.id)}/offers`, offersAnswer, { allowNotFound: true }), null);
        const list = answer === null ? [] : Array.isArray(answer) ? answer : answer.content;
        return list.map((o) => mapOffer(o, applicationRemoteId(c.id, a.job.id), a.startsOn));
      });
      return { records: offers.flat() as Records<M>, next: page.next };
    }
    case 'tags': {
      // No company-wide tag list: the tags of the listed candidates, whole in one page.
      const rows = await candidatesMemo(ctx, since ?? '', () => client.all('/candidates', candidateSchema, sinceQuery(since)));
      const details = await pLimit(PARALLEL).map(rows, (row) => detailOf(ctx, client, row.id));
      const names = [...new Set(details.flatMap((d) => d?.tags ?? []))].sort();
      return { records: names.map((name) => ({ remote_id: name, name })) as Records<M>, next: null };
    }
    default:
      throw new VendorError('REMOTE.INPUT_INVALID', `The SmartRecruiters connector has no model "${String(model)}".`);
  }
}

/** `since` in the form `updatedAfter` documents (`yyyy-MM-ddTHH:mm:ss.SSSZ`). */
function sinceOf(since: string | undefined): string | undefined {
  if (since === undefined) return undefined;
  const t = Date.parse(since);
  if (Number.isNaN(t)) throw new VendorError('REMOTE.INPUT_INVALID', `Invalid incremental start "${since}".`);
  return new Date(t).toISOString();
}

export async function listSmartRecruiters<M extends SourceModel>(ctx: ConnectorContext, model: M, options: ListOptions): Promise<Page<M>> {
  ctx.signal?.throwIfAborted();
  const client = new SmartRecruitersClient(ctx);
  client.checkCredentials();
  const position = options.cursor === null ? null : cursors.decode(options.cursor, model).p;
  const result = await slice(ctx, client, model, position, sinceOf(options.since));
  return { records: result.records, next: result.next === null ? null : cursors.encode({ v: 1, model, p: result.next }) };
}

/** Checks the credentials with one candidate read (an OAuth client is refused at its token already). */
export async function verifySmartRecruiters(ctx: ConnectorContext): Promise<void> {
  const client = new SmartRecruitersClient(ctx);
  client.checkCredentials();
  await client.json('GET', '/candidates', z.unknown(), { query: { limit: 1 } });
}

/** An attachment's bytes: SmartRecruiters serves them under the candidate, with the same credentials. */
export async function downloadSmartRecruiters(ctx: ConnectorContext, attachment: { remote_id: string; candidate_remote_id: string }) {
  const client = new SmartRecruitersClient(ctx);
  client.checkCredentials();
  const res = await client.send({ method: 'GET', path: `/candidates/${enc(attachment.candidate_remote_id)}/attachments/${enc(attachment.remote_id)}`, accept: '*/*' });
  if (!res) throw new VendorError('REMOTE.INPUT_INVALID', `SmartRecruiters has no attachment "${attachment.remote_id}".`, { vendorStatus: 404 });
  return { contentType: res.headers.get('content-type') ?? 'application/octet-stream', body: new Uint8Array(await res.arrayBuffer()) };
}

