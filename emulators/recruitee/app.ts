/**
 * Emulator of Recruitee's ATS API (`https://api.recruitee.com/c/{company_id}/…`), written from
 * Recruitee's public docs (docs.recruitee.com: personal API tokens, the candidates listing that
 * answers everything without `limit`/`offset`) and the facts in shared/reference/vendors/recruitee.md
 * where the docs say nothing (envelopes, placements, write routes). `/__admin/...` drives it from
 * tests; `/__files/:id` serves the expiring signed file links (no token, like S3).
 */
import { Hono, type Context } from 'hono';
import type { Emulator, EmulatorFactory, EmulatorOptions } from '../shared/emulator.js';
import { Faults, faultInjection, registerFaultAdmin } from '../shared/faults.js';
import { RecruiteeState, type RCandidate, type ROffer, type RPlacement } from './state.js';

export interface RecruiteeEmulatorOptions extends EmulatorOptions {
  companyId?: number;
  /** The company's subdomain, which the docs accept in place of its id. */
  subdomain?: string;
  /** Requests per 60 s window per token (Recruitee publishes no number; default 60 × `rateLimitPerSecond`, or 60). */
  requestsPerMinute?: number;
}

export interface RecruiteeEmulator extends Emulator {
  state: RecruiteeState;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Recruitee's error body: `{"errors":[{"message":…}]}`. */
export function recruiteeError(c: Context, status: number, message: string): Response {
  return c.json({ errors: [{ message }] }, status as 400);
}

const intParam = (value: string | undefined, name: string): number | null => {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new HttpError(422, `${name} must be a non-negative integer`);
  return n;
};

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const body = (await c.req.json().catch(() => null)) as unknown;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'The request body must be a JSON object');
  return body as Record<string, unknown>;
}

const asInt = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : []);

