/**
 * What the change feed (`record_changes`) learns from the store's writes: every record an upsert
 * created or changed, every record a deletion path marked deleted, in the same transaction.
 */
import type { ChangeEntry } from '../storage/repositories/record-changes.repository.js';
import type { RecordInput, UpsertCounts } from '../storage/repositories/records.repository.js';

/** Feed entries of one upsert, in the order the records came: CREATED for new records, UPDATED for changed and un-deleted ones. */
export function upsertEntries(inputs: readonly RecordInput[], counts: Pick<UpsertCounts, 'createdIds' | 'updatedIds'>): ChangeEntry[] {
  if (counts.createdIds.length === 0 && counts.updatedIds.length === 0) return [];
  const created = new Set(counts.createdIds);
  const updated = new Set(counts.updatedIds);
  const entries: ChangeEntry[] = [];
  const done = new Set<string>();
  for (const input of inputs) {
    if (done.has(input.id)) continue;
    const type = created.has(input.id) ? 'CREATED' : updated.has(input.id) ? 'UPDATED' : null;
    if (type === null) continue;
    done.add(input.id);
    entries.push({ id: input.id, remote_id: input.remote_id, type });
  }
  return entries;
}
