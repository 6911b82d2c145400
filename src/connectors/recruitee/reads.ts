/**
 * Listing Recruitee for the sync engine.
 *
 * - users `GET /admins`, tags `GET /tags`, rejection reasons `GET /disqualify_reasons`: one answer each;
 * - jobs: `GET /offers` (paged), then each offer's detail, since list rows lack dates and counts;
 *   talent pools are left out (they are no job);
 * - candidates, applications (the candidates' `placements`) and attachments (the CV linked on the
 *   candidate, plus `GET /candidates/{id}/attachments` per candidate) walk the same candidate pages: `GET /candidates`
 *   on full syncs, and on deltas `GET /search/new/candidates` with an `updated_at ≥ since` filter
 *   (Unix seconds), the only "changed since" Recruitee offers. Placements on talent pools are left out.
 * Recruitee reports no deletions: full syncs find them by absence.
 */
import pLimit from 'p-limit';
import { z } from 'zod';
import { AppError, VendorAuthError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext, ListOptions, Page } from '../connector.js';
import { listingCursor } from '../kit/cursor.js';
import { runMemo } from '../kit/run-memo.js';
import type { SourceModel, SourceRecordMap } from '../source-records.js';
import { PAGE_LIMIT, RecruiteeClient } from './client.js';
import { cvCandidateOf, isJob, mapApplication, mapAttachment, mapCandidate, mapCv, mapJob, mapRejectionReason, mapTag, mapUser } from './mapping.js';
import {
  adminSchema,
  attachmentSchema,
  candidateSchema,
  offerSchema,
  reasonSchema,
  searchSchema,
  tagSchema,
  type RecruiteeCandidate,
  type RecruiteeOffer,
  type RecruiteeStage,
  type RecruiteeTag,
} from './vendor-schemas.js';

/** Parallel per-record requests (the polite fetch holds the rate). */
const PARALLEL = 2;

const offersMemo = runMemo<RecruiteeOffer[]>();
const tagsMemo = runMemo<RecruiteeTag[]>();

/** Every offer (jobs and talent pools) with its detail. */
export function offersOf(ctx: ConnectorContext, client: RecruiteeClient): Promise<RecruiteeOffer[]> {
  return offersMemo(ctx, '', async () => {
    const listed = await client.all('/offers', 'offers', offerSchema);
    const details = await pLimit(PARALLEL).map(listed, async (o) => (await client.json('GET', `/offers/${encodeURIComponent(o.id)}`, z.object({ offer: offerSchema }), { allowNotFound: true }))?.offer ?? o);
    return details;
  });
}

/** Offer id → its stages, for jobs only. */
export async function jobStages(ctx: ConnectorContext, client: RecruiteeClient): Promise<Map<string, RecruiteeStage[]>> {
  return new Map((await offersOf(ctx, client)).filter(isJob).map((o) => [o.id, o.pipeline_template?.stages ?? []]));
}

/** Tag name (lower case) → tag id. */
export async function tagIdsOf(ctx: ConnectorContext, client: RecruiteeClient, fresh = false): Promise<Map<string, string>> {
  const tags = fresh ? await readTags(client) : await tagsMemo(ctx, '', () => readTags(client));
  return new Map(tags.map((t) => [t.name.toLowerCase(), t.id]));
}

const readTags = async (client: RecruiteeClient) => (await client.must('GET', '/tags', z.object({ tags: z.array(tagSchema) }))).tags;

/** The candidates the connector cursor carries an offset into. */
const cursors = listingCursor('Recruitee', z.object({ v: z.literal(1), model: z.string(), offset: z.number().int().nonnegative() }), (c) => c.model);

/** One page of candidates: all (newest first) or, with `since`, those updated since (Unix seconds). */
async function candidatePage(client: RecruiteeClient, offset: number, since: number | undefined): Promise<{ items: RecruiteeCandidate[]; next: number | null }> {
  if (since === undefined) {
    const page = await client.page('/candidates', 'candidates', candidateSchema, offset, { sort: 'by_date' });
    return { items: page.items, next: page.next };
  }
  const filters = JSON.stringify([{ field: 'updated_at', gte: since }]);
  const found = await client.must('GET', '/search/new/candidates', searchSchema, { query: { filters, limit: PAGE_LIMIT, offset } });
  return { items: found.hits, next: found.hits.length < PAGE_LIMIT ? null : offset + PAGE_LIMIT };
}

function sinceOf(since: string | undefined): number | undefined {
  if (since === undefined) return undefined;
  const t = Date.parse(since);
  if (Number.isNaN(t)) throw new VendorError('REMOTE.INPUT_INVALID', `Invalid incremental start "${since}".`);
  // Whole seconds, rounded down: a record changed within the same second is listed again rather than missed.
  return Math.floor(t / 1000);
}

type Records<M extends SourceModel> = SourceRecordMap[M][];

