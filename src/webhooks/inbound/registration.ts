/**
 * An integration's endpoint for its vendor's webhooks through the lifecycle: created on connect
 * (and registered through the vendor's API where the connector can), registered again on relink
 * and enable, removed from the vendor on disable, removed altogether on delete. Registration is
 * best effort: a vendor that refuses it leaves the endpoint FAILED with the reason, shown on the
 * dashboard, and polling keeps the data current meanwhile.
 */
import type { ConnectorWebhooks, WebhookRegistration } from '../../connectors/connector-webhooks.js';
import { sha256Hex } from '../../lib/crypto.js';
import { InputError } from '../../lib/errors.js';
import { randomToken } from '../../lib/ids.js';
import type { InboundWebhook } from '../../model/integration.js';
import { connectorContext } from '../../runtime/connector-context.js';
import type { InboundWebhookRow, IntegrationRow } from '../../storage/database.js';
import { deleteInboundWebhook, findInboundWebhook, insertInboundWebhook, updateInboundWebhook } from '../../storage/repositories/inbound-webhooks.repository.js';
import { INBOUND_PATH_PREFIX, type InboundDeps } from './deps.js';

export type InboundEndpoint = InboundWebhook;

function parseRegistration(deps: InboundDeps, sealed: string | null): WebhookRegistration | null {
  if (!sealed) return null;
  return JSON.parse(deps.vault.decrypt(sealed)) as WebhookRegistration;
}

export function registrationOf(deps: InboundDeps, row: InboundWebhookRow): WebhookRegistration | null {
  return parseRegistration(deps, row.registration);
}

function urlOf(deps: InboundDeps, row: InboundWebhookRow): string {
  return `${deps.publicBase()}${INBOUND_PATH_PREFIX}${deps.vault.decrypt(row.token)}`;
}

/** The row of the integration, created (with a fresh path token and secret) when it has none. */
async function ensureRow(deps: InboundDeps, integration: IntegrationRow, hooks: ConnectorWebhooks): Promise<InboundWebhookRow> {
  const existing = await findInboundWebhook(deps.db.kysely, integration.id);
  if (existing) return existing;
  const token = randomToken(32);
  const now = new Date().toISOString();
  const row: InboundWebhookRow = {
    integration_id: integration.id,
    token_hash: sha256Hex(token),
    token: deps.vault.encrypt(token),
    secret: deps.vault.encrypt(randomToken(32)),
    registration: null,
    mode: hooks.registration,
    status: hooks.registration === 'api' ? 'FAILED' : 'MANUAL',
    error: hooks.registration === 'api' ? 'Not registered yet.' : null,
    created_at: now,
    updated_at: now,
    last_delivery_at: null,
  };
  await insertInboundWebhook(deps.db.kysely, row);
  return (await findInboundWebhook(deps.db.kysely, integration.id)) ?? row;
}

async function unregister(deps: InboundDeps, integration: IntegrationRow, hooks: ConnectorWebhooks, row: InboundWebhookRow): Promise<void> {
  const registration = registrationOf(deps, row);
  if (!registration || !hooks.unregister) return;
  const ctx = connectorContext(deps, integration, deps.logger.child({ integration_id: integration.id, webhooks: 'unregister' }));
  try {
    await hooks.unregister(ctx, registration);
  } catch (err) {
    // The old credentials may be revoked (relink) or the vendor down: their webhooks then fail
    // our verification (another secret) or hit a path that answers 404, which vendors give up on.
    deps.logger.warn({ err, integration_id: integration.id }, 'could not remove the vendor webhooks');
  }
}

