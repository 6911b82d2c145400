/**
 * Teamtailor emulator: the public API v1 (JSON:API) over a seeded in-memory account. Routes follow
 * Teamtailor's API documentation (docs.teamtailor.com; see README.md): lists with
 * `page[number]`/`page[size]` (default 10, at most 30), `links.next` and `meta.record-count`/
 * `page-count`, `filter[...]`, `sort`, `include=`, related-resource routes, and the writes in
 * `writes.ts`. Admin routes under `/__admin` change the account behind the connector's back.
 */
import { Hono, type Context } from 'hono';
import type { Emulator, EmulatorOptions } from '../shared/emulator.js';
import { faultInjection, Faults, registerFaultAdmin } from '../shared/faults.js';
import { registerWebhookAdmin, WebhookSender } from '../shared/webhook-sender.js';
import { allowed, apiError, jsonApi, keyCheck, keyOf, versionCheck, windowLimit } from './http.js';
import { isType, Serializer, TYPES, type Resource, type TypeName } from './serialize.js';
import { TeamtailorState, type TtKey, type TtUpload } from './state.js';
import { registerCompanyWebhookAdmin, TeamtailorWebhooks, teamtailorWebhookMiddleware } from './webhooks.js';
import { registerWrites } from './writes.js';

export const TEAMTAILOR_KEY = 'tt-admin-read-write';
/** Keys a test can use to see scope and permission refusals. */
export const TEAMTAILOR_KEYS: Readonly<Record<string, TtKey>> = {
  [TEAMTAILOR_KEY]: { scope: 'admin', permission: 'read-write' },
  'tt-admin-read': { scope: 'admin', permission: 'read' },
  'tt-public-read': { scope: 'public', permission: 'read' },
};
export const MAX_PAGE_SIZE = 30;
/** Signed file links stay valid this long (Teamtailor's S3 links last about a minute). */
const SIGNED_MS = 60_000;

export interface TeamtailorEmulator extends Emulator {
  state: TeamtailorState;
  webhooks: WebhookSender;
  /** The company webhooks an admin added (Settings → Integrations → Webhooks). */
  companyWebhooks: TeamtailorWebhooks;
}

export interface TeamtailorEmulatorOptions extends EmulatorOptions {
  /** Requests per 10 s per key (default 50, or ten times `rateLimitPerSecond`). */
  requestsPer10s?: number;
}

type Row = { id: string } & Record<string, unknown>;

const inRange = (value: unknown, from: string | undefined, to: string | undefined) => {
  if (typeof value !== 'string') return !from && !to;
  const t = Date.parse(value);
  return (!from || t >= Date.parse(from)) && (!to || t <= Date.parse(to));
};

/** The documented filters of each list (others are ignored, as Teamtailor ignores unknown ones). */
function filtered(type: TypeName, rows: readonly Row[], q: (name: string) => string | undefined, state: TeamtailorState): Row[] {
  const range = (attr: string, field: string) => (r: Row) => inRange(r[field], q(`filter[${attr}][from]`), q(`filter[${attr}][to]`));
  let out = [...rows];
  if (type === 'candidates' || type === 'job-applications') out = out.filter(range('updated-at', 'updatedAt')).filter(range('created-at', 'createdAt'));
  if (type === 'job-applications') {
    out = out.filter(range('changed-stage-at', 'changedStageAt'));
    const stageType = q('filter[stage-type]')?.toLowerCase();
    if (stageType) out = out.filter((r) => state.stage(String(r['stageId']))?.stageType.toLowerCase() === stageType);
  }
  const email = q('filter[email]')?.toLowerCase();
  if (email && (type === 'candidates' || type === 'users')) out = out.filter((r) => String(r['email']).toLowerCase() === email);
  if (type === 'jobs') {
    // Unfiltered, Teamtailor lists the published jobs of the public feed only.
    const status = q('filter[status]') ?? 'published';
    const statusOf: Record<string, string> = { open: 'published', draft: 'draft', archived: 'archived', unlisted: 'unlisted' };
    if (status !== 'all') out = out.filter((r) => statusOf[String(r['status'])] === status);
    const feed = q('filter[feed]') ?? 'public';
    if (feed === 'public') out = out.filter((r) => r['internal'] === false);
    if (feed === 'internal') out = out.filter((r) => r['internal'] === true);
  }
  if (type === 'uploads' && q('filter[job]')) out = out.filter((r) => r['jobId'] === q('filter[job]'));
  if (type === 'partner-results' && q('filter[candidate]')) out = out.filter((r) => r['candidateId'] === q('filter[candidate]'));
  return out;
}

function sorted(rows: Row[], sort: string | undefined): Row[] {
  const key = (sort ?? 'id').replace(/^-/, '');
  const field = key === 'id' ? 'id' : key.replace(/[-_]([a-z])/g, (_, ch: string) => ch.toUpperCase());
  const dir = sort?.startsWith('-') ? -1 : 1;
  const value = (r: Row) => (field === 'id' ? Number(r.id) : r[field]);
  return rows.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return (x === y ? 0 : String(x) < String(y) || (typeof x === 'number' && typeof y === 'number' && x < y) ? -1 : 1) * dir;
  });
}

