/**
 * Listing Teamtailor for the sync engine. Each model walks its own resource 30 at a time,
 * following `links.next` (kept in the connector cursor). Relationships carry linkage only when
 * included, so lists ask for what they map: jobs `include=stages,user,picked-questions.question`,
 * applications `include=stage,reject-reason,candidate.answers.question,job.picked-questions.question`,
 * uploads `include=candidate`.
 *
 * Deltas: candidates and job applications send `filter[updated-at][from]`; the other lists have
 * no such filter and are listed whole (they are small). Teamtailor reports no deletions, so they
 * are found by full syncs. Tags and roles have no list of their own: tags are the union of the
 * candidates' tag strings, roles the users' roles (one walk per run, kept with `runMemo`).
 */
import { z } from 'zod';
import { AppError, VendorAuthError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext, ListOptions, Page } from '../connector.js';
import { listingCursor } from '../kit/cursor.js';
import type { Query } from '../kit/paging.js';
import { runMemo } from '../kit/run-memo.js';
import type { SourceModel, SourceRecordMap } from '../source-records.js';
import { TeamtailorClient, attributesOf, type TtPage } from './client.js';
import { indexIncluded, mapApplication, mapCandidate, mapJob, mapRejectionReason, mapRole, mapTag, mapUpload, mapUser } from './mapping.js';
import { candidateAttributes, uploadAttributes, userAttributes } from './vendor-schemas.js';

const cursors = listingCursor('Teamtailor', z.object({ v: z.literal(1), model: z.string(), next: z.string() }), (c) => c.model);

const usersMemo = runMemo<TtPage>();
const candidatesMemo = runMemo<TtPage>();

/** A job's stages, recruiter and questions, which its mapping reads. */
export const JOB_INCLUDE = 'stages,user,picked-questions.question';
/** Every job whatever its status or feed (unfiltered, Teamtailor lists the published public ones only). */
export const ALL_JOBS: Query = { 'filter[status]': 'all', 'filter[feed]': 'all', include: JOB_INCLUDE };
/** Custom field values with their fields' names, in the candidates' own pages. */
export const CANDIDATE_INCLUDE = 'custom-field-values.custom-field';
/** The application's stage and reason; its candidate's answers and its job's questions (answers belong to candidates). */
export const APPLICATION_INCLUDE = 'stage,reject-reason,candidate.answers.question,job.picked-questions.question';

const sinceFilter = (since: string | undefined): Query => (since ? { 'filter[updated-at][from]': since } : {});

type Slice<M extends SourceModel> = { records: SourceRecordMap[M][]; next: string | null };

async function paged<M extends SourceModel>(client: TeamtailorClient, path: string, query: Query, next: string | null, map: (page: TtPage) => SourceRecordMap[M][]): Promise<Slice<M>> {
  const page = await client.page(path, query, next);
  const doc = page.items[0] ?? { data: [], included: [] };
  return { records: map(doc), next: page.next };
}

/** Models served whole from one walk (no paging of their own). */
async function whole<M extends SourceModel>(ctx: ConnectorContext, client: TeamtailorClient, model: M): Promise<SourceRecordMap[M][]> {
  switch (model) {
    case 'roles': {
      const users = await usersMemo(ctx, 'all', () => client.all('/users'));
      const roles = new Set(users.data.flatMap((u) => attributesOf(u, userAttributes).role ?? []));
      return [...roles].sort().map(mapRole) as SourceRecordMap[M][];
    }
    case 'tags': {
      const candidates = await candidatesMemo(ctx, 'all', () => client.all('/candidates'));
      const tags = new Set(candidates.data.flatMap((c) => attributesOf(c, candidateAttributes).tags ?? []));
      return [...tags].sort().map(mapTag) as SourceRecordMap[M][];
    }
    default:
      throw new VendorError('REMOTE.INPUT_INVALID', `The Teamtailor connector has no model "${String(model)}".`);
  }
}

async function slice<M extends SourceModel>(ctx: ConnectorContext, client: TeamtailorClient, model: M, next: string | null, since: string | undefined): Promise<Slice<M>> {
  const as = <T>(records: T[]) => records as unknown as SourceRecordMap[M][];
  switch (model) {
    case 'users':
      return paged(client, '/users', {}, next, (p) => as(p.data.map(mapUser)));
    case 'rejection_reasons':
      return paged(client, '/reject-reasons', {}, next, (p) => as(p.data.map(mapRejectionReason)));
    case 'jobs':
      return paged(client, '/jobs', ALL_JOBS, next, (p) => as(p.data.map((j) => mapJob(j, indexIncluded(p.included)))));
    case 'candidates':
      return paged(client, '/candidates', { ...sinceFilter(since), include: CANDIDATE_INCLUDE }, next, (p) => as(p.data.map((c) => mapCandidate(c, indexIncluded(p.included)))));
    case 'applications':
      return paged(client, '/job-applications', { ...sinceFilter(since), include: APPLICATION_INCLUDE }, next, (p) => as(p.data.map((a) => mapApplication(a, indexIncluded(p.included)))));
    case 'attachments':
      return paged(client, '/uploads', { include: 'candidate' }, next, (p) => as(p.data.flatMap((u) => mapUpload(u) ?? [])));
    default:
      return { records: await whole(ctx, client, model), next: null };
  }
}

export async function listTeamtailor<M extends SourceModel>(ctx: ConnectorContext, model: M, options: ListOptions): Promise<Page<M>> {
  const client = new TeamtailorClient(ctx);
  client.checkCredentials();
  const position = options.cursor === null ? null : cursors.decode(options.cursor, model).next;
  const result = await slice(ctx, client, model, position, options.since);
  return { records: result.records, next: result.next === null ? null : cursors.encode({ v: 1, model, next: result.next }) };
}

/**
 * A key is good when it may read candidates: Teamtailor answers 401 to an unknown key and 403 to
 * a key whose scope is not Admin, and both mean the customer must create another key.
 */
export async function verifyTeamtailor(ctx: ConnectorContext): Promise<void> {
  const client = new TeamtailorClient(ctx);
  client.checkCredentials();
  try {
    await client.page('/candidates', { 'page[size]': 1 }, null);
  } catch (err) {
    if (err instanceof AppError && err.code === 'INTEGRATION.PERMISSION_MISSING') {
      throw new VendorAuthError('This Teamtailor API key may not read candidates: create a key with Admin scope and read/write permission.');
    }
    throw err;
  }
}

/** Teamtailor's file links expire within a minute: the upload is read again for a fresh one. */
export async function downloadTeamtailor(ctx: ConnectorContext, attachment: { remote_id: string; candidate_remote_id: string }): Promise<{ contentType: string; body: Uint8Array }> {
  const client = new TeamtailorClient(ctx);
  client.checkCredentials();
  const upload = (await client.one(`/uploads/${encodeURIComponent(attachment.remote_id)}`))?.data[0];
  const url = upload ? attributesOf(upload, uploadAttributes).url : null;
  if (!upload || !url) throw new VendorError('REMOTE.INPUT_INVALID', `Teamtailor has no upload ${attachment.remote_id} any more.`);
  const file = await client.download(url);
  return { contentType: file.contentType ?? mapUpload(upload)?.content_type ?? 'application/octet-stream', body: file.body };
}
