/**
 * Listing Personio (v2 recruiting API) for the sync engine.
 *
 * - jobs: `GET /v2/recruiting/jobs` (all pages), their stages from `GET /v2/recruiting/categories`;
 *   listed whole on every sync (a company has few), so a delta sees status changes too;
 * - candidates and applications: cursor pages of `GET /v2/recruiting/candidates` and
 *   `/applications`, newest update first; a delta sends `updated_at.gt=<since>` (documented for both,
 *   and exclusive with `updated_at.lt`, which is never sent). A declined application's rejection
 *   time comes from its `stage-transitions` (newest first);
 * - users: the people on the jobs' hiring teams, named from `GET /v2/persons` when the credentials
 *   carry the persons scope (else listed by id alone, so hiring teams still resolve).
 * Personio reports no deletions: full syncs find them by absence. Files cannot be read through the
 * API, so there are no attachments to list or download.
 */
import pLimit from 'p-limit';
import { z } from 'zod';
import { AppError, VendorAuthError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext, ListOptions, Page } from '../connector.js';
import { listingCursor } from '../kit/cursor.js';
import { optionalRead } from '../kit/optional-read.js';
import { runMemo } from '../kit/run-memo.js';
import type { SourceModel, SourceRecordMap } from '../source-records.js';
import { PAGE_LIMIT, PERSONIO, PERSONS_LIMIT, PersonioClient } from './client.js';
import { instant, isDeclined, mapApplication, mapCandidate, mapJob, mapUser } from './mapping.js';
import {
  applicationSchema,
  candidateSchema,
  categorySchema,
  jobSchema,
  personSchema,
  transitionSchema,
  type PersonioApplication,
  type PersonioCategory,
  type PersonioJob,
} from './vendor-schemas.js';

/** Parallel per-record requests (the polite fetch holds the rate). */
const PARALLEL = 2;

const jobsMemo = runMemo<PersonioJob[]>();
const categoriesMemo = runMemo<Map<string, PersonioCategory>>();

export const jobsOf = (ctx: ConnectorContext, client: PersonioClient): Promise<PersonioJob[]> =>
  jobsMemo(ctx, '', () => client.all('/v2/recruiting/jobs', jobSchema, { limit: PAGE_LIMIT }));

/** Category id → category (with its custom phases). */
export const categoriesOf = (ctx: ConnectorContext, client: PersonioClient): Promise<Map<string, PersonioCategory>> =>
  categoriesMemo(ctx, '', async () => new Map((await client.all('/v2/recruiting/categories', categorySchema, { limit: PAGE_LIMIT })).map((c) => [c.id, c])));

export const categoryOfJob = (job: PersonioJob, categories: ReadonlyMap<string, PersonioCategory>): PersonioCategory | undefined =>
  job.category?.id ? categories.get(job.category.id) : undefined;

/** The connector cursor: the `next` link Personio handed out for the model's listing. */
const cursors = listingCursor(PERSONIO, z.object({ v: z.literal(1), model: z.string(), next: z.string().min(1) }), (c) => c.model);

function sinceOf(since: string | undefined): string | undefined {
  if (since === undefined) return undefined;
  const t = Date.parse(since);
  if (Number.isNaN(t)) throw new VendorError('REMOTE.INPUT_INVALID', `Invalid incremental start "${since}".`);
  return new Date(t).toISOString();
}

/** When a declined application entered its closing phase: the newest transition into `rejected`/`withdrawn`. */
async function rejectedAt(client: PersonioClient, app: PersonioApplication): Promise<string | null> {
  const page = await client.page(`/v2/recruiting/applications/${encodeURIComponent(app.id)}/stage-transitions`, transitionSchema, null, { limit: PAGE_LIMIT });
  const closing = page.items.find((t) => ['rejected', 'withdrawn'].includes(t.stage?.kind?.toLowerCase() ?? ''));
  return closing ? instant(closing.entered_at) : null;
}

export async function mapApplications(client: PersonioClient, apps: readonly PersonioApplication[]) {
  return pLimit(PARALLEL).map(apps, async (a) => mapApplication(a, isDeclined(a) ? await optionalRead(client.ctx, PERSONIO, 'stage transitions', () => rejectedAt(client, a), null) : null));
}

type Records<M extends SourceModel> = SourceRecordMap[M][];

async function users(ctx: ConnectorContext, client: PersonioClient) {
  const ids = [...new Set((await jobsOf(ctx, client)).flatMap((j) => (j.hiring_team ?? []).map((m) => m.id)))];
  const persons = await optionalRead(ctx, PERSONIO, 'persons (personio:persons:read)', () => client.all('/v2/persons', personSchema, { limit: PERSONS_LIMIT }), []);
  const byId = new Map(persons.map((p) => [p.id, p]));
  return ids.map((id) => mapUser(id, byId.get(id)));
}

export async function listPersonio<M extends SourceModel>(ctx: ConnectorContext, model: M, options: ListOptions): Promise<Page<M>> {
  ctx.signal?.throwIfAborted();
  const client = new PersonioClient(ctx);
  client.checkCredentials();
  const whole = (records: unknown[]): Page<M> => ({ records: records as Records<M>, next: null });
  switch (model) {
    case 'users':
      return whole(await users(ctx, client));
    case 'jobs': {
      const categories = await categoriesOf(ctx, client);
      return whole((await jobsOf(ctx, client)).map((j) => mapJob(j, categoryOfJob(j, categories))));
    }
    case 'candidates':
    case 'applications': {
      const next = options.cursor === null ? null : cursors.decode(options.cursor, model).next;
      const since = sinceOf(options.since);
      const query = { limit: PAGE_LIMIT, ...(since ? { 'updated_at.gt': since } : {}) };
      const page =
        model === 'candidates'
          ? await client.page('/v2/recruiting/candidates', candidateSchema, next, query).then((p) => ({ next: p.next, records: p.items.map(mapCandidate) }))
          : await client.page('/v2/recruiting/applications', applicationSchema, next, query).then(async (p) => ({ next: p.next, records: await mapApplications(client, p.items) }));
      const records = page.records;
      return { records: records as Records<M>, next: page.next === null ? null : cursors.encode({ v: 1, model, next: page.next }) };
    }
    default:
      throw new VendorError('REMOTE.INPUT_INVALID', `The Personio connector has no model "${String(model)}".`);
  }
}

/** Gets a token and reads one job: bad client credentials and a missing recruiting scope both fail here. */
export async function verifyPersonio(ctx: ConnectorContext): Promise<void> {
  const client = new PersonioClient(ctx);
  client.checkCredentials();
  try {
    await client.page('/v2/recruiting/jobs', jobSchema, null, { limit: 1 });
  } catch (err) {
    if (err instanceof AppError && err.code === 'INTEGRATION.PERMISSION_MISSING') {
      throw new VendorAuthError(`The Personio API credentials lack the personio:recruiting:read scope: ${err.message}`);
    }
    throw err;
  }
}

/** Personio's API serves no candidate files (documented), so nothing is ever listed to download. */
export function downloadPersonio(): Promise<never> {
  return Promise.reject(new VendorError('REMOTE.INPUT_INVALID', "Personio's API does not serve candidate files, so none can be downloaded."));
}
