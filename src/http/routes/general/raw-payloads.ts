/**
 * A settings change that makes records show raw vendor data (remote_data, an integration field, a
 * custom field mapped to one) starts a full sync: raw payloads are stored only for the models
 * that show them (sync/fields.ts), so the full sync fetches and keeps them.
 */
import type { IntegrationRow } from '../../../storage/database.js';
import { modelsKeepingRemoteData } from '../../../sync/fields.js';
import type { AppServices } from '../../services.js';

/** Runs `change`; starts a full sync when it made a model keep raw payloads that did not before. */
export async function changingRawNeeds<T>(services: AppServices, integration: IntegrationRow, change: () => Promise<T>): Promise<T> {
  const before = await modelsKeepingRemoteData(services.db.kysely, integration.id);
  const result = await change();
  const after = await modelsKeepingRemoteData(services.db.kysely, integration.id);
  if ([...after].some((model) => !before.has(model))) {
    const incremental = services.connectorFor(integration.tool)?.manifest.capabilities.incremental ?? false;
    await services.runner.enqueue(integration.id, 'FULL', incremental);
  }
  return result;
}
