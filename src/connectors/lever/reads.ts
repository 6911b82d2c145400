/**
 * Listing Lever for the sync engine. Every model pages through one Lever list; the connector
 * cursor wraps Lever's `next` token. Opportunity-based models (candidates, applications and the
 * opportunity children) page through `GET /opportunities` and, with `since`, only through the
 * opportunities updated since then (`updated_at_start`, epoch ms). Lists that do not filter by
 * update time (users, postings, tags, ...) are small and listed whole in every run.
 *
 * Per sync run (one context object) the global stages, the archive reasons and whether the
 * credentials may read confidential records are asked once.
 */
import pLimit from 'p-limit';
import { z } from 'zod';
import { AppError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext, ListOptions, Page } from '../connector.js';
import { listingCursor } from '../kit/cursor.js';
import { runMemo } from '../kit/run-memo.js';
import type { SourceAttachment, SourceExtras, SourceModel, SourceRecordMap, SourceStage } from '../source-records.js';

/** A mapped record with the raw Lever object it came from (`remote_data`, integration fields). */
export const withRaw = <T extends SourceExtras>(record: T, raw: object): T => ({ ...record, remote_data: { ...raw } });
import { LeverClient, type Query } from './client.js';
import {
  byContact,
  contactIdOf,
  mapApplication,
  mapCandidate,
  mapFile,
  mapInterview,
  mapJob,
  mapOffer,
  mapRejectionReasons,
  mapResume,
  mapRoles,
  mapStages,
  mapTag,
  mapUser,
  type ReasonsById,
} from './mapping.js';
import {
  archiveReasonSchema,
  deletedOpportunitySchema,
  fileSchema,
  interviewSchema,
  labelSchema,
  offerSchema,
  opportunitySchema,
  postingSchema,
  resumeSchema,
  stageSchema,
  userSchema,
  type LeverOpportunity,
} from './vendor-schemas.js';

/** Requests in flight for one page's per-opportunity children (the polite fetch caps the rate). */
const CHILD_CONCURRENCY = 4;
/** Contact ids per `contact_id=` lookup (keeps URLs short). */
const CONTACT_CHUNK = 40;

/** Asked once per sync run (see `runMemo`). */
const stagesMemo = runMemo<SourceStage[]>();
const reasonsMemo = runMemo<ReasonsById>();
const confidentialMemo = runMemo<boolean>();

const msOf = (iso: string | undefined): number | undefined => {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new VendorError('REMOTE.INPUT_INVALID', `Invalid incremental start "${iso}".`);
  return t;
};

/**
 * `confidentiality=all` when the credentials may read confidential records (Lever answers 403
 * to keys without that access), else Lever's default (non-confidential only).
 */
export async function confidentiality(ctx: ConnectorContext, client: LeverClient): Promise<Query> {
  const all = await confidentialMemo(ctx, '', () =>
    client.page('/opportunities', { confidentiality: 'all' }, null, opportunitySchema, { limit: 1 }).then(
      () => true,
      (err: unknown) => {
        if (err instanceof AppError && err.code === 'INTEGRATION.PERMISSION_MISSING') {
          ctx.logger.info('the Lever credentials cannot read confidential data; confidential opportunities and postings are left out');
          return false;
        }
        throw err;
      },
    ),
  );
  return all ? { confidentiality: 'all' } : {};
}

export function stagesOf(ctx: ConnectorContext, client: LeverClient): Promise<SourceStage[]> {
  return stagesMemo(ctx, '', () => client.all('/stages', {}, stageSchema).then(mapStages));
}

/** Every archive reason (hired and non-hired, active and inactive) by id. */
export function reasonsOf(ctx: ConnectorContext, client: LeverClient): Promise<ReasonsById> {
  return reasonsMemo(ctx, '', () => client.all('/archive_reasons', {}, archiveReasonSchema).then((list) => new Map(list.map((r) => [r.id, r]))));
}

