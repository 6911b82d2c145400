/**
 * Emulator of Workable's SPI v3 (https://workable.readme.io), written from the public reference and
 * recorded responses (shared/reference/vendors/workable.md). The account API is served at
 * `/spi/v3/...` (any host, or `<subdomain>.workable.*` hosts checked against the subdomain) and at
 * `/<subdomain>/spi/v3/...`; `/__admin/...` drives it from tests; `/__files/:token` serves the
 * pre-signed file links (no auth, expiring).
 */
import { WebhookSender, registerWebhookAdmin } from '../shared/webhook-sender.js';
import { WORKABLE_RETRY_DELAYS_MS, WorkableSubscriptions, workableWebhookMiddleware } from './webhooks.js';
import { Hono, type Context } from 'hono';
import type { Emulator, EmulatorFactory, EmulatorOptions } from '../shared/emulator.js';
import { Faults, faultInjection, registerFaultAdmin } from '../shared/faults.js';
import { isoSeconds, WorkableState, type WCandidate, type WJob } from './state.js';

export interface WorkableEmulatorOptions extends EmulatorOptions {
  subdomain?: string;
  now?: () => number;
  /** Requests per 10 s per token (Workable: 10 for account tokens). Default: 10 × `rateLimitPerSecond`, or 10. */
  requestsPer10s?: number;
  /** The second budget Workable reports (`X-RateLimit-*`): 2000 per minute. */
  requestsPerMinute?: number;
}

interface Token { scopes: Set<string>; expired: boolean }

export interface WorkableEmulator extends Emulator {
  state: WorkableState;
  webhooks: WebhookSender;
  subscriptions: WorkableSubscriptions;
  tokens: Map<string, Token>;
  /** Mints an account token with these scopes (default: all). */
  createToken(scopes?: readonly string[]): string;
}

const ALL_SCOPES = ['r_account', 'r_jobs', 'r_candidates', 'w_candidates', 'r_offers'];

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function workableError(c: Context, status: number, message: string): Response {
  return c.json({ error: message }, status as 400);
}

/** Fixed windows per token: [count, window start]. */
class Window {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(readonly limit: number, readonly ms: number, private readonly now: () => number) {}
  take(key: string) {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t >= w.start + this.ms) this.windows.set(key, (w = { start: t, count: 0 }));
    w.count++;
    return { limit: this.limit, remaining: Math.max(0, this.limit - w.count), reset: Math.ceil((w.start + this.ms) / 1000), exceeded: w.count > this.limit };
  }
}

const hexValue = (id: string) => Number.parseInt(id, 16);

function timeParam(value: string | undefined, name: string): number | null {
  if (value === undefined || value === '') return null;
  const t = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (Number.isNaN(t)) throw new HttpError(422, `${name} must be an ISO 8601 date-time or a Unix timestamp`);
  return t;
}

function limitParam(value: string | undefined): number {
  if (value === undefined) return 50;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new HttpError(422, 'limit must be a positive integer');
  return Math.min(n, 100);
}

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const body = (await c.req.json().catch(() => null)) as unknown;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'The request body must be a JSON object');
  return body as Record<string, unknown>;
}

