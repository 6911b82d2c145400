/**
 * Listing Ashby for the sync engine. Each model pages through one Ashby list RPC with Ashby's
 * cursor (empty pages with `moreDataAvailable: true` are handed on as empty pages, never as the end).
 *
 * Incremental reads use Ashby's sync tokens, not timestamps: the token from the last page of each
 * model's listing is kept per model in `ctx.state` (per integration, encrypted). When the engine
 * asks for a delta (`since`) and a token is stored, the listing sends it and gets only records
 * changed since; when Ashby answers `sync_token_expired` or `incremental_sync_too_large`, the token
 * is dropped and the model is listed in full (the engine only upserts, so that is safe). Lists
 * without sync tokens (tags, archive reasons) are small and listed whole every run.
 *
 * A refused page cursor (`next_cursor_expired`, `invalid_next_cursor`) starts the model's listing
 * again from its first page, at most `MAX_CURSOR_RESTARTS` times per listing (the count travels in
 * the cursor handed to the engine); the next refusal fails the listing.
 *
 * Per sync run (one context object) the interview stages of each plan, departments, locations and
 * interview titles are asked once.
 */
import { z } from 'zod';
import { VendorError } from '../../lib/errors.js';
import type { ConnectorContext, ListOptions, Page } from '../connector.js';
import { listingCursor } from '../kit/cursor.js';
import { runMemo } from '../kit/run-memo.js';
import type { SourceModel, SourceRecordMap } from '../source-records.js';
import { ASHBY, AshbyClient, isCursorRefusal, isSyncTokenRefusal, parseWith, type AshbyPage } from './client.js';
import { contentTypeOf, mapApplication, mapAttachments, mapCandidate, mapInterviews, mapJob, mapOffer, mapRejectionReasons, mapRoles, mapTag, mapUser } from './mapping.js';
import {
  applicationSchema,
  archiveReasonSchema,
  candidateSchema,
  departmentSchema,
  fileInfoSchema,
  interviewDefinitionSchema,
  interviewScheduleSchema,
  jobPostingSchema,
  jobSchema,
  locationSchema,
  offerSchema,
  stageSchema,
  tagSchema,
  userSchema,
  type AshbyJobPosting,
  type AshbyLocation,
  type AshbyStage,
} from './vendor-schemas.js';

/** Asked once per sync run (see `runMemo`). */
const stagesMemo = runMemo<AshbyStage[]>();
const departmentsMemo = runMemo<Map<string, string | null>>();
const locationsMemo = runMemo<Map<string, AshbyLocation>>();
const titlesMemo = runMemo<Map<string, string | null>>();
const postingsMemo = runMemo<Map<string, AshbyJobPosting[]>>();

/** The stages of an interview plan (`interviewStage.list` needs the plan). */
export function stagesOfPlan(ctx: ConnectorContext, client: AshbyClient, planId: string): Promise<AshbyStage[]> {
  return stagesMemo(ctx, planId, () => client.all('interviewStage.list', { interviewPlanId: planId }, stageSchema));
}

async function stagesByPlan(ctx: ConnectorContext, client: AshbyClient, planIds: readonly string[]): Promise<Map<string, AshbyStage[]>> {
  const out = new Map<string, AshbyStage[]>();
  for (const plan of new Set(planIds)) out.set(plan, await stagesOfPlan(ctx, client, plan));
  return out;
}

function departments(ctx: ConnectorContext, client: AshbyClient) {
  return departmentsMemo(ctx, '', async () => new Map((await client.all('department.list', { includeArchived: true }, departmentSchema)).map((d) => [d.id, d.name ?? null])));
}

function locations(ctx: ConnectorContext, client: AshbyClient) {
  return locationsMemo(ctx, '', async () => new Map((await client.all('location.list', { includeArchived: true }, locationSchema)).map((l) => [l.id, l])));
}

function interviewTitles(ctx: ConnectorContext, client: AshbyClient) {
  return titlesMemo(ctx, '', async () => new Map((await client.all('interview.list', { includeArchived: true, includeNonSharedInterviews: true }, interviewDefinitionSchema)).map((i) => [i.id, i.title ?? null])));
}

