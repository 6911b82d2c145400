/**
 * State changes shared by the v3 write endpoints and the admin endpoints: creating applications,
 * cascading deletes (deleted records simply disappear from every listing; v3 has no tombstones),
 * and body-validation helpers that collect errors in the vendor's `{field: problem}` shape.
 */
import type { Context } from 'hono';
import { HarvestError, fieldError, unprocessable, type FieldError } from './errors.js';
import { stageHistory } from './serialize.js';
import { ID_BASE, type Application, type Candidate, type GreenhouseState } from './store.js';

export type Body = Record<string, unknown>;

export async function jsonBody(c: Context): Promise<Body> {
  const raw = await c.req.text();
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new HarvestError(400, ['The request body is not valid JSON.']);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new HarvestError(400, ['The request body must be a JSON object.']);
  return parsed as Body;
}

/** Collects validation problems; `done()` throws one 422 carrying all of them. */
export class Checker {
  readonly errors: FieldError[] = [];

  constructor(private readonly body: Body) {}

  fail(field: string, problem: string): void {
    this.errors.push(fieldError(field, problem));
  }

  int(field: string, required: true): number;
  int(field: string, required?: false): number | undefined;
  int(field: string, required = false): number | undefined {
    const v = this.body[field];
    if (v === undefined || v === null) {
      if (required) this.fail(field, 'is required');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.fail(field, 'must be an integer');
      return undefined;
    }
    return v;
  }

  str(field: string, required: true): string;
  str(field: string, required?: false): string | undefined;
  str(field: string, required = false): string | undefined {
    const v = this.body[field];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '' && required)) {
      if (required) this.fail(field, 'is required');
      return undefined;
    }
    if (typeof v !== 'string') {
      this.fail(field, 'must be a string');
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(field: string, values: readonly T[], required: boolean): T | undefined {
    const v = required ? this.str(field, true) : this.str(field);
    if (v === undefined) return undefined;
    if (!(values as readonly string[]).includes(v)) {
      this.fail(field, `must be one of: ${values.join(', ')}`);
      return undefined;
    }
    return v as T;
  }

  /** Harvest v3 request bodies are closed (`additionalProperties: false`). */
  only(allowed: readonly string[]): this {
    for (const key of Object.keys(this.body)) if (!allowed.includes(key)) this.fail(key, 'is not a permitted attribute');
    return this;
  }

  bool(field: string): boolean | undefined {
    const v = this.body[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.fail(field, 'must be a boolean');
      return undefined;
    }
    return v;
  }

  done(): void {
    if (this.errors.length > 0) throw unprocessable(...this.errors);
  }
}

export function touchApplication(s: GreenhouseState, app: Application, at = s.now()): void {
  app.updatedAt = at;
  app.lastActivityAt = at;
  const cand = s.candidates.get(app.candidateId);
  if (cand) cand.lastActivityAt = at;
}

export function touchCandidate(s: GreenhouseState, cand: Candidate, at = s.now()): void {
  cand.updatedAt = at;
  cand.lastActivityAt = at;
}

export interface NewApplication {
  candidateId: number;
  jobId: number | null;
  prospect: boolean;
  prospectiveJobIds: number[] | null;
  stageId: number | null;
  sourceId: number | null;
  referrerId: number | null;
  recruiterId: number | null;
  coordinatorId: number | null;
}

export function insertApplication(s: GreenhouseState, input: NewApplication): Application {
  const at = s.now();
  const app: Application = {
    id: s.nextId('application', ID_BASE.application), ...input, status: 'in_process', createdAt: at, updatedAt: at, lastActivityAt: at,
    rejectedAt: null, rejectionReasonId: null, rejectedById: null, rejectionNoteId: null, jobPostId: null,
  };
  if (app.stageId !== null) app.history = [{ stageId: app.stageId, enteredAt: at, exitedAt: null }];
  s.applications.insert(app);
  s.appsByCandidate.add(app.candidateId, app.id);
  if (app.jobId !== null) s.appsByJob.add(app.jobId, app.id);
  touchApplication(s, app, at);
  return app;
}

/** Moves an application to `stageId` (of its current or a new job) and records the stage history. */
export function setStage(s: GreenhouseState, app: Application, jobId: number, stageId: number): void {
  const at = s.now();
  const history = stageHistory(s, app).map((h) => ({ ...h }));
  const open = history[history.length - 1];
  if (open && open.exitedAt === null) open.exitedAt = at;
  history.push({ stageId, enteredAt: at, exitedAt: null });
  app.history = history;
  if (app.jobId !== jobId) {
    if (app.jobId !== null) s.appsByJob.remove(app.jobId, app.id);
    s.appsByJob.add(jobId, app.id);
    app.jobId = jobId;
  }
  app.stageId = stageId;
  touchApplication(s, app, at);
}

export function deleteApplication(s: GreenhouseState, id: number): boolean {
  const app = s.applications.delete(id);
  if (!app) return false;
  s.appsByCandidate.remove(app.candidateId, id);
  if (app.jobId !== null) s.appsByJob.remove(app.jobId, id);
  for (const attId of [...s.attachmentsByApplication.get(id)]) {
    s.attachments.delete(attId);
    s.attachmentsByApplication.remove(id, attId);
  }
  for (const table of [s.offers, s.interviews] as const) {
    for (const row of [...table.rows]) if (row.applicationId === id) table.delete(row.id);
  }
  for (const note of [...s.notes.rows]) if (note.applicationId === id) s.notes.delete(note.id);
  for (const opening of s.openings.rows) if (opening.applicationId === id) opening.applicationId = null;
  return true;
}

export function deleteCandidate(s: GreenhouseState, id: number): boolean {
  if (!s.candidates.get(id)) return false;
  for (const appId of [...s.appsByCandidate.get(id)]) deleteApplication(s, appId);
  for (const tagRow of [...s.tagsByCandidate.get(id)]) {
    s.appliedTags.delete(tagRow);
    s.tagsByCandidate.remove(id, tagRow);
  }
  for (const note of [...s.notes.rows]) if (note.candidateId === id) s.notes.delete(note.id);
  s.candidates.delete(id);
  return true;
}
