/**
 * A targeted refresh: the records a burst of vendor webhooks named are read again through the
 * connector, stored on the normal engine path (`ingestSourceRecords`: same mapping, same
 * `changed_at` rules, views rebuilt) and, when anything changed, announced with our signed
 * `data-changed`. A refresh that fails (vendor down, rate limited) queues a delta sync instead,
 * so the change arrives with the next poll-like read rather than never.
 */
import type { RecordRef, RefreshedRecords } from '../../connectors/connector-webhooks.js';
import { SOURCE_MODELS, type SourceModel, type SourceRecordMap } from '../../connectors/source-records.js';
import { connectorContext } from '../../runtime/connector-context.js';
import type { IntegrationRow } from '../../storage/database.js';
import { findIntegrationById } from '../../storage/repositories/integrations.repository.js';
import { ingestSourceRecords } from '../../sync/ingest.js';
import { changedModelNames } from '../events.js';
import type { InboundDeps } from './deps.js';

/** One coalesced item: records to read, or a request to catch up with a delta sync. */
export type PendingItem = { ref: RecordRef } | { catchUp: true };

const refKey = (ref: RecordRef) => `${ref.model}\u0000${ref.remote_id}`;

function uniqueRefs(items: readonly PendingItem[]): RecordRef[] {
  const byKey = new Map<string, RecordRef>();
  for (const item of items) if ('ref' in item) byKey.set(refKey(item.ref), item.ref);
  return [...byKey.values()];
}

async function store(deps: InboundDeps, integration: IntegrationRow, records: RefreshedRecords, gone: readonly RecordRef[]): Promise<Set<string>> {
  const changed = new Set<string>();
  const onChanged = (models: readonly string[]) => models.forEach((m) => changed.add(m));
  // In the engine's model order, so references point at records stored first.
  for (const model of SOURCE_MODELS) {
    const list = (records[model] ?? []) as ReadonlyArray<SourceRecordMap[SourceModel]>;
    const deleted = gone.filter((r) => r.model === model).map((r) => r.remote_id);
    if (list.length === 0 && deleted.length === 0) continue;
    await ingestSourceRecords({ db: deps.db }, integration, model, list, { deletedRemoteIds: deleted, onChanged });
  }
  return changed;
}

export async function refreshIntegration(deps: InboundDeps, integrationId: string, items: readonly PendingItem[]): Promise<void> {
  const integration = await findIntegrationById(deps.db.kysely, integrationId);
  // Disabled or deleted while the burst was collected: nothing to do.
  if (!integration || integration.status !== 'ACTIVE') return;
  const connector = deps.connectorFor(integration.tool);
  const hooks = connector?.webhooks;
  if (!connector || !hooks) return;
  const logger = deps.logger.child({ integration_id: integration.id, webhooks: 'refresh' });
  const refs = uniqueRefs(items);
  const catchUp = items.some((item) => 'catchUp' in item);
  try {
    if (refs.length > 0) {
      const ctx = connectorContext(deps, integration, logger);
      const result = await hooks.refresh(ctx, refs);
      const changed = await store(deps, integration, result.records, result.gone);
      const models = changedModelNames([...changed]);
      logger.info({ refs: refs.length, changed: [...changed] }, 'vendor webhook refresh');
      if (models.length > 0) {
        await deps.webhooks.emit(integration.environment_id, 'data-changed', {
          integration_id: integration.id,
          integration_tool: integration.tool,
          integration_category: 'ATS',
          changed_models: models,
        });
      }
    }
  } catch (err) {
    logger.warn({ err }, 'vendor webhook refresh failed; a delta sync catches up');
    await deps.runner.enqueue(integration.id, 'DELTA', connector.manifest.capabilities.incremental);
    return;
  }
  if (catchUp) await deps.runner.enqueue(integration.id, 'DELTA', connector.manifest.capabilities.incremental);
}