/** Every opportunity of the given contacts (one lookup per chunk of contacts). */
export async function opportunitiesOfContacts(ctx: ConnectorContext, client: LeverClient, contactIds: readonly string[]): Promise<LeverOpportunity[]> {
  const conf = await confidentiality(ctx, client);
  const out: LeverOpportunity[] = [];
  for (let i = 0; i < contactIds.length; i += CONTACT_CHUNK) {
    const chunk = contactIds.slice(i, i + CONTACT_CHUNK);
    out.push(...(await client.all('/opportunities', { ...conf, contact_id: chunk, expand: 'applications' }, opportunitySchema)));
  }
  return out;
}

/** The connector cursor: Lever's `next` token for one model's listing. */
const cursors = listingCursor('Lever', z.object({ v: z.literal(1), model: z.string(), offset: z.string() }), (c) => c.model);

type Records<M extends SourceModel> = SourceRecordMap[M][];

/** One page of Lever records, mapped; `next` is Lever's token. */
interface Slice<M extends SourceModel> {
  records: Records<M>;
  next: string | null;
}

async function opportunityPage(ctx: ConnectorContext, client: LeverClient, offset: string | null, since: number | undefined, expand: boolean) {
  const query: Query = { ...(await confidentiality(ctx, client)), ...(expand ? { expand: 'applications' } : {}), ...(since === undefined ? {} : { updated_at_start: since }) };
  const page = await client.page('/opportunities', query, offset, opportunitySchema);
  return page ?? { items: [], next: null };
}

/**
 * Candidates: each contact on the page, merged from all its opportunities. A full walk emits a
 * contact on the page holding its newest opportunity (so once, whatever page its others are on);
 * a delta walk emits every contact whose opportunities changed.
 */
async function candidates(ctx: ConnectorContext, client: LeverClient, offset: string | null, since: number | undefined): Promise<Slice<'candidates'>> {
  const page = await opportunityPage(ctx, client, offset, since, true);
  const onPage = byContact(page.items);
  const all = byContact(await opportunitiesOfContacts(ctx, client, [...onPage.keys()]));
  const records: Records<'candidates'> = [];
  for (const [contactId, listed] of onPage) {
    const opportunities = [...(all.get(contactId) ?? []), ...listed.filter((o) => !all.get(contactId)?.some((x) => x.id === o.id))];
    const newest = Math.max(...opportunities.map((o) => o.createdAt));
    if (since === undefined && !listed.some((o) => o.createdAt === newest)) continue;
    records.push(candidateOf(opportunities));
  }
  return { records, next: page.next };
}

/** A contact as a candidate, from all its opportunities. */
export function candidateOf(opportunities: readonly LeverOpportunity[]): SourceRecordMap['candidates'] {
  const newest = Math.max(...opportunities.map((o) => o.createdAt));
  // remote_data: the contact's newest opportunity (Lever has no candidate object of its own).
  const latest = opportunities.find((o) => o.createdAt === newest);
  return latest ? withRaw(mapCandidate(opportunities), latest) : mapCandidate(opportunities);
}

export type ChildModel = 'interviews' | 'offers' | 'attachments';

export async function childrenOf<M extends ChildModel>(client: LeverClient, model: M, o: LeverOpportunity): Promise<Records<M>> {
  const base = `/opportunities/${encodeURIComponent(o.id)}`;
  const found = { allowNotFound: true };
  switch (model) {
    case 'interviews':
      return (await client.all(`${base}/interviews`, {}, interviewSchema, found)).map((i) => mapInterview(i, o.id)) as Records<M>;
    case 'offers':
      return (await client.all(`${base}/offers`, {}, offerSchema, found)).map((x) => mapOffer(x, o.id)) as Records<M>;
    default: {
      const contactId = contactIdOf(o);
      const resumes = (await client.all(`${base}/resumes`, {}, resumeSchema, found)).map((r) => mapResume(r, contactId, o.id));
      const files = (await client.all(`${base}/files`, {}, fileSchema, found)).map((f) => mapFile(f, contactId, o.id));
      return [...resumes, ...files] satisfies SourceAttachment[] as Records<M>;
    }
  }
}