export const createWorkableEmulator = ((options: WorkableEmulatorOptions): WorkableEmulator => {
  const now = options.now ?? Date.now;
  const subdomain = options.subdomain ?? 'acme';
  const state = new WorkableState(subdomain, options.seed, Math.max(0, Math.floor(options.size)), now);
  const tokens = new Map<string, Token>();
  let tokenCounter = 0;
  const createToken = (scopes: readonly string[] = ALL_SCOPES) => {
    const token = `wk_${options.seed}_${(++tokenCounter).toString(36)}_${Math.floor(Math.random() * 1e9).toString(36)}`;
    tokens.set(token, { scopes: new Set(scopes), expired: false });
    return token;
  };
  const accountToken = createToken();
  const per10 = options.requestsPer10s ?? (options.rateLimitPerSecond === undefined ? 10 : options.rateLimitPerSecond * 10);
  const tenSeconds = new Window(per10, 10_000, now);
  const minute = new Window(options.requestsPerMinute ?? 2000, 60_000, now);

  const faults = new Faults();
  const app = new Hono();
  app.use('*', faultInjection(faults, workableError));
  const sender = new WebhookSender({ retryDelaysMs: options.webhookRetryDelaysMs ?? WORKABLE_RETRY_DELAYS_MS, now, ...(options.sleep ? { sleep: options.sleep } : {}) });
  const subscriptions = new WorkableSubscriptions(sender);
  registerWebhookAdmin(app, sender);
  app.use(
    '*',
    workableWebhookMiddleware(subscriptions, (id, c) => {
      const cand = state.candidate(id);
      return cand ? { json: detail(cand, new URL(c.req.url).origin), facts: { shortcode: cand.shortcode, stage_slug: cand.stage_slug } } : null;
    }),
  );
  registerFaultAdmin(app, faults);

  // --- admin -------------------------------------------------------------------------------
  app.post('/__admin/tokens', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { scopes?: string[] };
    return c.json({ token: createToken(body.scopes) });
  });
  app.post('/__admin/tokens/expire', (c) => {
    for (const t of tokens.values()) t.expired = true;
    return c.json({ expired: tokens.size });
  });
  app.post('/__admin/candidates/:id/update', async (c) => {
    const cand = state.candidate(c.req.param('id'));
    if (!cand) return workableError(c, 404, 'Not found');
    const body = (await c.req.json().catch(() => ({}))) as { tags?: string[]; headline?: string; stage_slug?: string };
    if (body.tags) cand.tags = body.tags;
    if (body.headline !== undefined) cand.headline = body.headline;
    if (body.stage_slug !== undefined) {
      if (!state.job(cand.shortcode)?.stages.some((st) => st.slug === body.stage_slug)) return workableError(c, 422, 'stage_slug must be a stage of the job');
      cand.stage_slug = body.stage_slug;
    }
    state.touch(cand);
    return c.json({ candidate: detail(cand, new URL(c.req.url).origin) });
  });
  // Workable's documented eventual consistency: the next N candidate detail reads answer 404.
  let staleDetailReads = 0;
  app.post('/__admin/stale-reads', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { next?: number };
    staleDetailReads = Math.max(0, Math.floor(body.next ?? 1));
    return c.json({ next: staleDetailReads });
  });
  app.delete('/__admin/candidates/:id', (c) => {
    const i = state.candidates.findIndex((x) => x.id === c.req.param('id'));
    if (i < 0) return workableError(c, 404, 'Not found');
    state.candidates.splice(i, 1);
    return c.json({ deleted: true });
  });
  app.get('/__files/:token', (c) => {
    const expires = Number(c.req.query('expires') ?? 0);
    if (!expires || expires * 1000 < now()) return c.text('Request has expired', 403);
    const file = state.fileByToken(c.req.param('token'));
    if (!file) return c.text('NoSuchKey', 404);
    return new Response(new Uint8Array(file.data), { headers: { 'Content-Type': file.content_type } });
  });

  // --- serialisation -----------------------------------------------------------------------
  const accountOf = () => ({ subdomain, name: `${subdomain[0]?.toUpperCase() ?? ''}${subdomain.slice(1)} Ltd` });
  function listItem(cand: WCandidate) {
    const job = state.job(cand.shortcode);
    const stage = state.stageOf(cand);
    const resume = cand.files.find((f) => f.kind === 'resume');
    return {
      id: cand.id, name: `${cand.firstname} ${cand.lastname}`, firstname: cand.firstname, lastname: cand.lastname, headline: cand.headline,
      account: accountOf(), job: { shortcode: cand.shortcode, title: job?.title ?? null }, stage: stage?.name ?? null, stage_kind: stage?.kind ?? null,
      disqualified: cand.disqualified, anonymized: false, disqualification_reason: cand.disqualification_reason, hired_at: cand.hired_at,
      moved_to_offer_at: cand.moved_to_offer_at, sourced: cand.sourced,
      profile_url: `https://${subdomain}.workable.com/backend/jobs/${job?.id ?? ''}/candidates/${hexValue(cand.id)}`,
      address: cand.address, phone: cand.phone, email: cand.email, domain: cand.domain, outlet: cand.outlet,
      common_source: cand.domain ?? 'Unknown', common_source_category: 'Other', created_at: cand.created_at, updated_at: cand.updated_at,
      resume_metadata: resume ? { filename: resume.name, filetype: resume.name.split('.').pop() ?? null, created_at: cand.created_at, updated_at: cand.created_at } : null,
    };
  }
  const expiring = (origin: string, token: string) => `${origin}/__files/${token}?expires=${Math.floor(now() / 1000) + 60_000}`;
  function detail(cand: WCandidate, origin: string) {
    const resume = cand.files.find((f) => f.kind === 'resume');
    return {
      ...listItem(cand), image_url: null, disqualified_at: cand.disqualified_at, withdrew: cand.withdrew,
      outbound_mailbox: `${cand.id}_@outbound.workablemail.com`, uploader_id: null, cover_letter: cand.cover_letter, summary: cand.summary,
      education_entries: [], experience_entries: [], skills: [], answers: [], social_profiles: cand.social_profiles,
      resume_url: resume ? expiring(origin, resume.token) : null, tags: [...cand.tags],
      location: { location_str: cand.address, country: null, country_code: null, region: null, region_code: null, city: null, zip_code: null },
      originating_candidate_id: cand.originating_candidate_id,
    };
  }
  const jobOut = (job: WJob, full = false) => {
    const { stages: _stages, full_description, ...rest } = job;
    return full ? { ...rest, full_description } : rest;
  };

  /** `{<key>: page, paging?: {next}}`: ids ascending from `since_id`, `paging` only when more follow. */
  function paged<T extends { id: string }>(c: Context, key: string, items: readonly T[], render: (t: T) => unknown) {
    const limit = limitParam(c.req.query('limit'));
    const since = c.req.query('since_id');
    const max = c.req.query('max_id');
    const sorted = [...items].sort((a, b) => hexValue(a.id) - hexValue(b.id));
    const from = sorted.filter((x) => (since ? hexValue(x.id) >= hexValue(since) : true) && (max ? hexValue(x.id) <= hexValue(max) : true));
    const page = from.slice(0, limit);
    const following = from[limit];
    const body: Record<string, unknown> = { [key]: page.map(render) };
    if (following) {
      const next = new URL(c.req.url);
      next.searchParams.set('limit', String(limit));
      next.searchParams.set('since_id', following.id);
      body['paging'] = { next: next.toString() };
    }
    return c.json(body);
  }

  // --- the API -----------------------------------------------------------------------------
  const api = new Hono();
  const requireScope = (c: Context, scope: string) => {
    const token = c.get('token' as never) as Token | undefined;
    if (!token?.scopes.has(scope)) throw new HttpError(403, `The access token does not have the ${scope} scope`);
  };
  const candidateOr404 = (id: string) => {
    const cand = state.candidate(id);
    if (!cand) throw new HttpError(404, 'Not found');
    return cand;
  };
  const actingMember = (body: Record<string, unknown>) => {
    if (body['member_id'] === undefined || body['member_id'] === null || body['member_id'] === '') throw new HttpError(422, 'member_id is required');
    const member = state.member(body['member_id']);
    if (!member) throw new HttpError(422, 'member_id does not match a member of the account');
    return member;
  };
  const origin = (c: Context) => new URL(c.req.url).origin;

  api.get('/accounts', (c) => (requireScope(c, 'r_account'), c.json({ accounts: [{ id: '1f395d', ...accountOf(), description: null, summary: null, website_url: null }] })));
  api.get('/accounts/:sub', (c) => {
    requireScope(c, 'r_account');
    if (c.req.param('sub') !== subdomain) throw new HttpError(404, 'Not found');
    return c.json({ id: '1f395d', ...accountOf() });
  });
  api.get('/members', (c) => {
    requireScope(c, 'r_account');
    const status = c.req.query('status') ?? 'active';
    const members = state.members.filter((m) => status === 'all' || (status === 'inactive' ? !m.active : m.active));
    return paged(c, 'members', members, (m) => ({ ...m, hris_role: null, collaboration_rules: null, hris_member_scope: null }));
  });
  api.get('/stages', (c) => (requireScope(c, 'r_jobs'), c.json({ stages: state.accountStages })));
  api.get('/disqualification_reasons', (c) => (requireScope(c, 'r_candidates'), c.json(state.reasons)));
  api.get('/jobs', (c) => {
    requireScope(c, 'r_jobs');
    const st = c.req.query('state');
    const created = timeParam(c.req.query('created_after'), 'created_after');
    const updated = timeParam(c.req.query('updated_after'), 'updated_after');
    const jobs = state.jobs.filter((j) => (!st || j.state === st) && (created === null || Date.parse(j.created_at) > created) && (updated === null || Date.parse(j.updated_at) > updated));
    return paged(c, 'jobs', jobs, (j) => jobOut(j, (c.req.query('include_fields') ?? '').includes('description')));
  });
  const jobOr404 = (shortcode: string) => {
    const job = state.job(shortcode);
    if (!job) throw new HttpError(404, 'Not found');
    return job;
  };
  api.get('/jobs/:shortcode', (c) => (requireScope(c, 'r_jobs'), c.json(jobOut(jobOr404(c.req.param('shortcode')), true))));
  api.get('/jobs/:shortcode/stages', (c) => (requireScope(c, 'r_jobs'), c.json({ stages: jobOr404(c.req.param('shortcode')).stages })));

  function listCandidates(c: Context, shortcode: string | undefined) {
    requireScope(c, 'r_candidates');
    const email = c.req.query('email')?.toLowerCase();
    const stage = c.req.query('stage');
    const created = timeParam(c.req.query('created_after'), 'created_after');
    const updated = timeParam(c.req.query('updated_after'), 'updated_after');
    const found = state.candidates.filter(
      (x) =>
        (!shortcode || x.shortcode === shortcode) &&
        (!email || x.email?.toLowerCase() === email) &&
        (!stage || x.stage_slug === stage) &&
        (created === null || Date.parse(x.created_at) > created) &&
        (updated === null || Date.parse(x.updated_at) > updated),
    );
    return paged(c, 'candidates', found, listItem);
  }
  api.get('/candidates', (c) => listCandidates(c, c.req.query('shortcode')));
  api.get('/jobs/:shortcode/candidates', (c) => (jobOr404(c.req.param('shortcode')), listCandidates(c, c.req.param('shortcode'))));
  api.get('/candidates/:id', (c) => {
    requireScope(c, 'r_candidates');
    if (staleDetailReads > 0) {
      staleDetailReads--;
      return workableError(c, 404, 'Not found');
    }
    return c.json({ candidate: detail(candidateOr404(c.req.param('id')), origin(c)) });
  });
  api.get('/candidates/:id/files', (c) => {
    requireScope(c, 'r_candidates');
    const cand = candidateOr404(c.req.param('id'));
    return c.json({ files: cand.files.map((f) => ({ name: f.name, preview_url: expiring(origin(c), f.token), source: f.source, kind: f.kind })) });
  });
  api.get('/candidates/:id/activities', (c) => {
    requireScope(c, 'r_candidates');
    const cand = candidateOr404(c.req.param('id'));
    return paged(c, 'activities', cand.activities, (a) => ({ id: a.id, action: a.action, stage_name: a.stage_name, member: a.member_id ? { id: a.member_id } : null, body: a.body, created_at: a.created_at }));
  });
  api.get('/candidates/:id/offer', (c) => {
    requireScope(c, 'r_offers');
    const cand = candidateOr404(c.req.param('id'));
    if (!cand.offer) throw new HttpError(404, 'Not found');
    return c.json({ candidate: { id: cand.id, name: `${cand.firstname} ${cand.lastname}` }, ...cand.offer });
  });
  api.get('/events', (c) => {
    requireScope(c, 'r_candidates');
    const type = c.req.query('type');
    const candidateId = c.req.query('candidate_id');
    const includeCancelled = c.req.query('include_cancelled') === 'true';
    const events = state.events.filter((e) => (!type || e.type.toLowerCase() === `${type}event`) && (!candidateId || e.candidate_id === candidateId) && (includeCancelled || !e.cancelled));
    return paged(c, 'events', events, (e) => {
      const cand = state.candidate(e.candidate_id);
      return {
        id: e.id, title: e.title, description: e.description, type: e.type, starts_at: e.starts_at, ends_at: e.ends_at, cancelled: e.cancelled,
        job: { shortcode: e.shortcode, title: state.job(e.shortcode)?.title ?? null },
        members: e.member_ids.map((id) => ({ id, name: state.member(id)?.name ?? null, type: 'Member', status: 'accepted' })),
        candidate: cand ? { id: cand.id, name: `${cand.firstname} ${cand.lastname}` } : { id: e.candidate_id, name: null },
      };
    });
  });

  subscriptions.routes(api, (status, message) => new HttpError(status, message));

  // --- writes ------------------------------------------------------------------------------
  api.post('/jobs/:shortcode/candidates', async (c) => {
    requireScope(c, 'w_candidates');
    const job = jobOr404(c.req.param('shortcode'));
    const body = await jsonBody(c);
    const input = body['candidate'] as Record<string, unknown> | undefined;
    if (!input || typeof input !== 'object') throw new HttpError(422, 'candidate is required');
    const str = (k: string) => (typeof input[k] === 'string' && (input[k] as string).trim() ? (input[k] as string).trim() : null);
    const email = str('email');
    if (!email) throw new HttpError(422, 'candidate.email is required');
    let first = str('firstname');
    let last = str('lastname');
    const name = str('name');
    if ((!first || !last) && name) [first, last] = [name.split(/\s+/)[0] ?? name, name.split(/\s+/).slice(1).join(' ') || null];
    if (!first || !last) throw new HttpError(422, 'candidate.name or candidate.firstname and candidate.lastname are required');
    const stageSlug = c.req.query('stage') ?? (body['sourced'] === false ? 'applied' : 'sourced');
    if (!job.stages.some((s) => s.slug === stageSlug)) throw new HttpError(422, `Unknown stage ${stageSlug}`);
    const stamp = state.stamp();
    const cand: WCandidate = {
      id: state.nextId(), firstname: first, lastname: last, headline: str('headline'), email, phone: str('phone'), address: str('address'),
      shortcode: job.shortcode, stage_slug: stageSlug, disqualified: false, disqualified_at: null, withdrew: false, disqualification_reason: null,
      hired_at: null, moved_to_offer_at: null, sourced: body['sourced'] !== false, outlet: 'SPI', domain: str('domain'), created_at: stamp, updated_at: stamp,
      tags: Array.isArray(input['tags']) ? (input['tags'] as unknown[]).filter((t): t is string => typeof t === 'string') : [],
      social_profiles: Array.isArray(input['social_profiles']) ? (input['social_profiles'] as Array<{ type: string; url: string; username?: string }>).map((s) => ({ type: String(s.type), url: String(s.url), username: s.username ?? null })) : [],
      cover_letter: str('cover_letter'), summary: str('summary'), originating_candidate_id: null, files: [], comments: [], activities: [], offer: null,
    };
    const resume = input['resume'] as { name?: unknown; data?: unknown } | undefined;
    if (resume) {
      if (typeof resume.name !== 'string' || typeof resume.data !== 'string') throw new HttpError(422, 'candidate.resume needs name and data (base64)');
      cand.files.push(state.file(resume.name, 'resume', 'candidate', Buffer.from(resume.data, 'base64')));
    }
    cand.activities.push({ id: state.nextId(), action: cand.sourced ? 'uploaded' : 'applied', stage_name: null, member_id: null, body: null, created_at: stamp });
    state.candidates.push(cand);
    return c.json({ status: 'created', candidate: detail(cand, origin(c)) }, 201);
  });
  api.patch('/candidates/:id', async (c) => {
    requireScope(c, 'w_candidates');
    const cand = candidateOr404(c.req.param('id'));
    const input = ((await jsonBody(c))['candidate'] ?? {}) as Record<string, unknown>;
    for (const k of ['firstname', 'lastname', 'headline', 'email', 'phone', 'address', 'summary', 'cover_letter'] as const) {
      if (typeof input[k] === 'string') (cand as unknown as Record<string, unknown>)[k] = input[k];
    }
    state.touch(cand);
    return c.json({ candidate: detail(cand, origin(c)) });
  });
  api.post('/candidates/:id/move', async (c) => {
    requireScope(c, 'w_candidates');
    const cand = candidateOr404(c.req.param('id'));
    const body = await jsonBody(c);
    const member = actingMember(body);
    const stage = state.job(cand.shortcode)?.stages.find((s) => s.slug === body['target_stage']);
    if (!stage) throw new HttpError(422, 'target_stage must be the slug of a stage of the job');
    cand.stage_slug = stage.slug;
    if (stage.kind === 'offer') cand.moved_to_offer_at ??= state.stamp();
    if (stage.kind === 'hired') cand.hired_at ??= state.stamp();
    cand.activities.push({ id: state.nextId(), action: 'moved', stage_name: stage.name, member_id: member.id, body: null, created_at: state.stamp() });
    state.touch(cand);
    return c.body(null, 200);
  });
  api.post('/candidates/:id/disqualify', async (c) => {
    requireScope(c, 'w_candidates');
    const cand = candidateOr404(c.req.param('id'));
    const body = await jsonBody(c);
    const member = actingMember(body);
    const reasonId = body['disqualify_reason_id'];
    const reason = reasonId === undefined || reasonId === null ? null : state.reasons.find((r) => r.id === reasonId);
    if (reason === undefined) throw new HttpError(422, 'disqualify_reason_id does not match a disqualification reason');
    const note = body['disqualify_note'];
    if (note !== undefined && (typeof note !== 'string' || note.length > 256)) throw new HttpError(422, 'disqualify_note must be a string of at most 256 characters');
    cand.disqualified = true;
    cand.disqualified_at = state.stamp();
    // `disqualification_reason` (free text) is the deprecated way the docs still list; the reason id wins.
    const legacy = typeof body['disqualification_reason'] === 'string' && body['disqualification_reason'].trim() ? body['disqualification_reason'].trim() : null;
    cand.disqualification_reason = reason?.description ?? legacy;
    cand.withdrew = body['withdrew'] === true || (reason?.candidate_withdrew ?? false);
    cand.activities.push({ id: state.nextId(), action: 'disqualified', stage_name: null, member_id: member.id, body: typeof note === 'string' ? note : null, created_at: state.stamp() });
    state.touch(cand);
    return c.body(null, 200);
  });
  api.post('/candidates/:id/revert', async (c) => {
    requireScope(c, 'w_candidates');
    const cand = candidateOr404(c.req.param('id'));
    const member = actingMember(await jsonBody(c));
    Object.assign(cand, { disqualified: false, disqualified_at: null, disqualification_reason: null, withdrew: false });
    cand.activities.push({ id: state.nextId(), action: 'reverted', stage_name: null, member_id: member.id, body: null, created_at: state.stamp() });
    state.touch(cand);
    return c.body(null, 200);
  });
  api.post('/candidates/:id/comments', async (c) => {
    requireScope(c, 'w_candidates');
    const cand = candidateOr404(c.req.param('id'));
    const body = await jsonBody(c);
    const member = actingMember(body);
    const comment = body['comment'] as { body?: unknown; policy?: unknown; attachment?: { name?: unknown; data?: unknown } } | undefined;
    if (!comment || typeof comment.body !== 'string' || !comment.body.trim()) throw new HttpError(422, 'comment.body is required');
    if (comment.attachment !== undefined) {
      const { name, data } = comment.attachment;
      if (typeof name !== 'string' || typeof data !== 'string') throw new HttpError(422, 'comment.attachment needs name and data (base64)');
      const ext = name.split('.').pop()?.toLowerCase();
      cand.files.push(state.file(name, 'comment_attachment', 'comment', Buffer.from(data, 'base64'), ext === 'pdf' ? 'application/pdf' : ext === 'txt' ? 'text/plain' : 'application/octet-stream'));
    }
    const id = state.nextId();
    cand.comments.push({ id, member_id: member.id, body: comment.body, policy: Array.isArray(comment.policy) ? (comment.policy as string[]) : [], created_at: state.stamp() });
    cand.activities.push({ id: state.nextId(), action: 'comment', stage_name: null, member_id: member.id, body: comment.body, created_at: state.stamp() });
    state.touch(cand);
    return c.json({ id });
  });
  api.put('/candidates/:id/tags', async (c) => {
    requireScope(c, 'w_candidates');
    const cand = candidateOr404(c.req.param('id'));
    const tags = (await jsonBody(c))['tags'];
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw new HttpError(422, 'tags must be an array of strings');
    cand.tags = [...new Set(tags as string[])];
    state.touch(cand);
    return c.json({ tags: cand.tags });
  });

  // --- plumbing: subdomain, auth, rate limits ----------------------------------------------
  const guard = async (c: Context, next: () => Promise<void>) => {
    const sub = c.req.param('subdomain');
    const host = (c.req.header('host') ?? new URL(c.req.url).host).split(':')[0] ?? '';
    const hostSub = /\.workable\.[a-z.]+$/.test(host) ? host.split('.')[0] : undefined;
    if ((sub !== undefined && sub !== subdomain) || (hostSub !== undefined && hostSub !== subdomain)) return workableError(c, 404, 'Not found');
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
    const found = tokens.get(token);
    if (!found) return workableError(c, 401, 'Not authorized');
    if (found.expired) return workableError(c, 401, 'The access token expired');
    c.set('token' as never, found as never);
    const ten = tenSeconds.take(token);
    const min = minute.take(token);
    const headers: Record<string, string> = {
      'X-Rate-Limit-Limit': String(ten.limit), 'X-Rate-Limit-Remaining': String(ten.remaining), 'X-Rate-Limit-Reset': String(ten.reset),
      'X-RateLimit-Limit': String(min.limit), 'X-RateLimit-Remaining': String(min.remaining), 'X-RateLimit-Reset': String(min.reset),
    };
    if ((ten.exceeded && Number.isFinite(per10)) || min.exceeded) {
      const res = workableError(c, 429, 'Too Many Requests');
      for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
      return res;
    }
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
    return undefined;
  };
  app.use('/spi/v3/*', guard);
  app.use('/:subdomain/spi/v3/*', guard);
  app.route('/spi/v3', api);
  app.route('/:subdomain/spi/v3', api);

  const onError = (err: Error, c: Context) => (err instanceof HttpError ? workableError(c, err.status, err.message) : workableError(c, 500, 'Internal server error'));
  api.onError(onError);
  app.onError(onError);
  app.notFound((c) => workableError(c, 404, 'Not found'));
  api.notFound((c) => workableError(c, 404, 'Not found'));

  return { name: 'workable', app, faults, credentials: { subdomain, api_key: accountToken }, state, tokens, createToken, webhooks: sender, subscriptions };
}) satisfies EmulatorFactory;

export { isoSeconds };
