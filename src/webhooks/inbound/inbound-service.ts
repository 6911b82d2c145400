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
import { findActiveRun } from '../../storage/repositories/sync-runs.repository.js';
import { Coalescer } from './coalescer.js';
import type { InboundDeps } from './deps.js';
import { acceptDelivery } from './receive.js';
import { refreshIntegration, type PendingItem } from './refresh.js';
import { connectInboundWebhook, inboundEndpoint, pauseInboundWebhook, removeInboundWebhook, type InboundEndpoint } from './registration.js';

/** How often a refresh that overlapped a sync looks whether the sync has ended. */
const SYNC_POLL_MS = 2_000;

export class InboundWebhooks {
  private readonly pending: Coalescer<PendingItem>;
  private readonly background = new Set<Promise<void>>();
  private stopped = false;

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
  /** Shutdown: refreshes under way finish; none waits for a sync any longer. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.settle();
  }

  async settle(): Promise<void> {
    await this.pending.settle();
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  private async refresh(integrationId: string, items: PendingItem[]): Promise<void> {
    try {
      const syncing = await findActiveRun(this.deps.db.kysely, integrationId);
      await refreshIntegration(this.deps, integrationId, items);
      // A sync that read these records before the change may store them after this refresh: once
      // it has ended they are read once more, so the newer state wins. Outside the coalescing
      // chain, so later deliveries are not held back for the length of the sync.
      if (syncing) this.track(this.afterSync(integrationId, items));
    } catch (err) {
      this.deps.logger.error({ err, integration_id: integrationId }, 'vendor webhook refresh crashed');
    }
  }

  private async afterSync(integrationId: string, items: PendingItem[]): Promise<void> {
    try {
      while (!this.stopped && (await findActiveRun(this.deps.db.kysely, integrationId))) await this.deps.clock.sleep(SYNC_POLL_MS);
      if (!this.stopped) await refreshIntegration(this.deps, integrationId, items);
    } catch (err) {
      this.deps.logger.error({ err, integration_id: integrationId }, 'vendor webhook refresh after a sync crashed');
    }
  }

  private track(work: Promise<void>): void {
    this.background.add(work);
    void work.finally(() => this.background.delete(work));
  }
}
