/**
 * One delivery at an integration's public endpoint. Whatever is wrong with it (unknown path,
 * integration disabled or deleted, tool without webhooks, bad signature, timestamp outside the
 * vendor's replay window) gets the same answer, so the endpoint tells a stranger nothing; the
 * reason is logged for the operator.
 */
import type { HandshakeAnswer, InboundDelivery, WebhookEvent } from '../../connectors/connector-webhooks.js';
import { sha256Hex } from '../../lib/crypto.js';
import { NotFoundError } from '../../lib/errors.js';
import type { IntegrationRow } from '../../storage/database.js';
import { findInboundWebhookByTokenHash, updateInboundWebhook } from '../../storage/repositories/inbound-webhooks.repository.js';
import { findIntegrationById } from '../../storage/repositories/integrations.repository.js';
import type { InboundDeps } from './deps.js';
import { registrationOf } from './registration.js';

/** The one answer to every refused delivery. */
export class UnknownWebhookEndpointError extends NotFoundError {
  constructor() {
    super('There is no webhook endpoint at this path.');
  }
}

export interface Accepted {
  integration: IntegrationRow;
  event: WebhookEvent;
}

/** A vendor's handshake, answered without verification or refresh. */
export interface Handshake {
  handshake: HandshakeAnswer;
}

export async function acceptDelivery(deps: InboundDeps, token: string, delivery: InboundDelivery): Promise<Accepted | Handshake> {
  const refuse = (reason: string, integrationId?: string): never => {
    deps.logger.info({ integration_id: integrationId, reason }, 'vendor webhook refused');
    throw new UnknownWebhookEndpointError();
  };
  const row = await findInboundWebhookByTokenHash(deps.db.kysely, sha256Hex(token));
  if (!row) return refuse('unknown path');
  const integration = await findIntegrationById(deps.db.kysely, row.integration_id);
  if (!integration || integration.status !== 'ACTIVE') return refuse('integration not active', row.integration_id);
  const hooks = deps.connectorFor(integration.tool)?.webhooks;
  if (!hooks) return refuse('tool without webhooks', integration.id);
  // Before the paused check: registering again on enable (the row still PAUSED) triggers the handshake.
  const handshake = hooks.handshake?.(delivery);
  if (handshake) return { handshake };
  if (row.status === 'PAUSED') return refuse('endpoint paused', integration.id);
  const verdict = hooks.verify(delivery, { own: deps.vault.decrypt(row.secret), issued: registrationOf(deps, row)?.issuedSecrets ?? [] });
  if (!verdict.ok) return refuse(`signature: ${verdict.reason}`, integration.id);
  if (verdict.signedAt !== undefined && hooks.replayWindowMs !== undefined && Math.abs(deps.clock.now() - verdict.signedAt) > hooks.replayWindowMs) {
    return refuse('signed timestamp outside the replay window', integration.id);
  }
  let event: WebhookEvent;
  try {
    event = hooks.eventOf(delivery);
  } catch (err) {
    // Signed by the vendor but in a shape we do not know: answered as received (a refusal would
    // only make the vendor retry it), caught up by a delta sync.
    deps.logger.warn({ err, integration_id: integration.id }, 'vendor webhook in an unknown shape');
    event = { refresh: [], catchUp: true };
  }
  await updateInboundWebhook(deps.db.kysely, integration.id, { last_delivery_at: new Date(deps.clock.now()).toISOString() });
  return { integration, event };
}
