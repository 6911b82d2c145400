import { loadConfig } from '../config/config.js';
import { startServer } from '../main.js';
import { findIntegrationsByTool } from '../storage/repositories/integrations.repository.js';

export async function serveCommand(): Promise<void> {
  const config = loadConfig();
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
        : 'API key: the one printed on first start',
    sandbox ? `Sandbox integration: ${sandbox}` : 'Sandbox integration: none',
    '',
    'Try:',
    `  curl -H "Authorization: Bearer ${key ?? '<API key>'}" ${server.url}/v1/check-api-key`,
    sandbox ? `  curl -H "Authorization: Bearer ${key ?? '<API key>'}" -H "X-Integration-Id: ${sandbox}" "${server.url}/v1/ats/candidates?page_size=5"` : '',
    `  OpenAPI document: ${server.url}/v1/openapi.json`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const shutdown = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