/** Connect, relink, enable: the endpoint exists and, where the vendor's API allows, is registered (again). */
export async function connectInboundWebhook(deps: InboundDeps, integration: IntegrationRow): Promise<void> {
  const hooks = deps.connectorFor(integration.tool)?.webhooks;
  if (!hooks) return;
  const row = await ensureRow(deps, integration, hooks);
  await unregister(deps, integration, hooks, row);
  const now = () => new Date().toISOString();
  if (hooks.registration === 'manual' || !hooks.register) {
    // A signing key the vendor generated stays: the webhook the customer added there is unchanged.
    const registration = takesVendorSecret(hooks) ? row.registration : null;
    await updateInboundWebhook(deps.db.kysely, integration.id, { mode: 'manual', status: 'MANUAL', registration, error: null, updated_at: now() });
    return;
  }
  const ctx = connectorContext(deps, integration, deps.logger.child({ integration_id: integration.id, webhooks: 'register' }));
  try {
    const registration = await hooks.register(ctx, { url: urlOf(deps, row), secret: deps.vault.decrypt(row.secret) });
    await updateInboundWebhook(deps.db.kysely, integration.id, {
      mode: 'api',
      status: 'REGISTERED',
      registration: deps.vault.encrypt(JSON.stringify(registration)),
      error: null,
      updated_at: now(),
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    deps.logger.warn({ err, integration_id: integration.id }, 'could not register the vendor webhooks; polling keeps the data current');
    await updateInboundWebhook(deps.db.kysely, integration.id, { mode: 'api', status: 'FAILED', registration: null, error: reason, updated_at: now() });
  }
}

/** Disable: the vendor stops sending (where we registered), and the endpoint answers as if it did not exist. */
export async function pauseInboundWebhook(deps: InboundDeps, integration: IntegrationRow): Promise<void> {
  const hooks = deps.connectorFor(integration.tool)?.webhooks;
  const row = await findInboundWebhook(deps.db.kysely, integration.id);
  if (!hooks || !row) return;
  await unregister(deps, integration, hooks, row);
  const registration = takesVendorSecret(hooks) ? row.registration : null;
  await updateInboundWebhook(deps.db.kysely, integration.id, { status: 'PAUSED', registration, updated_at: new Date().toISOString() });
}

/** Delete: removed from the vendor, then forgotten. */
export async function removeInboundWebhook(deps: InboundDeps, integration: IntegrationRow): Promise<void> {
  const hooks = deps.connectorFor(integration.tool)?.webhooks;
  const row = await findInboundWebhook(deps.db.kysely, integration.id);
  if (!row) return;
  if (hooks) await unregister(deps, integration, hooks, row);
  await deleteInboundWebhook(deps.db.kysely, integration.id);
}

/** Manual registration whose signing secret the vendor generates (the customer hands it to us). */
const takesVendorSecret = (hooks: ConnectorWebhooks) => hooks.registration === 'manual' && hooks.secretFrom === 'vendor';

/**
 * Stores the signing secret the vendor generated for the webhook the customer added there; kept
 * encrypted as a vendor-issued secret (what `verify` checks with). Replaces an earlier one.
 */
export async function setVendorSecret(deps: InboundDeps, integration: IntegrationRow, secret: string): Promise<void> {
  const hooks = deps.connectorFor(integration.tool)?.webhooks;
  const row = await findInboundWebhook(deps.db.kysely, integration.id);
  if (!hooks || !row || !takesVendorSecret(hooks)) {
    throw new InputError(`secret: ${integration.tool} webhooks are not signed with a secret the tool generates; there is nothing to set.`);
  }
  const registration: WebhookRegistration = { remoteIds: [], issuedSecrets: [secret] };
  await updateInboundWebhook(deps.db.kysely, integration.id, { registration: deps.vault.encrypt(JSON.stringify(registration)), updated_at: new Date().toISOString() });
}

/** What the dashboard and the integration's details show; null for tools without webhooks. */
export async function inboundEndpoint(deps: InboundDeps, integration: IntegrationRow): Promise<InboundEndpoint | null> {
  const hooks = deps.connectorFor(integration.tool)?.webhooks;
  if (!hooks) return null;
  const row = await findInboundWebhook(deps.db.kysely, integration.id);
  if (!row) return null;
  return {
    url: urlOf(deps, row),
    secret: row.mode === 'manual' && hooks.showsSecret ? deps.vault.decrypt(row.secret) : null,
    vendor_secret: takesVendorSecret(hooks) ? (registrationOf(deps, row)?.issuedSecrets.length ? 'SET' : 'MISSING') : null,
    mode: row.mode,
    status: row.status,
    error: row.error,
    events: [...hooks.events],
    instructions: hooks.instructions,
    last_delivery_at: row.last_delivery_at,
  };
}
