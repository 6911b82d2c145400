/**
 * Webhook events in Kombo's payload shapes (contract §7.2), fanned out to every endpoint of
 * the environment as one delivery each.
 */
import type { Kysely } from 'kysely';
import { randomId, sortableId } from '../lib/ids.js';
import type { Database, IntegrationRow } from '../storage/database.js';
import { insertWebhookDeliveries, insertWebhookEvent, listWebhookEndpoints } from '../storage/repositories/webhooks.repository.js';

export type WebhookType = 'data-changed' | 'sync-finished' | 'integration-created' | 'integration-deleted' | 'integration-state-changed' | 'connection-flow-failed';

/** Our stored model names → Kombo's `data-changed` names (a closed enum in the SDK). */
const CHANGED_MODEL_NAMES: Record<string, string> = {
  users: 'ats_users',
  roles: 'ats_roles',
  tags: 'ats_tags',
  rejection_reasons: 'ats_rejection_reasons',
  jobs: 'ats_jobs',
  application_stages: 'ats_application_stages',
  candidates: 'ats_candidates',
  applications: 'ats_applications',
  interviews: 'ats_interviews',
  offers: 'ats_offers',
};

export function changedModelNames(models: readonly string[]): Array<{ name: string }> {
  return models.flatMap((m) => (CHANGED_MODEL_NAMES[m] ? [{ name: CHANGED_MODEL_NAMES[m] }] : []));
}

export function endUser(integration: IntegrationRow) {
  return { organization_name: integration.organization_name, creator_email: integration.creator_email, origin_id: integration.origin_id };
}

export function stateChangedData(integration: IntegrationRow, now: string) {
  return {
    integration_tool: integration.tool,
    integration_id: integration.id,
    integration_category: 'ATS',
    end_user: endUser(integration),
    qa_status: 'PASSED',
    setup_status: integration.setup_status,
    state: integration.status,
    updated_at: now,
  };
}

export interface EmitDeps {
  db: Kysely<Database>;
  /** Hands a delivery to the queue (now, or later for retries). */
  schedule(deliveryId: string, at?: Date): Promise<void>;
}

/** Stores the event and one delivery per endpoint, then queues the deliveries. Returns the event id. */
export async function emitWebhook(deps: EmitDeps, environmentId: string, type: WebhookType, data: Record<string, unknown>): Promise<string> {
  const endpoints = await listWebhookEndpoints(deps.db, environmentId);
  const id = randomId();
  const now = new Date().toISOString();
  const payload = JSON.stringify({ id, type, data });
  await insertWebhookEvent(deps.db, { id, environment_id: environmentId, type, payload, created_at: now });
  const deliveries = endpoints.map((endpoint) => ({
    id: sortableId(),
    event_id: id,
    endpoint_id: endpoint.id,
    state: 'PENDING' as const,
    attempts: 0,
    next_attempt_at: now,
    last_status: null,
    last_error: null,
    created_at: now,
    delivered_at: null,
  }));
  await insertWebhookDeliveries(deps.db, deliveries);
  for (const delivery of deliveries) await deps.schedule(delivery.id);
  return id;
}
