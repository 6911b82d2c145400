/**
 * Emulator of Personio's recruiting APIs on `https://api.personio.de`, written from Personio's
 * developer hub (developer.personio.de: the v2 token endpoint, the v2 recruiting reference, the
 * Recruiting API's required headers and rate limit) and the public `personio/api-docs` OpenAPI
 * files (v1 Recruiting API: documents, applications, error reasons; the v2 error object), with
 * `shared/reference/vendors/personio.md` where they say nothing (see README.md, route by route).
 *
 * - v2 (reads): `POST /v2/auth/token` (form-encoded client credentials → expiring Bearer token),
 *   `/v2/recruiting/{applications,candidates,jobs,categories}[/{id}]`, stage transitions, and
 *   `/v2/persons` (the people on hiring teams, with the `personio:persons:read` scope).
 * - v1 Recruiting API (the one write path): `POST /v1/recruiting/applications/documents` and
 *   `POST /v1/recruiting/applications`, with `Authorization: Bearer <recruiting key>` + `X-Company-ID`.
 * - `/xml?language=…`: the public positions feed. `/__admin/…` drives it from tests.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { Emulator, EmulatorFactory, EmulatorOptions } from '../shared/emulator.js';
import { Faults, faultInjection, registerFaultAdmin } from '../shared/faults.js';
import { positionsFeed, recruitingApi } from './recruiting-v1.js';
import { PersonioState, type PApplication, type PCandidate, type PCategory, type PJob, type PPerson, type PStage } from './state.js';

export interface PersonioEmulatorOptions extends EmulatorOptions {
  companyId?: number;
  /** Lifetime of v2 access tokens in seconds (Personio does not publish one; default 3600). */
  tokenTtlSeconds?: number;
  /** Scopes the API credentials were created with (default: recruiting read and persons read). */
  scopes?: readonly string[];
  /** v2 requests per 60 s window per token (unpublished; default 60 × `rateLimitPerSecond`, or 600). */
  requestsPerMinute?: number;
  /** `object` (default): `{"date-time": local, "timezone"}` as clients observe; `iso`: plain ISO-8601 strings. */
  timestamps?: 'object' | 'iso';
  /** Largest document upload in bytes (documented: 20 MB). */
  maxUploadBytes?: number;
}

export interface PersonioEmulator extends Emulator {
  state: PersonioState;
  /** Switches of the company's features (the v1 Recruiting API answers 403 without them). */
  features: { recruiting: boolean; publicApi: boolean };
}

export const RECRUITING_READ = 'personio:recruiting:read';
export const PERSONS_READ = 'personio:persons:read';
const TIMEZONE = 'Europe/Berlin';
const ERRORS_DOC = 'https://developer.personio.de/reference/errors';

class V2Error extends Error {
  constructor(readonly status: number, readonly title: string, readonly detail: string, readonly code: string) {
    super(detail);
  }
}

/** The v2 error object (`ErrorResponse` in common-components-v2.json; the hub's examples say `trace_id`). */
export function v2Error(c: Context, status: number, title: string, detail: string, code = 'common.unknown_error', at = Date.now()): Response {
  const trace = randomUUID();
  return c.json({ personio_trace_id: trace, trace_id: trace, timestamp: new Date(at).toISOString(), errors: [{ title, detail, type: `${ERRORS_DOC}#${code}`, _meta: { error_code: code } }] }, status as 400);
}



