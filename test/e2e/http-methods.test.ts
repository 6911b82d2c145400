/**
 * Requests the API cannot take, in Kombo's error envelope: a wrong method on a known path is a 405
 * with `Allow`, a body that is not JSON a 415 naming application/json, an unknown tool a 400 listing
 * the tools; an unknown path stays a 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allConnectors } from '../../src/connectors/registry.js';
import { DIALECTS } from '../setup/dialects.js';
import { call, expectError } from '../setup/http-client.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

describe.each(DIALECTS.slice(0, 1))('methods and media types on $name', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['DELETE', '/v1/check-api-key', 'GET, HEAD'],
    ['PUT', '/v1/integrations', 'GET, HEAD, POST'],
    ['POST', '/v1/integrations/some-id', 'DELETE, GET, HEAD, PATCH'],
    ['GET', '/v1/force-sync', 'POST'],
    ['DELETE', '/health', 'GET, HEAD'],
  ])('%s %s is a 405 with Allow: %s', async (method, path, allow) => {
    const res = await fetch(`${t.url}${path}`, { method, headers: { Authorization: `Bearer ${t.apiKey}` } });
    expect(res.headers.get('allow')).toBe(allow);
    const answer = await call(t, method, path);
    expectError(answer, 405, 'PLATFORM.INPUT_INVALID', new RegExp(`^${path.replace(/[/.-]/g, '\\$&')} does not take ${method}; it takes ${allow}\\.$`));
  });

  it('a wrong method is a 405 before authentication and the integration gate', async () => {
    const res = await fetch(`${t.url}/v1/ats/candidates`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    expectError(await call(t, 'PATCH', '/v1/integrations', { authorization: null }), 405, 'PLATFORM.INPUT_INVALID', /it takes GET, HEAD, POST\.$/);
  });

  it('a known method without a key is still a 401', async () => {
    expectError(await call(t, 'GET', '/v1/integrations', { authorization: null }), 401, 'PLATFORM.AUTHENTICATION_INVALID');
  });

  it('an unknown path is still a 404', async () => {
    expectError(await call(t, 'GET', '/v1/no-such-thing'), 404, 'PLATFORM.INPUT_INVALID', /no endpoint GET \/v1\/no-such-thing/);
  });

  it('a form-encoded body is a 415 in the envelope naming application/json', async () => {
    const answer = await call(t, 'POST', '/v1/integrations', {
      raw: 'tool=sandbox&end_user[organization_name]=Acme',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expectError(
      answer,
      415,
      'PLATFORM.INPUT_INVALID',
      /^The request body must be JSON, sent with "Content-Type: application\/json" \(this one is "application\/x-www-form-urlencoded"\)\.$/,
    );
  });

  it('a body without a Content-Type is a 415 too', async () => {
    const res = await fetch(`${t.url}/v1/integrations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.apiKey}` },
      body: new Blob(['{"tool":"sandbox"}']),
    });
    expect(res.status).toBe(415);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain('(this one has no Content-Type)');
  });

  it('an unknown tool is refused with the list of tools', async () => {
    const answer = await call(t, 'POST', '/v1/integrations', { json: { tool: 'taleo', credentials: {}, end_user: { organization_name: 'Acme' } } });
    // Every registered tool, in the registry's order (the list grows with each vendor).
    const tools = allConnectors().map((c) => c.manifest.id);
    expect(tools).toEqual(expect.arrayContaining(['sandbox', 'lever', 'greenhouse', 'workable', 'ashby']));
    const error = expectError(answer, 400, 'PLATFORM.INPUT_INVALID');
    expect(error.message).toBe(`Invalid field "tool": "taleo" is not an available tool. Available tools: ${tools.join(', ')}.`);
  });
});
