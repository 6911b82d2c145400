/**
 * In-memory state of the Greenhouse emulator: compact records (timestamps as epoch ms, ids as
 * integers) kept in id-ordered tables, plus the clock and id counters. Records are shaped for
 * memory, not for the wire; `serialize.ts` turns them into Harvest v3 JSON.
 */
import type { Application, AppliedTag, Attachment, Candidate, Interview, Job, JobOwner, Named, Note, Offer, Office, Opening, RejectionReason, Stage, User } from './records.js';

export type * from './records.js';

/** A table whose rows are kept in ascending id order (new ids are always the largest). */
export class Table<R extends { id: number }> {
  readonly rows: R[] = [];
  private readonly byId = new Map<number, R>();

  insert(row: R): R {
    const last = this.rows[this.rows.length - 1];
    if (last && last.id >= row.id) throw new Error(`ids must grow: ${row.id} after ${last.id}`);
    this.rows.push(row);
    this.byId.set(row.id, row);
    return row;
  }

  get(id: number): R | undefined {
    return this.byId.get(id);
  }

  delete(id: number): R | undefined {
    const row = this.byId.get(id);
    if (!row) return undefined;
    this.byId.delete(id);
    const at = lowerBound(this.rows, id);
    if (this.rows[at]?.id === id) this.rows.splice(at, 1);
    return row;
  }

  get size(): number {
    return this.rows.length;
  }

  /** Rows with id < `before` (all rows when undefined), highest id first. */
  *desc(before?: number): Generator<R> {
    let i = before === undefined ? this.rows.length - 1 : lowerBound(this.rows, before) - 1;
    for (; i >= 0; i--) {
      const row = this.rows[i];
      if (row) yield row;
    }
  }
}

/** Index of the first row whose id is >= `id`. */
export function lowerBound(rows: readonly { id: number }[], id: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid]?.id ?? Infinity) < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A many-valued index: key -> ids. */
export class MultiIndex {
  private readonly map = new Map<number, number[]>();

  add(key: number, id: number): void {
    const list = this.map.get(key);
    if (list) list.push(id);
    else this.map.set(key, [id]);
  }

  remove(key: number, id: number): void {
    const list = this.map.get(key);
    if (!list) return;
    const at = list.indexOf(id);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.map.delete(key);
  }

  get(key: number): readonly number[] {
    return this.map.get(key) ?? [];
  }
}

export class GreenhouseState {
  readonly candidates = new Table<Candidate>();
  readonly applications = new Table<Application>();
  readonly jobs = new Table<Job>();
  readonly stages = new Table<Stage>();
  readonly openings = new Table<Opening>();
  readonly jobOwners = new Table<JobOwner>();
  readonly users = new Table<User>();
  readonly departments = new Table<Named>();
  readonly offices = new Table<Office>();
  readonly sources = new Table<Named>();
  readonly rejectionReasons = new Table<RejectionReason>();
  readonly candidateTags = new Table<Named>();
  readonly appliedTags = new Table<AppliedTag>();
  readonly attachments = new Table<Attachment>();
  readonly notes = new Table<Note>();
  readonly offers = new Table<Offer>();
  readonly interviews = new Table<Interview>();

  readonly appsByCandidate = new MultiIndex();
  readonly appsByJob = new MultiIndex();
  readonly stagesByJob = new MultiIndex();
  readonly openingsByJob = new MultiIndex();
  readonly tagsByCandidate = new MultiIndex();
  readonly attachmentsByApplication = new MultiIndex();

  /** The id of the service-account user a token acts as when the token request has no `sub`. */
  serviceUserId = 0;

  /** Every accepted write with the user its token acts as (Harvest's audit attribution). */
  readonly writeLog: Array<{ method: string; path: string; userId: number }> = [];

  private readonly counters = new Map<string, number>();
  private lastTick = 0;

  constructor(private readonly epoch: number) {}

  /** Next id of a resource, starting from its base (ids of different resources look different). */
  nextId(kind: string, base: number): number {
    const next = (this.counters.get(kind) ?? base) + 1;
    this.counters.set(kind, next);
    return next;
  }

  /** A strictly increasing clock that never runs behind the seeded data. */
  now(): number {
    this.lastTick = Math.max(Date.now(), this.epoch + 1000, this.lastTick + 1);
    return this.lastTick;
  }

  /** The job's stages ordered by sort order. */
  jobStages(jobId: number): Stage[] {
    return this.stagesByJob
      .get(jobId)
      .map((id) => this.stages.get(id))
      .filter((s): s is Stage => s !== undefined)
      .sort((a, b) => a.sortOrder - b.sortOrder);
  }
}

export const ID_BASE = {
  candidate: 41_000_000,
  application: 62_000_000,
  job: 4_400_000,
  stage: 8_800_000,
  opening: 3_300_000,
  jobOwner: 5_500_000,
  user: 1_900_000,
  department: 77_000,
  office: 66_000,
  source: 9_000,
  rejectionReason: 12_000,
  candidateTag: 23_000,
  appliedTag: 71_000_000,
  attachment: 93_000_000,
  note: 87_000_000,
  offer: 2_600_000,
  interview: 31_000_000,
} as const;
