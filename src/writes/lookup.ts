/**
 * Our ids to the vendor's remote ids, from the store: unknown or deleted ids are 404s that say
 * which id was not found; a stage of another job is a 400 naming `stage_id`.
 */
import type { Kysely } from 'kysely';
import { InputError, NotFoundError } from '../lib/errors.js';
import type { Application } from '../model/application.js';
import type { Candidate } from '../model/candidate.js';
import type { Database } from '../storage/database.js';
import { readRecordsByIds, readViewRows } from '../storage/repositories/records.repository.js';
import { composeViews } from '../sync/views.js';
import type { StoredQuestion } from './screening.js';

export type Json = Record<string, unknown>;

export interface StoredRef {
  id: string;
  remote_id: string;
  own: Json;
}

const LABELS: Record<string, string> = {
  applications: 'application',
  candidates: 'candidate',
  jobs: 'job',
  users: 'user',
  rejection_reasons: 'rejection reason',
  application_stages: 'stage',
};

async function find(db: Kysely<Database>, integrationId: string, model: string, id: string): Promise<StoredRef | null> {
  const [row] = await readRecordsByIds(db, integrationId, model, [id]);
  if (!row || row.remote_deleted_at !== null || row.remote_id === null) return null;
  return { id: row.id, remote_id: row.remote_id, own: JSON.parse(row.data) as Json };
}

/** A live record of `model`; `field` names the body field the id came from (path ids need none). */
export async function requireRecord(db: Kysely<Database>, integrationId: string, model: string, id: string, field?: string): Promise<StoredRef> {
  const found = await find(db, integrationId, model, id);
  if (found) return found;
  const label = LABELS[model] ?? model;
  throw new NotFoundError(
    field
      ? `Invalid field "${field}": no ${label} with the id "${id}" exists in this integration.`
      : `No ${label} with the id "${id}" exists in this integration.`,
  );
}

export async function optionalRecord(db: Kysely<Database>, integrationId: string, model: string, id: unknown): Promise<StoredRef | null> {
  return typeof id === 'string' && id ? find(db, integrationId, model, id) : null;
}

const str = (own: Json, key: string): string | null => (typeof own[key] === 'string' ? own[key] : null);

/** The stage `stageId` of `job`, or the right error: 404 when no such stage exists, 400 when it is another job's. */
export async function stageOfJob(db: Kysely<Database>, integrationId: string, job: StoredRef, stageId: string, field: string): Promise<string> {
  const stages = Array.isArray(job.own['stages']) ? (job.own['stages'] as Array<{ id: string; remote_id: string | null }>) : [];
  const stage = stages.find((s) => s.id === stageId);
  if (stage?.remote_id) return stage.remote_id;
  await requireRecord(db, integrationId, 'application_stages', stageId, field);
  const name = str(job.own, 'name');
  throw new InputError(
    `Invalid field "${field}": the stage "${stageId}" is not a stage of the job ${name ? `"${name}" ` : ''}(${job.id}). Use one of the job's stages[].id from GET /ats/jobs.`,
  );
}

export function questionsOf(job: StoredRef): StoredQuestion[] {
  return Array.isArray(job.own['screening_questions']) ? (job.own['screening_questions'] as StoredQuestion[]) : [];
}

/** The candidate an application belongs to. */
export async function candidateOf(db: Kysely<Database>, integrationId: string, application: StoredRef): Promise<StoredRef> {
  const candidate = await optionalRecord(db, integrationId, 'candidates', application.own['candidate_id']);
  if (!candidate) throw new NotFoundError(`The candidate of the application "${application.id}" no longer exists in this integration.`);
  return candidate;
}

/** The wire shape of each model's view (the composers in `sync/models/` build them). */
interface Views {
  candidates: Candidate;
  applications: Application;
}

/** The wire view of a stored record. */
export async function readView<M extends keyof Views>(db: Kysely<Database>, integrationId: string, model: M, id: string): Promise<Views[M]> {
  const rows = await readViewRows(db, integrationId, model, [id]);
  const [view] = await composeViews(db, integrationId, model, rows);
  if (!view) throw new Error(`The ${model} record ${id} is not stored after the write.`);
  return view as unknown as Views[M];
}
