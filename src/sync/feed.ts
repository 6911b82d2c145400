/**
 * What the change feed (`record_changes`) learns from the store's writes: every record an upsert
 * created or changed, every record a deletion path marked deleted, in the same transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../storage/database.js';
import { appendDeletions, type ChangeEntry } from '../storage/repositories/record-changes.repository.js';
import type { OwnRecordInput, UpsertCounts } from '../storage/repositories/records.repository.js';

/** Feed entries of one upsert: CREATED for new records, UPDATED for changed and un-deleted ones. */
export function upsertEntries(inputs: readonly OwnRecordInput[], counts: Pick<UpsertCounts, 'createdIds' | 'updatedIds'>): ChangeEntry[] {
  const remoteIds = new Map(inputs.map((input) => [input.id, input.remote_id]));
  const entries: ChangeEntry[] = [];
  for (const id of counts.createdIds) entries.push({ id, remote_id: remoteIds.get(id) ?? null, type: 'CREATED' });
  for (const id of counts.updatedIds) entries.push({ id, remote_id: remoteIds.get(id) ?? null, type: 'UPDATED' });
  return entries;
}

/**
 * Runs a deletion path (`mark` returns the ids it marked deleted) and appends their DELETED
 * entries in one transaction, so the feed and the store never disagree.
 */
export async function deleteWithFeed(
  db: Kysely<Database>,
  integrationId: string,
  model: string,
  at: string,
  mark: (trx: Transaction<Database>) => Promise<string[]>,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const ids = await mark(trx);
    await appendDeletions(trx, integrationId, model, ids, at);
    return ids;
  });
}
