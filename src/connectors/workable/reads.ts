/**
 * Listing Workable for the sync engine.
 *
 * Workable allows account tokens 10 requests per 10 s, so a run asks each thing once and shares
 * it between models through a per-run cache (one context object per sync run): the members, the
 * jobs and their stages, the candidate list (whole for full syncs; `updated_after=<since>` for
 * deltas), each candidate's detail (the list lacks tags and `disqualified_at`), files and offers.
 * People (unified candidates) are grouped from the whole candidate list (`groupPeople`), so a delta
 * run still reads that list once, but details only of the changed records.
 *
 * Cursors: lists walked at Workable carry Workable's `paging.next` URL; lists served from the run's
 * candidate list carry an offset into it.
 */
import pLimit from 'p-limit';
import { systemClock } from '../../lib/clock.js';
import { AppError, VendorAuthError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext, ListOptions, Page } from '../connector.js';
import { listingCursor } from '../kit/cursor.js';
import { optionalRead } from '../kit/optional-read.js';
import { runMemo } from '../kit/run-memo.js';
import type { SourceModel, SourceRecordMap } from '../source-records.js';
import { WorkableClient, type Query } from './client.js';
import {
  fileRemoteIds,
  groupPeople,
  mapApplication,
  mapCandidate,
  mapFiles,
  mapInterview,
  mapJob,
  mapOffer,
  mapRejectionReason,
  mapRoles,
  mapUser,
  personIndex,
} from './mapping.js';
import {
  candidateSchema,
  eventSchema,
  fileSchema,
  jobSchema,
  memberSchema,
  offerSchema,
  reasonSchema,
  stageSchema,
  type WorkableCandidate,
  type WorkableMember,
  type WorkableStage,
} from './vendor-schemas.js';
import { z } from 'zod';

/** Records per page for lists served from the run's candidate list. */
const CHUNK = 50;
/** Parallel per-candidate requests (the polite fetch holds the rate). */
const PARALLEL = 2;

/** Asked once per sync run (see `runMemo`). */
const membersMemo = runMemo<WorkableMember[]>();
const stagesMemo = runMemo<WorkableStage[]>();
const listMemo = runMemo<WorkableCandidate[]>();
const detailsMemo = runMemo<WorkableCandidate | null>();

export function membersOf(ctx: ConnectorContext, client: WorkableClient): Promise<WorkableMember[]> {
  return membersMemo(ctx, '', () => client.all('/members', 'members', { status: 'all' }, memberSchema));
}

const stagesEnvelope = z.object({ stages: z.array(stageSchema) });

/** The job's pipeline (`/jobs/:shortcode/stages`); the account pipeline (`/stages`) when the job answers none. */
export function stagesOfJob(ctx: ConnectorContext, client: WorkableClient, shortcode: string): Promise<WorkableStage[]> {
  return stagesMemo(ctx, `job:${shortcode}`, async () => {
    const own = (await client.json('GET', `/jobs/${encodeURIComponent(shortcode)}/stages`, stagesEnvelope, { allowNotFound: true }))?.stages ?? [];
    if (own.length > 0) return own;
    return stagesMemo(ctx, 'account', async () => (await client.json('GET', '/stages', stagesEnvelope, { allowNotFound: true }))?.stages ?? []);
  });
}

/** The candidate list: whole (`since` undefined) or changed after `since` (`updated_after`). */
export function candidateList(ctx: ConnectorContext, client: WorkableClient, since?: string): Promise<WorkableCandidate[]> {
  return listMemo(ctx, since ?? '', () => client.all('/candidates', 'candidates', since === undefined ? {} : { updated_after: since }, candidateSchema));
}

/** Pauses before asking again for a candidate detail that answered 404 (see `detailOf`). */
const DETAIL_404_RETRIES_MS = [500, 1500];

/**
 * A candidate's detail (`{candidate}`); null when it is gone. Workable's reads sometimes answer a
 * spurious 404 right after a write (documented eventual consistency), so a 404 is asked again
 * after a pause before it counts.
 */
export function detailOf(ctx: ConnectorContext, client: WorkableClient, id: string): Promise<WorkableCandidate | null> {
  const read = async () => (await client.json('GET', `/candidates/${encodeURIComponent(id)}`, z.object({ candidate: candidateSchema }), { allowNotFound: true }))?.candidate ?? null;
  return detailsMemo(ctx, id, async () => {
    let found = await read();
    for (const pause of DETAIL_404_RETRIES_MS) {
      if (found) break;
      await (ctx.clock ?? systemClock).sleep(pause, ctx.signal);
      found = await read();
    }
    return found;
  });
}

/**
 * Details of listed candidates. A candidate the list shows but whose detail stays 404 keeps its
 * list record: dropping it would let a full sync mark it deleted.
 */
