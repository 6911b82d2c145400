/**
 * Puts records a connector returned outside a sync (e.g. after a write action) into the store
 * at once, with every view they reach rebuilt, so the next read sees them.
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
import { claimComposePending, clearComposePending, forceComposePending } from '../storage/repositories/fields.repository.js';
import { ChangeSet } from './affected.js';
import { composeChanged } from './compose.js';
import { deleteWithFeed } from './feed.js';
import { storeSourceRecords, type RunStats } from './store.js';

export interface IngestOptions {
  /** Remote ids of records of the same model that the vendor deleted. */
  deletedRemoteIds?: readonly string[];
  /** Told which models' records (own fields or views) this ingest changed; nothing changed: not called. */
  onChanged?: (models: readonly string[]) => void;
}

/**
 * One ingest per integration at a time in this process: a write's read-back and a vendor-webhook
 * refresh of the same record would otherwise interleave, and the one whose upsert found the record
 * unchanged could read its view before the other had composed it.
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
  const changes = new ChangeSet();
  const stats: RunStats = {};
  const at = now();
  // Marked as seen by this ingest; the next full listing sees the record again if it still exists.
  const runId = `${INGEST_MARK}${at}`;
  // If this process dies or composing fails after storing, the next sync rebuilds every view.
  const claimed = await claimComposePending(db, integration.id, runId, at);
  try {
    await storeSourceRecords(db, integration.id, model, records, runId, at, stats, changes);
    if (options.deletedRemoteIds?.length) {
      const ids = options.deletedRemoteIds.map((remote) => recordId(integration.id, model, remote));
      const deletedAt = now();
      changes.add(model, await deleteWithFeed(db, integration.id, model, deletedAt, (trx) => markDeleted(trx, integration.id, model, ids, deletedAt)));
    }
    await composeChanged(db, integration.id, changes, now);
  } catch (err) {
    await forceComposePending(db, integration.id, runId, now()).catch(() => undefined);
    throw err;
  }
  if (claimed) await clearComposePending(db, integration.id, runId);
  const changed = changes.models();
  if (changed.length > 0) options.onChanged?.(changed);
}
