/**
 * The integration lifecycle after creation (`create-integration.ts`) and connection
 * (`connect-flow.ts`): enabling and disabling, deleting, and the link that lets the end user
 * reconnect. The HTTP routes only parse and answer; what happens, and in which order, is here.
 *
 * @example
 * await setIntegrationEnabled(services, integration, false); // stops syncs and vendor webhooks, tells webhooks
 * await deleteIntegrationAndData(services, integration);
 */
import type { Connector } from '../connectors/connector.js';
import type { FetchPool } from '../lib/polite-fetch.js';
import type { Db } from '../storage/db.js';
import type { IntegrationRow } from '../storage/database.js';
import { deleteIntegration, updateIntegration } from '../storage/repositories/integrations.repository.js';
import type { SyncRunner } from '../tasks/sync-runner.js';
import type { InboundWebhooks } from '../webhooks/inbound/inbound-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import { createConnectLink, type NewConnectLink } from './connect-links.js';

export interface LifecycleDeps {
  db: Db;
  runner: SyncRunner;
  webhooks: WebhookService;
  /** The vendor's webhooks to us: registered while the integration is enabled. */
  inbound: Pick<InboundWebhooks, 'connected' | 'paused' | 'removed'>;
  fetchPool: FetchPool;
  connectorFor(tool: string): Connector | undefined;
}

/**
 * Disabling stops syncs; enabling (also of an INVALID integration) resumes them and catches up at
 * once. Setting the status it already has changes nothing.
 */
export async function setIntegrationEnabled(deps: LifecycleDeps, integration: IntegrationRow, enabled: boolean): Promise<void> {
  const status = enabled ? 'ACTIVE' : 'INACTIVE';
  if (integration.status === status) return;
  const now = new Date().toISOString();
  await updateIntegration(deps.db.kysely, integration.id, { status, updated_at: now });
  if (!enabled) await deps.runner.cancel(integration.id);
  await deps.webhooks.stateChanged({ ...integration, status, updated_at: now });
  if (enabled) await deps.inbound.connected({ ...integration, status, updated_at: now });
  else await deps.inbound.paused(integration);
  if (enabled) {
    const connector = deps.connectorFor(integration.tool);
    await deps.runner.enqueue(integration.id, 'FULL', connector?.manifest.capabilities.incremental ?? false);
  }
}

/** Deletes the integration and everything synced for it. */
export async function deleteIntegrationAndData(deps: LifecycleDeps, integration: IntegrationRow): Promise<void> {
  // A running sync must stop before its rows are removed, or it would write orphans.
  await deps.runner.cancel(integration.id);
  // Before the rows go: removing the vendor's webhooks may need the connector state (OAuth tokens).
  await deps.inbound.removed(integration);
  await deleteIntegration(deps.db.kysely, integration.id);
  deps.fetchPool.forget(integration.id);
  await deps.webhooks.integrationEvent('integration-deleted', integration);
}

/** A connect link on which the end user enters new credentials for this integration (it is ACTIVE again on success). */
export function createRelinkLink(
  db: Db,
  environmentId: string,
  integration: IntegrationRow,
  options: Pick<NewConnectLink, 'link_type' | 'language' | 'scope_config_id'>,
): Promise<{ token: string }> {
  return createConnectLink(db.kysely, environmentId, {
    ...options,
    integration_tool: integration.tool,
    relink_integration_id: integration.id,
    end_user_email: integration.creator_email,
    end_user_organization_name: integration.organization_name,
    end_user_origin_id: integration.origin_id,
  });
}
