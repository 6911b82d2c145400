/**
 * What a connector gets for one integration, wherever it runs (sync, write actions, passthrough,
 * file downloads): the decrypted credentials, a polite fetcher spending its vendor account's
 * budget (one rate limit shared by every integration on the same credentials and by everything
 * that talks to the vendor; `interactive` requests go before sync pages), and its encrypted
 * connector state.
 *
 * @example
 * const ctx = connectorContext(deps, integration, logger);
 * await connector.verify(ctx);
 */
import type { Logger } from 'pino';
import type { Connector, ConnectorContext, FetchLike } from '../connectors/connector.js';
import type { Vault } from '../lib/crypto.js';
import type { FetchPool } from '../lib/polite-fetch.js';
import type { Priority } from '../lib/rate-budget.js';
import type { Db } from '../storage/db.js';
import type { IntegrationRow } from '../storage/database.js';
import { readConnectorState, writeConnectorState } from '../storage/repositories/connector-state.repository.js';
import { accountFingerprint } from './account.js';
import { openCredentials } from './credentials.js';

export interface ContextDeps {
  db: Db;
  vault: Vault;
  fetch: FetchLike;
  /** Polite fetchers per vendor account; without it connectors get `fetch` as it is (tests). */
  fetchPool?: FetchPool;
  connectorFor(tool: string): Connector | undefined;
}

/**
 * Everything a connector gets for one integration: decrypted credentials, HTTP, state.
 * `priority`: `interactive` when an API caller waits for the requests (writes, passthrough,
 * downloads), `background` for syncs.
 */
export function connectorContext(deps: ContextDeps, integration: IntegrationRow, logger: Logger, priority: Priority = 'background'): ConnectorContext {
  const manifest = deps.connectorFor(integration.tool)?.manifest;
  const credentials = openCredentials(deps.vault, integration.credentials);
  const account = accountFingerprint(integration.tool, integration.base_url ?? manifest?.defaultBaseUrl ?? null, credentials);
  return {
    integrationId: integration.id,
    credentials,
    baseUrl: integration.base_url,
    fetch: deps.fetchPool ? deps.fetchPool.forIntegration(integration.id, manifest?.politeness ?? {}, { account, priority }) : deps.fetch,
    ...(deps.fetchPool ? { clock: deps.fetchPool.clock } : {}),
    logger,
    state: connectorState(deps, integration.id),
  };
}

/**
 * Connector state (tokens, sync cursors), encrypted at rest like the credentials. Read from the
 * store every time: other contexts (write actions, other workers) may rotate a refresh token or
 * change the Sandbox's overlay at any moment, and a stale copy would undo their work.
 */
function connectorState(deps: Pick<ContextDeps, 'vault' | 'db'>, integrationId: string): ConnectorContext['state'] {
  const db = deps.db.kysely;
  return {
    get: async (key) => {
      const sealed = await readConnectorState(db, integrationId, key);
      return sealed === null ? null : deps.vault.decrypt(sealed);
    },
    set: (key, value) => writeConnectorState(db, integrationId, key, value === null ? null : deps.vault.encrypt(value), new Date().toISOString()),
  };
}