/** Job postings by job (`jobPosting.list`, listed and unlisted). */
function postingsByJob(ctx: ConnectorContext, client: AshbyClient) {
  return postingsMemo(ctx, '', async () => {
    const byJob = new Map<string, AshbyJobPosting[]>();
    for (const p of await client.all('jobPosting.list', {}, jobPostingSchema)) {
      if (!p.jobId) continue;
      byJob.set(p.jobId, [...(byJob.get(p.jobId) ?? []), p]);
    }
    return byJob;
  });
}

type Records<M extends SourceModel> = SourceRecordMap[M][];

interface ModelSpec {
  method: string;
  body: Record<string, unknown>;
  /** Whether the list RPC takes sync tokens. */
  sync: boolean;
  map(ctx: ConnectorContext, client: AshbyClient, items: unknown[]): Promise<unknown[]>;
}

const SPECS: Partial<Record<SourceModel, ModelSpec>> = {
  users: { method: 'user.list', body: { includeDeactivated: true }, sync: true, map: async (_c, _k, items) => items.map((item, i) => mapUser(parseWith(userSchema, item, `user.list (item ${i})`))) },
  tags: { method: 'candidateTag.list', body: { includeArchived: false }, sync: false, map: async (_c, _k, items) => items.map((item, i) => mapTag(parseWith(tagSchema, item, `candidateTag.list (item ${i})`))) },
  rejection_reasons: {
    method: 'archiveReason.list',
    body: { includeArchived: false },
    sync: false,
    map: async (_c, _k, items) => mapRejectionReasons(items.map((item, i) => parseWith(archiveReasonSchema, item, `archiveReason.list (item ${i})`))),
  },
  jobs: {
    method: 'job.list',
    // Drafts are left out unless asked for by status (documented on job.list).
    body: { status: ['Open', 'Closed', 'Archived', 'Draft'] },
    sync: true,
    async map(ctx, client, items) {
      const jobs = items.map((item, i) => parseWith(jobSchema, item, `job.list (item ${i})`));
      if (jobs.length === 0) return [];
      const plans = jobs.flatMap((j) => [j.defaultInterviewPlanId, ...(j.interviewPlanIds ?? [])]).filter((p): p is string => typeof p === 'string' && p !== '');
      const [stages, deps, locs, postings] = [await stagesByPlan(ctx, client, plans), await departments(ctx, client), await locations(ctx, client), await postingsByJob(ctx, client)];
      return jobs.map((j) => mapJob(j, stages, deps, locs, postings.get(j.id) ?? []));
    },
  },
  candidates: { method: 'candidate.list', body: {}, sync: true, map: async (_c, _k, items) => items.map((item, i) => mapCandidate(parseWith(candidateSchema, item, `candidate.list (item ${i})`))) },
  applications: {
    method: 'application.list',
    body: {},
    sync: true,
    map: async (_c, _k, items) => items.map((item, i) => mapApplication(parseWith(applicationSchema, item, `application.list (item ${i})`))),
  },
  interviews: {
    method: 'interviewSchedule.list',
    body: {},
    sync: true,
    async map(ctx, client, items) {
      const schedules = items.map((item, i) => parseWith(interviewScheduleSchema, item, `interviewSchedule.list (item ${i})`));
      if (schedules.length === 0) return [];
      const titles = await interviewTitles(ctx, client);
      return schedules.flatMap((s) => mapInterviews(s, titles));
    },
  },
  offers: { method: 'offer.list', body: {}, sync: true, map: async (_c, _k, items) => items.map((item, i) => mapOffer(parseWith(offerSchema, item, `offer.list (item ${i})`))) },
  attachments: {
    method: 'candidate.list',
    body: {},
    sync: true,
    map: async (_c, _k, items) => items.flatMap((item, i) => mapAttachments(parseWith(candidateSchema, item, `candidate.list (item ${i})`))),
  },
};

/** Where a model's sync token is kept in the connector state. */
export const syncTokenKey = (model: SourceModel) => `ashby.sync_token.${model}`;

/**
 * How often one model's listing may start again from its first page because Ashby refused its page
 * cursor (`next_cursor_expired`, `invalid_next_cursor`); the next refusal fails the listing.
 */
export const MAX_CURSOR_RESTARTS = 3;

/**
 * The connector cursor: Ashby's cursor for the next page (`c`), the sync token this incremental
 * listing runs on (`t`, null for a full listing) and how often the listing already started again
 * after a refused page cursor (`r`, absent: never).
 */