async function slice<M extends SourceModel>(ctx: ConnectorContext, client: LeverClient, model: M, offset: string | null, since: number | undefined): Promise<Slice<M>> {
  const mapped = <T>(page: { items: T[]; next: string | null } | null, fn: (t: T) => SourceRecordMap[M]): Slice<M> => ({
    records: (page?.items ?? []).map(fn),
    next: page?.next ?? null,
  });
  switch (model) {
    case 'users':
      return mapped(await client.page('/users', { includeDeactivated: true }, offset, userSchema), (u) => mapUser(u) as SourceRecordMap[M]);
    case 'roles':
      return { records: mapRoles() as Records<M>, next: null };
    case 'tags':
      return mapped(await client.page('/tags', {}, offset, labelSchema), (t) => mapTag(t) as SourceRecordMap[M]);
    case 'rejection_reasons': {
      const page = await client.page('/archive_reasons', {}, offset, archiveReasonSchema);
      return { records: mapRejectionReasons(page?.items ?? []) as Records<M>, next: page?.next ?? null };
    }
    case 'jobs': {
      const stages = await stagesOf(ctx, client);
      const page = await client.page('/postings', await confidentiality(ctx, client), offset, postingSchema);
      return mapped(page, (p) => withRaw(mapJob(p, stages), p) as SourceRecordMap[M]);
    }
    case 'candidates':
      return (await candidates(ctx, client, offset, since)) as Slice<M>;
    case 'applications': {
      const page = await opportunityPage(ctx, client, offset, since, true);
      const reasons = await reasonsOf(ctx, client);
      return mapped(page, (o) => withRaw(mapApplication(o, reasons), o) as SourceRecordMap[M]);
    }
    case 'interviews':
    case 'offers':
    case 'attachments': {
      const page = await opportunityPage(ctx, client, offset, since, false);
      const children = await pLimit(CHILD_CONCURRENCY).map(page.items, (o) => childrenOf(client, model as ChildModel, o));
      return { records: children.flat() as Records<M>, next: page.next };
    }
    default:
      throw new VendorError('REMOTE.INPUT_INVALID', `The Lever connector has no model "${String(model)}".`);
  }
}

export async function listLever<M extends SourceModel>(ctx: ConnectorContext, model: M, options: ListOptions): Promise<Page<M>> {
  ctx.signal?.throwIfAborted();
  const client = new LeverClient(ctx);
  client.checkCredentials();
  const offset = options.cursor === null ? null : cursors.decode(options.cursor, model).offset;
  const result = await slice(ctx, client, model, offset, msOf(options.since));
  return { records: result.records, next: result.next === null ? null : cursors.encode({ v: 1, model, offset: result.next }) };
}

/** Opportunities deleted since an instant: their applications (Lever reports nothing finer). */
export async function listDeletedLever(ctx: ConnectorContext, since: string): Promise<Array<{ model: SourceModel; remote_id: string }>> {
  const client = new LeverClient(ctx);
  client.checkCredentials();
  const deleted = await client.all('/opportunities/deleted', { deleted_at_start: msOf(since) }, deletedOpportunitySchema);
  return deleted.map((d) => ({ model: 'applications', remote_id: d.id }));
}

/**
 * An attachment's bytes. Files hang off opportunities and we only know the person, so each of
 * their opportunities is tried (résumés first, then files).
 */
export async function downloadLever(ctx: ConnectorContext, attachment: { remote_id: string; candidate_remote_id: string }) {
  const client = new LeverClient(ctx);
  client.checkCredentials();
  const opportunities = await opportunitiesOfContacts(ctx, client, [attachment.candidate_remote_id]);
  const id = encodeURIComponent(attachment.remote_id);
  for (const o of opportunities) {
    const base = `/opportunities/${encodeURIComponent(o.id)}`;
    for (const kind of ['resumes', 'files']) {
      const file = await client.download(`${base}/${kind}/${id}/download`);
      if (file) return { contentType: file.contentType ?? 'application/octet-stream', body: file.body };
    }
  }
  throw new VendorError('REMOTE.INPUT_INVALID', `Lever has no file "${attachment.remote_id}" on the opportunities of contact "${attachment.candidate_remote_id}".`, { vendorStatus: 404 });
}
