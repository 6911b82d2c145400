/**
 * `updated_at` of records whose tracked linked data changed (contract §2.5): views are composed
 * when read, so a parent's `updated_at` is moved here, set-based, when a record it tracks was
 * created, deleted, un-deleted or had its direct fields changed. Links the contract marks as
 * untracked (a job's name in an application, a candidate's tags in an application) move nothing.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../storage/database.js';
import { touchUpdated, type LinkColumn, type WrittenLinks } from '../storage/repositories/records.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * `parent`: the changed record names the one to move in `column` (an application its candidate).
 * `children`: the records to move name the changed one in `column` (applications their candidate).
 */
type Rule = { to: string; parent: LinkColumn } | { to: string; children: LinkColumn };

const RULES: Readonly<Record<string, readonly Rule[]>> = {
  // A candidate tracks its applications; an application its interviews and offers.
  applications: [
    { to: 'candidates', parent: 'candidate_id' },
    // Interviews and offers track their application.
    { to: 'interviews', children: 'application_id' },
    { to: 'offers', children: 'application_id' },
  ],
  interviews: [{ to: 'applications', parent: 'application_id' }],
  offers: [{ to: 'applications', parent: 'application_id' }],
  // An application tracks its candidate and its current stage.
  candidates: [{ to: 'applications', children: 'candidate_id' }],
  application_stages: [{ to: 'applications', children: 'current_stage_id' }],
};

/**
 * Moves `updated_at` of the records tracking `changed` (records of `model`). Records whose
 * `updated_at` moved since `notBefore` (created or changed in the same run) are left alone.
 * Returns the moved ids by model.
 */
export async function touchTrackingRecords(
  db: Executor,
  integrationId: string,
  model: string,
  changed: readonly WrittenLinks[],
  now: string,
  notBefore: string,
): Promise<Map<string, string[]>> {
  const moved = new Map<string, string[]>();
  if (changed.length === 0) return moved;
  for (const rule of RULES[model] ?? []) {
    const where =
      'parent' in rule
        ? { column: 'id' as const, values: changed.flatMap((c) => (c[rule.parent] === null ? [] : [c[rule.parent] as string])) }
        : { column: rule.children, values: changed.map((c) => c.id) };
    if (where.values.length === 0) continue;
    const ids = await touchUpdated(db, integrationId, rule.to, where, now, notBefore);
    if (ids.length) moved.set(rule.to, [...(moved.get(rule.to) ?? []), ...ids]);
  }
  return moved;
}
