/**
 * Emulator of Ashby's public API (developers.ashbyhq.com), written from the docs and recorded live
 * responses (shared/reference/vendors/ashby.md). RPC style: every endpoint is `POST /<category>.<method>`
 * with a JSON body, reads included; HTTP Basic with the API key as user name (401 missing, 403 wrong
 * or lacking the module permission); business errors are HTTP 200 with `success: false`; cursor
 * pagination with `moreDataAvailable`, empty pages and a `syncToken` on the last page; 429 with
 * `X-RateLimit-*` headers. `/__admin/...` drives it from tests; `/__files/...` serves signed file URLs.
 */
import { createHmac } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { Emulator, EmulatorFactory, EmulatorOptions } from '../shared/emulator.js';
import { Faults, faultInjection, registerFaultAdmin } from '../shared/faults.js';
import { TokenBucket } from '../shared/rate-limit.js';
import { AshbyBusinessError, ashbyError, errorEnvelope, listPage, requestId, type ListingConfig } from './http.js';
import { AshbyState, COLLECTIONS, type Collection, type Json } from './state.js';
import { WebhookSender, registerWebhookAdmin } from '../shared/webhook-sender.js';
import { ASHBY_RETRY_DELAYS_MS, AshbyWebhooks, ashbyWebhookMiddleware } from './webhooks.js';
import { applicationCreate, candidateCreate, candidateUpdate, changeStage, changeTag, createFileUploadHandle, createNote, tagCreate, uploadFile, type PendingUpload } from './writes.js';

/** Ashby's permission modules, and which one each RPC category needs. */
export const MODULES = ['candidates', 'jobs', 'interviews', 'hiringProcess', 'organization', 'offers'] as const;
export type Module = (typeof MODULES)[number];
const MODULE_OF: Record<string, Module> = {
  candidate: 'candidates',
  application: 'candidates',
  // Documented: candidateTag.list needs hiringProcessMetadataRead, candidateTag.create hiringProcessMetadataWrite.
  candidateTag: 'hiringProcess',
  file: 'candidates',
  customField: 'candidates',
  job: 'jobs',
  jobPosting: 'jobs',
  interviewSchedule: 'interviews',
  interview: 'interviews',
  interviewPlan: 'hiringProcess',
  interviewStage: 'hiringProcess',
  archiveReason: 'hiringProcess',
  source: 'hiringProcess',
  user: 'organization',
  department: 'organization',
  location: 'organization',
  offer: 'offers',
  // Documented: managing webhooks needs the API-keys write permission; the emulator has no such module.
  webhook: 'organization',
};
const READ_METHODS = new Set(['list', 'info', 'search', 'listNotes']);

export interface ApiKey {
  key: string;
  read: ReadonlySet<Module>;
  write: ReadonlySet<Module>;
  enabled: boolean;
}

export interface AshbyEmulatorOptions extends EmulatorOptions {
  now?: () => number;
  /** Largest page handed out (Ashby caps `limit`; 100 by default). */
  pageCap?: number;
  /** First page of each listing empty with `moreDataAvailable: true` (default on, as Ashby does). */
  emptyFirstPage?: boolean;
  /** Page cursors this many ms old are refused with `next_cursor_expired` (default: never). */
  cursorTtlMs?: number;
  /** Accept the deprecated multipart bodies of `candidate.uploadFile`/`uploadResume` (default on); off, only the presigned-handle flow works. */
  multipartUploads?: boolean;
}

export interface AshbyEmulator extends Emulator {
  state: AshbyState;
  webhooks: WebhookSender;
  ashbyWebhooks: AshbyWebhooks;
  keys: Map<string, ApiKey>;
  listing: ListingConfig;
  createKey(options?: { read?: readonly Module[]; write?: readonly Module[] }): string;
  /** Upload switches (`multipart`: the deprecated multipart bodies are accepted). */
  uploads: { multipart: boolean };
}

const FILE_URL_TTL_MS = 10 * 60_000;
/** Documented: the presigned URL of `file.createFileUploadHandle` expires after 10 minutes. */
const UPLOAD_URL_TTL_MS = 10 * 60_000;

