import type { Config } from '../config/config.js';
import { startServer, type RunningServer } from '../main.js';
import { findIntegrationsByTool } from '../storage/repositories/integrations.repository.js';
import type { CliIo } from './io.js';

/** Starts the server and prints how to call it; a first start's API key is printed here, once. */
export async function serveCommand(config: Config, io: CliIo): Promise<RunningServer> {
  const server = await startServer(config);
  const sandbox =
    server.sandboxIntegrationId ?? (await findIntegrationsByTool(server.services.db.kysely, server.environmentId, 'sandbox'))[0]?.id ?? null;
  const key = server.generatedApiKey;
  const lines = [
    '',
    `unified-ats is listening on ${server.url} (storage: ${server.services.db.dialect})`,
    key
      ? `API key (generated now and shown only once; keep it): ${key}`
      : config.apiKey
        ? 'API key: the one in API_KEY'
        : 'API key: one printed on an earlier start (keys are stored hashed and never shown again). Lost it? Create another: npm run cli -- keys create',
    sandbox ? `Sandbox integration: ${sandbox}` : 'Sandbox integration: none',
    '',
    'Try:',
    `  curl -H "Authorization: Bearer ${key ?? '<API key>'}" ${server.url}/v1/check-api-key`,
    sandbox ? `  curl -H "Authorization: Bearer ${key ?? '<API key>'}" -H "X-Integration-Id: ${sandbox}" "${server.url}/v1/ats/candidates?page_size=5"` : '',
    `  OpenAPI document: ${server.url}/v1/openapi.json`,
    `  Probes: ${server.url}/health, ${server.url}/ready`,
    '',
  ];
  io.out(`${lines.join('\n')}\n`);
  return server;
}
