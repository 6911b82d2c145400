/**
 * Completing a connection flow: the end user submitted credentials on the connect page. They are
 * verified with the vendor before anything is stored; then, in one transaction, the link is used
 * up, the integration is created (or, for a reconnection link, its credentials replaced and it is
 * made ACTIVE again) and an activation token is issued. Webhooks and the first sync follow.
 *
 * A failed verification stores nothing but a request log and sends `connection-flow-failed`.
 */
import { missingCredentials } from '../connectors/credential-rules.js';
import type { Connector } from '../connectors/connector.js';
import {
  checkCredentials,
  CredentialsRejectedError,
  CredentialsUnverifiedError,
  prepareIntegration,
  type CreateIntegrationDeps,
} from './create-integration.js';
import { AppError } from '../lib/errors.js';
import { randomToken, sortableId } from '../lib/ids.js';
import type { ConnectLinkRow, IntegrationRow } from '../storage/database.js';
import {
  claimConnectLink,
  insertActivationToken,
  releaseConnectLink,
  useConnectLink,
} from '../storage/repositories/connect.repository.js';
import { findIntegration, insertIntegration, updateIntegration } from '../storage/repositories/integrations.repository.js';
import { insertRequestLog } from '../storage/repositories/request-logs.repository.js';
import type { SyncRunner } from '../tasks/sync-runner.js';
import type { InboundWebhooks } from '../webhooks/inbound/inbound-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import { ACTIVATION_TOKEN_LIFETIME_MS, hashToken } from './connect-links.js';
import { sealCredentials } from '../runtime/credentials.js';

export interface ConnectFlowDeps extends CreateIntegrationDeps {
  webhooks: Pick<WebhookService, 'emit' | 'integrationEvent' | 'stateChanged'>;
  runner: Pick<SyncRunner, 'enqueue'>;
  /** Registers the vendor's webhooks to us (again, on relink). */
  inbound: Pick<InboundWebhooks, 'connected'>;
}

export interface Submission {
  /** The tool the user picked; ignored when the link fixes one. */
  tool: string;
  /** Raw form values; only the tool's credential fields are used, empty ones are left out. */
  values: Record<string, string>;
  base_url: string | null;
}

export type FlowResult =
  | { ok: true; activationToken: string; integration: IntegrationRow; relinked: boolean }
  | {
      ok: false;
      /** rejected: the vendor refused the credentials; unverified: the vendor could not be asked; invalid: the form is incomplete. */
      kind: 'rejected' | 'unverified' | 'invalid' | 'busy' | 'used' | 'gone';
      message: string;
      /** What the vendor said, when it said something. */
      detail?: string;
      /** The request log of a failed verification (also the webhook's log_url). */
      logId?: string;
    };

/** A reservation lasts while a vendor is asked; a crashed process's reservation lapses after it. */
const CLAIM_MS = 5 * 60_000;

/** The tool a submission is for: the link's, or the user's pick among the registered tools. */
export function toolOfSubmission(deps: Pick<ConnectFlowDeps, 'connectorFor'>, link: ConnectLinkRow, picked: string): Connector | undefined {
  return deps.connectorFor(link.integration_tool ?? picked);
}

