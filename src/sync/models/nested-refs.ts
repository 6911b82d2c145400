/** The small nested shapes that several views embed (job, stage, candidate references). */
import type { Json, Related } from '../model-spec.js';
import { arr, str } from './helpers.js';

export function jobRef(job: Related | undefined): Json | null {
  return job ? { id: job.id, remote_id: job.remote_id ?? '', name: str(job.own, 'name') } : null;
}

type StoredStage = { id: string; remote_id: string | null; name: string | null; index?: number | null; status?: unknown; custom_fields?: unknown };

/**
 * A stage's `status` and `custom_fields` as stored, or null: records stored before these fields
 * existed lack them, until the next sync rewrites them.
 */
export function stageExtras(stage: { status?: unknown; custom_fields?: unknown }): { status: string | null; custom_fields: Json | null } {
  const status = stage.status === 'ACTIVE' || stage.status === 'INACTIVE' ? stage.status : null;
  const custom = stage.custom_fields;
  return { status, custom_fields: custom && typeof custom === 'object' && !Array.isArray(custom) ? (custom as Json) : null };
}

/** A job's stages for its view (every key of the wire shape present, also on old records). */
export function jobStages(job: Json): Json[] {
  return arr<StoredStage>(job, 'stages').map((s) => ({ id: s.id, remote_id: s.remote_id, name: s.name, index: s.index ?? null, ...stageExtras(s) }));
}

/** The stage an application is in, with its position in the job's pipeline. */
export function stageRef(stageId: string | null, job: Related | undefined, globalStages: Map<string, Related>): Json | null {
  if (!stageId) return null;
  const inJob = job ? arr<StoredStage>(job.own, 'stages').find((s) => s.id === stageId) : undefined;
  if (inJob) return { id: inJob.id, remote_id: inJob.remote_id, name: inJob.name, index: inJob.index ?? null, ...stageExtras(inJob) };
  const global = globalStages.get(stageId);
  return {
    id: stageId,
    remote_id: global?.remote_id ?? null,
    name: global ? str(global.own, 'name') : null,
    index: null,
    ...(global ? stageExtras(global.own) : { status: null, custom_fields: null }),
  };
}

/** A stage reference without `status`/`custom_fields`, as candidates nest it (the SDK has none there). */
export function stageCore(stage: Json | null): Json | null {
  if (!stage) return null;
  const { status: _status, custom_fields: _custom, ...core } = stage;
  return core;
}

export function candidateSummary(candidate: Related | undefined): Json | null {
  if (!candidate) return null;
  return {
    id: candidate.id,
    remote_id: candidate.remote_id ?? '',
    first_name: str(candidate.own, 'first_name'),
    last_name: str(candidate.own, 'last_name'),
    email_addresses: arr(candidate.own, 'email_addresses'),
  };
}

/** The ids a reference column of each record holds. */
export const idsOf = <K extends keyof Related['links']>(records: Iterable<{ links: Readonly<Partial<Record<K, string | null>>> }>, key: K): string[] => {
  const out: string[] = [];
  for (const record of records) {
    const value = record.links[key];
    if (typeof value === 'string') out.push(value);
  }
  return out;
};
