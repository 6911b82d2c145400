/**
 * The composition root: configuration, database, queue, services, and — depending on ROLE —
 * the HTTP server (api), the workers and periodic maintenance (worker), or both (all).
 */
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { Connector, FetchLike } from './connectors/connector.js';
import { allConnectors, connectorFor as registeredConnector } from './connectors/registry.js';
import { createApp } from './http/app.js';
import type { AppServices } from './http/services.js';
import { createIntegration } from './integrations/create-integration.js';
import { createApiKey } from './keys/api-keys.js';
import { Signer, Vault } from './lib/crypto.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createProcessLogger } from './lib/logger.js';
import { FetchPool } from './lib/polite-fetch.js';
import { readOrCreateSecret } from './lib/secrets.js';
import { InProcessQueue } from './queue/in-process-queue.js';
import { PgBossQueue } from './queue/pg-boss-queue.js';
import type { Queue } from './queue/queue.js';
import { openDb } from './storage/db.js';
import { migrateToLatest } from './storage/migrate.js';
import { countApiKeys, ensureDefaultEnvironment, registerApiKey } from './storage/repositories/environments.repository.js';
import { startMaintenance } from './tasks/maintenance.js';
import { DEFAULT_RUNNER_OPTIONS, SyncRunner, type RunnerOptions } from './tasks/sync-runner.js';
import { InboundWebhooks } from './webhooks/inbound/inbound-service.js';
import { WebhookService } from './webhooks/webhook-service.js';

export interface StartOptions {
  logger?: Logger;
  fetch?: FetchLike;
  /** Heartbeat and staleness timings (tests shorten them). */
  runner?: Partial<RunnerOptions>;
  /** How often the scheduler and reaper look for work. */
  maintenanceTickMs?: number;
  /** Waits between webhook delivery attempts (tests shorten them). */
  webhookRetryDelaysMs?: readonly number[];
  /** Connectors served next to the registered ones (tests add tools with other capabilities). */
  connectors?: readonly Connector[];
  /** The clock of vendor pacing and retry waits (tests run it virtually); default: the system clock. */
  clock?: Clock;
  /** How long vendor webhooks of one integration are collected into one refresh (default: VENDOR_WEBHOOK_COALESCE_MS). */
  inboundCoalesceMs?: number;
}

