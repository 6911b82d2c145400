/**
 * Candidate routes: the list (`pageId` cursor, `updatedAfter`, only candidates with an
 * application), details, assignments (applications) and their status, tags, attachments, and
 * candidate creation on a job. Every change moves the candidate's `updatedOn`.
 */
import type { Context, Hono } from 'hono';
import { instantParam, jsonBody, link, paged, SrHttpError } from './http.js';
import { applicationOf, candidateDetail, candidateRow } from './serialize.js';
import { APPLICATION_STATUSES, type AppStatus, type SmartRecruitersState, type SrCandidate } from './state.js';

const origin = (c: Context) => new URL(c.req.url).origin;

function candidateOr404(state: SmartRecruitersState, c: Context): SrCandidate {
  const found = state.candidate(c.req.param('id') ?? '');
  if (!found) throw new SrHttpError(404, 'NOT_FOUND', 'Candidate not found');
  return found;
}

function tagsOf(body: Record<string, unknown>): string[] {
  const tags = body['tags'];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || !t.trim())) throw new SrHttpError(400, 'INVALID_BODY', 'tags must be a list of non-empty strings');
  return tags as string[];
}

export function candidateRoutes(app: Hono, state: SmartRecruitersState): void {
  app.get('/candidates', (c) => {
    const after = instantParam(c, 'updatedAfter');
    const jobIds = c.req.queries('jobId') ?? [];
    const tag = c.req.query('tag');
    const rows = state.candidates.filter(
      (x) =>
        x.assignments.length > 0 &&
        (after === undefined || Date.parse(x.updatedOn) > after) &&
        (jobIds.length === 0 || x.assignments.some((a) => jobIds.includes(a.jobId))) &&
        (tag === undefined || x.tags.includes(tag)),
    );
    return paged(c, rows, (x) => candidateRow(state, origin(c), x), { defaultLimit: 10, offset: false, totals: true });
  });
  app.get('/candidates/:id', (c) => c.json(candidateDetail(state, origin(c), candidateOr404(state, c))));
  app.delete('/candidates/:id', (c) => {
    const cand = candidateOr404(state, c);
    state.candidates.splice(state.candidates.indexOf(cand), 1);
    return c.body(null, 204);
  });

  const assignment = (c: Context) => {
    const cand = candidateOr404(state, c);
    const a = cand.assignments.find((x) => x.jobId === c.req.param('jobId'));
    if (!a) throw new SrHttpError(404, 'NOT_FOUND', 'Candidate has no application for this job');
    return { cand, a };
  };
  app.get('/candidates/:id/jobs/:jobId', (c) => {
    const { cand, a } = assignment(c);
    return c.json(applicationOf(origin(c), cand.id, a));
  });
  app.get('/candidates/:id/jobs/:jobId/status/history', (c) => {
    const { a } = assignment(c);
    const rows = [...a.history].reverse().map((h) => ({ ...h, actions: {} }));
    return c.json({ totalFound: rows.length, content: rows });
  });
  app.get('/candidates/:id/jobs/:jobId/offers', (c) => {
    const rows = assignment(c).a.offers.map((o) => ({ ...o, actions: {} }));
    return c.json({ totalFound: rows.length, content: rows });
  });
  // The answers given to the job's application form (`{totalFound, content}` like the other unpaged lists).
  app.get('/candidates/:id/jobs/:jobId/screening-answers', (c) => {
    const answers = assignment(c).a.screeningAnswers;
    return c.json({ totalFound: answers.length, content: answers });
  });
  app.get('/candidates/:id/properties', (c) => {
    const rows = candidateOr404(state, c).properties.map((p) => ({ ...p, actions: {} }));
    return c.json({ totalFound: rows.length, content: rows });
  });
  app.put('/candidates/:id/jobs/:jobId/status', async (c) => {
    const { cand, a } = assignment(c);
    const body = await jsonBody(c);
    const status = body['status'];
    if (typeof status !== 'string' || !(APPLICATION_STATUSES as readonly string[]).includes(status)) throw new SrHttpError(400, 'INVALID_STATUS', 'status is not a candidate status');
    const subStatus = typeof body['subStatus'] === 'string' ? body['subStatus'] : null;
    const allowed = state.process().subStatuses[status as AppStatus] ?? [];
    if (subStatus !== null && !allowed.includes(subStatus)) throw new SrHttpError(400, 'INVALID_SUB_STATUS', `"${subStatus}" is no sub-status of ${status} in the job's hiring process`);
    const reasons = status === 'REJECTED' ? state.rejectionReasons : status === 'WITHDRAWN' ? state.withdrawalReasons : null;
    const reason = reasons ? reasons.find((r) => r.id === body['reason']) : undefined;
    if (reasons && !reason) throw new SrHttpError(400, 'INVALID_REASON', `${status} needs a valid reason id`);
    a.status = status as AppStatus;
    a.subStatus = subStatus;
    a.reasonOfRejection = status === 'REJECTED' ? (reason ?? null) : null;
    a.reasonOfWithdrawal = status === 'WITHDRAWN' ? (reason ?? null) : null;
    a.history.push({ changedOn: state.stamp(), status: a.status, subStatus });
    cand.updatedOn = state.stamp();
    return c.body(null, 204);
  });

  app.get('/candidates/:id/tags', (c) => c.json({ tags: candidateOr404(state, c).tags }));
  const setTags = (replace: boolean) => async (c: Context) => {
    const cand = candidateOr404(state, c);
    const tags = tagsOf(await jsonBody(c));
    cand.tags = replace ? [...new Set(tags)] : [...new Set([...cand.tags, ...tags])];
    cand.updatedOn = state.stamp();
    return c.json({ tags: cand.tags });
  };
  app.post('/candidates/:id/tags', setTags(false));
  app.put('/candidates/:id/tags', setTags(true));
  app.delete('/candidates/:id/tags', (c) => {
    const cand = candidateOr404(state, c);
    cand.tags = [];
    cand.updatedOn = state.stamp();
    return c.body(null, 204);
  });

  const attachmentRows = (c: Context, cand: SrCandidate, jobId: string | null) => {
    const rows = cand.attachments
      .filter((f) => jobId === null || f.jobId === jobId)
      .map((f) => ({ id: f.id, name: f.name, type: f.type, contentType: f.contentType, actions: { download: link(origin(c), `/candidates/${cand.id}/attachments/${f.id}`) } }));
    return c.json({ totalFound: rows.length, content: rows });
  };
  app.get('/candidates/:id/attachments', (c) => attachmentRows(c, candidateOr404(state, c), null));
  app.get('/candidates/:id/jobs/:jobId/attachments', (c) => attachmentRows(c, assignment(c).cand, c.req.param('jobId')));
  app.get('/candidates/:id/attachments/:attachmentId', (c) => {
    const file = candidateOr404(state, c).attachments.find((f) => f.id === c.req.param('attachmentId'));
    if (!file) throw new SrHttpError(404, 'NOT_FOUND', 'Attachment not found');
    return c.body(new Uint8Array(file.data), 200, { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.name}"` });
  });
  const upload = (scoped: boolean) => async (c: Context) => {
    const { cand, jobId } = scoped ? { cand: assignment(c).cand, jobId: c.req.param('jobId') ?? null } : { cand: candidateOr404(state, c), jobId: null };
    const form = await c.req.formData().catch(() => null);
    const file = form?.get('file');
    if (!form || !(file instanceof File)) throw new SrHttpError(400, 'INVALID_BODY', 'multipart field "file" is required');
    const type = String(form.get('attachmentType') ?? 'GENERIC_FILE');
    if (!['GENERIC_FILE', 'RESUME', 'COVER_LETTER'].includes(type)) throw new SrHttpError(400, 'INVALID_ATTACHMENT_TYPE', 'attachmentType is invalid');
    const added = { id: state.newId(), name: file.name, type, contentType: file.type || 'application/octet-stream', data: Buffer.from(await file.arrayBuffer()), jobId };
    cand.attachments.push(added);
    cand.updatedOn = state.stamp();
    return c.json({ id: added.id, name: added.name, type: added.type, contentType: added.contentType, actions: { download: link(origin(c), `/candidates/${cand.id}/attachments/${added.id}`) } }, 201);
  };
  app.post('/candidates/:id/attachments', upload(false));
  app.post('/candidates/:id/jobs/:jobId/attachments', upload(true));

  app.post('/jobs/:jobId/candidates', async (c) => {
    const job = state.job(c.req.param('jobId'));
    if (!job) throw new SrHttpError(404, 'NOT_FOUND', 'Job not found');
    const body = await jsonBody(c);
    const text = (key: string) => (typeof body[key] === 'string' && (body[key] as string).trim() ? (body[key] as string).trim() : null);
    const [firstName, lastName, email] = [text('firstName'), text('lastName'), text('email')];
    if (!firstName || !lastName || !email) throw new SrHttpError(400, 'INVALID_BODY', 'firstName, lastName and email are required');
    // SmartRecruiters matches an existing profile by e-mail and last name.
    let cand = state.candidates.find((x) => x.email.toLowerCase() === email.toLowerCase() && x.lastName.toLowerCase() === lastName.toLowerCase());
    if (cand?.assignments.some((a) => a.jobId === job.id)) throw new SrHttpError(409, 'CANDIDATE_DATA_CONFLICT', 'The candidate already applied to this job');
    const now = state.stamp();
    if (!cand) {
      const location = (body['location'] ?? {}) as Record<string, unknown>;
      const web = (body['web'] ?? {}) as Record<string, unknown>;
      cand = {
        id: state.newId(), firstName, lastName, email, phoneNumber: text('phoneNumber'), city: typeof location['city'] === 'string' ? location['city'] : '',
        countryCode: typeof location['countryCode'] === 'string' ? location['countryCode'].toLowerCase() : '', linkedin: typeof web['linkedin'] === 'string' ? web['linkedin'] : null,
        createdOn: now, updatedOn: now, properties: [], tags: Array.isArray(body['tags']) ? (body['tags'] as unknown[]).filter((t): t is string => typeof t === 'string') : [], assignments: [], attachments: [],
      };
      state.candidates.push(cand);
    }
    cand.assignments.push({ jobId: job.id, status: 'NEW', subStatus: null, source: 'API', startsOn: null, reasonOfRejection: null, reasonOfWithdrawal: null, history: [{ changedOn: now, status: 'NEW', subStatus: null }], createdOn: now, offers: [], screeningAnswers: [] });
    cand.updatedOn = now;
    return c.json(candidateDetail(state, origin(c), cand), 201);
  });
}
