/**
 * Teamtailor's writes as documented: JSON:API bodies (`application/vnd.api+json`, else 415),
 * 201 with the created resource, 200 with an updated one, 422 with `errors[].source.pointer`
 * for invalid input. A job application moves by replacing its `stage` relationship and is
 * rejected by setting `rejected-at` with a `reject-reason` (`rejected-at: null` un-rejects).
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { apiError, JSONAPI } from './http.js';
import type { TypeName } from './serialize.js';
import type { TeamtailorState } from './state.js';

type Single = (c: Context, type: TypeName, record: { id: string } & Record<string, unknown>, status?: number) => Response;

const linkage = z.object({ data: z.object({ type: z.string(), id: z.coerce.string() }).nullable() });
const bodySchema = z.object({
  data: z.object({
    type: z.string(),
    id: z.coerce.string().optional(),
    attributes: z.record(z.string(), z.unknown()).default({}),
    relationships: z.record(z.string(), linkage).default({}),
  }),
});
type Body = z.infer<typeof bodySchema>['data'];

const ANSWER_ATTRIBUTES = new Set(['boolean', 'choices', 'range', 'text', 'video-token']);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

async function readBody(c: Context, type: string): Promise<Body | Response> {
  if (!(c.req.header('content-type') ?? '').startsWith(JSONAPI)) return apiError(c, 415, 'Unsupported media type', `Send Content-Type: ${JSONAPI}`);
  const parsed = bodySchema.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) return apiError(c, 400, 'Invalid request', 'The body is not a JSON:API document', '/data');
  if (parsed.data.data.type !== type) return apiError(c, 409, 'Type mismatch', `Expected type ${type}`, '/data/type');
  return parsed.data.data;
}

const related = (body: Body, name: string) => body.relationships[name]?.data ?? null;

export function registerWrites(app: Hono, state: TeamtailorState, single: Single): void {
  const row = <T extends { id: string }>(record: T) => record as T & Record<string, unknown>;
  const blank = (c: Context, pointer: string) => apiError(c, 422, "can't be blank", `${pointer.split('/').pop() ?? ''} - can't be blank`, pointer);

  app.post('/v1/candidates', async (c) => {
    const body = await readBody(c, 'candidates');
    if (body instanceof Response) return body;
    const a = body.attributes;
    const email = str(a['email'])?.toLowerCase() ?? null;
    if (!email && a['sourced'] !== true) return blank(c, '/data/attributes/email');
    const existing = email ? state.candidates.find((x) => x.email?.toLowerCase() === email) : undefined;
    if (existing && a['merge'] !== true) return apiError(c, 422, 'has already been taken', 'email - has already been taken', '/data/attributes/email');
    const t = state.stamp();
    const target = existing ?? { id: state.id(), firstName: null, lastName: null, email, phone: null, linkedinUrl: null, pitch: null, sourced: a['sourced'] === true, referringSite: null, tags: [], createdAt: t, updatedAt: t };
    target.firstName = str(a['first-name']) ?? target.firstName;
    target.lastName = str(a['last-name']) ?? target.lastName;
    target.phone = str(a['phone']) ?? target.phone;
    target.linkedinUrl = str(a['linkedin-url']) ?? target.linkedinUrl;
    target.pitch = str(a['pitch']) ?? target.pitch;
    if (Array.isArray(a['tags'])) target.tags = [...new Set([...(existing ? target.tags : []), ...a['tags'].map(String)])];
    target.updatedAt = t;
    if (!existing) state.candidates.push(target);
    return single(c, 'candidates', row(target), existing ? 200 : 201);
  });

  app.patch('/v1/candidates/:id', async (c) => {
    const found = state.candidate(c.req.param('id'));
    if (!found) return apiError(c, 404, 'Record not found');
    const body = await readBody(c, 'candidates');
    if (body instanceof Response) return body;
    const a = body.attributes;
    // An array attribute is replaced whole, as JSON:API updates do.
    if (Array.isArray(a['tags'])) found.tags = a['tags'].map(String);
    if ('first-name' in a) found.firstName = str(a['first-name']);
    if ('last-name' in a) found.lastName = str(a['last-name']);
    if ('phone' in a) found.phone = str(a['phone']);
    found.updatedAt = state.stamp();
    return single(c, 'candidates', row(found));
  });

  app.post('/v1/job-applications', async (c) => {
    const body = await readBody(c, 'job-applications');
    if (body instanceof Response) return body;
    const candidate = related(body, 'candidate');
    const job = related(body, 'job');
    if (!candidate) return blank(c, '/data/relationships/candidate');
    if (!job) return blank(c, '/data/relationships/job');
    if (!state.candidate(candidate.id)) return apiError(c, 422, 'must exist', 'candidate - must exist', '/data/relationships/candidate');
    const inbox = state.stagesOf(job.id).find((s) => s.stageType === 'Inbox');
    if (!state.job(job.id) || !inbox) return apiError(c, 422, 'must exist', 'job - must exist', '/data/relationships/job');
    if (state.applications.some((x) => x.candidateId === candidate.id && x.jobId === job.id)) return apiError(c, 422, 'has already been taken', 'candidate - has already applied to this job', '/data/relationships/candidate');
    const t = state.stamp();
    const created = { id: state.id(), candidateId: candidate.id, jobId: job.id, stageId: inbox.id, rejectedAt: null, rejectReasonId: null, changedStageAt: t, coverLetter: str(body.attributes['cover-letter']), sourced: body.attributes['sourced'] === true, createdAt: t, updatedAt: t };
    state.applications.push(created);
    return single(c, 'job-applications', row(created), 201);
  });

  app.patch('/v1/job-applications/:id', async (c) => {
    const found = state.application(c.req.param('id'));
    if (!found) return apiError(c, 404, 'Record not found');
    const body = await readBody(c, 'job-applications');
    if (body instanceof Response) return body;
    const t = state.stamp();
    const stage = related(body, 'stage');
    if (stage) {
      if (state.stage(stage.id)?.jobId !== found.jobId) return apiError(c, 422, 'is invalid', 'stage - must belong to the job of the application', '/data/relationships/stage');
      if (stage.id !== found.stageId) found.changedStageAt = t;
      found.stageId = stage.id;
    }
    if ('reject-reason' in body.relationships) {
      const reason = related(body, 'reject-reason');
      if (reason && !state.reasons.some((r) => r.id === reason.id)) return apiError(c, 422, 'must exist', 'reject-reason - must exist', '/data/relationships/reject-reason');
      found.rejectReasonId = reason?.id ?? null;
    }
    if ('rejected-at' in body.attributes) {
      const at = body.attributes['rejected-at'];
      found.rejectedAt = at === null ? null : (str(at) ?? t);
      if (at === null) found.rejectReasonId = null;
    }
    found.updatedAt = t;
    return single(c, 'job-applications', row(found));
  });

  app.post('/v1/notes', async (c) => {
    const body = await readBody(c, 'notes');
    if (body instanceof Response) return body;
    const text = str(body.attributes['note']);
    const candidate = related(body, 'candidate');
    const user = related(body, 'user');
    if (!text) return blank(c, '/data/attributes/note');
    if (!candidate || !state.candidate(candidate.id)) return blank(c, '/data/relationships/candidate');
    if (!user || !state.users.some((u) => u.id === user.id)) return blank(c, '/data/relationships/user');
    const t = state.stamp();
    const note = { id: state.id(), candidateId: candidate.id, userId: user.id, note: text, createdAt: t, updatedAt: t };
    state.notes.push(note);
    return single(c, 'notes', row(note), 201);
  });

  // An answer needs its candidate and question (docs, "Create Answer"); the value goes in the
  // attribute of the question's type. Other attributes are refused as jsonapi-resources does.
  app.post('/v1/answers', async (c) => {
    const body = await readBody(c, 'answers');
    if (body instanceof Response) return body;
    const candidate = related(body, 'candidate');
    const question = related(body, 'question');
    if (!candidate || !state.candidate(candidate.id)) return blank(c, '/data/relationships/candidate');
    const q = question ? state.question(question.id) : undefined;
    if (!q) return blank(c, '/data/relationships/question');
    const a = body.attributes;
    const unknown = Object.keys(a).find((k) => !ANSWER_ATTRIBUTES.has(k));
    if (unknown) return apiError(c, 400, 'Param not allowed', `${unknown} is not allowed.`, `/data/attributes/${unknown}`);
    const choices = Array.isArray(a['choices']) ? a['choices'].map(Number) : [];
    const known = new Set((q.alternatives ?? []).map((alt) => alt.id));
    if (choices.some((id) => !known.has(id))) return apiError(c, 422, 'is invalid', 'choices - must be alternatives of the question', '/data/attributes/choices');
    const range = typeof a['range'] === 'number' ? a['range'] : null;
    if (range !== null && ((q.startWith !== null && range < q.startWith) || (q.endWith !== null && range > q.endWith))) return apiError(c, 422, 'is invalid', 'range - is outside the question range', '/data/attributes/range');
    const t = state.stamp();
    const answer = { id: state.id(), candidateId: candidate.id, questionId: q.id, text: str(a['text']), boolean: typeof a['boolean'] === 'boolean' ? a['boolean'] : null, choices, range, createdAt: t, updatedAt: t };
    // One answer per candidate and question: a new one replaces the old.
    state.answers = state.answers.filter((x) => !(x.candidateId === candidate.id && x.questionId === q.id));
    state.answers.push(answer);
    return single(c, 'answers', row(answer), 201);
  });

  // Teamtailor fetches an upload from a public URL; the emulator keeps the URL as the file's link.
  app.post('/v1/uploads', async (c) => {
    const body = await readBody(c, 'uploads');
    if (body instanceof Response) return body;
    const url = str(body.attributes['url']);
    const candidate = related(body, 'candidate');
    if (!url) return blank(c, '/data/attributes/url');
    if (!candidate || !state.candidate(candidate.id)) return blank(c, '/data/relationships/candidate');
    const t = state.stamp();
    const upload = { id: state.id(), candidateId: candidate.id, jobId: related(body, 'job')?.id ?? null, fileName: str(body.attributes['file-name']) ?? url.split('/').pop() ?? 'file', internal: true, content: '', url, createdAt: t, updatedAt: t };
    state.uploads.push(upload);
    return single(c, 'uploads', row(upload), 201);
  });
}