export function createTeamtailorEmulator(options: TeamtailorEmulatorOptions): TeamtailorEmulator {
  const now = options.now ?? Date.now;
  const state = TeamtailorState.seeded(options.seed, options.size, now);
  const faults = new Faults();
  const app = new Hono();
  const keys = new Map(Object.entries(TEAMTAILOR_KEYS));
  // Teamtailor counts per 10 s window; a per-second rate from the shared options becomes its window.
  const rps = options.rateLimitPerSecond;
  const perWindow = rps === Infinity ? Infinity : (options.requestsPer10s ?? (rps === undefined ? 50 : Math.max(1, Math.round(rps * 10))));

  const signed = (origin: string) => (u: TtUpload) => u.url ?? `${origin}/__files/uploads/${u.id}?X-Amz-Expires=60&expires=${now() + SIGNED_MS}`;
  const serializer = (c: Context) => {
    const origin = new URL(c.req.url).origin;
    return new Serializer(state, `${origin}/v1`, signed(origin));
  };
  const includes = (c: Context) => (c.req.query('include') ?? '').split(',').map((s) => s.trim()).filter(Boolean);

  /** A compound document of one resource or a list. */
  const document = (c: Context, type: TypeName, records: readonly Row[] | Row, extra: Record<string, unknown> = {}, status = 200) => {
    const included = new Map<string, Resource>();
    const s = serializer(c);
    const inc = includes(c);
    const data = Array.isArray(records) ? records.map((r) => s.resource(type, r, inc, included)) : s.resource(type, records as Row, inc, included);
    return jsonApi(c, status, { data, ...(included.size ? { included: [...included.values()] } : {}), ...extra });
  };
  const single = (c: Context, type: TypeName, record: Row, status = 200) => document(c, type, record, {}, status);

  /** One page of a list, with links that keep every other parameter. */
  const page = (c: Context, type: TypeName, rows: Row[]) => {
    const url = new URL(c.req.url);
    const number = Number(c.req.query('page[number]') ?? '1');
    const size = Number(c.req.query('page[size]') ?? '10');
    if (!Number.isInteger(number) || number < 1 || !Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      return apiError(c, 400, 'Invalid page value', `page[size] must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    const list = sorted(rows, c.req.query('sort'));
    const pages = Math.max(1, Math.ceil(list.length / size));
    const link = (n: number) => {
      const u = new URL(url);
      u.searchParams.set('page[number]', String(n));
      u.searchParams.set('page[size]', String(size));
      return u.toString();
    };
    const links: Record<string, string> = { first: link(1), last: link(pages) };
    if (number > 1) links['prev'] = link(number - 1);
    if (number < pages) links['next'] = link(number + 1);
    return document(c, type, list.slice((number - 1) * size, number * size), { meta: { 'record-count': list.length, 'page-count': pages }, links });
  };

  // Teamtailor documents no retries: a failed delivery is only logged.
  const sender = new WebhookSender({ retryDelaysMs: options.webhookRetryDelaysMs ?? [], now, ...(options.sleep ? { sleep: options.sleep } : {}) });
  const companyWebhooks = new TeamtailorWebhooks(sender, now);
  registerFaultAdmin(app, faults);
  registerWebhookAdmin(app, sender);
  registerCompanyWebhookAdmin(app, companyWebhooks);
  app.use('*', teamtailorWebhookMiddleware(state, companyWebhooks));
  registerAdmin(app, state);
  app.get('/__files/uploads/:id', (c) => {
    const upload = state.uploads.find((u) => u.id === c.req.param('id'));
    if (!upload || Number(c.req.query('expires') ?? '0') < now()) return c.text('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>', 403);
    return new Response(upload.content, { headers: { 'Content-Type': upload.fileName.endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream' } });
  });

  app.use('*', faultInjection(faults, (c, status, message) => apiError(c, status, message)));
  app.use('/v1/*', keyCheck(keys), versionCheck, windowLimit(perWindow, 10_000, now));
  app.use('/v1/:type/*', async (c, next) => (allowed(keyOf(c), c.req.param('type'), c.req.method) ? next() : apiError(c, 403, 'Forbidden', 'This API key lacks the scope or permission for this request')));
  app.use('/v1/:type', async (c, next) => (allowed(keyOf(c), c.req.param('type'), c.req.method) ? next() : apiError(c, 403, 'Forbidden', 'This API key lacks the scope or permission for this request')));

  registerWrites(app, state, single);

  app.get('/v1/:type', (c) => {
    const type = c.req.param('type');
    if (!isType(type)) return apiError(c, 404, 'Not found');
    return page(c, type, filtered(type, TYPES[type].all(state) as unknown as Row[], (n) => c.req.query(n), state));
  });
  app.get('/v1/:type/:id', (c) => {
    const type = c.req.param('type');
    const record = isType(type) ? (TYPES[type].all(state) as unknown as Row[]).find((r) => r.id === c.req.param('id')) : undefined;
    if (!record || !isType(type)) return apiError(c, 404, 'Record not found', `The record identified by ${c.req.param('id')} could not be found.`);
    return single(c, type, record);
  });
  // Related resources (`/jobs/{id}/stages`, `/candidates/{id}/job-applications`, …).
  app.get('/v1/:type/:id/:rel', (c) => {
    const type = c.req.param('type');
    const record = isType(type) ? (TYPES[type].all(state) as unknown as Row[]).find((r) => r.id === c.req.param('id')) : undefined;
    if (!record || !isType(type)) return apiError(c, 404, 'Record not found');
    const s = serializer(c);
    const linkage = s.resource(type, record, [c.req.param('rel')], new Map()).relationships[c.req.param('rel')]?.data;
    if (linkage === undefined) return apiError(c, 404, 'Not found');
    const targets = (Array.isArray(linkage) ? linkage : linkage ? [linkage] : []).map((l) => ({ l, r: isType(l.type) ? (TYPES[l.type].all(state) as unknown as Row[]).find((x) => x.id === l.id) : undefined }));
    const relType = targets[0]?.l.type;
    if (!Array.isArray(linkage)) {
      const one = targets[0];
      return one?.r && relType && isType(relType) ? single(c, relType, one.r) : jsonApi(c, 200, { data: null });
    }
    if (!relType || !isType(relType)) return jsonApi(c, 200, { data: [], meta: { 'record-count': 0, 'page-count': 1 }, links: {} });
    return page(c, relType, targets.flatMap((t) => (t.r ? [t.r] : [])));
  });
  app.all('/v1/*', (c) => apiError(c, 404, 'Not found'));

  return { name: 'teamtailor', app, faults, state, credentials: { api_key: TEAMTAILOR_KEY }, webhooks: sender, companyWebhooks };
}

/** Changes behind the connector's back: an update that moves `updated-at`, deletions. */
function registerAdmin(app: Hono, state: TeamtailorState): void {
  app.post('/__admin/candidates/:id/update', async (c) => {
    const found = state.candidate(c.req.param('id'));
    if (!found) return c.json({ error: 'no such candidate' }, 404);
    const body = (await c.req.json().catch(() => ({}))) as { tags?: string[]; first_name?: string };
    if (body.tags) found.tags = body.tags;
    if (body.first_name) found.firstName = body.first_name;
    found.updatedAt = state.stamp();
    return c.json({ ok: true });
  });
  // With `stage_id`, a move to that stage of the application's job (as a recruiter drags it); else a cover letter edit.
  app.post('/__admin/job-applications/:id/update', async (c) => {
    const found = state.application(c.req.param('id'));
    if (!found) return c.json({ error: 'no such application' }, 404);
    const body = (await c.req.json().catch(() => ({}))) as { stage_id?: string };
    const t = state.stamp();
    if (body.stage_id !== undefined) {
      if (state.stage(body.stage_id)?.jobId !== found.jobId) return c.json({ error: 'not a stage of the application’s job' }, 422);
      if (body.stage_id !== found.stageId) found.changedStageAt = t;
      found.stageId = body.stage_id;
    } else found.coverLetter = `${found.coverLetter ?? ''} (updated)`;
    found.updatedAt = t;
    return c.json({ ok: true });
  });
  app.post('/__admin/jobs/:id/update', async (c) => {
    const found = state.job(c.req.param('id'));
    if (!found) return c.json({ error: 'no such job' }, 404);
    const body = (await c.req.json().catch(() => ({}))) as { title?: string };
    found.title = body.title ?? `${found.title} (updated)`;
    found.updatedAt = state.stamp();
    return c.json({ ok: true });
  });
  // What a registered partner's result would add (the public API only reads partner results).
  app.post('/__admin/partner-results', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { candidate_id?: string; url?: string; summary?: string; score?: number };
    if (!body.candidate_id || !state.candidate(body.candidate_id)) return c.json({ error: 'no such candidate' }, 404);
    const result = { id: `pr-${state.id()}`, candidateId: body.candidate_id, jobId: null, partnerName: 'Assessly', status: 'completed', summary: body.summary ?? '', score: body.score ?? null, url: body.url ?? 'https://assessly.example/r', createdAt: state.stamp() };
    state.partnerResults.push(result);
    return c.json({ id: result.id }, 201);
  });
  app.delete('/__admin/candidates/:id', (c) => {
    state.deleteCandidate(c.req.param('id'));
    return c.json({ ok: true });
  });
  app.delete('/__admin/job-applications/:id', (c) => {
    state.applications = state.applications.filter((a) => a.id !== c.req.param('id'));
    return c.json({ ok: true });
  });
  app.delete('/__admin/jobs/:id', (c) => {
    state.jobs = state.jobs.filter((j) => j.id !== c.req.param('id'));
    return c.json({ ok: true });
  });
}
