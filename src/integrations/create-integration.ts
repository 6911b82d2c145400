/**
 * Creating an integration: check the credentials against the manifest and the vendor, store
 * them encrypted, and queue the first sync. Nothing is written when any step fails.
 */
import { missingCredentials } from '../connectors/credential-rules.js';
import type { Logger } from 'pino';
import type { Connector, FetchLike } from '../connectors/connector.js';
import { memoryState } from '../connectors/memory-state.js';
import type { Vault } from '../lib/crypto.js';
import { AppError, InputError } from '../lib/errors.js';
import { randomId } from '../lib/ids.js';
import type { Db } from '../storage/db.js';
import type { IntegrationRow } from '../storage/database.js';
import { insertIntegration } from '../storage/repositories/integrations.repository.js';
import { sealCredentials } from '../runtime/credentials.js';

export interface CreateIntegrationInput {
  tool: string;
  credentials: Record<string, string>;
  end_user: { organization_name: string; origin_id?: string | null | undefined; creator_email?: string | null | undefined };
  base_url?: string | null | undefined;
}

export interface CreateIntegrationDeps {
  db: Db;
  vault: Vault;
  fetch: FetchLike;
  logger: Logger;
  allowCustomBaseUrls: boolean;
  connectorFor(tool: string): Connector | undefined;
  /** Every tool served, to name them when an unknown one is asked for. */
  connectors?(): readonly Connector[];
}

/** The vendor refused the credentials (wrong key, revoked token): the person connecting must fix them. */
export class CredentialsRejectedError extends InputError {
  constructor(
    readonly toolLabel: string,
    readonly reason: string,
  ) {
    super(`Invalid field "credentials": ${toolLabel} rejected them (${reason}).`);
  }
}

/** The vendor could not be asked (down, timing out, answering oddly): nothing says the credentials are wrong. */
export class CredentialsUnverifiedError extends InputError {
  constructor(
    readonly toolLabel: string,
    readonly reason: string,
  ) {
    super(`Could not verify the credentials with ${toolLabel}: ${reason}`);
  }
}

export interface CheckedCredentials {
  connector: Connector;
  credentials: Record<string, string>;
  baseUrl: string | null;
}

/**
 * Checks credentials against the tool's manifest and verifies them with the vendor, as the
 * integration `integrationId` (new or existing). Writes nothing.
 */
export async function checkCredentials(
  deps: CreateIntegrationDeps,
  input: Pick<CreateIntegrationInput, 'tool' | 'credentials' | 'base_url'>,
  integrationId: (manifest: Connector['manifest']) => string,
): Promise<CheckedCredentials & { integrationId: string }> {
  const connector = deps.connectorFor(input.tool);
  if (!connector) {
    const tools = deps.connectors?.().map((c) => c.manifest.id) ?? [];
    throw new InputError(`Invalid field "tool": "${input.tool}" is not an available tool.${tools.length ? ` Available tools: ${tools.join(', ')}.` : ''}`);
  }
  const manifest = connector.manifest;

  const known = new Set(manifest.credentials.map((f) => f.key));
  for (const key of Object.keys(input.credentials)) {
    if (!known.has(key)) throw new InputError(`Invalid field "credentials.${key}": ${manifest.label} takes ${[...known].join(', ') || 'no credentials'}.`);
  }
  for (const field of manifest.credentials) {
    if (field.alternative === undefined && field.required && !input.credentials[field.key]?.trim()) {
      throw new InputError(`Missing field "credentials.${field.key}": ${field.label} is required for ${manifest.label}.`);
    }
  }
  // Tools with several ways in (Lever: key or OAuth): one of them complete.
  const lacking = missingCredentials(manifest.credentials.filter((f) => f.alternative !== undefined), input.credentials, manifest.label);
  if (lacking) throw new InputError(`Invalid field "credentials": ${lacking}`);
  let baseUrl: string | null = null;
  if (input.base_url) {
    if (!deps.allowCustomBaseUrls) {
      throw new InputError('Invalid field "base_url": custom base URLs are disabled on this server (set ALLOW_CUSTOM_BASE_URLS=1 to allow them).');
    }
    const url = URL.canParse(input.base_url) ? new URL(input.base_url) : null;
    if (!url || !['http:', 'https:'].includes(url.protocol)) throw new InputError('Invalid field "base_url": it must be an http(s) URL.');
    baseUrl = input.base_url.replace(/\/+$/, '');
  }

  const id = integrationId(manifest);
  try {
    await connector.verify({ integrationId: id, credentials: input.credentials, baseUrl, fetch: deps.fetch, logger: deps.logger, state: memoryState() });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof AppError && err.code === 'INTEGRATION.AUTHENTICATION_INVALID') throw new CredentialsRejectedError(manifest.label, reason);
    throw new CredentialsUnverifiedError(manifest.label, reason);
  }
  return { connector, credentials: input.credentials, baseUrl, integrationId: id };
}

/** Checks and verifies like `createIntegration`, and returns the row to insert without inserting it. */
export async function prepareIntegration(deps: CreateIntegrationDeps, environmentId: string, input: CreateIntegrationInput): Promise<IntegrationRow> {
  const checked = await checkCredentials(deps, input, (manifest) => `${manifest.id}:${randomId()}`);
  const now = new Date().toISOString();
  return {
    id: checked.integrationId,
    environment_id: environmentId,
    tool: checked.connector.manifest.id,
    status: 'ACTIVE',
    setup_status: 'FINAL_SYNC_PENDING',
    organization_name: input.end_user.organization_name,
    origin_id: input.end_user.origin_id ?? null,
    creator_email: input.end_user.creator_email ?? null,
    credentials: sealCredentials(deps.vault, input.credentials),
    base_url: checked.baseUrl,
    created_at: now,
    updated_at: now,
    first_synced_at: null,
    last_successful_sync_at: null,
    data_expired_at: null,
  };
}

export async function createIntegration(deps: CreateIntegrationDeps, environmentId: string, input: CreateIntegrationInput): Promise<IntegrationRow> {
  const row = await prepareIntegration(deps, environmentId, input);
  await insertIntegration(deps.db.kysely, row);
  return row;
}
