/**
 * The sandbox ATS: a deterministic, realistic fake ATS generated in-process.
 *
 * Every record is a pure function of (seed, size, index): users and jobs of their
 * own index, and applications, interviews, offers and attachments of their
 * candidate's index. Listing a page therefore costs O(page), whatever the size.
 */
import type { SourceModel, SourceRecordMap } from '../source-records.js';
import { REJECTION_REASONS, ROLES, TAGS, generateUser } from './catalog.js';
import { generateCandidateBundle, type CandidateBundle, type JobSource } from './candidates.js';
import { generateJob, jobStatus, type GeneratedJob, type JobStatus } from './jobs.js';
import { clamp } from './shared.js';

export { candidateRemoteId, type CandidateBundle } from './candidates.js';
export { jobRemoteId, type GeneratedJob } from './jobs.js';
export { userRemoteId, REJECTION_REASONS, ROLES, TAGS } from './catalog.js';
export { EPOCH_MS } from './shared.js';

export interface SandboxConfig {
  /** Number of candidates. */
  size: number;
  seed: number;
}

export const DEFAULT_SIZE = 500;
export const DEFAULT_SEED = 1;
export const MAX_SIZE = 1_000_000;
/** Records (or, for per-candidate models, candidates) per page. */
export const PAGE_SIZE = 200;

export interface SandboxCounts {
  users: number;
  roles: number;
  tags: number;
  rejection_reasons: number;
  jobs: number;
  candidates: number;
}

export function sandboxCounts(size: number): SandboxCounts {
  return {
    users: clamp(Math.floor(size / 40), 8, 250),
    roles: ROLES.length,
    tags: TAGS.length,
    rejection_reasons: REJECTION_REASONS.length,
    jobs: clamp(Math.floor(size / 20), 5, 5000),
    candidates: size,
  };
}

export interface Slice<M extends SourceModel> {
  records: SourceRecordMap[M][];
  /** Offset to continue from, or null when the listing is complete. */
  nextOffset: number | null;
}

type Slicers = { [K in SourceModel]: (offset: number, limit: number) => Slice<K> };

const JOB_CACHE_LIMIT = 2048;

export class SandboxGenerator implements JobSource {
  readonly counts: SandboxCounts;
  private readonly jobCache = new Map<number, GeneratedJob>();

  constructor(readonly config: SandboxConfig) {
    this.counts = sandboxCounts(config.size);
  }

  get count(): number {
    return this.counts.jobs;
  }

  status(index: number): JobStatus {
    return jobStatus(this.config.seed, index);
  }

  /** Job `index`, from a bounded cache (a page's candidates share few jobs). */
  get(index: number): GeneratedJob {
    const cached = this.jobCache.get(index);
    if (cached) return cached;
    if (this.jobCache.size >= JOB_CACHE_LIMIT) this.jobCache.clear();
    const job = generateJob(this.config.seed, this.counts.users, index);
    this.jobCache.set(index, job);
    return job;
  }

  user(index: number): SourceRecordMap['users'] {
    return generateUser(this.config.seed, index);
  }

  candidate(index: number): CandidateBundle {
    return generateCandidateBundle(this.config.seed, this, index);
  }

  /** Records of `model` starting at `offset`; per-candidate models page over candidate indexes. */
  slice<M extends SourceModel>(model: M, offset: number, limit: number): Slice<M> {
    const slicers: Slicers = {
      users: (o, l) => this.indexed(this.counts.users, o, l, (i) => this.user(i)),
      roles: () => ({ records: [...ROLES], nextOffset: null }),
      tags: () => ({ records: [...TAGS], nextOffset: null }),
      rejection_reasons: () => ({ records: [...REJECTION_REASONS], nextOffset: null }),
      jobs: (o, l) => this.indexed(this.counts.jobs, o, l, (i) => this.get(i).record),
      candidates: (o, l) => this.perCandidate(o, l, (b) => [b.candidate]),
      applications: (o, l) => this.perCandidate(o, l, (b) => b.applications),
      interviews: (o, l) => this.perCandidate(o, l, (b) => b.interviews),
      offers: (o, l) => this.perCandidate(o, l, (b) => b.offers),
      attachments: (o, l) => this.perCandidate(o, l, (b) => b.attachments),
    };
    return slicers[model](offset, limit);
  }

  /** Every record of `model`, one at a time (for tests and tools; memory stays O(1) per candidate). */
  *walk<M extends SourceModel>(model: M): Generator<SourceRecordMap[M]> {
    let offset: number | null = 0;
    while (offset !== null) {
      const page: Slice<M> = this.slice(model, offset, PAGE_SIZE);
      yield* page.records;
      offset = page.nextOffset;
    }
  }

  private indexed<T>(total: number, offset: number, limit: number, make: (index: number) => T): { records: T[]; nextOffset: number | null } {
    const end = Math.min(total, offset + limit);
    const records: T[] = [];
    for (let i = offset; i < end; i++) records.push(make(i));
    return { records, nextOffset: end < total ? end : null };
  }

  private perCandidate<T>(offset: number, limit: number, pick: (bundle: CandidateBundle) => T[]): { records: T[]; nextOffset: number | null } {
    const page = this.indexed(this.counts.candidates, offset, limit, (i) => pick(this.candidate(i)));
    return { records: page.records.flat(), nextOffset: page.nextOffset };
  }
}
