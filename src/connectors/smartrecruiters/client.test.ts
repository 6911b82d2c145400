/**
 * The SmartRecruiters client against a scripted fetch: which credentials it sends, OAuth tokens
 * kept and renewed on a 401, both list forms followed, and `vendorWrote` told only for accepted changes.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Fetcher } from '../../lib/polite-fetch.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import { SmartRecruitersClient } from './client.js';

type Answer = { status: number; body?: unknown };

function context(credentials: Record<string, string>, answer: (method: string, url: string, headers: Headers) => Answer) {
  const seen: string[] = [];
  const calls = { wrote: 0 };
  const fetch: Fetcher = async (input, init) => {
    const method = init?.method ?? 'GET';
    seen.push(`${method} ${String(input).replace('http://sr.test', '')}`);
    const { status, body } = answer(method, String(input), new Headers(init?.headers));
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  };
  const ctx: ConnectorContext = { integrationId: 't', credentials, baseUrl: 'http://sr.test', fetch, logger: pino({ level: 'silent' }), state: memoryState(), vendorWrote: () => void calls.wrote++ };
  return { ctx, seen, calls };
}

describe('SmartRecruitersClient', () => {
  it('sends an API key as X-SmartToken and counts only accepted writes', async () => {
    const { ctx, calls } = context({ api_key: 'k1' }, (method, _url, headers) => {
      expect(headers.get('x-smarttoken')).toBe('k1');
      if (method === 'PUT') return { status: 204 };
      if (method === 'POST') return { status: 400, body: { message: 'bad', errors: [{ code: 'X', message: 'bad' }] } };
      return { status: 200, body: { content: [] } };
    });
    const client = new SmartRecruitersClient(ctx);
    await client.content('/configuration/rejection-reasons', z.unknown());
    expect(calls.wrote).toBe(0);
    await client.call('PUT', '/candidates/c/jobs/j/status', { json: { status: 'NEW' } });
    expect(calls.wrote).toBe(1);
    await expect(client.call('POST', '/candidates/c/tags', { json: { tags: [] } })).rejects.toMatchObject({ code: 'REMOTE.INPUT_INVALID' });
    expect(calls.wrote).toBe(1);
  });

  it('gets an OAuth token once, keeps it, and renews it after a 401', async () => {
    let issued = 0;
    let valid = '';
    const { ctx, seen, calls } = context({ client_id: 'id', client_secret: 'secret' }, (method, url, headers) => {
      if (url.endsWith('/identity/oauth/token')) {
        valid = `t${++issued}`;
        return { status: 200, body: { access_token: valid, token_type: 'bearer', expires_in: 1800 } };
      }
      return headers.get('authorization') === `Bearer ${valid}` ? { status: 200, body: { content: [] } } : { status: 401, body: { message: 'expired' } };
    });
    const client = new SmartRecruitersClient(ctx);
    await client.content('/jobs/1/hiring-team', z.unknown());
    await client.content('/jobs/2/hiring-team', z.unknown());
    valid = 'revoked';
    await client.content('/jobs/3/hiring-team', z.unknown());
    expect(seen.filter((s) => s.includes('/identity/oauth/token'))).toHaveLength(2);
    expect(calls.wrote).toBe(0);
  });

  it('follows nextPageId, and offset/totalFound where no cursor is given', async () => {
    const { ctx, seen } = context({ api_key: 'k' }, (_m, url) => {
      const u = new URL(url);
      if (u.pathname === '/candidates') return { status: 200, body: u.searchParams.get('pageId') ? { content: [{ id: 'b' }] } : { content: [{ id: 'a' }], nextPageId: 'P2' } };
      const offset = Number(u.searchParams.get('offset') ?? 0);
      return { status: 200, body: { offset, totalFound: 3, content: [{ id: `j${offset}` }, ...(offset === 0 ? [{ id: 'j1' }] : [])] } };
    });
    const client = new SmartRecruitersClient(ctx);
    const row = z.object({ id: z.string() });
    expect((await client.all('/candidates', row)).map((r) => r.id)).toEqual(['a', 'b']);
    expect((await client.all('/jobs', row)).map((r) => r.id)).toEqual(['j0', 'j1', 'j2']);
    expect(seen).toContain('GET /candidates?limit=100&pageId=P2');
    expect(seen).toContain('GET /jobs?limit=100&offset=2');
  });

  it('sends candidate list pages one at a time per integration (the documented concurrency of GET /candidates)', async () => {
    let running = 0;
    let most = 0;
    const fetch: Fetcher = async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return new Response(JSON.stringify({ content: [] }), { status: 200 });
    };
    const ctx: ConnectorContext = { integrationId: 'q', credentials: { api_key: 'k' }, baseUrl: 'http://sr.test', fetch, logger: pino({ level: 'silent' }), state: memoryState() };
    const client = new SmartRecruitersClient(ctx);
    const row = z.object({ id: z.string() });
    await Promise.all([client.page('/candidates', row, null), client.page('/candidates', row, 'p:2'), client.page('/candidates', row, 'p:3')]);
    expect(most).toBe(1);
    await Promise.all([client.page('/jobs', row, null), client.page('/jobs', row, 'o:100')]);
    expect(most).toBe(2);
  });
});
