/**
 * Application writes: create (candidate or prospect application), move/advance/transfer, reject,
 * unreject, hire, delete. Lifecycle calls answer 204 with an empty body; re-read to see the state.
 */
import type { Context, Hono } from 'hono';
import { currentToken } from './auth.js';
import { notFound, unprocessable, fieldError } from './errors.js';
import { Checker, deleteApplication, insertApplication, jsonBody, setStage, touchApplication } from './mutations.js';
import { applicationJson, type View } from './serialize.js';
import { ID_BASE, type Application, type GreenhouseState } from './store.js';

function appOr404(s: GreenhouseState, raw: string): Application {
  const app = /^\d+$/.test(raw) ? s.applications.get(Number(raw)) : undefined;
  if (!app) throw notFound();
  return app;
}

const noContent = (c: Context) => c.body(null, 204);

export function registerApplicationWrites(app: Hono, s: GreenhouseState, view: (c: Context) => View): void {
  app.post('/v3/applications', async (c) => {
    const body = await jsonBody(c);
    const prospect = body.prospect === true;
    const common = ['candidate_id', 'source_id', 'recruiter_id', 'coordinator_id', 'referrer_id', 'created_at', 'custom_fields'];
    const k = new Checker(body).only(prospect
      ? [...common, 'prospect', 'job_ids', 'prospect_pool_id', 'prospect_pool_stage_id', 'prospect_owner_id', 'prospective_department_id', 'prospective_office_id']
      : [...common, 'job_id', 'initial_stage_id']);
    const candidateId = k.int('candidate_id', true);
    if (candidateId !== undefined && !s.candidates.get(candidateId)) k.fail('candidate_id', 'does not match an existing candidate');
    const sourceId = k.int('source_id');
    if (sourceId !== undefined && !s.sources.get(sourceId)) k.fail('source_id', 'does not match an existing source');
    const recruiterId = k.int('recruiter_id');
    const coordinatorId = k.int('coordinator_id');
    for (const [field, id] of [['recruiter_id', recruiterId], ['coordinator_id', coordinatorId]] as const) {
      if (id !== undefined && !s.users.get(id)) k.fail(field, 'does not match an existing user');
    }
    const referrerId = k.int('referrer_id');
    let jobId: number | null = null;
    let stageId: number | null = null;
    let prospectiveJobIds: number[] | null = null;
    if (prospect) {
      const list = body.job_ids;
      if (list !== undefined && (!Array.isArray(list) || list.some((j) => typeof j !== 'number' || !s.jobs.get(j)))) k.fail('job_ids', 'must be a list of existing job ids');
      else prospectiveJobIds = Array.isArray(list) ? (list as number[]) : [];
    } else {
      const id = k.int('job_id', true);
      const job = id === undefined ? undefined : s.jobs.get(id);
      if (id !== undefined && !job) k.fail('job_id', 'does not match an existing job');
      if (job) {
        jobId = job.id;
        const stages = s.jobStages(job.id);
        const initial = k.int('initial_stage_id');
        if (initial !== undefined && !stages.some((st) => st.id === initial)) k.fail('initial_stage_id', 'is not a stage of this job');
        stageId = initial ?? stages[0]?.id ?? null;
        const taken = candidateId !== undefined && s.appsByCandidate.get(candidateId).some((a) => s.applications.get(a)?.jobId === job.id);
        if (taken) k.fail('job_id', 'the candidate already has an application for this job');
      }
    }
    k.done();
    const created = insertApplication(s, {
      candidateId: candidateId as number, jobId, prospect, prospectiveJobIds, stageId, sourceId: sourceId ?? null, referrerId: referrerId ?? null,
      recruiterId: recruiterId ?? null, coordinatorId: coordinatorId ?? null,
    });
    return c.json(applicationJson(view(c), created), 201);
  });

  app.post('/v3/applications/:id/move', async (c) => {
    const target = appOr404(s, c.req.param('id'));
    const k = new Checker(await jsonBody(c)).only(['from_stage_id', 'to_stage_id', 'to_job_id', 'email_from_user_id']);
    const from = k.int('from_stage_id', true);
    const toStage = k.int('to_stage_id');
    const toJob = k.int('to_job_id');
    k.int('email_from_user_id');
    k.done();
    if (target.status !== 'in_process' || target.jobId === null || target.stageId === null) throw unprocessable('Only active candidate applications can be moved.');
    if (from !== target.stageId) throw unprocessable(fieldError('from_stage_id', "does not match the application's current stage"));
    if (toJob !== undefined && toJob !== target.jobId) {
      const job = s.jobs.get(toJob);
      if (!job) throw unprocessable(fieldError('to_job_id', 'does not match an existing job'));
      if (s.appsByCandidate.get(target.candidateId).some((a) => s.applications.get(a)?.jobId === toJob)) {
        throw unprocessable(fieldError('to_job_id', 'the candidate already has an application for this job'));
      }
      const stages = s.jobStages(toJob);
      const stage = toStage === undefined ? stages[0] : stages.find((st) => st.id === toStage);
      if (!stage) throw unprocessable(fieldError('to_stage_id', 'is not a stage of the target job'));
      setStage(s, target, toJob, stage.id);
      return noContent(c);
    }
    const stages = s.jobStages(target.jobId);
    if (toStage !== undefined) {
      if (!stages.some((st) => st.id === toStage && st.active)) throw unprocessable(fieldError('to_stage_id', "is not an active stage of the application's job"));
      if (toStage === target.stageId) throw unprocessable(fieldError('to_stage_id', 'is already the current stage'));
      setStage(s, target, target.jobId, toStage);
      return noContent(c);
    }
    const next = stages[stages.findIndex((st) => st.id === target.stageId) + 1];
    if (!next) throw unprocessable('The application is already in the last stage and cannot be advanced.');
    setStage(s, target, target.jobId, next.id);
    return noContent(c);
  });

  app.post('/v3/applications/:id/reject', async (c) => {
    const target = appOr404(s, c.req.param('id'));
    const body = await jsonBody(c);
    const k = new Checker(body).only(['rejection_reason_id', 'notes', 'rejection_email', 'custom_fields']);
    const reasonId = k.int('rejection_reason_id', true);
    if (reasonId !== undefined && !s.rejectionReasons.get(reasonId)) k.fail('rejection_reason_id', 'does not match an existing rejection reason');
    const notes = k.str('notes');
    const email = body.rejection_email;
    if (email !== undefined && (typeof email !== 'object' || email === null || Array.isArray(email))) k.fail('rejection_email', 'must be an object');
    k.done();
    if (target.status !== 'in_process') throw unprocessable('Only active applications can be rejected.');
    const at = s.now();
    const user = currentToken(c).userId;
    target.status = 'rejected';
    target.rejectedAt = at;
    target.rejectionReasonId = reasonId as number;
    target.rejectedById = user;
    if (notes) {
      const note = s.notes.insert({
        id: s.nextId('note', ID_BASE.note), candidateId: target.candidateId, applicationId: target.id, userId: user, type: 'NOTE', body: notes,
        subject: null, visibility: 'publicly_visible', emailFrom: null, emailTo: null, emailCc: null, createdAt: at,
      });
      target.rejectionNoteId = note.id;
    }
    touchApplication(s, target, at);
    return noContent(c);
  });

  app.post('/v3/applications/:id/unreject', async (c) => {
    const target = appOr404(s, c.req.param('id'));
    new Checker(await jsonBody(c)).only([]).done();
    if (target.status !== 'rejected') throw unprocessable('Only rejected applications can be unrejected.');
    Object.assign(target, { status: 'in_process', rejectedAt: null, rejectionReasonId: null, rejectedById: null, rejectionNoteId: null });
    touchApplication(s, target);
    return noContent(c);
  });

  app.post('/v3/applications/:id/hire', async (c) => {
    const target = appOr404(s, c.req.param('id'));
    const k = new Checker(await jsonBody(c)).only(['start_date', 'opening_id', 'close_reason_id']);
    k.str('start_date');
    const openingId = k.int('opening_id');
    k.int('close_reason_id');
    k.done();
    if (target.status !== 'in_process' || target.jobId === null) throw unprocessable('Only active candidate applications can be hired.');
    const open = s.openingsByJob.get(target.jobId).map((id) => s.openings.get(id)).filter((o) => o !== undefined && o.closedAt === null);
    const opening = openingId === undefined ? (open.length === 1 ? open[0] : undefined) : open.find((o) => o?.id === openingId);
    if (!opening) throw unprocessable(fieldError('opening_id', openingId === undefined && open.length > 1 ? 'is required when the job has more than one open opening' : 'does not match an open opening of this job'));
    const at = s.now();
    Object.assign(opening, { applicationId: target.id, closedAt: at, updatedAt: at });
    target.status = 'hired';
    touchApplication(s, target, at);
    return noContent(c);
  });

  app.delete('/v3/applications/:id', (c) => {
    const target = appOr404(s, c.req.param('id'));
    if (target.prospect) throw unprocessable('Prospect applications cannot be deleted.');
    deleteApplication(s, target.id);
    return c.json({ message: `Application ${target.id} has been deleted.` });
  });
}
