/**
 * Puts records a connector returned outside a sync (e.g. after a write action) into the store
 * at once, so the next read sees them (views are composed when read).
 *
 * @example
 * await ingestSourceRecords(deps, integration, 'applications', [updatedApplication]);
 */
import type { SourceModel, SourceRecordMap } from '../connectors/source-records.js';
import { recordId } from '../lib/ids.js';
import type { Db } from '../storage/db.js';
import type { IntegrationRow } from '../storage/database.js';
import { INGEST_MARK, markDeleted } from '../storage/repositories/records.repository.js';
import { transactionWithRetry } from '../storage/db-errors.js';
import { newChangeReport, storeSourceRecords, touchTracking } from './store.js';

export interface IngestOptions {
  /** Remote ids of records of the same model that the vendor deleted. */
  deletedRemoteIds?: readonly string[];
}

export async function ingestSourceRecords<M extends SourceModel>(
  deps: { db: Db; now?: () => Date },
  integration: IntegrationRow,
  model: M,
  records: ReadonlyArray<SourceRecordMap[M]>,
  options: IngestOptions = {},
): Promise<void> {
  const now = () => (deps.now ? deps.now() : new Date()).toISOString();
  const db = deps.db.kysely;
  const report = newChangeReport();
  const at = now();
  // Marked as seen by this ingest; the next full listing sees the record again if it still exists.
  const runId = `${INGEST_MARK}${at}`;
  await storeSourceRecords(db, integration.id, model, records, runId, at, report, { runStartedAt: at, touchUnchanged: true });
  if (options.deletedRemoteIds?.length) {
    const ids = options.deletedRemoteIds.map((remote) => recordId(integration.id, model, remote));
    const deletedAt = now();
    await transactionWithRetry(db, async (trx) => {
      const deleted = await markDeleted(trx, integration.id, model, ids, deletedAt);
      await touchTracking(trx, integration.id, model, deleted, deletedAt, at, newChangeReport());
    });
  }
}
