/**
 * Vendor webhooks in: each integration's public endpoint, its registration with the vendor through
 * the lifecycle, and durable targeted refreshes coalesced per integration (durable-refreshes.ts).
 *
 * @example
 * await inbound.connected(integration);          // on connect, relink, enable
 * await inbound.receive(token, { headers, body }); // from the public endpoint
 */
import type { InboundDelivery } from '../../connectors/connector-webhooks.js';
import type { IntegrationRow } from '../../storage/database.js';
import type { InboundDeps } from './deps.js';
import { DurableRefreshes } from './durable-refreshes.js';
import { acceptDelivery } from './receive.js';
import { connectInboundWebhook, inboundEndpoint, pauseInboundWebhook, removeInboundWebhook, setVendorSecret, type InboundEndpoint } from './registration.js';

export class InboundWebhooks {
  private readonly refreshes: DurableRefreshes;

  constructor(private readonly deps: InboundDeps) {
    this.refreshes = new DurableRefreshes(deps);
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

  /** The signing key the vendor generated, given to us by the customer (`secretFrom: 'vendor'`). */
  setVendorSecret(integration: IntegrationRow, secret: string): Promise<void> {
    return setVendorSecret(this.deps, integration, secret);
  }

  /**
   * Verifies a delivery and keeps what it asks for before it is answered: the records to refresh
   * (pending until stored), or a delta sync (queued). Throws `UnknownWebhookEndpointError` when refused.
   * Answers the response headers of a vendor's handshake (empty for a delivery).
   */
  async receive(token: string, delivery: InboundDelivery): Promise<{ headers: Record<string, string> }> {
    const accepted = await acceptDelivery(this.deps, token, delivery);
    if ('handshake' in accepted) return { headers: accepted.handshake.headers };
    const { integration, event } = accepted;
    await this.refreshes.add(integration.id, event.refresh);
    if (event.catchUp) {
      const incremental = this.deps.connectorFor(integration.tool)?.manifest.capabilities.incremental ?? false;
      await this.deps.runner.enqueue(integration.id, 'DELTA', incremental);
    }
    return { headers: {} };
  }

  /** On start: refreshes left pending (by a crash, a restart, a vendor outage) are taken up. */
  recover(): Promise<void> {
    return this.refreshes.recover();
  }

  /** Periodically in workers: pending refreshes whose process stopped are taken up. */
  sweep(): Promise<void> {
    return this.refreshes.sweep();
  }

  /** Resolves once no refresh is collected, running or waiting for a retry in this process (tests). */
  settle(): Promise<void> {
    return this.refreshes.settle();
  }

  /** Shutdown: refreshes under way finish; what is pending stays for the next start. */
  stop(): Promise<void> {
    return this.refreshes.stop();
  }
}
