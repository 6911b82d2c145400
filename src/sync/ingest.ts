/**
 * Puts records a connector returned outside a sync (e.g. after a write action or a vendor
 * webhook) into the store at once, so the next read sees them (views are composed when read).
 *
 * @example
 * await ingestSourceRecords(deps, integration, 'applications', [updatedApplication]);
 */
import type { SourceModel, SourceRecordMap } from '../connectors/source-records.js';
import { recordId } from '../lib/ids.js';
import { KeyedLock } from '../lib/keyed-lock.js';
import type { Db } from '../storage/db.js';
import type { IntegrationRow } from '../storage/database.js';
import { INGEST_MARK, markDeleted } from '../storage/repositories/records.repository.js';
import { transactionWithRetry } from '../storage/db-errors.js';
import { modelsKeepingRemoteData } from './fields.js';
import { newChangeReport, storeDeletions, storeSourceRecords } from './store.js';

export interface IngestOptions {
  /** Remote ids of records of the same model that the vendor deleted. */
  deletedRemoteIds?: readonly string[];
  /** Told which models' records (own fields or what tracks them) this ingest changed; nothing changed: not called. */
  onChanged?: (models: readonly string[]) => void;
}

/**
 * One ingest per integration at a time in this process: a write's read-back and a vendor-webhook
 * refresh of the same record would otherwise interleave their feed entries and change reports.
 */
const ingests = new KeyedLock();

export function ingestSourceRecords<M extends SourceModel>(
  deps: { db: Db; now?: () => Date },
  integration: IntegrationRow,
  model: M,
  records: ReadonlyArray<SourceRecordMap[M]>,
  options: IngestOptions = {},
): Promise<void> {
  return ingests.run(integration.id, () => ingestNow(deps, integration, model, records, options));
}

async function ingestNow<M extends SourceModel>(
  deps: { db: Db; now?: () => Date },
  integration: IntegrationRow,
  model: M,
  records: ReadonlyArray<SourceRecordMap[M]>,
  options: IngestOptions,
): Promise<void> {
  const now = () => (deps.now ? deps.now() : new Date()).toISOString();
  const db = deps.db.kysely;
  const report = newChangeReport();
  const at = now();
  // Marked as seen by this ingest; the next full listing sees the record again if it still exists.
  const runId = `${INGEST_MARK}${at}`;
  const keepRemote = await modelsKeepingRemoteData(db, integration.id);
  await storeSourceRecords(db, integration.id, model, records, runId, at, report, { runStartedAt: at, touchUnchanged: true, keepRemote });
  if (options.deletedRemoteIds?.length) {
    const ids = options.deletedRemoteIds.map((remote) => recordId(integration.id, model, remote));
    const deletedAt = now();
    const deletedReport = await transactionWithRetry(db, async (trx) =>
      storeDeletions(trx, integration.id, model, await markDeleted(trx, integration.id, model, ids, deletedAt), deletedAt, at),
    );
    for (const name of deletedReport.changedModels) report.changedModels.add(name);
  }
  if (report.changedModels.size > 0) options.onChanged?.([...report.changedModels]);
}
