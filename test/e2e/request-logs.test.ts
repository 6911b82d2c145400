/**
 * Request logs: every error answer is listed for its environment, newest first, filtered by
 * integration, status and path; query values that may be personal are masked; one log's details
 * need the API key, while the public log page shows only what the error answer said.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../setup/dialects.js';
import { call, dataOf, expectError } from '../setup/http-client.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

interface Log {
  id: string;
  method: string;
  path: string;
  status: number;
  error_code: string | null;
  message: string | null;
  duration_ms: number;
  integration_id: string | null;
  log_url: string;
}

describe.each(DIALECTS)('request logs on $name', (dialect) => {
  let t: TestServer;
  const logs = async (query = '') => dataOf(await call(t, 'GET', `/v1/request-logs${query}`))['results'] as Log[];

  beforeAll(async () => {
    t = await startTestServer(dialect, { SANDBOX: '0' });
    // Three failing requests, oldest first.
    await call(t, 'GET', '/v1/integrations/sandbox:nope');
    await call(t, 'GET', '/v1/ats/candidates?email=ann%40example.com&page_size=5', { headers: { 'X-Integration-Id': 'lever:gone' } });
    await call(t, 'POST', '/v1/integrations', { json: { tool: 'nothing' } });
  });
  afterAll(async () => t?.close());

  it('lists the errors newest first, with method, path, status, duration and integration, personal query values masked', async () => {
    const all = await logs();
    expect(all.map((l) => l.path)).toEqual(['/v1/integrations', '/v1/ats/candidates?email=…&page_size=5', '/v1/integrations/sandbox:nope']);
    const [created, candidates] = all;
    expect(created).toMatchObject({ method: 'POST', status: 400, error_code: 'PLATFORM.INPUT_INVALID', integration_id: null });
    expect(candidates).toMatchObject({ method: 'GET', integration_id: 'lever:gone' });
    // The e-mail's parts, not just "ann" (which a random log id may contain).
    expect(JSON.stringify(all)).not.toMatch(/ann(%40|@)|example\.com/);
    for (const log of all) {
      expect(log.duration_ms).toBeGreaterThanOrEqual(0);
      expect(log.log_url).toBe(`${t.url}/logs/${log.id}`);
    }
  });

  it('filters by integration, status and path', async () => {
    expect((await logs('?integration_id=lever:gone')).map((l) => l.path)).toEqual(['/v1/ats/candidates?email=…&page_size=5']);
    expect((await logs('?status=400')).map((l) => l.method)).toEqual(['POST']);
    expect((await logs('?status=4xx')).length).toBe(3);
    expect((await logs('?status=5xx')).length).toBe(0);
    expect((await logs('?path=sandbox%3Anope')).map((l) => l.status)).toEqual([404]);
    expect((await logs('?path=%25')).length).toBe(0);
  });

  it('pages with a cursor', async () => {
    const first = dataOf(await call(t, 'GET', '/v1/request-logs?page_size=2'));
    expect((first['results'] as Log[]).length).toBe(2);
    const second = dataOf(await call(t, 'GET', `/v1/request-logs?page_size=2&cursor=${encodeURIComponent(String(first['next']))}`));
    expect((second['results'] as Log[]).map((l) => l.path)).toEqual(['/v1/integrations/sandbox:nope']);
    expect(second['next']).toBeNull();
  });

  it('gives one log to the API key only; the public page shows the request line and what the answer said, not its duration or integration', async () => {
    const [newest] = await logs();
    if (!newest) throw new Error('no log');
    expect(dataOf(await call(t, 'GET', `/v1/request-logs/${newest.id}`))).toMatchObject({ id: newest.id, method: 'POST', path: '/v1/integrations' });
    expectError(await call(t, 'GET', `/v1/request-logs/${newest.id}`, { authorization: null }), 401, 'PLATFORM.AUTHENTICATION_INVALID');
    const candidates = (await logs('?integration_id=lever:gone'))[0];
    const page = await fetch(`${t.url}/logs/${candidates?.id ?? ''}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<link rel="stylesheet" href="../assets/ui/ui.css">');
    expect(html).toContain('HTTP status');
    // The message, as the error answer gave it (it names the integration id it did not find).
    expect(html).toContain('<dd>No integration with the id &quot;lever:gone&quot; exists in this environment.</dd>');
    // The request line with the email masked; duration and integration only behind the API key.
    expect(html).toContain('<code>GET /v1/ats/candidates?email=…&amp;page_size=5</code>');
    expect(html).not.toMatch(/ann(%40|@)|example\.com/);
    expect(html).not.toContain('<dt>Duration</dt>');
    expect(html).not.toContain('<dt>Integration</dt>');
    expect(html).toContain(`href="../dashboard#/logs/${candidates?.id ?? ''}"`);
    expect((await fetch(`${t.url}/logs/unknown-id`)).status).toBe(404);
    // Last: this refusal is logged too.
    expectError(await call(t, 'GET', '/v1/request-logs?status=abc'), 400, 'PLATFORM.INPUT_INVALID', /status/);
  });
});
