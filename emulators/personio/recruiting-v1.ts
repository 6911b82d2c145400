/**
 * The v1 Recruiting API of the Personio emulator (mounted at `/v1/recruiting`): document upload and
 * application creation with `Authorization: Bearer <recruiting key>` + `X-Company-ID`, validated with
 * the reasons of `personio-recruiting-api.yaml` (personio/api-docs); and the public positions feed
 * (`/xml?language=…`). What they create lands in the shared state and shows in the v2 reads.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { SYSTEM_PHASES, type PApplication, type PersonioState, type PJob, type PStage, type SystemPhase } from './state.js';

/** Extensions the documents endpoint takes (the OpenAPI file lists `ptt`, surely `ppt`; both are read). */
const EXTENSIONS = new Set(['pdf', 'pptx', 'xlsx', 'docx', 'doc', 'xls', 'ppt', 'ptt', 'ods', 'odt', '7z', 'gz', 'rar', 'zip', 'bmp', 'gif', 'jpg', 'png', 'tif', 'csv', 'txt', 'rtf', 'mp4', '3gp', 'mov', 'avi', 'wmv']);
const FILE_CATEGORIES = new Set(['cv', 'cover-letter', 'employment-reference', 'certificate', 'work-sample', 'other']);
const SYSTEM_ATTRIBUTES = new Set(['birthday', 'gender', 'location', 'phone', 'available_from', 'salary_expectations']);
const GENDERS = new Set(['male', 'female', 'diverse', 'undefined']);
const CHANNELS = new Map([[456, 'LinkedIn'], [457, 'Career page'], [458, 'StepStone']]);
const LANGUAGES = new Set(['de', 'en', 'fr', 'es', 'nl', 'it', 'pt']);

/** The v1 Recruiting API's `error_response`, in its "status" form. */
const v1Status = (c: Context, status: number, title: string, detail: string) => c.json({ errors: [{ id: randomUUID(), status: String(status), title, detail }] }, status as 400);

type FieldErrors = Array<{ field: string; errors: Array<{ reason: string; context: Record<string, unknown> }> }>;

export interface RecruitingApiDeps {
  state: PersonioState;
  now: () => number;
  companyId: number;
  recruitingKey: string;
  /** The company's feature switches (403 without them). */
  features: { recruiting: boolean; publicApi: boolean };
  maxUploadBytes: number;
  /** Seconds to wait when `key` is over `limit` requests in its 60 s window, else 0. */
  overLimit(key: string, limit: number): number;
  throttled(res: Response, seconds: number): Response;
}

