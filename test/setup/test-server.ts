/** Starts the real server (real HTTP on an ephemeral port) on a given dialect for a test file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/lib/logger.js';
import { startServer, type RunningServer, type StartOptions } from '../../src/main.js';
import type { Dialect } from './dialects.js';

export const TEST_API_KEY = 'test_key_0123456789abcdef';

export interface TestServer {
  url: string;
  apiKey: string;
  sandboxId: string;
  server: RunningServer;
  /** `fetch` on the server's app in process (no socket), for tests about HTTP semantics rather than the network. */
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestServer(dialect: Dialect, env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ua-test-'));
  const database = await dialect.create();
  const config = parseConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    API_KEY: TEST_API_KEY,
    SANDBOX_SIZE: '40',
    LOG_LEVEL: 'silent',
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...env,
  });
  const server = await startServer(config, { logger: createLogger('silent'), ...options });
  await server.services.runner.idle();
  return {
    url: server.url,
    apiKey: TEST_API_KEY,
    sandboxId: server.sandboxIntegrationId ?? '',
    server,
    request: (path, init) => server.handle(new Request(`${server.url}${path}`, init)),
    async close() {
      await server.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
