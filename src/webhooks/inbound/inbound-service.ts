/**
 * Vendor webhooks in: each integration's public endpoint, its registration with the vendor through
 * the lifecycle, and targeted refreshes coalesced per integration.
 *
 * @example
 * await inbound.connected(integration);          // on connect, relink, enable
 * await inbound.receive(token, { headers, body }); // from the public endpoint
 */
import type { InboundDelivery } from '../../connectors/connector-webhooks.js';
import type { IntegrationRow } from '../../storage/database.js';
import { Coalescer } from './coalescer.js';
import type { InboundDeps } from './deps.js';
import { acceptDelivery } from './receive.js';
import { refreshIntegration, type PendingItem } from './refresh.js';
import { connectInboundWebhook, inboundEndpoint, pauseInboundWebhook, removeInboundWebhook, type InboundEndpoint } from './registration.js';

export class InboundWebhooks {
  private readonly pending: Coalescer<PendingItem>;

  constructor(private readonly deps: InboundDeps) {
    this.pending = new Coalescer(deps.clock, deps.coalesceMs, (integrationId, items) => this.refresh(integrationId, items));
  }

  connected(integration: IntegrationRow): Promise<void> {
    return connectInboundWebhook(this.deps, integration);
  }

  paused(integration: IntegrationRow): Promise<void> {
    return pauseInboundWebhook(this.deps, integration);
  }

  removed(integration: IntegrationRow): Promise<void> {
    return removeInboundWebhook(this.deps, integration);
  }

  endpoint(integration: IntegrationRow): Promise<InboundEndpoint | null> {
    return inboundEndpoint(this.deps, integration);
  }

  /** Verifies a delivery and queues its refresh; throws `UnknownWebhookEndpointError` when refused. */
  async receive(token: string, delivery: InboundDelivery): Promise<void> {
    const { integration, event } = await acceptDelivery(this.deps, token, delivery);
    const items: PendingItem[] = event.refresh.map((ref) => ({ ref }));
    if (event.catchUp) items.push({ catchUp: true });
    if (items.length > 0) this.pending.add(integration.id, items);
  }

  /** Resolves once no refresh is waiting or running (tests, shutdown). */
  settle(): Promise<void> {
    return this.pending.settle();
  }

  private async refresh(integrationId: string, items: PendingItem[]): Promise<void> {
    try {
      await refreshIntegration(this.deps, integrationId, items);
    } catch (err) {
      this.deps.logger.error({ err, integration_id: integrationId }, 'vendor webhook refresh crashed');
    }
  }
}
