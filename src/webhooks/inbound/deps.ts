/** What the inbound-webhook service works with (built once in main.ts). */
import type { Logger } from 'pino';
import type { Connector, FetchLike } from '../../connectors/connector.js';
import type { Clock } from '../../lib/clock.js';
import type { Vault } from '../../lib/crypto.js';
import type { FetchPool } from '../../lib/polite-fetch.js';
import type { Db } from '../../storage/db.js';
import type { SyncRunner } from '../../tasks/sync-runner.js';
import type { WebhookService } from '../webhook-service.js';

export interface InboundDeps {
  db: Db;
  vault: Vault;
  logger: Logger;
  fetch: FetchLike;
  fetchPool: FetchPool;
  connectorFor(tool: string): Connector | undefined;
  webhooks: Pick<WebhookService, 'emit'>;
  runner: Pick<SyncRunner, 'enqueue'>;
  /** This server's public base URL (PUBLIC_URL, else where it listens): vendors post there. */
  publicBase(): string;
  /** The clock of the coalescing window (tests run it virtually). */
  clock: Clock;
  /** How long a burst is collected before one refresh (ms). */
  coalesceMs: number;
}

/** The public path of an integration's endpoint, below the server's base URL. */
export const INBOUND_PATH_PREFIX = '/v1/vendor-webhooks/';
