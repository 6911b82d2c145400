import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Connector, FetchLike } from '../connectors/connector.js';
import type { Signer, Vault } from '../lib/crypto.js';
import type { FetchPool } from '../lib/polite-fetch.js';
import type { Db } from '../storage/db.js';
import type { IntegrationRow } from '../storage/database.js';
import type { SyncRunner } from '../tasks/sync-runner.js';
import type { InboundWebhooks } from '../webhooks/inbound/inbound-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';

/** Everything the HTTP layer needs, built once in main.ts and passed in. */
export interface AppServices {
  config: Config;
  db: Db;
  vault: Vault;
  cursorSigner: Signer;
  downloadSigner: Signer;
  runner: SyncRunner;
  webhooks: WebhookService;
  /** Vendor webhooks in: public endpoints, registration, targeted refreshes. */
  inbound: InboundWebhooks;
  logger: Logger;
  fetch: FetchLike;
  fetchPool: FetchPool;
  connectorFor(tool: string): Connector | undefined;
  connectors(): readonly Connector[];
}

export interface AppEnv {
  Variables: {
    services: AppServices;
    requestId: string;
    /** performance.now() when the request arrived, for the request log's duration. */
    startedAt: number;
    environmentId: string;
    integration: IntegrationRow;
  };
}