export async function submitConnectFlow(deps: ConnectFlowDeps, link: ConnectLinkRow, submission: Submission, publicBase: string): Promise<FlowResult> {
  // The failure log's duration: the whole submission, the vendor's credential check included.
  const startedAt = performance.now();
  const db = deps.db.kysely;
  const connector = toolOfSubmission(deps, link, submission.tool);
  if (!connector) return { ok: false, kind: 'invalid', message: 'Choose one of the listed tools.' };
  const manifest = connector.manifest;

  let target: IntegrationRow | undefined;
  if (link.relink_integration_id) {
    target = await findIntegration(db, link.environment_id, link.relink_integration_id);
    if (!target) return { ok: false, kind: 'gone', message: 'The integration this link reconnects no longer exists. Ask for a new link.' };
  }

  const credentials: Record<string, string> = {};
  for (const field of manifest.credentials) {
    const value = submission.values[field.key] ?? '';
    if (value.trim() !== '') credentials[field.key] = value;
  }
  const missing = missingCredentials(manifest.credentials, credentials, manifest.label);
  if (missing) return { ok: false, kind: 'invalid', message: missing };

  const now = new Date();
  if (!(await claimConnectLink(db, link.id, now.toISOString(), new Date(now.getTime() + CLAIM_MS).toISOString()))) {
    return { ok: false, kind: 'busy', message: 'This link is being used in another window, or was used already. Reload the page to see its state.' };
  }

  let row: IntegrationRow;
  try {
    if (target) {
      // A base URL accepted when the integration was created stays acceptable for it.
      const baseUrl = submission.base_url ?? target.base_url;
      const checked = await checkCredentials(
        { ...deps, allowCustomBaseUrls: deps.allowCustomBaseUrls || (baseUrl !== null && baseUrl === target.base_url) },
        { tool: manifest.id, credentials, base_url: baseUrl },
        () => target?.id ?? '',
      );
      row = { ...target, credentials: sealCredentials(deps.vault, credentials), base_url: checked.baseUrl, status: 'ACTIVE', updated_at: new Date().toISOString() };
    } else {
      row = await prepareIntegration(deps, link.environment_id, {
        tool: manifest.id,
        credentials,
        base_url: submission.base_url,
        end_user: { organization_name: link.end_user_organization_name, origin_id: link.end_user_origin_id, creator_email: link.end_user_email },
      });
    }
  } catch (err) {
    await releaseConnectLink(db, link.id);
    if (err instanceof CredentialsRejectedError || err instanceof CredentialsUnverifiedError) {
      const logId = await recordFailure(deps, link, manifest.id, target?.id ?? null, err, publicBase, startedAt);
      const rejected = err instanceof CredentialsRejectedError;
      const message = rejected
        ? `${manifest.label} did not accept these credentials. Check them and try again.`
        : `${manifest.label} could not be reached to check these credentials. Nothing was saved; try again in a moment.`;
      return { ok: false, kind: rejected ? 'rejected' : 'unverified', message, detail: sentence(err.reason), logId };
    }
    if (err instanceof AppError) return { ok: false, kind: 'invalid', message: err.message };
    throw err;
  }

  const activationToken = randomToken(32);
  const outcome = await db.transaction().execute(async (trx) => {
    const stamp = new Date().toISOString();
    if (!(await useConnectLink(trx, link.id, row.id, stamp))) return 'used' as const;
    if (target) {
      const { credentials: sealed, base_url, status, updated_at } = row;
      await updateIntegration(trx, row.id, { credentials: sealed, base_url, status, updated_at });
    } else {
      await insertIntegration(trx, row);
    }
    await insertActivationToken(trx, {
      token_hash: hashToken(activationToken),
      environment_id: link.environment_id,
      integration_id: row.id,
      link_id: link.id,
      created_at: stamp,
      expires_at: new Date(Date.parse(stamp) + ACTIVATION_TOKEN_LIFETIME_MS).toISOString(),
      used_at: null,
    });
    return 'done' as const;
  });
  if (outcome === 'used') return { ok: false, kind: 'used', message: 'This link was used already.' };

  if (target) {
    if (target.status !== 'ACTIVE') await deps.webhooks.stateChanged(row);
  } else {
    await deps.webhooks.integrationEvent('integration-created', row);
  }
  await deps.inbound.connected(row);
  await deps.runner.enqueue(row.id, 'FULL', manifest.capabilities.incremental);
  return { ok: true, activationToken, integration: row, relinked: target !== undefined };
}

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** Stores what went wrong as a request log (what `log_url` opens) and sends `connection-flow-failed`. */
async function recordFailure(
  deps: ConnectFlowDeps,
  link: ConnectLinkRow,
  tool: string,
  integrationId: string | null,
  err: CredentialsRejectedError | CredentialsUnverifiedError,
  publicBase: string,
  startedAt: number,
): Promise<string> {
  const logId = sortableId();
  const what = link.relink_integration_id ? 'Reconnection' : 'Connection';
  await insertRequestLog(deps.db.kysely, {
    id: logId,
    environment_id: link.environment_id,
    integration_id: integrationId,
    method: 'POST',
    // The link's token is a secret: the log names the link by its id only.
    path: '/connect',
    status: 400,
    code: err instanceof CredentialsRejectedError ? 'INTEGRATION.AUTHENTICATION_INVALID' : 'REMOTE.SERVICE_UNAVAILABLE',
    message: `${what} flow for "${link.end_user_organization_name}" (link ${link.id}, tool ${tool}) failed: ${err.message}`,
    duration_ms: Math.max(0, Math.round(performance.now() - startedAt)),
    created_at: new Date().toISOString(),
  });
  try {
    await deps.webhooks.emit(link.environment_id, 'connection-flow-failed', {
      integration_tool: tool,
      integration_category: 'ATS',
      end_user: { organization_name: link.end_user_organization_name, creator_email: link.end_user_email, origin_id: link.end_user_origin_id },
      log_url: `${publicBase}/logs/${logId}`,
    });
  } catch (webhookErr) {
    deps.logger.warn({ err: webhookErr }, 'could not emit connection-flow-failed');
  }
  return logId;
}