export interface RunningServer {
  /** Where the HTTP API listens; null for a worker-only process. */
  url: string;
  services: AppServices;
  environmentId: string;
  /** The API key generated on this start, if one was (it is shown once). */
  generatedApiKey: string | null;
  sandboxIntegrationId: string | null;
  /** Answers a request in process, without a socket: the same app the HTTP server serves. */
  handle(request: Request): Promise<Response>;
  close(): Promise<void>;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createProcessLogger(config.logLevel, config.logFormat);
  const extraConnectors = new Map((options.connectors ?? []).map((c) => [c.manifest.id, c]));
  const connectorFor = (tool: string): Connector | undefined => extraConnectors.get(tool) ?? registeredConnector(tool);
  const connectors = (): readonly Connector[] => [...allConnectors(), ...extraConnectors.values()];
  const encryptionKey = config.encryptionKey ?? readOrCreateSecret(config.dataDir, 'encryption.key');
  const db = openDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'unified-ats.sqlite') });
  await migrateToLatest(db);

  const now = new Date().toISOString();
  const environment = await ensureDefaultEnvironment(db.kysely, now);
  if (config.apiKey) await registerApiKey(db.kysely, environment.id, config.apiKey, 'API_KEY', now);

  const fetchImpl = options.fetch ?? fetch;
  const vault = new Vault(encryptionKey);
  const queue: Queue = config.databaseUrl ? new PgBossQueue(config.databaseUrl, logger) : new InProcessQueue(logger);
  await queue.start();
  const webhooks = new WebhookService({ db, vault, logger, queue, fetch, ...(options.webhookRetryDelaysMs ? { retryDelaysMs: options.webhookRetryDelaysMs } : {}) });
  if (config.webhook) await webhooks.configureEndpoint(environment.id, config.webhook.url, config.webhook.secret);

  const fetchPool = new FetchPool(fetchImpl, options.clock, config.vendorRateShare);
  const publicBase = config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const syncDeps = { db, vault, logger, fetch: fetchImpl, fetchPool, connectorFor };
  const runnerDeps = { ...syncDeps, queue, webhooks, publicBase };
  const runner = new SyncRunner(
    runnerDeps,
    {
      ...DEFAULT_RUNNER_OPTIONS,
      timeoutMs: config.sync.timeoutMs,
      staleAfterMs: config.sync.staleAfterMs,
      heartbeatMs: Math.min(DEFAULT_RUNNER_OPTIONS.heartbeatMs, Math.max(100, Math.floor(config.sync.staleAfterMs / 4))),
      ...options.runner,
    },
  );
  const inbound = new InboundWebhooks({
    db,
    vault,
    logger,
    fetch: fetchImpl,
    fetchPool,
    connectorFor,
    webhooks,
    runner,
    publicBase: () => runnerDeps.publicBase,
    clock: options.clock ?? systemClock,
    coalesceMs: options.inboundCoalesceMs ?? config.vendorWebhookCoalesceMs,
  });
  const services: AppServices = {
    config,
    db,
    vault,
    cursorSigner: new Signer(encryptionKey, 'cursor'),
    downloadSigner: new Signer(encryptionKey, 'download'),
    runner,
    webhooks,
    inbound,
    logger,
    fetch: fetchImpl,
    fetchPool,
    connectorFor,
    connectors,
  };

  const works = config.role !== 'api';
  let stopMaintenance = () => undefined as void;
  if (works) {
    await runner.startWorkers(config.sync.concurrency);
    await webhooks.startWorkers(4);
    await runner.recover();
    if (queue.kind === 'in-process') await webhooks.recover();
    // The reaper must look at least as often as a run can go stale; first-sync retries are due that often too.
    const tick = options.maintenanceTickMs ?? Math.min(30_000, config.sync.staleAfterMs, config.sync.firstRetryMs);
    stopMaintenance = startMaintenance({ db, config, runner, logger, connectorFor, inbound }, tick);
  }
  // Refreshes a delivery asked for before a crash or restart (every role: an api process refreshes what it receives).
  await inbound.recover();

  let sandboxIntegrationId: string | null = null;
  if (config.sandbox.enabled && environment.created && config.role !== 'worker') {
    const sandbox = await createIntegration(
      { ...syncDeps, allowCustomBaseUrls: false },
      environment.id,
      { tool: 'sandbox', credentials: { size: String(config.sandbox.size) }, end_user: { organization_name: 'Sandbox Inc.', origin_id: 'sandbox' } },
    );
    sandboxIntegrationId = sandbox.id;
    await webhooks.integrationEvent('integration-created', sandbox);
    await runner.enqueue(sandbox.id, 'FULL', false);
  }

  let server: ServerType | null = null;
  let url = '';
  let generatedApiKey: string | null = null;
  const app = createApp(services);
  if (config.role !== 'worker') {
    try {
      server = await listen(app.fetch, config.host, config.port);
    } catch (err) {
      // Nothing else may keep the process alive after a failed start (the CLI reports the error).
      stopMaintenance();
      await runner.stop();
      await queue.stop();
      await db.close();
      throw err;
    }
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    if (!config.publicUrl) runnerDeps.publicBase = url;
    // Only now, with the port bound, is a first key created: a start that cannot listen (port in
    // use) must not store a key nobody was shown. A worker never creates one: it prints nothing.
    if (!config.apiKey && (await countApiKeys(db.kysely, environment.id)) === 0) {
      generatedApiKey = (await createApiKey(db.kysely, environment.id, 'generated on first start', new Date().toISOString())).key;
    }
  }
  return {
    url,
    services,
    environmentId: environment.id,
    generatedApiKey,
    sandboxIntegrationId,
    handle: async (request) => app.fetch(request),
    async close() {
      stopMaintenance();
      if (server) {
        const closing = server;
        await new Promise<void>((resolve) => closing.close(() => resolve()));
      }
      await inbound.stop();
      await runner.stop();
      await queue.stop();
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