export const createRecruiteeEmulator = ((options: RecruiteeEmulatorOptions): RecruiteeEmulator => {
  const now = options.now ?? Date.now;
  const companyId = options.companyId ?? 86421;
  const subdomain = options.subdomain ?? 'acme';
  const state = new RecruiteeState(companyId, options.seed, Math.max(0, Math.floor(options.size)), now);
  const token = `rt_${options.seed}_${Math.floor(Math.random() * 1e9).toString(36)}`;
  const perMinute = options.requestsPerMinute ?? (options.rateLimitPerSecond === undefined ? 60 : options.rateLimitPerSecond * 60);
  const windows = new Map<string, { start: number; count: number }>();

  const faults = new Faults();
  const app = new Hono();
  app.use('*', faultInjection(faults, recruiteeError));
  registerFaultAdmin(app, faults);

  // --- admin -------------------------------------------------------------------------------
  app.post('/__admin/candidates/:id/update', async (c) => {
    const cand = state.candidate(Number(c.req.param('id')));
    if (!cand) return recruiteeError(c, 404, 'Not found');
    const body = (await c.req.json().catch(() => ({}))) as { tags?: string[]; name?: string };
    if (body.tags) cand.tags = body.tags;
    if (body.name) cand.name = body.name;
    state.touch(cand);
    return c.json({ candidate: candidateOut(cand, new URL(c.req.url).origin) });
  });
  app.delete('/__admin/candidates/:id', (c) => (state.remove(Number(c.req.param('id'))) ? c.json({ deleted: true }) : recruiteeError(c, 404, 'Not found')));
  app.get('/__files/:id/:name?', (c) => {
    const expires = Number(c.req.query('X-Amz-Expires-At') ?? 0);
    if (!expires || expires * 1000 < now()) return c.text('Request has expired', 403);
    const file = state.attachments.find((a) => a.id === Number(c.req.param('id')));
    if (!file) return c.text('NoSuchKey', 404);
    return new Response(new Uint8Array(file.data), { headers: { 'Content-Type': file.content_type } });
  });

  // --- serialisation -----------------------------------------------------------------------
  const signed = (origin: string, id: number, name = '') =>
    `${origin}/__files/${id}${name ? `/${encodeURIComponent(name)}` : ''}?X-Amz-Expires-At=${Math.floor(now() / 1000) + 300}&X-Amz-Signature=${id.toString(16)}`;
  const stageOf = (p: RPlacement) => state.offer(p.offer_id)?.template.stages.find((s) => s.id === p.stage_id);
  const placementOut = (p: RPlacement) => ({
    id: p.id, candidate_id: p.candidate_id, offer_id: p.offer_id, stage_id: p.stage_id, stage_name: stageOf(p)?.name ?? null, position: 0, language: 'en',
    created_at: p.created_at, updated_at: p.updated_at, hired_at: p.hired_at, disqualified_at: p.disqualified_at, disqualify_reason: p.disqualify_reason,
    job_starts_at: null, overdue_at: null, ratings: {}, positive_ratings: null,
  });
  function candidateOut(cand: RCandidate, origin: string) {
    const cv = state.attachments.find((a) => a.candidate_id === cand.id && a.kind === 'cv');
    return {
      id: cand.id, name: cand.name, initials: cand.name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase(),
      emails: cand.emails, phones: cand.phones, source: cand.source, referrer: null, tags: cand.tags, rating: null, ratings: {}, ratings_count: 0,
      notes_count: state.notes.filter((n) => n.candidate_id === cand.id).length, has_avatar: false, photo_thumb_url: null,
      // The CV lives on the candidate (signed links named after the file), not among its attachments.
      cv_url: cv ? signed(origin, cv.id, cv.filename) : null, cv_original_url: cv ? signed(origin, cv.id, cv.filename) : null, cover_letter: cand.cover_letter,
      created_at: cand.created_at, updated_at: cand.updated_at, last_message_at: null, admin_id: null, example: false, links: cand.links,
      adminapp_url: `https://app.recruitee.com/#/candidates/${cand.id}`, fields: cand.fields, placements: state.placementsOf(cand.id).map(placementOut),
    };
  }
  /** The side-car of related objects rows point to by id. */
  function referencesOf(cands: readonly RCandidate[]) {
    const offers = new Set<number>();
    const stages = new Map<number, string>();
    for (const cand of cands) for (const p of state.placementsOf(cand.id)) (offers.add(p.offer_id), stages.set(p.stage_id, stageOf(p)?.name ?? ''));
    return [
      ...[...offers].map((id) => ({ type: 'Offer', id, title: state.offer(id)?.title ?? null })),
      ...[...stages].map(([id, name]) => ({ type: 'Stage', id, name })),
    ];
  }
  function offerOut(o: ROffer, full: boolean) {
    const counts = state.placements.filter((p) => p.offer_id === o.id);
    const brief = {
      id: o.id, guid: o.guid, title: o.title, slug: o.slug, kind: o.kind, status: o.status, department: o.department, department_id: o.department_id,
      location: o.location, city: o.city, country_code: o.country_code, remote: o.remote, employment_type: o.employment_type, number_of_openings: 1,
      hiring_manager_id: o.hiring_manager_id, recruiter_id: o.recruiter_id, followers: [o.hiring_manager_id, o.recruiter_id].filter((x) => x !== null),
      offer_tags: [], careers_url: `https://acme.recruitee.com/o/${o.slug}`, adminapp_url: `https://app.recruitee.com/#/offers/${o.slug}`,
      created_at: o.created_at, updated_at: o.updated_at, pipeline: true,
      pipeline_template: { id: o.template.id, name: o.template.name, stages: o.template.stages },
    };
    if (!full) return brief;
    return {
      ...brief, description: o.description, published_at: o.published_at, closed_at: o.closed_at, candidates_count: counts.length,
      disqualified_candidates_count: counts.filter((p) => p.disqualified_at).length, hired_candidates_count: counts.filter((p) => p.hired_at).length,
    };
  }
  /** `limit`/`offset` paging; both absent: every row (as Recruitee documents for candidates). */
  function slice<T>(c: Context, rows: readonly T[]): T[] {
    const limit = intParam(c.req.query('limit'), 'limit');
    const offset = intParam(c.req.query('offset'), 'offset') ?? 0;
    if (limit === null && c.req.query('offset') === undefined) return [...rows];
    return rows.slice(offset, offset + Math.min(limit ?? 100, 10_000));
  }

  // --- the API -----------------------------------------------------------------------------
  const api = new Hono();
  const candidateOr404 = (id: string) => {
    const cand = state.candidate(Number(id));
    if (!cand) throw new HttpError(404, 'Not found');
    return cand;
  };
  const placementOr404 = (id: string) => {
    const p = state.placement(Number(id));
    if (!p) throw new HttpError(404, 'Not found');
    return p;
  };
  const origin = (c: Context) => new URL(c.req.url).origin;
  const adminOut = (a: (typeof state.admins)[number]) => ({ id: a.id, first_name: a.first_name, last_name: a.last_name, email: a.email, role: a.role, time_zone: 'Europe/Warsaw' });

  api.get('/admin', (c) => c.json({ admin: adminOut(state.admins[0] ?? { id: 0, first_name: '', last_name: '', email: '', role: 'admin' }) }));
  api.get('/admins', (c) => c.json({ admins: state.admins.map(adminOut) }));
  api.get('/tags', (c) => c.json({ tags: state.tags.map((t) => ({ id: t.id, name: t.name, taggings_count: state.candidates.filter((x) => x.tags.includes(t.name)).length })) }));
  api.get('/disqualify_reasons', (c) => c.json({ disqualify_reasons: state.reasons }));
  api.get('/offers', (c) => {
    const scope = c.req.query('scope');
    const inScope = (o: ROffer) => !scope || (scope === 'archived' ? o.status === 'archived' : scope === 'not_archived' ? o.status !== 'archived' : scope === 'active' ? ['published', 'internal'].includes(o.status) : scope === 'published' ? o.status === 'published' : true);
    return c.json({ offers: slice(c, state.offers.filter(inScope)).map((o) => offerOut(o, c.req.query('view_mode') === 'default')) });
  });
  api.get('/offers/:id', (c) => {
    const o = state.offer(Number(c.req.param('id')));
    if (!o) throw new HttpError(404, 'Not found');
    return c.json({ offer: offerOut(o, true) });
  });
  api.get('/offers/:id/placements', (c) => {
    const o = state.offer(Number(c.req.param('id')));
    if (!o) throw new HttpError(404, 'Not found');
    return c.json({ stages: o.template.stages.map((s) => {
      const here = state.placements.filter((p) => p.offer_id === o.id && p.stage_id === s.id);
      return { ...s, placements_count: here.length, placements: here.map((p) => ({ ...placementOut(p), candidate: { id: p.candidate_id, name: state.candidate(p.candidate_id)?.name ?? null } })) };
    }) });
  });
  api.get('/offers/:offer/candidates/:cand/placement', (c) => {
    const p = state.placements.find((x) => x.offer_id === Number(c.req.param('offer')) && x.candidate_id === Number(c.req.param('cand')));
    if (!p) throw new HttpError(404, 'Not found');
    return c.json({ placement: placementOut(p) });
  });
  api.get('/candidates', (c) => {
    const created = c.req.query('created_after');
    const offerId = intParam(c.req.query('offer_id'), 'offer_id');
    // docs.recruitee.com: `ids` is a comma-separated list (third parties send `ids[]`; both are read).
    const listed = c.req.query('ids') ?? c.req.queries('ids[]')?.join(',');
    const ids = listed?.split(',').map(Number);
    const rows = state.candidates
      .filter((x) => (!created || Date.parse(x.created_at) > Date.parse(created)) && (offerId === null || state.placementsOf(x.id).some((p) => p.offer_id === offerId)) && (!ids || ids.includes(x.id)))
      // by_date: newest first, ties by id
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
    const page = slice(c, rows);
    return c.json({ candidates: page.map((x) => candidateOut(x, origin(c))), references: referencesOf(page) });
  });
  api.get('/search/new/candidates', (c) => {
    let filters: unknown;
    try {
      filters = JSON.parse(c.req.query('filters') ?? '[]');
    } catch {
      throw new HttpError(422, 'filters must be a JSON array');
    }
    if (!Array.isArray(filters)) throw new HttpError(422, 'filters must be a JSON array');
    const tests = filters.map((f: Record<string, unknown>) => {
      const field = f['field'];
      const secs = (x: RCandidate) => Math.floor(Date.parse(field === 'created_at' ? x.created_at : x.updated_at) / 1000);
      if (field === 'updated_at' || field === 'created_at') {
        const gte = asInt(f['gte']);
        const lte = asInt(f['lte']);
        return (x: RCandidate) => (gte === null || secs(x) >= gte) && (lte === null || secs(x) <= lte);
      }
      if (field === 'offers') {
        const any = Array.isArray(f['any']) ? f['any'].map(Number) : [];
        return (x: RCandidate) => state.placementsOf(x.id).some((p) => any.includes(p.offer_id));
      }
      if (field === 'tags') {
        const any = strings(f['any']);
        return (x: RCandidate) => x.tags.some((t) => any.includes(t));
      }
      throw new HttpError(422, `Unsupported filter field ${String(field)}`);
    });
    const hits = state.candidates.filter((x) => tests.every((t) => t(x))).sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at) || b.id - a.id);
    // docs.recruitee.com: 60 by default; a limit above 10 000 is a server error.
    const limit = intParam(c.req.query('limit'), 'limit') ?? 60;
    if (limit > 10_000) throw new HttpError(500, 'Server internal error');
    const offset = intParam(c.req.query('offset'), 'offset') ?? 0;
    return c.json({ hits: hits.slice(offset, offset + limit).map((x) => candidateOut(x, origin(c))), total: hits.length });
  });
  api.get('/candidates/:id', (c) => {
    const cand = candidateOr404(c.req.param('id'));
    return c.json({ candidate: candidateOut(cand, origin(c)), references: referencesOf([cand]) });
  });
  api.get('/candidates/:id/attachments', (c) => {
    const cand = candidateOr404(c.req.param('id'));
    return c.json({ attachments: state.attachments.filter((a) => a.candidate_id === cand.id && a.kind !== 'cv').map((a) => ({ id: a.id, candidate_id: a.candidate_id, filename: a.filename, kind: a.kind, content_type: a.content_type, url: signed(origin(c), a.id), created_at: a.created_at })) });
  });
  api.get('/candidates/:id/notes', (c) => {
    const cand = candidateOr404(c.req.param('id'));
    return c.json({ notes: state.notes.filter((n) => n.candidate_id === cand.id).map((n) => ({ id: n.id, body: n.body, body_json: n.body_json, admin_id: n.admin_id, visibility: n.visibility, created_at: n.created_at })) });
  });

  // --- writes ------------------------------------------------------------------------------
  const firstStage = (o: ROffer) => [...o.template.stages].sort((a, b) => a.position - b.position)[0];
  const place = (cand: RCandidate, offerId: number): RPlacement => {
    const offer = state.offer(offerId);
    if (!offer) throw new HttpError(422, `Offer ${offerId} does not exist`);
    if (state.placements.some((p) => p.candidate_id === cand.id && p.offer_id === offerId)) throw new HttpError(422, 'Candidate is already assigned to this offer');
    const at = state.stampNow();
    const p: RPlacement = { id: state.nextId(), candidate_id: cand.id, offer_id: offerId, stage_id: firstStage(offer)?.id ?? 0, created_at: at, updated_at: at, hired_at: null, disqualified_at: null, disqualify_reason: null, disqualify_reason_id: null };
    state.placements.push(p);
    return p;
  };
  api.post('/candidates', async (c) => {
    const body = await jsonBody(c);
    const input = body['candidate'];
    if (!input || typeof input !== 'object') throw new HttpError(422, "candidate can't be blank");
    const fields = input as Record<string, unknown>;
    const name = typeof fields['name'] === 'string' ? fields['name'].trim() : '';
    if (!name) throw new HttpError(422, "Name can't be blank");
    const at = state.stampNow();
    const cand: RCandidate = {
      id: state.nextId(), name, emails: strings(fields['emails']), phones: strings(fields['phones']), source: strings(fields['sources'])[0] ?? null,
      tags: strings(fields['tags']), cover_letter: typeof fields['cover_letter'] === 'string' ? fields['cover_letter'] : null, created_at: at, updated_at: at, fields: [], links: strings(fields['links']),
    };
    const offers = Array.isArray(body['offers']) ? body['offers'].map(asInt) : [];
    if (offers.some((o) => o === null || !state.offer(o))) throw new HttpError(422, 'offers must be ids of offers');
    state.candidates.push(cand);
    for (const t of cand.tags) state.ensureTag(t);
    for (const o of offers) if (o !== null) place(cand, o);
    return c.json({ candidate: candidateOut(cand, origin(c)) }, 201);
  });
  api.post('/placements', async (c) => {
    const input = ((await jsonBody(c))['placement'] ?? {}) as Record<string, unknown>;
    const cand = state.candidate(asInt(input['candidate_id']) ?? -1);
    if (!cand) throw new HttpError(422, 'Candidate does not exist');
    const p = place(cand, asInt(input['offer_id']) ?? -1);
    state.touch(cand);
    return c.json({ placement: placementOut(p) }, 201);
  });
  api.patch('/placements/:id/change_stage', async (c) => {
    const p = placementOr404(c.req.param('id'));
    const body = await jsonBody(c);
    const nested = body['placement'] as Record<string, unknown> | undefined;
    const stageId = asInt(body['stage_id'] ?? nested?.['stage_id']);
    const stage = state.offer(p.offer_id)?.template.stages.find((s) => s.id === stageId);
    if (!stage) throw new HttpError(422, 'Stage does not belong to the pipeline of this offer');
    p.stage_id = stage.id;
    p.updated_at = state.stampNow();
    if (stage.category === 'hire') p.hired_at ??= p.updated_at;
    const cand = state.candidate(p.candidate_id);
    if (cand) state.touch(cand);
    return c.json({ placement: placementOut(p) });
  });
  api.patch('/placements/:id/disqualify', async (c) => {
    const p = placementOr404(c.req.param('id'));
    const body = await jsonBody(c);
    const nested = body['placement'] as Record<string, unknown> | undefined;
    const reason = state.reasons.find((r) => r.id === asInt(body['disqualify_reason_id'] ?? nested?.['disqualify_reason_id']));
    if (!reason) throw new HttpError(422, 'Disqualify reason is invalid');
    Object.assign(p, { disqualified_at: state.stampNow(), disqualify_reason: reason.name, disqualify_reason_id: reason.id, updated_at: state.stampNow() });
    const cand = state.candidate(p.candidate_id);
    if (cand) state.touch(cand);
    return c.json({ placement: placementOut(p) });
  });
  api.patch('/placements/:id/requalify', (c) => {
    const p = placementOr404(c.req.param('id'));
    Object.assign(p, { disqualified_at: null, disqualify_reason: null, disqualify_reason_id: null, updated_at: state.stampNow() });
    return c.json({ placement: placementOut(p) });
  });
  api.post('/candidates/:id/notes', async (c) => {
    const cand = candidateOr404(c.req.param('id'));
    const note = ((await jsonBody(c))['note'] ?? {}) as Record<string, unknown>;
    const text = typeof note['body'] === 'string' ? note['body'] : '';
    if (!text.trim() && note['body_json'] === undefined) throw new HttpError(422, "Body can't be blank");
    const visibility = note['visibility'] && typeof note['visibility'] === 'object' ? (note['visibility'] as { level?: unknown }) : { level: 'public' };
    const level = typeof visibility.level === 'string' ? visibility.level : 'public';
    const saved = { id: state.nextId(), candidate_id: cand.id, admin_id: state.admins[0]?.id ?? 0, body: text, body_json: note['body_json'] ?? null, visibility: { level }, created_at: state.stampNow() };
    state.notes.push(saved);
    state.touch(cand);
    return c.json({ note: { id: saved.id, body: saved.body, body_json: saved.body_json, visibility: saved.visibility, created_at: saved.created_at } }, 201);
  });
  api.post('/candidates/:id/tags', async (c) => {
    const cand = candidateOr404(c.req.param('id'));
    const tags = strings((await jsonBody(c))['tags']);
    if (tags.length === 0) throw new HttpError(422, "Tags can't be blank");
    for (const t of tags) {
      state.ensureTag(t);
      if (!cand.tags.some((x) => x.toLowerCase() === t.toLowerCase())) cand.tags.push(t);
    }
    state.touch(cand);
    return c.json({ candidate: candidateOut(cand, origin(c)) });
  });
  api.post('/attachments', async (c) => {
    const form = await c.req.formData().catch(() => null);
    if (!form) throw new HttpError(422, 'multipart/form-data expected');
    const file = form.get('attachment[file]');
    // A bare `file` field is not read by Recruitee (it fails with a 500).
    if (!(file instanceof File)) throw new HttpError(form.get('file') ? 500 : 422, 'attachment[file] is required');
    const cand = state.candidate(asInt(form.get('attachment[candidate_id]')) ?? -1);
    if (!cand) throw new HttpError(422, 'attachment[candidate_id] must be a candidate');
    const saved = { id: state.nextId(), candidate_id: cand.id, filename: file.name, kind: 'other', content_type: file.type || 'application/octet-stream', data: Buffer.from(await file.arrayBuffer()), created_at: state.stampNow() };
    state.attachments.push(saved);
    state.touch(cand);
    return c.json({ attachment: { id: saved.id, candidate_id: cand.id, filename: saved.filename, kind: saved.kind, content_type: saved.content_type, url: signed(origin(c), saved.id), created_at: saved.created_at } }, 201);
  });

  // --- plumbing: company, auth, rate limit --------------------------------------------------
  app.use('/c/:company/*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
    if (given !== token) return recruiteeError(c, 401, 'Unauthorized');
    const company = c.req.param('company');
    // docs.recruitee.com: the company id, or its subdomain.
    if (company !== String(companyId) && company !== subdomain) return recruiteeError(c, 422, 'Company id is invalid');
    const t = now();
    let w = windows.get(given);
    if (!w || t >= w.start + 60_000) windows.set(given, (w = { start: t, count: 0 }));
    w.count++;
    const headers = { 'x-ratelimit-limit': String(perMinute), 'x-ratelimit-remaining': String(Math.max(0, perMinute - w.count)), 'x-ratelimit-reset': String(Math.ceil((w.start + 60_000) / 1000)) };
    if (Number.isFinite(perMinute) && w.count > perMinute) {
      const res = recruiteeError(c, 429, 'Too many requests');
      for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
      res.headers.set('retry-after', String(Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000))));
      return res;
    }
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
    return undefined;
  });
  app.route('/c/:company', api);
  const onError = (err: Error, c: Context) => (err instanceof HttpError ? recruiteeError(c, err.status, err.message) : recruiteeError(c, 500, 'Internal server error'));
  api.onError(onError);
  app.onError(onError);
  app.notFound((c) => recruiteeError(c, 404, 'Not found'));
  api.notFound((c) => recruiteeError(c, 404, 'Not found'));

  return { name: 'recruitee', app, faults, credentials: { company_id: String(companyId), api_token: token }, state };
}) satisfies EmulatorFactory;