/** Local wall-clock time in `zone` for an instant, as `YYYY-MM-DDTHH:mm:ss`. */
function localTime(ms: number, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}`;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export const createPersonioEmulator = ((options: PersonioEmulatorOptions): PersonioEmulator => {
  const now = options.now ?? Date.now;
  const companyId = options.companyId ?? 123_456;
  const state = new PersonioState(companyId, options.seed, Math.max(0, Math.floor(options.size)), now);
  const clientId = `papi-client-${options.seed}`;
  const clientSecret = `papi-secret-${randomBytes(12).toString('hex')}`;
  const recruitingKey = `rk_${randomBytes(16).toString('hex')}`;
  const grantedScopes = new Set(options.scopes ?? [RECRUITING_READ, PERSONS_READ]);
  const ttl = options.tokenTtlSeconds ?? 3600;
  const unlimited = options.rateLimitPerSecond === Infinity;
  const perMinute = options.requestsPerMinute ?? (options.rateLimitPerSecond === undefined ? 600 : options.rateLimitPerSecond * 60);
  const maxUpload = options.maxUploadBytes ?? 20 * 1024 * 1024;
  const features = { recruiting: true, publicApi: true };
  const tokens = new Map<string, { expiresAt: number; scopes: Set<string> }>();
  const windows = new Map<string, { start: number; count: number }>();

  /** A fixed 60 s window per key; returns the seconds to wait when over `limit`, else 0. */
  const overLimit = (key: string, limit: number): number => {
    if (unlimited || !Number.isFinite(limit)) return 0;
    const t = now();
    let w = windows.get(key);
    if (!w || t >= w.start + 60_000) windows.set(key, (w = { start: t, count: 0 }));
    w.count++;
    return w.count > limit ? Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000)) : 0;
  };
  const throttled = (res: Response, seconds: number) => {
    res.headers.set('Retry-After', String(seconds));
    return res;
  };

  /** The v2 error envelope, stamped on the emulator's clock. */
  const fail = (c: Context, status: number, title: string, detail: string, code?: string) => v2Error(c, status, title, detail, code, now());

  const faults = new Faults();
  const app = new Hono();
  app.use('*', faultInjection(faults, (c, status, message) => fail(c, status, status === 429 ? 'Too many requests' : 'Internal server error', message)));
  registerFaultAdmin(app, faults);

  // --- rendering -----------------------------------------------------------------------------
  const time = (ms: number) => (options.timestamps === 'iso' ? new Date(ms).toISOString() : { 'date-time': localTime(ms, TIMEZONE), timezone: TIMEZONE });
  const phaseName = (job: PJob | undefined, id: number) => state.category(job?.category_id ?? null)?.phases.find((p) => p.id === id)?.name ?? null;
  const stageOut = (stage: PStage, job: PJob | undefined) =>
    stage.type === 'system' ? { id: null, kind: stage.kind, name: null, type: 'system' } : { id: String(stage.id), kind: 'custom', name: phaseName(job, stage.id), type: 'custom' };
  const categoryRef = (id: number | null) => {
    const cat = state.category(id);
    return cat ? { id: String(cat.id), name: cat.name } : null;
  };
  const jobOut = (j: PJob) => ({
    id: String(j.id), name: j.name, status: j.status, department: j.department ? { id: String(j.department.id), name: j.department.name } : null, category: categoryRef(j.category_id),
    office: { name: j.office }, employment_type: j.employment_type, hiring_team: j.hiring_team.map((m) => ({ id: String(m.id), role: m.role })), company: { id: String(companyId) },
    created_at: time(j.created_at), updated_at: time(j.updated_at),
  });
  const applicationOut = (a: PApplication) => {
    const cand = state.candidate(a.candidate_id);
    const job = state.job(a.job_id);
    const hidden = a.is_anonymized;
    return {
      id: a.id, application_date: a.application_date,
      candidate: { id: a.candidate_id, email: hidden ? null : (cand?.email ?? null), first_name: hidden ? null : (cand?.first_name ?? null), last_name: hidden ? null : (cand?.last_name ?? null) },
      job: { id: String(a.job_id), name: job?.name ?? null, ...(job?.department ? { department: { id: String(job.department.id), name: job.department.name } } : {}), category: categoryRef(job?.category_id ?? null) },
      current_stage: stageOut(a.stage, job), channel: a.channel ? { id: String(a.channel.id), name: a.channel.name } : null,
      hiring_team: (job?.hiring_team ?? []).map((m) => ({ id: String(m.id), role: m.role })), is_anonymized: a.is_anonymized,
      created_at: time(a.created_at), updated_at: time(a.updated_at),
    };
  };
  // Personio documents that custom attributes and tags are not returned: only the system fields are.
  const candidateOut = (c: PCandidate) => ({
    id: c.id, first_name: c.first_name, last_name: c.last_name, email: c.email, gender: c.gender, phone: c.phone, location: c.location, birthday: c.birthday,
    linkedin_profile: c.linkedin_profile, available_from: c.available_from, applications: state.applicationsOf(c.id).map((a) => ({ id: a.id, application_date: a.application_date })),
    created_at: time(c.created_at), updated_at: time(c.updated_at),
  });
  const categoryOut = (c: PCategory) => ({ id: String(c.id), name: c.name, stages: c.phases.map((p) => ({ id: String(p.id), name: p.name, position: p.position })), company: { id: String(c.company_id) } });
  const personOut = (p: PPerson) => ({ id: String(p.id), first_name: p.first_name, last_name: p.last_name, email: p.email, status: p.status, created_at: time(p.created_at), updated_at: time(p.updated_at) });

  // --- v2 paging -------------------------------------------------------------------------------
  interface Row { id: string; sort: number; out: () => unknown }
  /**
   * One cursor page of `rows` (already filtered), newest `sort` first, ties by id. The cursor is the
   * last row's position, so rows changing between pages neither repeat nor vanish from the walk;
   * `next` is the request's own URL with the new cursor (limit and filters kept), absent on the last page.
   */
  function page(c: Context, rows: Row[], maxLimit: number, defaultLimit: number) {
    const rawLimit = c.req.query('limit');
    const limit = rawLimit === undefined ? defaultLimit : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) throw new V2Error(400, 'Bad request', `limit must be an integer between 1 and ${maxLimit}.`, 'common.invalid_query_parameter');
    const sorted = [...rows].sort((a, b) => b.sort - a.sort || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    let start = 0;
    const cursor = c.req.query('cursor');
    if (cursor) {
      let at: { s: number; id: string };
      try {
        at = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { s: number; id: string };
        if (typeof at.s !== 'number' || typeof at.id !== 'string') throw new Error('shape');
      } catch {
        throw new V2Error(400, 'Bad request', 'The cursor is invalid.', 'common.invalid_cursor');
      }
      start = sorted.findIndex((r) => r.sort < at.s || (r.sort === at.s && r.id < at.id));
      if (start < 0) start = sorted.length;
    }
    const slice = sorted.slice(start, start + limit);
    const self = new URL(c.req.url);
    const links: Record<string, { href: string }> = { self: { href: self.toString() } };
    const last = slice[slice.length - 1];
    if (last && start + limit < sorted.length) {
      const next = new URL(c.req.url);
      next.searchParams.set('cursor', b64url({ s: last.sort, id: last.id }));
      links['next'] = { href: next.toString() };
    }
    return c.json({ _data: slice.map((r) => r.out()), _meta: { links } });
  }
  /** `updated_at.gt` / `updated_at.lt`: documented as mutually exclusive. */
  function updatedFilter(c: Context): (ms: number) => boolean {
    const gt = c.req.query('updated_at.gt');
    const lt = c.req.query('updated_at.lt');
    if (gt !== undefined && lt !== undefined) throw new V2Error(400, 'Bad request', 'updated_at.gt and updated_at.lt are mutually exclusive.', 'common.invalid_query_parameter');
    const raw = gt ?? lt;
    if (raw === undefined) return () => true;
    const at = Date.parse(raw);
    if (Number.isNaN(at)) throw new V2Error(400, 'Bad request', `updated_at must be a date-time, got "${raw}".`, 'common.invalid_query_parameter');
    return gt !== undefined ? (ms) => ms > at : (ms) => ms < at;
  }
  const single = (c: Context, found: unknown) => {
    if (found === undefined) throw new V2Error(404, 'Not found', 'The requested resource was not found.', 'common.requested_resource_not_found');
    return c.json({ _data: found, _meta: { links: { self: { href: c.req.url } } } });
  };

  // --- v2 auth -----------------------------------------------------------------------------------
  app.post('/v2/auth/token', async (c) => {
    const wait = overLimit(`auth:${c.req.header('x-forwarded-for') ?? 'local'}`, 150);
    if (wait) return throttled(fail(c, 429, 'Too many requests', 'The authentication endpoint allows 150 requests per minute.', 'common.rate_limit_exceeded'), wait);
    if (!(c.req.header('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
      return fail(c, 400, 'Bad request', 'The request must be application/x-www-form-urlencoded.', 'auth.invalid_request');
    }
    const form = new URLSearchParams(await c.req.text());
    if (!form.get('client_id') || !form.get('client_secret') || !form.get('grant_type')) return fail(c, 400, 'Bad request', 'client_id, client_secret and grant_type are required.', 'auth.invalid_request');
    if (form.get('grant_type') !== 'client_credentials') return fail(c, 400, 'Unsupported grant type', 'Only client_credentials is supported.', 'auth.unsupported_grant_type');
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) return fail(c, 401, 'Invalid credentials', 'The client credentials are invalid.', 'auth.invalid_client');
    const asked = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (asked.some((s) => !grantedScopes.has(s))) return fail(c, 400, 'Invalid scope', `The credentials lack a requested scope (${asked.join(' ')}).`, 'auth.invalid_scope');
    const scopes = new Set(asked.length ? asked : grantedScopes);
    const token = `eyJ${randomBytes(24).toString('base64url')}`;
    tokens.set(token, { expiresAt: now() + ttl * 1000, scopes });
    return c.json({ access_token: token, token_type: 'Bearer', expires_in: ttl, scope: [...scopes].join(' ') });
  });

  const v2 = new Hono();
  v2.use('*', async (c, next) => {
    const given = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim() ?? '';
    const token = tokens.get(given);
    if (!token || token.expiresAt <= now()) return fail(c, 401, 'Unauthorized', 'The access token is missing, invalid or expired.', 'common.unauthorized');
    const needed = c.req.path.startsWith('/v2/persons') ? PERSONS_READ : RECRUITING_READ;
    if (!token.scopes.has(needed)) return fail(c, 403, 'Forbidden', `The access token lacks the ${needed} scope.`, 'common.forbidden');
    const wait = overLimit(`v2:${given}`, perMinute);
    if (wait) return throttled(fail(c, 429, 'Too many requests', 'Rate limit exceeded.', 'common.rate_limit_exceeded'), wait);
    await next();
    return undefined;
  });
  v2.get('/recruiting/applications', (c) => {
    const updated = updatedFilter(c);
    const email = c.req.query('candidate.email')?.toLowerCase();
    const rows = state.applications
      .filter((a) => updated(a.updated_at) && (email === undefined || state.candidate(a.candidate_id)?.email.toLowerCase() === email))
      .map((a) => ({ id: a.id, sort: a.updated_at, out: () => applicationOut(a) }));
    return page(c, rows, 200, 100);
  });
  v2.get('/recruiting/applications/:id', (c) => {
    const a = state.application(c.req.param('id'));
    return single(c, a ? applicationOut(a) : undefined);
  });
  v2.get('/recruiting/applications/:id/stage-transitions', (c) => {
    const a = state.application(c.req.param('id'));
    if (!a) throw new V2Error(404, 'Not found', 'The requested resource was not found.', 'common.requested_resource_not_found');
    const job = state.job(a.job_id);
    const rows = a.transitions.map((t, i) => ({ id: `${a.id}-${String(a.transitions.length - i).padStart(4, '0')}`, sort: t.entered_at, out: () => ({ entered_at: time(t.entered_at), stage: stageOut(t.stage, job) }) }));
    return page(c, rows, 200, 100);
  });
  v2.get('/recruiting/candidates', (c) => {
    const updated = updatedFilter(c);
    return page(c, state.candidates.filter((x) => updated(x.updated_at)).map((x) => ({ id: x.id, sort: x.updated_at, out: () => candidateOut(x) })), 200, 100);
  });
  v2.get('/recruiting/candidates/:id', (c) => {
    const x = state.candidate(c.req.param('id'));
    return single(c, x ? candidateOut(x) : undefined);
  });
  v2.get('/recruiting/jobs', (c) => {
    const updated = updatedFilter(c);
    return page(c, state.jobs.filter((j) => updated(j.updated_at)).map((j) => ({ id: String(j.id).padStart(12, '0'), sort: j.updated_at, out: () => jobOut(j) })), 200, 100);
  });
  v2.get('/recruiting/jobs/:id', (c) => {
    const j = /^\d+$/.test(c.req.param('id')) ? state.job(Number(c.req.param('id'))) : undefined;
    return single(c, j ? jobOut(j) : undefined);
  });
  v2.get('/recruiting/categories', (c) => page(c, state.categories.map((x) => ({ id: String(x.id).padStart(12, '0'), sort: 0, out: () => categoryOut(x) })), 200, 100));
  v2.get('/recruiting/categories/:id', (c) => {
    const x = state.categories.find((k) => String(k.id) === c.req.param('id'));
    return single(c, x ? categoryOut(x) : undefined);
  });
  v2.get('/persons', (c) => page(c, state.persons.map((p) => ({ id: String(p.id).padStart(12, '0'), sort: 0, out: () => personOut(p) })), 50, 10));
  v2.get('/persons/:id', (c) => {
    const p = state.persons.find((x) => String(x.id) === c.req.param('id'));
    return single(c, p ? personOut(p) : undefined);
  });
  const v2Failure = (err: Error, c: Context) => (err instanceof V2Error ? fail(c, err.status, err.title, err.detail, err.code) : fail(c, 500, 'Internal server error', 'An unexpected error occurred.'));
  v2.onError(v2Failure);
  v2.notFound((c) => fail(c, 404, 'Not found', 'The requested resource was not found.', 'common.requested_resource_not_found'));
  app.route('/v2', v2);

  // --- v1 Recruiting API (writes) and the public positions feed: recruiting-v1.ts ----------------
  app.route('/v1/recruiting', recruitingApi({ state, now, companyId, recruitingKey, features, maxUploadBytes: maxUpload, overLimit, throttled }));
  app.get('/xml', positionsFeed(state));

  // --- admin -----------------------------------------------------------------------------------------
  app.post('/__admin/tokens/expire', (c) => {
    for (const t of tokens.values()) t.expiresAt = 0;
    return c.json({ expired: tokens.size });
  });
  app.post('/__admin/features', async (c) => {
    Object.assign(features, (await c.req.json().catch(() => ({}))) as Partial<typeof features>);
    return c.json(features);
  });
  app.post('/__admin/candidates/:id/update', async (c) => {
    const cand = state.candidate(c.req.param('id'));
    if (!cand) return fail(c, 404, 'Not found', 'No such candidate.');
    const body = (await c.req.json().catch(() => ({}))) as Partial<Pick<PCandidate, 'first_name' | 'last_name' | 'phone' | 'location'>>;
    Object.assign(cand, body, { updated_at: state.stampNow() });
    return c.json(candidateOut(cand));
  });
  app.delete('/__admin/candidates/:id', (c) => (state.removeCandidate(c.req.param('id')) ? c.json({ deleted: true }) : fail(c, 404, 'Not found', 'No such candidate.')));
  /** Moves an application (what a recruiter does in Personio's UI): `{type: "system", kind}` or `{type: "custom", id}`. */
  app.post('/__admin/applications/:id/move', async (c) => {
    const a = state.application(c.req.param('id'));
    if (!a) return fail(c, 404, 'Not found', 'No such application.');
    state.moveTo(a, (await c.req.json()) as PStage);
    return c.json(applicationOut(a));
  });
  app.post('/__admin/applications/:id/anonymize', (c) => {
    const a = state.application(c.req.param('id'));
    if (!a) return fail(c, 404, 'Not found', 'No such application.');
    a.is_anonymized = true;
    a.updated_at = state.stampNow();
    return c.json(applicationOut(a));
  });
  app.post('/__admin/jobs/:id/update', async (c) => {
    const j = state.job(Number(c.req.param('id')));
    if (!j) return fail(c, 404, 'Not found', 'No such job.');
    Object.assign(j, (await c.req.json().catch(() => ({}))) as Partial<Pick<PJob, 'name' | 'status'>>, { updated_at: state.stampNow() });
    return c.json(jobOut(j));
  });

  app.onError((err, c) => (err instanceof V2Error ? fail(c, err.status, err.title, err.detail, err.code) : fail(c, 500, 'Internal server error', 'An unexpected error occurred.')));
  // Routes Personio does not have (notes, stage moves, rejections, tags, webhooks…) are 404s.
  app.notFound((c) => fail(c, 404, 'Not found', 'The requested resource was not found.', 'common.requested_resource_not_found'));

  return {
    name: 'personio',
    app,
    faults,
    credentials: { client_id: clientId, client_secret: clientSecret, recruiting_api_key: recruitingKey, company_id: String(companyId) },
    state,
    features,
  };
}) satisfies EmulatorFactory;
