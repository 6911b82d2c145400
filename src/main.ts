/**
 * The composition root: configuration, database, services, HTTP server and first-start seeding.
 */
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { FetchLike } from './connectors/connector.js';
import { allConnectors, connectorFor } from './connectors/registry.js';
import { createApp } from './http/app.js';
import type { AppServices } from './http/services.js';
import { createIntegration } from './integrations/create-integration.js';
import { Signer, Vault } from './lib/crypto.js';
import { FetchPool } from './lib/polite-fetch.js';
import { randomToken } from './lib/ids.js';
import { createLogger } from './lib/logger.js';
import { readOrCreateSecret } from './lib/secrets.js';
import { openDb } from './storage/db.js';
import { migrateToLatest } from './storage/migrate.js';
import { countApiKeys, ensureDefaultEnvironment, registerApiKey } from './storage/repositories/environments.repository.js';
import { SyncRunner } from './sync/runner.js';

export interface StartOptions {
  logger?: Logger;
  fetch?: FetchLike;
}

export interface RunningServer {
  url: string;
  services: AppServices;
  environmentId: string;
  /** The API key generated on this start, if one was (it is shown once). */
  generatedApiKey: string | null;
  sandboxIntegrationId: string | null;
  close(): Promise<void>;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const encryptionKey = config.encryptionKey ?? readOrCreateSecret(config.dataDir, 'encryption.key');
  const db = openDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'unified-ats.sqlite') });
  await migrateToLatest(db);

  const now = new Date().toISOString();
  const environment = await ensureDefaultEnvironment(db.kysely, now);
  let generatedApiKey: string | null = null;
  if (config.apiKey) {
    await registerApiKey(db.kysely, environment.id, config.apiKey, 'API_KEY', now);
  } else if ((await countApiKeys(db.kysely, environment.id)) === 0) {
    generatedApiKey = `ua_${randomToken(24)}`;
    await registerApiKey(db.kysely, environment.id, generatedApiKey, 'generated on first start', now);
  }

  const fetchImpl = options.fetch ?? fetch;
  const vault = new Vault(encryptionKey);
  const fetchPool = new FetchPool(fetchImpl);
  const syncDeps = { db, vault, logger, fetch: fetchImpl, fetchPool, connectorFor };
  const runner = new SyncRunner(syncDeps);
  const services: AppServices = {
    config,
    db,
    vault,
    cursorSigner: new Signer(encryptionKey, 'cursor'),
    downloadSigner: new Signer(encryptionKey, 'download'),
    runner,
    logger,
    fetch: fetchImpl,
    fetchPool,
    connectorFor,
    connectors: allConnectors,
  };
  await runner.recover();

  let sandboxIntegrationId: string | null = null;
  if (config.sandbox.enabled && environment.created) {
    const sandbox = await createIntegration(
      { ...syncDeps, allowCustomBaseUrls: false },
      environment.id,
      { tool: 'sandbox', credentials: { size: String(config.sandbox.size) }, end_user: { organization_name: 'Sandbox Inc.', origin_id: 'sandbox' } },
    );
    sandboxIntegrationId = sandbox.id;
    await runner.enqueue(sandbox.id, 'FULL', false);
  }

  const app = createApp(services);
  const server = await listen(app.fetch, config.host, config.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  return {
    url,
    services,
    environmentId: environment.id,
    generatedApiKey,
    sandboxIntegrationId,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runner.stop();
      await db.close();
    },
  };
}

function listen(fetchHandler: (request: Request) => Response | Promise<Response>, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: fetchHandler, hostname, port }, () => resolve(server));
    server.once('error', reject);
  });
}
