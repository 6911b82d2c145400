/** The small nested shapes that several views embed (job, stage, candidate references). */
import type { Json, Related } from '../model-spec.js';
import { arr, str } from './helpers.js';

export function jobRef(job: Related | undefined): Json | null {
  return job ? { id: job.id, remote_id: job.remote_id ?? '', name: str(job.own, 'name') } : null;
}

/** The stage an application is in, with its position in the job's pipeline. */
export function stageRef(stageId: string | null, job: Related | undefined, globalStages: Map<string, Related>): Json | null {
  if (!stageId) return null;
  const inJob = job ? arr<{ id: string; remote_id: string | null; name: string | null; index?: number | null }>(job.own, 'stages').find((s) => s.id === stageId) : undefined;
  if (inJob) return { id: inJob.id, remote_id: inJob.remote_id, name: inJob.name, index: inJob.index ?? null };
  const global = globalStages.get(stageId);
  return { id: stageId, remote_id: global?.remote_id ?? null, name: global ? str(global.own, 'name') : null, index: null };
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

export const idsOf = (records: Iterable<Related>, key: string): string[] => {
  const out: string[] = [];
  for (const record of records) {
    const value = record.own[key];
    if (typeof value === 'string') out.push(value);
  }
  return out;
};