async function details(ctx: ConnectorContext, client: WorkableClient, records: readonly WorkableCandidate[]): Promise<WorkableCandidate[]> {
  const found = await pLimit(PARALLEL).map(records, (r) => detailOf(ctx, client, r.id));
  return found.map((detail, i) => detail ?? (records[i] as WorkableCandidate));
}

/** Person remote id by Workable candidate id, from the whole list. */
async function peopleOf(ctx: ConnectorContext, client: WorkableClient) {
  const people = groupPeople(await candidateList(ctx, client));
  return { people, index: personIndex(people) };
}

/** Optional reads (events, offers): an account without the scope or the endpoint has none (see `optionalRead`). */
const tolerant = <T>(ctx: ConnectorContext, what: string, read: () => Promise<T>, fallback: T): Promise<T> => optionalRead(ctx, 'Workable', what, read, fallback);

// --- cursors -----------------------------------------------------------------------------------

type Cursor = { v: 1; model: SourceModel; next: string } | { v: 1; model: SourceModel; offset: number };
/** The connector cursor: Workable's `paging.next` URL, or an offset into the run's candidate list. */
const cursors = listingCursor(
  'Workable',
  z.union([z.object({ v: z.literal(1), model: z.string(), next: z.string() }), z.object({ v: z.literal(1), model: z.string(), offset: z.number().int().nonnegative() })]),
  (c) => c.model,
);

function decode(cursor: string | null, model: SourceModel): { next: string | null; offset: number } {
  if (cursor === null) return { next: null, offset: 0 };
  const c = cursors.decode(cursor, model);
  return 'next' in c ? { next: c.next, offset: 0 } : { next: null, offset: c.offset };
}

type Records<M extends SourceModel> = SourceRecordMap[M][];
interface Slice<M extends SourceModel> {
  records: Records<M>;
  next: Cursor | null;
}