export function recruitingApi(deps: RecruitingApiDeps): Hono {
  const { state, now, companyId, recruitingKey, features, overLimit, throttled } = deps;
  const maxUpload = deps.maxUploadBytes;
  const v1 = new Hono();
  v1.use('*', async (c, next) => {
    const given = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim() ?? '';
    if (given !== recruitingKey || c.req.header('x-company-id') !== String(companyId)) {
      return v1Status(c, 401, 'Unauthorized', 'The API token and/or company id was not recognized.');
    }
    if (!features.recruiting) return v1Status(c, 403, 'Forbidden', 'feature.recruiting.disabled');
    if (!features.publicApi) return v1Status(c, 403, 'Forbidden', 'feature.public-api.disabled');
    // developer.personio.de: documents and applications share 20 requests in 60 seconds per company.
    const wait = overLimit(`v1:${companyId}`, 20);
    if (wait) return throttled(v1Status(c, 429, 'Too Many Requests', 'You have exceeded the rate-limit for your API call.'), wait);
    await next();
    return undefined;
  });
  v1.post('/applications/documents', async (c) => {
    const form = await c.req.formData().catch(() => null);
    const file = form?.get('file');
    if (!(file instanceof File)) return c.json({ errors: [{ field: 'file', errors: [{ reason: 'errors.attribute-validation.required-attribute', context: {} }] }] }, 422);
    const extension = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
    if (!EXTENSIONS.has(extension)) return c.json({ errors: [{ field: 'file', errors: [{ reason: 'errors.invalid-file-type', context: { extension } }] }] }, 422);
    if (file.size > maxUpload) return c.json({ errors: [{ field: 'file', errors: [{ reason: 'errors.file-too-big', context: { max_bytes: maxUpload } }] }] }, 413);
    const doc = { uuid: randomUUID(), size: file.size, mimetype: file.type || 'application/octet-stream', original_filename: file.name, extension, data: Buffer.from(await file.arrayBuffer()), uploaded_at: now() };
    state.documents.push(doc);
    return c.json({ uuid: doc.uuid, size: doc.size, mimetype: doc.mimetype, original_filename: doc.original_filename, extension: doc.extension });
  });
  v1.post('/applications', async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return v1Status(c, 400, 'Bad Request', 'The request body must be a JSON object.');
    const errors: FieldErrors = [];
    const refuse = (field: string, reason: string, context: Record<string, unknown> = {}) => errors.push({ field, errors: [{ reason, context }] });
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
    for (const key of ['first_name', 'last_name', 'email']) if (!text(key)) refuse(key, 'errors.attribute-validation.required-attribute');
    if (text('email') && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text('email'))) refuse('email', 'errors.attribute-validation.invalid-email-format');
    const jobId = body['job_position_id'];
    const job = typeof jobId === 'number' && Number.isInteger(jobId) ? state.job(jobId) : undefined;
    if (jobId === undefined || jobId === null) refuse('job_position_id', 'errors.attribute-validation.required-attribute');
    else if (!job) refuse('job_position_id', 'errors.posting-validation.posting-not-found');
    else if (job.status !== 'published') refuse('job_position_id', 'errors.job-position.not-published');
    const channelId = body['recruiting_channel_id'];
    if (channelId !== undefined && channelId !== null && !(typeof channelId === 'number' && CHANNELS.has(channelId))) refuse('recruiting_channel_id', 'errors.posting-validation.channel-not-found');
    const date = body['application_date'];
    if (date !== undefined && date !== null) {
      if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) refuse('application_date', 'errors.attribute-validation.invalid-date-format');
      else if (date > new Date(now()).toISOString().slice(0, 10)) refuse('application_date', 'errors.date-validation.date-in-the-future');
    }
    const files = Array.isArray(body['files']) ? (body['files'] as Array<Record<string, unknown>>) : [];
    for (const f of files) {
      if (!state.documents.some((d) => d.uuid === f['uuid'])) refuse('files', 'errors.file-validation.file-not-exists', { uuid: f['uuid'] });
      else if (!FILE_CATEGORIES.has(String(f['category']))) refuse('files', 'errors.file-validation.unknown-file-category', { category: f['category'] });
    }
    const attributes = Array.isArray(body['attributes']) ? (body['attributes'] as Array<Record<string, unknown>>) : [];
    for (const a of attributes) {
      const id = String(a['id'] ?? '');
      const value = String(a['value'] ?? '');
      if (!SYSTEM_ATTRIBUTES.has(id) && !/^custom_attribute_\d+$/.test(id)) refuse(`attributes.${id}`, 'errors.attribute-validation.unknown');
      else if ((id === 'birthday' || id === 'available_from') && !/^\d{4}-\d{2}-\d{2}$/.test(value)) refuse(`attributes.${id}`, 'errors.attribute-validation.invalid-date-format');
      else if (id === 'gender' && !GENDERS.has(value)) refuse(`attributes.${id}`, 'errors.attribute-validation.unknown-attribute-option');
    }
    const email = text('email').toLowerCase();
    if (job && email && state.applications.some((x) => x.job_id === job.id && state.candidate(x.candidate_id)?.email.toLowerCase() === email)) refuse('email', 'errors.applicant-already-exists');
    if (errors.length || !job) return c.json({ errors }, 400);

    const at = state.stampNow();
    let cand = state.candidates.find((x) => x.email.toLowerCase() === email);
    if (!cand) {
      cand = {
        id: state.uuid(), first_name: text('first_name'), last_name: text('last_name'), email: text('email'), gender: null, phone: null, location: null, birthday: null,
        linkedin_profile: null, available_from: null, salary_expectations: null, custom_attributes: {}, created_at: at, updated_at: at,
      };
      state.candidates.push(cand);
    }
    for (const a of attributes) {
      const id = String(a['id']);
      const value = String(a['value']);
      if (id === 'birthday') cand.birthday = value;
      else if (id === 'gender') cand.gender = value;
      else if (id === 'location') cand.location = value;
      else if (id === 'phone') cand.phone = value;
      else if (id === 'available_from') cand.available_from = value;
      else if (id === 'salary_expectations') cand.salary_expectations = value;
      else cand.custom_attributes[id] = value;
    }
    cand.updated_at = at;
    const tags = Array.isArray(body['tags']) ? (body['tags'] as unknown[]).filter((t): t is string => typeof t === 'string' && t.trim() !== '') : [];
    for (const t of tags) state.tags.add(t);
    const created: PApplication = {
      id: state.uuid(), candidate_id: cand.id, job_id: job.id, application_date: typeof date === 'string' ? date : new Date(at).toISOString().slice(0, 10), stage: phaseOf(body['phase'], job),
      channel: typeof channelId === 'number' ? { id: channelId, name: CHANNELS.get(channelId) ?? '' } : null, is_anonymized: false, tags, message: typeof body['message'] === 'string' ? body['message'] : null,
      files: files.map((f) => ({ uuid: String(f['uuid']), category: String(f['category']) })), transitions: [], created_at: at, updated_at: at,
    };
    created.transitions.push({ entered_at: at, stage: created.stage });
    state.applications.push(created);
    return c.body(null, 201);
  });
  /**
   * The phase given at creation: a system id, or a custom phase of the job's category; anything
   * else silently becomes `unassigned` (documented). Without one: the category's initial phase,
   * which is `unassigned` here.
   */
  function phaseOf(given: unknown, job: PJob): PStage {
    if (!given || typeof given !== 'object') return { type: 'system', kind: 'unassigned' };
    const { type, id } = given as { type?: unknown; id?: unknown };
    if (type === 'system' && typeof id === 'string' && (SYSTEM_PHASES as readonly string[]).includes(id)) return { type: 'system', kind: id as SystemPhase };
    const custom = typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : null;
    if (type === 'custom' && custom !== null && state.category(job.category_id)?.phases.some((p) => p.id === custom)) return { type: 'custom', id: custom };
    return { type: 'system', kind: 'unassigned' };
  }
  v1.onError((_err, c) => v1Status(c, 500, 'Internal Server Error', 'An unexpected error occurred.'));
  v1.notFound((c) => v1Status(c, 404, 'Not Found', 'No such route in the Recruiting API.'));
  return v1;
}