export const createAshbyEmulator = ((options: AshbyEmulatorOptions): AshbyEmulator => {
  const now = options.now ?? Date.now;
  const state = new AshbyState(options.seed, Math.max(0, Math.floor(options.size)), now);
  const listing: ListingConfig = { pageCap: options.pageCap ?? 100, emptyFirstPage: options.emptyFirstPage ?? true, incrementalLimit: Number.POSITIVE_INFINITY, cursorTtlMs: options.cursorTtlMs ?? Number.POSITIVE_INFINITY };
  const keys = new Map<string, ApiKey>();
  let keyCounter = 0;
  const createKey = (opts: { read?: readonly Module[]; write?: readonly Module[] } = {}): string => {
    const key = createHmac('sha256', `ashby-${options.seed}`).update(String(++keyCounter)).digest('hex').slice(0, 40);
    keys.set(key, { key, read: new Set(opts.read ?? MODULES), write: new Set(opts.write ?? MODULES), enabled: true });
    return key;
  };
  const apiKey = createKey();
  const perSecond = options.rateLimitPerSecond ?? 1000 / 60;
  const bucket = Number.isFinite(perSecond) ? new TokenBucket(perSecond, Math.max(1, Math.ceil(perSecond * 2)), now) : null;
  const fileSecret = `files-${options.seed}`;
  const uploadSwitches = { multipart: options.multipartUploads ?? true };
  const pendingUploads = new Map<string, PendingUpload>();

  const faults = new Faults();
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('x-ashby-request-id', requestId());
  });
  app.use('*', faultInjection(faults, (c, status, message) => ashbyError(c, status, message)));
  registerFaultAdmin(app, faults);
  const sender = new WebhookSender({ retryDelaysMs: options.webhookRetryDelaysMs ?? ASHBY_RETRY_DELAYS_MS, now, ...(options.sleep ? { sleep: options.sleep } : {}) });
  const ashbyWebhooks = new AshbyWebhooks(sender);
  registerWebhookAdmin(app, sender);
  app.use('*', ashbyWebhookMiddleware(state, ashbyWebhooks));
  /** Where signed file URLs point: the origin the API was called on. */
  let origin = '';
  app.use('*', async (c, next) => {
    origin = new URL(c.req.url).origin;
    await next();
  });

  // --- admin ---------------------------------------------------------------------------------
  const adminJson = async (c: Context): Promise<Json> => ((await c.req.json().catch(() => ({}))) as Json) ?? {};
  app.post('/__admin/sync-tokens/expire', (c) => {
    state.tokenEpoch++;
    return c.json({ tokenEpoch: state.tokenEpoch });
  });
  app.post('/__admin/uploads', async (c) => {
    const body = await adminJson(c);
    if (typeof body['multipart'] === 'boolean') uploadSwitches.multipart = body['multipart'];
    return c.json(uploadSwitches);
  });
  app.post('/__admin/listing', async (c) => {
    const body = await adminJson(c);
    if (typeof body['pageCap'] === 'number') listing.pageCap = body['pageCap'];
    if (typeof body['emptyFirstPage'] === 'boolean') listing.emptyFirstPage = body['emptyFirstPage'];
    if (typeof body['incrementalLimit'] === 'number' || body['incrementalLimit'] === null) listing.incrementalLimit = typeof body['incrementalLimit'] === 'number' ? body['incrementalLimit'] : Number.POSITIVE_INFINITY;
    if (typeof body['cursorTtlMs'] === 'number' || body['cursorTtlMs'] === null) listing.cursorTtlMs = typeof body['cursorTtlMs'] === 'number' ? body['cursorTtlMs'] : Number.POSITIVE_INFINITY;
    const finite = (n: number) => (Number.isFinite(n) ? n : null);
    return c.json({ ...listing, incrementalLimit: finite(listing.incrementalLimit), cursorTtlMs: finite(listing.cursorTtlMs) });
  });
  app.post('/__admin/keys', async (c) => {
    const body = await adminJson(c);
    const pick = (v: unknown) => (Array.isArray(v) ? v.filter((m): m is Module => (MODULES as readonly unknown[]).includes(m)) : undefined);
    const read = pick(body['read']);
    const write = pick(body['write']);
    return c.json({ api_key: createKey({ ...(read ? { read } : {}), ...(write ? { write } : {}) }) });
  });
  app.post('/__admin/keys/:key/deactivate', (c) => {
    const key = keys.get(c.req.param('key'));
    if (!key) return c.json({ error: 'no such key' }, 404);
    key.enabled = false;
    return c.json({ ok: true });
  });
  const collectionOf = (name: string): Collection | null => ((COLLECTIONS as readonly string[]).includes(name) ? (name as Collection) : null);
  /** Changes a record behind the connector's back: merges the body into it and marks it changed. */
  app.post('/__admin/:collection/:id/update', async (c) => {
    const collection = collectionOf(c.req.param('collection'));
    const record = collection ? state.get(collection, c.req.param('id')) : null;
    if (!collection || !record) return c.json({ error: 'not found' }, 404);
    Object.assign(record, await adminJson(c));
    return c.json(state.touch(collection, c.req.param('id')));
  });
  app.delete('/__admin/:collection/:id', (c) => {
    const collection = collectionOf(c.req.param('collection'));
    if (!collection || !state.remove(collection, c.req.param('id'))) return c.json({ error: 'not found' }, 404);
    return c.json({ ok: true });
  });
  app.get('/__admin/notes/:candidateId', (c) => c.json({ notes: state.notes.get(c.req.param('candidateId')) ?? [] }));

  // --- signed file URLs (what file.info hands out; no credentials, they expire) ---------------
  const sign = (handle: string, expires: number) => createHmac('sha256', fileSecret).update(`${handle}.${expires}`).digest('hex');
  app.get('/__files/:handle', (c) => {
    const handle = c.req.param('handle');
    const expires = Number(c.req.query('expires'));
    const file = state.files.get(handle);
    if (!file || c.req.query('signature') !== sign(handle, expires)) return c.text('Forbidden', 403);
    if (!Number.isFinite(expires) || now() > expires) return c.text('Request has expired', 403);
    return c.body(file.body.slice().buffer as ArrayBuffer, 200, { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.name}"` });
  });

  // --- presigned uploads (what file.createFileUploadHandle hands out; no credentials, they expire) ---
  // A multipart POST carrying every returned field and then the bytes as `file`, like a storage presigned POST.
  app.post('/__uploads/:id', async (c) => {
    const entry = [...pendingUploads.entries()].find(([, u]) => u.fields['policy'] === c.req.param('id'));
    if (!entry) return c.text('Forbidden', 403);
    const [, upload] = entry;
    if (now() > upload.expiresAt) return c.text('Request has expired', 403);
    if (!(c.req.header('Content-Type') ?? '').includes('multipart/form-data')) return c.text('POST requires multipart/form-data', 400);
    const form = await c.req.formData();
    for (const [key, value] of Object.entries(upload.fields)) {
      if (form.get(key) !== value) return c.text(`Invalid according to policy: field ${key}`, 403);
    }
    const file = form.get('file');
    if (!file || typeof file === 'string') return c.text('POST requires exactly one file upload per request (field file)', 400);
    upload.body = new Uint8Array(await file.arrayBuffer());
    return c.body(null, 204);
  });

  // --- the API ------------------------------------------------------------------------------
  app.all('/:rpc', async (c) => {
    const rpc = c.req.param('rpc');
    const match = /^([a-zA-Z]+)\.([a-zA-Z]+)$/.exec(rpc);
    if (!match) return ashbyError(c, 404, `Unknown endpoint ${c.req.path}`, 'not_found');
    if (c.req.method !== 'POST') return ashbyError(c, 405, `${c.req.method} is not allowed: every Ashby endpoint is POST`, 'method_not_allowed');
    const [, category = '', method = ''] = match;

    const header = c.req.header('Authorization');
    if (!header) return ashbyError(c, 401, 'Missing authentication: send the API key with HTTP Basic auth', 'unauthenticated');
    const [scheme, value] = header.split(' ');
    const decoded = scheme?.toLowerCase() === 'basic' && value ? Buffer.from(value, 'base64').toString('utf8') : '';
    const key = keys.get(decoded.split(':')[0] ?? '');
    if (!key || !key.enabled) return ashbyError(c, 403, 'The API key is invalid or has been deactivated', 'invalid_api_key');

    if (bucket) {
      const wait = bucket.take(key.key);
      const limitPerMinute = Math.round(perSecond * 60);
      if (wait > 0) {
        const res = c.json(errorEnvelope('rate_limit_exceeded', 'Rate limit exceeded'), 429);
        res.headers.set('Retry-After', String(wait));
        res.headers.set('X-RateLimit-Limit', String(limitPerMinute));
        res.headers.set('X-RateLimit-Remaining', '0');
        res.headers.set('X-RateLimit-Reset', String(Math.ceil(now() / 1000) + wait));
        return res;
      }
      c.header('X-RateLimit-Limit', String(limitPerMinute));
      c.header('X-RateLimit-Remaining', String(bucket.remaining(key.key)));
      c.header('X-RateLimit-Reset', String(Math.ceil(now() / 1000) + 60));
    }

    const module = MODULE_OF[category];
    const handler = HANDLERS[rpc];
    if (!module || !handler) return ashbyError(c, 404, `Unknown endpoint ${c.req.path}`, 'not_found');
    const writing = !READ_METHODS.has(method);
    if (!(writing ? key.write : key.read).has(module)) {
      return ashbyError(c, 403, `The API key lacks the ${writing ? 'write' : 'read'} permission for ${module}`, 'missing_endpoint_permission');
    }
    const contentType = c.req.header('Content-Type') ?? '';
    try {
      let input: Json | FormData;
      if (handler.multipart && contentType.includes('multipart/form-data')) {
        input = await c.req.formData();
      } else {
        if (!contentType.includes('application/json')) throw new AshbyBusinessError('invalid_input', 'Content-Type must be application/json');
        const text = await c.req.text();
        const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new AshbyBusinessError('invalid_input', 'Request payload is malformed');
        input = parsed as Json;
      }
      const result = await handler.run(input);
      return c.json('success' in result && typeof result['success'] === 'boolean' ? result : { success: true, results: result });
    } catch (err) {
      if (err instanceof AshbyBusinessError) return c.json(errorEnvelope(err.code, err.message), 200);
      if (err instanceof SyntaxError) return c.json(errorEnvelope('invalid_input', 'Request payload is malformed'), 200);
      throw err;
    }
  });

  /** `multipart`: the RPC also takes a multipart/form-data body (else JSON only). */
  type Handler = { multipart?: boolean; run(input: Json | FormData): Json | Promise<Json> };
  const json = (fn: (body: Json) => Json | Promise<Json>): Handler => ({ run: (input) => fn(input as Json) });
  const needId = (body: Json, key: string): string => {
    const v = body[key];
    if (typeof v !== 'string' || !v) throw new AshbyBusinessError('invalid_input', `${key} is required`);
    return v;
  };
  const info = (collection: Collection, key: string, notFound: string) =>
    json((body) => {
      const record = state.get(collection, needId(body, key));
      if (!record) throw new AshbyBusinessError(notFound, `No ${collection} with ${key} ${String(body[key])}`);
      return record;
    });
  const list = (collection: Collection, sync: boolean, filter?: (body: Json) => ((r: Json) => boolean) | undefined) =>
    json((body) => {
      const f = filter?.(body);
      return listPage(state, listing, collection, body, { sync, ...(f ? { filter: f } : {}) });
    });
  /**
   * A list whose documented request body has no `limit` or `cursor` (`archiveReason.list`,
   * `source.list`, `interviewStage.list`, `jobPosting.list`): everything in one answer with
   * `moreDataAvailable: false` and no token, as recorded for such lists. A `limit` or `cursor`
   * sent anyway is ignored: Ashby documents neither for these, nor a refusal of them.
   */
  const whole = (collection: Collection, filter?: (body: Json) => ((r: Json) => boolean) | undefined) =>
    json((body) => {
      const f = filter?.(body);
      return { success: true, results: state.all(collection).filter((r) => f?.(r) ?? true), moreDataAvailable: false };
    });
  const signedUrl = (handle: string, origin: string) => {
    const expires = now() + FILE_URL_TTL_MS;
    return `${origin}/__files/${encodeURIComponent(handle)}?expires=${expires}&signature=${sign(handle, expires)}`;
  };

  const HANDLERS: Record<string, Handler> = {
    'user.list': list('user', true, (b) => (b['includeDeactivated'] === true ? undefined : (u) => u['isEnabled'] === true)),
    'user.info': info('user', 'userId', 'user_not_found'),
    // Without a status filter, drafts are left out (documented: "Draft must be specified in the status param").
    'job.list': list('job', true, (b) => (Array.isArray(b['status']) ? (j) => (b['status'] as unknown[]).includes(j['status']) : (j) => j['status'] !== 'Draft')),
    'job.info': info('job', 'id', 'job_not_found'),
    'jobPosting.list': whole('jobPosting', (b) => (b['listedOnly'] === true ? (p) => p['isListed'] === true : undefined)),
    'candidate.list': list('candidate', true),
    'candidate.info': info('candidate', 'id', 'candidate_not_found'),
    'candidate.search': json((body) => {
      const email = typeof body['email'] === 'string' ? body['email'].toLowerCase() : null;
      const name = typeof body['name'] === 'string' ? body['name'].toLowerCase() : null;
      if (!email && !name) throw new AshbyBusinessError('invalid_input', 'email or name is required');
      return {
        success: true,
        results: state
          .all('candidate')
          .filter((cand) => (!email || (cand['emailAddresses'] as Json[]).some((e) => String(e['value']).toLowerCase() === email)) && (!name || String(cand['name']).toLowerCase().includes(name))),
      };
    }),
    'candidate.listNotes': json((body) => {
      const id = needId(body, 'candidateId');
      if (!state.get('candidate', id)) throw new AshbyBusinessError('candidate_not_found', `No candidate with id ${id}`);
      return { success: true, results: state.notes.get(id) ?? [], moreDataAvailable: false };
    }),
    'candidate.create': json((body) => candidateCreate(state, body)),
    'candidate.update': json((body) => candidateUpdate(state, body)),
    'candidate.createNote': json((body) => createNote(state, body)),
    'candidate.addTag': json((body) => changeTag(state, body, true)),
    'candidate.removeTag': json((body) => changeTag(state, body, false)),
    'candidate.uploadFile': { multipart: true, run: (input) => uploadFile(state, input, false, { multipart: uploadSwitches.multipart, uploads: pendingUploads }) },
    'candidate.uploadResume': { multipart: true, run: (input) => uploadFile(state, input, true, { multipart: uploadSwitches.multipart, uploads: pendingUploads }) },
    'file.createFileUploadHandle': json((body) => {
      const { handle, fields } = createFileUploadHandle(state, pendingUploads, body, UPLOAD_URL_TTL_MS);
      return { handle, url: `${origin}/__uploads/${encodeURIComponent(String(fields['policy']))}`, fields };
    }),
    'candidateTag.list': list('candidateTag', false, (b) => (b['includeArchived'] === true ? undefined : (t) => t['isArchived'] === false)),
    'candidateTag.create': json((body) => tagCreate(state, body)),
    'application.list': list('application', true, (b) => {
      const status = typeof b['status'] === 'string' ? b['status'] : null;
      const jobId = typeof b['jobId'] === 'string' ? b['jobId'] : null;
      const after = typeof b['createdAfter'] === 'number' ? b['createdAfter'] : null;
      if (!status && !jobId && after === null) return undefined;
      return (a) => (!status || a['status'] === status) && (!jobId || (a['job'] as Json)['id'] === jobId) && (after === null || Date.parse(String(a['createdAt'])) > after);
    }),
    'application.info': info('application', 'applicationId', 'application_not_found'),
    'application.create': json((body) => applicationCreate(state, body)),
    'application.changeStage': json((body) => changeStage(state, body)),
    'archiveReason.list': whole('archiveReason', (b) => (b['includeArchived'] === true ? undefined : (r) => r['isArchived'] === false)),
    'source.list': whole('source', (b) => (b['includeArchived'] === true ? undefined : (r) => r['isArchived'] === false)),
    'interviewPlan.list': list('interviewPlan', false),
    'interviewStage.list': json((body) => {
      const plan = needId(body, 'interviewPlanId');
      if (!state.get('interviewPlan', plan)) throw new AshbyBusinessError('interview_plan_not_found', `No interview plan with id ${plan}`);
      // Documented body: `interviewPlanId` only; the plan's stages in order, in one answer.
      return { success: true, results: state.stagesOfPlan(plan), moreDataAvailable: false };
    }),
    'interview.list': list('interview', true),
    'interviewSchedule.list': list('interviewSchedule', true),
    'offer.list': list('offer', true),
    'department.list': list('department', true),
    'location.list': list('location', false),
    'customField.list': list('customField', false),
    'webhook.create': json((body) => ashbyWebhooks.create(body)),
    'webhook.delete': json((body) => ashbyWebhooks.delete(body)),
    'file.info': json((body) => {
      const handle = needId(body, 'fileHandle');
      if (!state.files.has(handle)) throw new AshbyBusinessError('file_not_found', 'No file for this handle');
      return { url: signedUrl(handle, origin) };
    }),
  };

  app.notFound((c) => ashbyError(c, 404, `Unknown endpoint ${c.req.path}`, 'not_found'));
  app.onError((err, c) => ashbyError(c, 500, `Internal server error: ${err.message}`, 'internal_error'));

  return { name: 'ashby', app, faults, credentials: { api_key: apiKey }, state, keys, listing, createKey, uploads: uploadSwitches, webhooks: sender, ashbyWebhooks };
}) satisfies EmulatorFactory;