function sinceOf(since: string | undefined): string | undefined {
  if (since === undefined) return undefined;
  const t = Date.parse(since);
  if (Number.isNaN(t)) throw new VendorError('REMOTE.INPUT_INVALID', `Invalid incremental start "${since}".`);
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function chunkOf(ctx: ConnectorContext, client: WorkableClient, model: SourceModel, offset: number, since: string | undefined) {
  const list = await candidateList(ctx, client, since);
  const chunk = list.slice(offset, offset + CHUNK);
  const next: Cursor | null = offset + CHUNK < list.length ? { v: 1, model, offset: offset + CHUNK } : null;
  return { chunk, next };
}

const OFFER_KINDS = new Set(['offer', 'hired']);
const mayHaveOffer = (c: WorkableCandidate) => Boolean(c.moved_to_offer_at) || Boolean(c.hired_at) || OFFER_KINDS.has(c.stage_kind ?? '');

async function slice<M extends SourceModel>(ctx: ConnectorContext, client: WorkableClient, model: M, cursor: { next: string | null; offset: number }, since: string | undefined): Promise<Slice<M>> {
  const nextUrl = (next: string | null): Cursor | null => (next ? { v: 1, model, next } : null);
  switch (model) {
    case 'users': {
      const page = await client.page('/members', 'members', { status: 'all' }, cursor.next, memberSchema);
      return { records: page.items.map(mapUser) as Records<M>, next: nextUrl(page.next) };
    }
    case 'roles':
      return { records: mapRoles(await membersOf(ctx, client)) as Records<M>, next: null };
    case 'tags': {
      const changed = await details(ctx, client, await candidateList(ctx, client, since));
      const names = [...new Set(changed.flatMap((c) => c.tags ?? []))].sort();
      return { records: names.map((t) => ({ remote_id: t, name: t })) as Records<M>, next: null };
    }
    case 'rejection_reasons': {
      // A bare list in recorded answers; the docs only say "a collection", so a wrapped one is read too.
      const answer = (await client.json('GET', '/disqualification_reasons', z.union([z.array(reasonSchema), z.object({ disqualification_reasons: z.array(reasonSchema) })]))) ?? [];
      const reasons = Array.isArray(answer) ? answer : answer.disqualification_reasons;
      return { records: reasons.map(mapRejectionReason) as Records<M>, next: null };
    }
    case 'jobs': {
      // /jobs documents basic ISO 8601 or a Unix timestamp (not the extended form /candidates takes).
      const query: Query = { include_fields: 'description', ...(since === undefined ? {} : { updated_after: String(Math.floor(Date.parse(since) / 1000)) }) };
      const page = await client.page('/jobs', 'jobs', query, cursor.next, jobSchema);
      const jobs = await pLimit(PARALLEL).map(page.items, async (j) => mapJob(j, await stagesOfJob(ctx, client, j.shortcode)));
      return { records: jobs as Records<M>, next: nextUrl(page.next) };
    }
    case 'candidates': {
      const { people, index } = await peopleOf(ctx, client);
      const ids =
        since === undefined
          ? [...people.keys()]
          : [...new Set((await candidateList(ctx, client, since)).map((c) => index.get(c.id)).filter((p): p is string => p !== undefined))];
      ids.sort();
      const page = ids.slice(cursor.offset, cursor.offset + CHUNK);
      const records: Records<'candidates'> = [];
      for (const person of page) {
        const found = await details(ctx, client, people.get(person) ?? []);
        if (found.length > 0) records.push(mapCandidate(person, found));
      }
      return { records: records as Records<M>, next: cursor.offset + CHUNK < ids.length ? { v: 1, model, offset: cursor.offset + CHUNK } : null };
    }
    case 'applications': {
      const { chunk, next } = await chunkOf(ctx, client, model, cursor.offset, since);
      const { index } = await peopleOf(ctx, client);
      const found = await details(ctx, client, chunk);
      const apps = await pLimit(PARALLEL).map(found, async (c) => mapApplication(c, index.get(c.id) ?? c.id, c.job?.shortcode ? await stagesOfJob(ctx, client, c.job.shortcode) : undefined));
      return { records: apps as Records<M>, next };
    }
    case 'interviews': {
      const page = await tolerant(ctx, 'interviews (GET /events)', () => client.page('/events', 'events', { include_cancelled: true }, cursor.next, eventSchema), { items: [], next: null });
      return { records: page.items.filter((e) => e.candidate?.id).map(mapInterview) as Records<M>, next: nextUrl(page.next) };
    }
    case 'offers': {
      const { chunk, next } = await chunkOf(ctx, client, model, cursor.offset, since);
      const offers = await pLimit(PARALLEL).map(chunk.filter(mayHaveOffer), async (c) => {
        const offer = await tolerant(ctx, 'offers (GET /candidates/:id/offer)', () => client.json('GET', `/candidates/${encodeURIComponent(c.id)}/offer`, offerSchema, { allowNotFound: true }), null);
        return offer ? mapOffer(offer, c.id) : null;
      });
      return { records: offers.filter((o) => o !== null) as Records<M>, next };
    }
    case 'attachments': {
      const { chunk, next } = await chunkOf(ctx, client, model, cursor.offset, since);
      const { index } = await peopleOf(ctx, client);
      const files = await pLimit(PARALLEL).map(chunk, async (c) => {
        const listed = await client.json('GET', `/candidates/${encodeURIComponent(c.id)}/files`, z.object({ files: z.array(fileSchema) }), { allowNotFound: true });
        return mapFiles(c, index.get(c.id) ?? c.id, listed?.files ?? []);
      });
      return { records: files.flat() as Records<M>, next };
    }
    default:
      throw new VendorError('REMOTE.INPUT_INVALID', `The Workable connector has no model "${String(model)}".`);
  }
}

export async function listWorkable<M extends SourceModel>(ctx: ConnectorContext, model: M, options: ListOptions): Promise<Page<M>> {
  ctx.signal?.throwIfAborted();
  const client = new WorkableClient(ctx);
  client.checkCredentials();
  const result = await slice(ctx, client, model, decode(options.cursor, model), sinceOf(options.since));
  return { records: result.records, next: result.next === null ? null : cursors.encode(result.next) };
}

/** Checks the token and the subdomain with one candidate read. */
export async function verifyWorkable(ctx: ConnectorContext): Promise<void> {
  const client = new WorkableClient(ctx);
  client.checkCredentials();
  try {
    await client.send('GET', '/candidates', { query: { limit: 1 } }).then((res) => res?.body?.cancel());
  } catch (err) {
    if (err instanceof AppError && err.code === 'REMOTE.INPUT_INVALID') {
      throw new VendorAuthError(`Workable has no account at this subdomain or base URL (${client.base}): ${err.message}`);
    }
    throw err;
  }
}

/** An attachment's bytes: the candidate's files are listed again for a fresh pre-signed link. */
export async function downloadWorkable(ctx: ConnectorContext, attachment: { remote_id: string; candidate_remote_id: string }) {
  const client = new WorkableClient(ctx);
  client.checkCredentials();
  const candidateId = attachment.remote_id.split(':')[0] ?? '';
  const listed = await client.json('GET', `/candidates/${encodeURIComponent(candidateId)}/files`, z.object({ files: z.array(fileSchema) }), { allowNotFound: true });
  const files = listed?.files ?? [];
  const i = fileRemoteIds(candidateId, files).indexOf(attachment.remote_id);
  const url = files[i]?.preview_url;
  if (!url) throw new VendorError('REMOTE.INPUT_INVALID', `Workable has no file "${attachment.remote_id}".`, { vendorStatus: 404 });
  const file = await client.download(url);
  return { contentType: file.contentType ?? 'application/octet-stream', body: file.body };
}
