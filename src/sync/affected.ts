/**
 * Which composed views a set of own-field changes reaches. Views embed only the *own* fields
 * of related records, so one level of edges is enough: a view must be rebuilt when its record
 * changed or when a record it embeds changed.
 *
 * - `mine`: my records whose index field holds the id of a changed record (an application's
 *   `candidate_id` reaches the application when the candidate changes);
 * - `theirs`: the changed records' index field names my record (a changed application reaches
 *   the candidate in its `candidate_id`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database.js';
import { findByKey, keyValuesOf } from '../storage/repositories/records.repository.js';

type Edge = { from: string; mine: string } | { from: string; theirs: string };

const EDGES: Record<string, readonly Edge[]> = {
  jobs: [{ from: 'users', mine: 'hiring_user_id' }],
  candidates: [
    { from: 'applications', theirs: 'candidate_id' },
    { from: 'jobs', mine: 'job_id' },
  ],
  applications: [
    { from: 'candidates', mine: 'candidate_id' },
    { from: 'jobs', mine: 'job_id' },
    { from: 'application_stages', mine: 'current_stage_id' },
    { from: 'interviews', theirs: 'application_id' },
    { from: 'offers', theirs: 'application_id' },
  ],
  interviews: [
    { from: 'users', mine: 'user_id' },
    { from: 'applications', mine: 'application_id' },
    { from: 'candidates', mine: 'candidate_id' },
    { from: 'jobs', mine: 'job_id' },
  ],
  offers: [
    { from: 'applications', mine: 'application_id' },
    { from: 'candidates', mine: 'candidate_id' },
    { from: 'jobs', mine: 'job_id' },
  ],
};

/**
 * What a run changed: the models, and (while there are few enough to rebuild views selectively)
 * the ids. Past `maxIds` the set keeps model names only: a run that changed that much rebuilds
 * every view anyway, and remembering half a million ids would cost tens of megabytes for nothing.
 */
export class ChangeSet {
  private byModel: Map<string, Set<string>> | null = new Map();
  private readonly changed = new Set<string>();
  private count = 0;

  constructor(private readonly maxIds = Number.POSITIVE_INFINITY) {}

  /** Whether changed ids are known (false once more than `maxIds` changed). */
  get tracksIds(): boolean {
    return this.byModel !== null;
  }

  add(model: string, ids: Iterable<string>): void {
    if (!this.byModel) {
      // One id is enough to know the model changed.
      for (const _id of ids) {
        this.changed.add(model);
        break;
      }
      return;
    }
    const set = this.byModel.get(model) ?? new Set<string>();
    const before = set.size;
    for (const id of ids) set.add(id);
    this.byModel.set(model, set);
    this.count += set.size - before;
    if (set.size > 0) this.changed.add(model);
    if (this.count > this.maxIds) this.byModel = null;
  }

  /** Changed ids of `model`; only available while ids are tracked. */
  ids(model: string): ReadonlySet<string> {
    if (!this.byModel) throw new Error('This change set keeps model names only.');
    return this.byModel.get(model) ?? new Set<string>();
  }

  /** Models with at least one changed record. */
  models(): string[] {
    return [...this.changed];
  }
}

/** The ids of `model` whose views must be rebuilt after `changes`. */
export async function affectedIds(db: Kysely<Database>, integrationId: string, model: string, changes: ChangeSet): Promise<Set<string>> {
  const out = new Set(changes.ids(model));
  for (const edge of EDGES[model] ?? []) {
    const changed = [...changes.ids(edge.from)];
    if (changed.length === 0) continue;
    if ('mine' in edge) {
      for (const link of await findByKey(db, integrationId, model, edge.mine, changed)) out.add(link.record_id);
    } else {
      for (const id of await keyValuesOf(db, integrationId, edge.from, edge.theirs, changed)) out.add(id);
    }
  }
  return out;
}
