/**
 * Test-only endpoints under `/__admin/` (no auth, no faults, no rate limit): change records behind
 * the connector's back, delete them, expire tokens, read counts. The shared fault admin
 * (`/__admin/faults`, `/__admin/requests`) is registered here too.
 */
import type { Hono } from 'hono';
import type { Faults } from '../shared/faults.js';
import { registerFaultAdmin } from '../shared/faults.js';
import type { TokenStore } from './auth.js';
import { deleteApplication, deleteCandidate, setStage, touchApplication, touchCandidate } from './mutations.js';
import { applicationJson, candidateJson, type View } from './serialize.js';
import type { AppStatus, GreenhouseState } from './store.js';

const STRING_FIELDS = { first_name: 'firstName', last_name: 'lastName', company: 'company', title: 'title', email: 'email', phone: 'phone' } as const;
const STATUSES: readonly AppStatus[] = ['in_process', 'rejected', 'hired', 'converted'];

async function objectBody(req: { text(): Promise<string> }): Promise<Record<string, unknown>> {
  const raw = await req.text();
  if (raw.trim() === '') return {};
  const parsed: unknown = JSON.parse(raw);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

export function registerAdmin(app: Hono, s: GreenhouseState, faults: Faults, tokens: TokenStore, view: View, credentials: Record<string, string>): void {
  registerFaultAdmin(app, faults);
  // Who each accepted write was made as (the token's user), oldest first.
  app.get('/__admin/writes', (c) => c.json(s.writeLog));

  app.get('/__admin/state', (c) =>
    c.json({
      candidates: s.candidates.size, applications: s.applications.size, jobs: s.jobs.size, job_interview_stages: s.stages.size,
      openings: s.openings.size, users: s.users.size, departments: s.departments.size, offices: s.offices.size, sources: s.sources.size,
      rejection_reasons: s.rejectionReasons.size, candidate_tags: s.candidateTags.size, applied_candidate_tags: s.appliedTags.size,
      attachments: s.attachments.size, notes: s.notes.size, offers: s.offers.size, interviews: s.interviews.size, tokens: tokens.counts(),
    }),
  );

  app.get('/__admin/credentials', (c) => c.json(credentials));

  app.post('/__admin/tokens/expire', (c) => c.json({ expired: tokens.expireAll() }));

  /** Body: any of first_name, last_name, company, title, email, phone (strings); always bumps updated_at. */
  app.post('/__admin/candidates/:id/update', async (c) => {
    const cand = s.candidates.get(Number(c.req.param('id')));
    if (!cand) return c.json({ message: 'Resource not found' }, 404);
    const body = await objectBody(c.req);
    for (const [field, key] of Object.entries(STRING_FIELDS)) {
      const value = body[field];
      if (typeof value !== 'string') continue;
      if (key === 'email' || key === 'phone') {
        cand[key] = value;
        delete cand.contacts;
      } else cand[key] = value;
    }
    touchCandidate(s, cand);
    return c.json(candidateJson(view, cand));
  });

  /** Body: optional `status` (in_process, rejected, hired, converted) and `stage_id` (a stage of its job); always bumps updated_at. */
  app.post('/__admin/applications/:id/update', async (c) => {
    const target = s.applications.get(Number(c.req.param('id')));
    if (!target) return c.json({ message: 'Resource not found' }, 404);
    const body = await objectBody(c.req);
    const status = STATUSES.find((x) => x === body.status);
    if (status) target.status = status;
    if (typeof body.stage_id === 'number') {
      const stage = s.stages.get(body.stage_id);
      if (!stage || target.jobId === null || stage.jobId !== target.jobId) return c.json({ message: 'stage_id is not a stage of the application\u2019s job' }, 422);
      setStage(s, target, target.jobId, stage.id);
    }
    touchApplication(s, target);
    return c.json(applicationJson(view, target));
  });

  /**
   * Body: `active` (boolean). Greenhouse keeps a stage taken out of a hiring plan as `active: false`
   * (applications may still sit in it); bumps updated_at.
   */
  app.post('/__admin/job_interview_stages/:id/update', async (c) => {
    const stage = s.stages.get(Number(c.req.param('id')));
    if (!stage) return c.json({ message: 'Resource not found' }, 404);
    const body = await objectBody(c.req);
    if (typeof body.active === 'boolean') stage.active = body.active;
    stage.updatedAt = s.now();
    return c.json({ id: stage.id, job_id: stage.jobId, name: stage.name, active: stage.active });
  });

  app.delete('/__admin/candidates/:id', (c) => {
    const deleted = deleteCandidate(s, Number(c.req.param('id')));
    return deleted ? c.json({ deleted: true }) : c.json({ message: 'Resource not found' }, 404);
  });

  app.delete('/__admin/applications/:id', (c) => {
    const deleted = deleteApplication(s, Number(c.req.param('id')));
    return deleted ? c.json({ deleted: true }) : c.json({ message: 'Resource not found' }, 404);
  });
}
