/** Registering a vendor's webhooks one event at a time, as Lever, Ashby and Workable require. */
import type { WebhookRegistration } from '../connector-webhooks.js';

/** What the vendor answered for one event: its webhook's id, and a signing secret if it issued one. */
export interface CreatedWebhook {
  id: string;
  secret?: string | null;
}

/**
 * Creates one webhook per event, all or nothing: when one fails, those already created are
 * removed again (half a registration would keep sending after we report it failed) and the
 * error is thrown. `create` may answer null for an event the vendor acknowledged without an id.
 */
export async function registerPerEvent<E>(
  events: readonly E[],
  create: (event: E) => Promise<CreatedWebhook | null>,
  unregister: (registration: WebhookRegistration) => Promise<void>,
  knownSecrets: readonly string[] = [],
): Promise<WebhookRegistration> {
  const registration: WebhookRegistration = { remoteIds: [], issuedSecrets: [...knownSecrets] };
  try {
    for (const event of events) {
      const created = await create(event);
      if (!created) continue;
      registration.remoteIds.push(created.id);
      if (created.secret) registration.issuedSecrets.push(created.secret);
    }
  } catch (err) {
    await unregister(registration).catch(() => undefined);
    throw err;
  }
  return registration;
}