export async function attachmentsOf(client: RecruiteeClient, candidateId: string) {
  const found = await client.json('GET', `/candidates/${encodeURIComponent(candidateId)}/attachments`, z.object({ attachments: z.array(attachmentSchema) }), { allowNotFound: true });
  return found?.attachments ?? [];
}

async function slice<M extends SourceModel>(ctx: ConnectorContext, client: RecruiteeClient, model: M, offset: number, since: number | undefined): Promise<{ records: Records<M>; next: number | null }> {
  const whole = (records: unknown[]) => ({ records: records as Records<M>, next: null });
  switch (model) {
    case 'users':
      return whole((await client.must('GET', '/admins', z.object({ admins: z.array(adminSchema) }))).admins.map(mapUser));
    case 'tags':
      return whole((await tagsMemo(ctx, '', () => readTags(client))).map(mapTag));
    case 'rejection_reasons':
      return whole((await client.must('GET', '/disqualify_reasons', z.object({ disqualify_reasons: z.array(reasonSchema) }))).disqualify_reasons.map(mapRejectionReason));
    case 'jobs':
      return whole((await offersOf(ctx, client)).filter(isJob).map(mapJob));
    case 'candidates': {
      const page = await candidatePage(client, offset, since);
      const tagIds = await tagIdsOf(ctx, client);
      return { records: page.items.map((c) => mapCandidate(c, tagIds)) as Records<M>, next: page.next };
    }
    case 'applications': {
      const page = await candidatePage(client, offset, since);
      const stages = await jobStages(ctx, client);
      const apps = page.items.flatMap((c) => (c.placements ?? []).filter((p) => stages.has(p.offer_id)).map((p) => mapApplication(p, stages.get(p.offer_id))));
      return { records: apps as Records<M>, next: page.next };
    }
    case 'attachments': {
      const page = await candidatePage(client, offset, since);
      const files = await pLimit(PARALLEL).map(page.items, async (c) => {
        const cv = mapCv(c);
        return [...(cv ? [cv] : []), ...(await attachmentsOf(client, c.id)).map((a) => mapAttachment(a, c.id))];
      });
      return { records: files.flat() as Records<M>, next: page.next };
    }
    default:
      throw new VendorError('REMOTE.INPUT_INVALID', `The Recruitee connector has no model "${String(model)}".`);
  }
}

export async function listRecruitee<M extends SourceModel>(ctx: ConnectorContext, model: M, options: ListOptions): Promise<Page<M>> {
  ctx.signal?.throwIfAborted();
  const client = new RecruiteeClient(ctx);
  client.checkCredentials();
  const offset = options.cursor === null ? 0 : cursors.decode(options.cursor, model).offset;
  const result = await slice(ctx, client, model, offset, sinceOf(options.since));
  return { records: result.records, next: result.next === null ? null : cursors.encode({ v: 1, model, offset: result.next }) };
}

/** Checks the token and the company with `GET /admin` (the token's owner). */
export async function verifyRecruitee(ctx: ConnectorContext): Promise<void> {
  const client = new RecruiteeClient(ctx);
  client.checkCredentials();
  try {
    await client.must('GET', '/admin', z.object({ admin: adminSchema }));
  } catch (err) {
    // Recruitee answers 422 "Company id is invalid" (or 404) for a company the token does not belong to.
    if (err instanceof AppError && err.code === 'REMOTE.INPUT_INVALID') throw new VendorAuthError(`Recruitee does not know the company "${ctx.credentials['company_id'] ?? ''}" for this token: ${err.message}`);
    throw err;
  }
}

/** A fresh signed link to the file: the candidate's CV links, or its attachments listed again. */
async function linkOf(client: RecruiteeClient, attachment: { remote_id: string; candidate_remote_id: string }): Promise<string | null> {
  if (cvCandidateOf(attachment.remote_id) !== null) {
    const found = await client.json('GET', `/candidates/${encodeURIComponent(attachment.candidate_remote_id)}`, z.object({ candidate: candidateSchema }), { allowNotFound: true });
    return found?.candidate.cv_original_url ?? found?.candidate.cv_url ?? null;
  }
  return (await attachmentsOf(client, attachment.candidate_remote_id)).find((a) => a.id === attachment.remote_id)?.url ?? null;
}

/** An attachment's bytes, from a fresh signed link fetched without our token. */
export async function downloadRecruitee(ctx: ConnectorContext, attachment: { remote_id: string; candidate_remote_id: string }) {
  const client = new RecruiteeClient(ctx);
  client.checkCredentials();
  const link = await linkOf(client, attachment);
  if (!link) throw new VendorError('REMOTE.INPUT_INVALID', `Recruitee has no attachment "${attachment.remote_id}".`, { vendorStatus: 404 });
  // A relative link is below the API host (seen in the wild); signed links are absolute.
  const url = new URL(link.replace(/^(?!https?:\/\/)\/?/, '/'), client.base).toString();
  const file = await client.download(url);
  return { contentType: file.contentType ?? 'application/octet-stream', body: file.body };
}
