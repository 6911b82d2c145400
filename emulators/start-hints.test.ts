/**
 * The base_url and curl every emulator prints on start really connect the server to it: the
 * printed body, posted as it is, creates an integration (credentials verified through base_url).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../test/setup/dialects.js';
import { startTestServer, type TestServer } from '../test/setup/test-server.js';
import { EMULATORS } from './index.js';
import { serveEmulator } from './shared/serve.js';
import { startHints } from './start-hints.js';

describe('emulator start hints', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(DIALECTS[0] as (typeof DIALECTS)[number], { ALLOW_CUSTOM_BASE_URLS: '1', SANDBOX: '0' });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(Object.keys(EMULATORS))('%s: the printed curl creates an integration against the printed base_url', async (name) => {
    const factory = await EMULATORS[name]?.();
    if (!factory) throw new Error(`no emulator ${name}`);
    const emulator = factory({ seed: 1, size: 3 });
    const running = await serveEmulator(emulator);
    try {
      const lines = startHints(name, running.url, emulator.credentials, t.url);
      const baseUrl = /^base_url:\s+(\S+)$/m.exec(lines.join('\n'))?.[1];
      expect(baseUrl?.startsWith(running.url)).toBe(true);
      expect(lines.join('\n')).toContain(`curl -X POST ${t.url}/v1/integrations`);
      const body = /-d '(.*)'$/m.exec(lines.join('\n'))?.[1] ?? '';
      const parsed = JSON.parse(body) as Record<string, unknown>;
      expect(parsed['base_url']).toBe(baseUrl);

      const res = await fetch(`${t.url}/v1/integrations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json' },
        body,
      });
      const answer = (await res.json()) as { status: string; data?: { id: string; tool: { id: string } } };
      expect(res.status, JSON.stringify(answer)).toBe(200);
      expect(answer.data?.tool.id).toBe(name);
      // The first sync is not what is tested here: deleting the integration stops it.
      const removed = await fetch(`${t.url}/v1/integrations/${encodeURIComponent(answer.data?.id ?? '')}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(removed.status).toBe(200);
      await t.server.services.runner.idle();
    } finally {
      await running.close();
    }
  });
});
