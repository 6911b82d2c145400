/**
 * A targeted refresh: the records vendor webhooks named are read again through the connector,
 * stored on the normal engine path (`ingestSourceRecords`: same mapping, same `changed_at` rules,
 * views rebuilt) and, when anything changed, announced with our signed `data-changed`. A failure
 * (vendor down, rate limited) is thrown: the caller keeps the refs and tries again later.
 */
import type { ConnectorWebhooks, RecordRef, RefreshedRecords } from '../../connectors/connector-webhooks.js';
import { SOURCE_MODELS, type SourceModel, type SourceRecordMap } from '../../connectors/source-records.js';
import { connectorContext } from '../../runtime/connector-context.js';
import type { IntegrationRow } from '../../storage/database.js';
import { ingestSourceRecords } from '../../sync/ingest.js';
import { changedModelNames } from '../events.js';
import type { InboundDeps } from './deps.js';

const refKey = (ref: RecordRef) => `${ref.model}\u0000${ref.remote_id}`;

/** The refs without repeats, in first-seen order. */
export function uniqueRefs(refs: readonly RecordRef[]): RecordRef[] {
  const byKey = new Map<string, RecordRef>();
  for (const ref of refs) if (!byKey.has(refKey(ref))) byKey.set(refKey(ref), ref);
  return [...byKey.values()];
}

const SOURCE_MODEL_NAMES: ReadonlySet<string> = new Set(SOURCE_MODELS);

/** A stored ref's model, checked (rows outlive code: a model renamed since is dropped). */
export function isSourceModel(model: string): model is SourceModel {
  return SOURCE_MODEL_NAMES.has(model);
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

/** Reads, stores and announces `refs`; throws when the vendor could not be read. */
export async function refreshRefs(deps: InboundDeps, integration: IntegrationRow, hooks: ConnectorWebhooks, refs: readonly RecordRef[]): Promise<void> {
  if (refs.length === 0) return;
  const logger = deps.logger.child({ integration_id: integration.id, webhooks: 'refresh' });
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