const cursors = listingCursor(
  ASHBY,
  z.object({ v: z.literal(1), model: z.string(), c: z.string(), t: z.string().nullable(), r: z.number().int().nonnegative().optional() }),
  (c) => c.model,
);

export async function listAshby<M extends SourceModel>(ctx: ConnectorContext, model: M, options: ListOptions): Promise<Page<M>> {
  ctx.signal?.throwIfAborted();
  const client = new AshbyClient(ctx);
  if (model === 'roles') return { records: mapRoles() as Records<M>, next: null };
  const spec = SPECS[model];
  if (!spec) throw new VendorError('REMOTE.INPUT_INVALID', `The Ashby connector has no model "${String(model)}".`);

  let position: { c: string | null; t: string | null; r: number };
  if (options.cursor !== null) {
    const decoded = cursors.decode(options.cursor, model);
    position = { c: decoded.c, t: decoded.t, r: decoded.r ?? 0 };
  } else {
    position = { c: null, t: spec.sync && options.since !== undefined ? await ctx.state.get(syncTokenKey(model)) : null, r: 0 };
  }

  const request = (p: { c: string | null; t: string | null }) =>
    client.page(spec.method, { ...spec.body, ...(p.t ? { syncToken: p.t } : {}), ...(p.c ? { cursor: p.c } : {}) });
  let page: AshbyPage;
  try {
    page = await request(position);
  } catch (err) {
    if (position.c && isCursorRefusal(err)) {
      // The cursor expired between pages: list again from the first page (the engine's upserts
      // make the repeated records harmless), a bounded number of times: a listing whose cursors
      // keep expiring fails (the run is then partial and nothing is taken as deleted).
      if (position.r >= MAX_CURSOR_RESTARTS) {
        throw new VendorError(
          'REMOTE.UNKNOWN_HTTP_ERROR',
          `${ASHBY} refused the page cursor of the ${model} listing again (${err.ashbyCode}) after it had started again from the first page ${MAX_CURSOR_RESTARTS} times; giving up on ${model} for this run.`,
        );
      }
      ctx.logger.info({ model, code: err.ashbyCode, restart: position.r + 1 }, `${ASHBY} refused the page cursor; listing ${model} again from the start`);
      position = { c: null, t: position.t, r: position.r + 1 };
    } else if (position.t && isSyncTokenRefusal(err)) {
      // Documented fall-back: discard the token and list the model in full.
      ctx.logger.info({ model, code: err.ashbyCode }, `${ASHBY} refused the stored sync token; listing ${model} in full`);
      await ctx.state.set(syncTokenKey(model), null);
      position = { c: null, t: null, r: position.r };
    } else {
      throw err;
    }
    page = await request(position);
  }
  const records = (await spec.map(ctx, client, page.items)) as Records<M>;
  if (page.more && page.nextCursor) return { records, next: cursors.encode({ v: 1, model, c: page.nextCursor, t: position.t, ...(position.r > 0 ? { r: position.r } : {}) }) };
  const syncToken = spec.sync ? page.syncToken : null;
  // The token covers this page: it is kept once the engine stored the page.
  return { records, next: null, ...(syncToken ? { afterStored: () => ctx.state.set(syncTokenKey(model), syncToken) } : {}) };
}

/** A file's bytes: the candidate's handle for it, resolved by `file.info` to a short-lived signed URL, fetched at once. */
export async function downloadAshby(ctx: ConnectorContext, attachment: { remote_id: string; candidate_remote_id: string }) {
  const client = new AshbyClient(ctx);
  const candidate = await client.call('candidate.info', { id: attachment.candidate_remote_id }, candidateSchema);
  const handle = [candidate.resumeFileHandle, ...(candidate.fileHandles ?? [])].find((f) => f?.id === attachment.remote_id);
  if (!handle) throw new VendorError('REMOTE.INPUT_INVALID', `${ASHBY} has no file "${attachment.remote_id}" on the candidate "${attachment.candidate_remote_id}".`, { vendorStatus: 404 });
  const { url } = await client.call('file.info', { fileHandle: handle.handle }, fileInfoSchema);
  const file = await client.download(url);
  const type = file.contentType && !file.contentType.startsWith('application/octet-stream') ? file.contentType : contentTypeOf(handle.name ?? '');
  return { contentType: type, body: file.body };
}