/** `GET /xml?language=…`: published positions as `<workzag-jobs><position>…` (no auth). */
export function positionsFeed(state: PersonioState) {
  return (c: Context) => {
    const language = c.req.query('language') ?? '';
    if (!LANGUAGES.has(language)) return c.text('language must be one of de, en, fr, es, nl, it, pt', 400);
    const esc = (s: string) => s.replace(/[<>&]/g, (ch) => `&#${ch.charCodeAt(0)};`);
    const positions = state.jobs
      .filter((j) => j.status === 'published')
      .map((j) =>
        `<position><id>${j.id}</id><subcompany></subcompany><office>${esc(j.office)}</office><department>${esc(j.department?.name ?? '')}</department>` +
        `<recruitingCategory>${esc(state.category(j.category_id)?.name ?? '')}</recruitingCategory><name>${esc(j.name)}</name>` +
        `<jobDescriptions><jobDescription><name>About the role</name><value><![CDATA[<p>${esc(j.name)}</p>]]></value></jobDescription></jobDescriptions>` +
        `<employmentType>${j.employment_type}</employmentType><seniority>experienced</seniority><schedule>full-time</schedule><yearsOfExperience>2-5</yearsOfExperience>` +
        `<createdAt>${new Date(j.created_at).toISOString()}</createdAt></position>`,
      );
    return c.body(`<?xml version="1.0" encoding="UTF-8"?>\n<workzag-jobs>${positions.join('')}</workzag-jobs>`, 200, { 'Content-Type': 'application/xml; charset=utf-8' });
  };
}
