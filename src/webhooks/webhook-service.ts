/**
 * Outgoing webhooks through the queue: emit events, deliver them, retry, redeliver.
 */
import type { Logger } from 'pino';
import type { Vault } from '../lib/crypto.js';
import type { Queue } from '../queue/queue.js';
import type { Db } from '../storage/db.js';
import type { IntegrationRow } from '../storage/database.js';
import { findDueDeliveries, updateDelivery, upsertWebhookEndpoint } from '../storage/repositories/webhooks.repository.js';
import { deliverWebhook } from './deliver.js';
import { emitWebhook, endUser, stateChangedData, type WebhookType } from './events.js';

/** The id of the endpoint configured by WEBHOOK_URL/WEBHOOK_SECRET, per environment. */
export const CONFIGURED_ENDPOINT_PREFIX = 'env-';

export class WebhookService {
  constructor(
    private readonly deps: { db: Db; vault: Vault; logger: Logger; queue: Queue; fetch: typeof fetch; retryDelaysMs?: readonly number[] },
  ) {}

  /** Registers the endpoint from the environment so it receives every event like any other. */
  async configureEndpoint(environmentId: string, url: string, secret: string): Promise<void> {
    await upsertWebhookEndpoint(this.deps.db.kysely, {
      id: `${CONFIGURED_ENDPOINT_PREFIX}${environmentId}`,
      environment_id: environmentId,
      url,
      secret: this.deps.vault.encrypt(secret),
      description: 'WEBHOOK_URL',
      created_at: new Date().toISOString(),
    });
  }

  async startWorkers(concurrency: number): Promise<void> {
    await this.deps.queue.work('deliver-webhook', ({ deliveryId }) => this.deliver(deliveryId), concurrency);
  }

  /** An in-process queue forgets scheduled retries when the process stops: re-send what is pending. */
  async recover(): Promise<void> {
    const far = new Date(Date.now() + 400 * 86_400_000).toISOString();
    for (const delivery of await findDueDeliveries(this.deps.db.kysely, far)) {
      const at = delivery.next_attempt_at ? new Date(delivery.next_attempt_at) : undefined;
      await this.deps.queue.send('deliver-webhook', { deliveryId: delivery.id }, at ? { startAfter: at } : {});
    }
  }

  emit(environmentId: string, type: WebhookType, data: Record<string, unknown>): Promise<string> {
    return emitWebhook({ db: this.deps.db.kysely, schedule: (id, at) => this.schedule(id, at) }, environmentId, type, data);
  }

  integrationEvent(type: 'integration-created' | 'integration-deleted', integration: IntegrationRow): Promise<string> {
    const data: Record<string, unknown> = { id: integration.id, tool: integration.tool, category: 'ATS', end_user: endUser(integration) };
    if (type === 'integration-deleted') data['deleted_at'] = new Date().toISOString();
    return this.emit(integration.environment_id, type, data);
  }

  stateChanged(integration: IntegrationRow): Promise<string> {
    return this.emit(integration.environment_id, 'integration-state-changed', stateChangedData(integration, new Date().toISOString()));
  }

  /** Sends a delivery again now (operator action), whatever its state. */
  async redeliver(deliveryId: string): Promise<void> {
    await updateDelivery(this.deps.db.kysely, deliveryId, { state: 'PENDING', next_attempt_at: new Date().toISOString() });
    await this.schedule(deliveryId);
  }

  private async deliver(deliveryId: string): Promise<void> {
    await deliverWebhook({ ...this.deps, db: this.deps.db.kysely, schedule: (id, at) => this.schedule(id, at) }, deliveryId);
  }

  private schedule(deliveryId: string, at?: Date): Promise<void> {
    return this.deps.queue.send('deliver-webhook', { deliveryId }, at ? { startAfter: at } : {});
  }
}
