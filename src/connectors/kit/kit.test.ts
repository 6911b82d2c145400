/**
 * The connector kit on its own, against scripted fetches: the request loop, OAuth tokens, the
 * paging loop, listing cursors, the run memo and the passthrough built from a client.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import type { Fetcher } from '../../lib/polite-fetch.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import { listingCursor } from './cursor.js';
import { apiKeyBasic, fixedAuth, sendToVendor, type VendorAuth } from './http.js';
import { jsonTokenStore, OAuthTokens, splitTokenStore, type OAuthConfig } from './oauth.js';
import { collectPages, nextLink, onBase, urlWithQuery } from './paging.js';
import { vendorParser } from './parse.js';
import { passthroughVia } from './passthrough.js';
import { runMemo } from './run-memo.js';
import { rawMembers } from './signatures.js';

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/** A context whose fetch answers from `script` and records every request. */
function scripted(script: (method: string, url: string, init: RequestInit | undefined) => Answer) {
  const requests: Array<{ method: string; url: string; headers: Record<string, string>; body: string | null }> = [];
  const calls = { wrote: 0 };
  const fetch: Fetcher = async (input, init) => {
    const method = init?.method ?? 'GET';
    requests.push({ method, url: String(input), headers: { ...(init?.headers as Record<string, string> | undefined) }, body: typeof init?.body === 'string' ? init.body : null });
    const { status, body, headers } = script(method, String(input), init);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
  };
  const ctx: ConnectorContext = {
    integrationId: `kit:${Math.random()}`,
    credentials: {},
    baseUrl: null,
    fetch,
    logger: pino({ level: 'silent' }),
    state: memoryState(),
    vendorWrote: () => void calls.wrote++,
  };
  return { ctx, requests, calls };
}

const codeOf = (err: unknown) => (err instanceof AppError ? err.code : String(err));

describe('sendToVendor', () => {
  const auth = fixedAuth(() => ({ Authorization: apiKeyBasic('k') }));

  it('sends JSON with the auth headers, and reports a successful write but not a read', async () => {
    const { ctx, requests, calls } = scripted(() => ({ status: 200, body: {} }));
    await sendToVendor(ctx, { vendor: 'Acme', auth }, { method: 'GET', url: 'http://acme.test/a' });
    expect(calls.wrote).toBe(0);
    await sendToVendor(ctx, { vendor: 'Acme', auth }, { method: 'POST', url: 'http://acme.test/a', json: { x: 1 } });
    expect(calls.wrote).toBe(1);
    expect(requests[1]).toMatchObject({ method: 'POST', body: '{"x":1}', headers: { Authorization: `Basic ${Buffer.from('k:').toString('base64')}`, 'Content-Type': 'application/json' } });
  });

  it('answers null for an expected 404 and a typed error otherwise', async () => {
    const { ctx } = scripted(() => ({ status: 404, body: { message: 'gone' } }));
    expect(await sendToVendor(ctx, { vendor: 'Acme', auth }, { method: 'GET', url: 'http://acme.test/a', allowNotFound: true })).toBeNull();
    const err = await sendToVendor(ctx, { vendor: 'Acme', auth }, { method: 'GET', url: 'http://acme.test/a' }).catch((e: unknown) => e);
    expect(codeOf(err)).toBe('REMOTE.INPUT_INVALID');
    expect(String((err as Error).message)).toMatch(/Acme rejected the request \(HTTP 404\): gone/);
  });

  it('renews once on 401 when the auth can renew, and gives up after that', async () => {
    let token = 'old';
    const renewing: VendorAuth = { renews: true, headers: async (renew) => ({ Authorization: `Bearer ${renew ? (token = 'new') : token}` }) };
    const { ctx, requests } = scripted((_m, _u, init) => ((init?.headers as Record<string, string>)['Authorization'] === 'Bearer new' ? { status: 200, body: {} } : { status: 401 }));
    await sendToVendor(ctx, { vendor: 'Acme', auth: renewing }, { method: 'GET', url: 'http://acme.test/a' });
    expect(requests.map((r) => r.headers['Authorization'])).toEqual(['Bearer old', 'Bearer new']);
    const { ctx: refused } = scripted(() => ({ status: 401 }));
    expect(codeOf(await sendToVendor(refused, { vendor: 'Acme', auth: renewing }, { method: 'GET', url: 'http://acme.test/a' }).catch((e: unknown) => e))).toBe('INTEGRATION.AUTHENTICATION_INVALID');
  });

  it('lets the caller confirm writes whose 200 may be a refusal', async () => {
    const { ctx, calls } = scripted(() => ({ status: 200, body: { success: false } }));
    await sendToVendor(ctx, { vendor: 'Acme', auth }, { method: 'POST', url: 'http://acme.test/rpc', json: {}, callerConfirmsWrite: true });
    expect(calls.wrote).toBe(0);
  });

  it('turns a connection failure into REMOTE.SERVICE_UNAVAILABLE', async () => {
    const ctx: ConnectorContext = { ...scripted(() => ({ status: 200 })).ctx, fetch: () => Promise.reject(new Error('ECONNREFUSED')) };
    expect(codeOf(await sendToVendor(ctx, { vendor: 'Acme', auth }, { method: 'GET', url: 'http://acme.test/a' }).catch((e: unknown) => e))).toBe('REMOTE.SERVICE_UNAVAILABLE');
  });
});

describe('OAuthTokens', () => {
  const config = (over: Partial<OAuthConfig> = {}): OAuthConfig => ({
    vendor: 'Acme',
    tokenUrl: 'http://acme.test/token',
    issuedFor: 'client-1',
    store: jsonTokenStore('acme.oauth'),
    marginMs: 60_000,
    defaultExpiresInSeconds: 3600,
    grant: () => ({ form: new URLSearchParams({ grant_type: 'client_credentials' }) }),
    refused: (status, said) => `Acme refused a token (HTTP ${status})${said}`,
    ...over,
  });

  it('issues once, keeps the token, and renews when asked', async () => {
    let n = 0;
    const { ctx, requests } = scripted(() => ({ status: 200, body: { access_token: `t${++n}`, expires_in: 3600 } }));
    const tokens = new OAuthTokens(ctx, config());
    expect(await Promise.all([tokens.accessToken(), tokens.accessToken()])).toEqual(['t1', 't1']);
    expect(await tokens.accessToken()).toBe('t1');
    expect(await tokens.accessToken({ renew: true })).toBe('t2');
    expect(requests).toHaveLength(2);
    expect(requests[0]?.body).toBe('grant_type=client_credentials');
  });

  it('authenticates requests with the kept token as a bearer, and a renewed one when asked', async () => {
    let n = 0;
    const { ctx } = scripted(() => ({ status: 200, body: { access_token: `t${++n}`, expires_in: 3600 } }));
    const auth = new OAuthTokens(ctx, config()).bearer();
    expect(auth.renews).toBe(true);
    expect(await auth.headers(false)).toEqual({ Authorization: 'Bearer t1' });
    expect(await auth.headers(false)).toEqual({ Authorization: 'Bearer t1' });
    expect(await auth.headers(true)).toEqual({ Authorization: 'Bearer t2' });
  });

  it('ignores a token kept for other credentials and renews one about to expire', async () => {
    let n = 0;
    const { ctx } = scripted(() => ({ status: 200, body: { access_token: `t${++n}`, expires_in: 30 } }));
    await new OAuthTokens(ctx, config({ issuedFor: 'client-0' })).accessToken();
    const tokens = new OAuthTokens(ctx, config());
    expect(await tokens.accessToken()).toBe('t2');
    // 30 s to live is inside the 60 s margin: renewed again.
    expect(await tokens.accessToken()).toBe('t3');
  });

  it('keeps a rotated refresh token in the split store and uses it for the next grant', async () => {
    const { ctx, requests } = scripted(() => ({ status: 200, body: { access_token: 'a2', refresh_token: 'r2' } }));
    const tokens = new OAuthTokens(
      ctx,
      config({ store: splitTokenStore('oauth'), defaultExpiresInSeconds: undefined, grant: (kept) => ({ form: new URLSearchParams({ refresh_token: kept?.refreshToken ?? 'r1' }) }) }),
    );
    expect(await tokens.accessToken({ initial: 'a1' })).toBe('a1');
    expect(await tokens.accessToken({ renew: true })).toBe('a2');
    await tokens.accessToken({ renew: true });
    expect(requests.map((r) => r.body)).toEqual(['refresh_token=r1', 'refresh_token=r2']);
    expect(await ctx.state.get('oauth.refresh_token')).toBe('r2');
  });

  it('reports a refused grant as invalid credentials with the vendor message', async () => {
    const { ctx } = scripted(() => ({ status: 401, body: { error_description: 'bad client' } }));
    const err = await new OAuthTokens(ctx, config()).accessToken().catch((e: unknown) => e);
    expect(codeOf(err)).toBe('INTEGRATION.AUTHENTICATION_INVALID');
    expect((err as Error).message).toBe('Acme refused a token (HTTP 401): bad client');
  });
});

describe('paging', () => {
  it('collects every page, stops on a page pointing at itself, and fails on endless listings', async () => {
    const pages: Record<string, { items: number[]; next: string | null }> = { start: { items: [1, 2], next: 'b' }, b: { items: [3], next: 'c' }, c: { items: [], next: null } };
    expect(await collectPages(async (p: string | null) => pages[p ?? 'start'] ?? null, { vendor: 'Acme', what: 'GET /x' })).toEqual([1, 2, 3]);
    expect(await collectPages(async (p: string | null) => ({ items: [p], next: 'same' }), { vendor: 'Acme', what: 'GET /x' })).toEqual([null, 'same']);
    const endless = collectPages(async (p: number | null) => ({ items: [], next: (p ?? 0) + 1 }), { vendor: 'Acme', what: 'GET /x', maxPages: 5 });
    await expect(endless).rejects.toThrow('Acme kept answering GET /x with more pages.');
  });

  it('reads Link headers and keeps next URLs on our base', () => {
    expect(nextLink('<https://a.test/x?cursor=1>; rel="prev", <https://a.test/x?cursor=2>; rel="next"')).toBe('https://a.test/x?cursor=2');
    expect(nextLink(null)).toBeNull();
    expect(onBase('http://127.0.0.1:9/acme/api', 'https://evil.test/api/jobs?page=2', '/api')).toBe('http://127.0.0.1:9/acme/api/jobs?page=2');
    expect(urlWithQuery('http://a.test', '/x', { a: 1, b: ['p', 'q'], c: undefined, d: null })).toBe('http://a.test/x?a=1&b=p&b=q');
  });
});

describe('cursors, parsing, run memo', () => {
  const cursors = listingCursor('Acme', z.object({ v: z.literal(1), model: z.string(), at: z.string() }), (c) => c.model);

  it('round-trips a position and refuses cursors for other models or of another shape', () => {
    const cursor = cursors.encode({ v: 1, model: 'jobs', at: 'x' });
    expect(cursors.decode(cursor, 'jobs')).toEqual({ v: 1, model: 'jobs', at: 'x' });
    expect(() => cursors.decode(cursor, 'users')).toThrow('Invalid Acme cursor for users: not one this connector issued for this listing.');
    expect(() => cursors.decode('not base64 json', 'jobs')).toThrow(/Invalid Acme cursor/);
  });

  it('names where an answer broke its schema', () => {
    const parseWith = vendorParser('Acme');
    expect(() => parseWith(z.object({ id: z.number() }), { id: 'x' }, 'GET /jobs')).toThrow(/^Acme answered GET \/jobs in an unexpected shape \(id: /);
  });

  it('asks once per context and key, and again after a failure', async () => {
    const memo = runMemo<number>();
    const run = {};
    let n = 0;
    expect(await Promise.all([memo(run, 'k', async () => ++n), memo(run, 'k', async () => ++n)])).toEqual([1, 1]);
    expect(await memo({}, 'k', async () => ++n)).toBe(2);
    await expect(memo(run, 'bad', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await memo(run, 'bad', async () => 7)).toBe(7);
  });
});

describe('passthroughVia', () => {
  it('builds the target from the client base, the API path and fresh auth headers', async () => {
    const { ctx } = scripted(() => ({ status: 200 }));
    const passthrough = passthroughVia([{ id: 'v2', label: 'Acme v2', path: '/v2' }], () => ({ base: 'http://acme.test', auth: fixedAuth(() => ({ Authorization: 'Bearer t' })) }));
    expect(passthrough.apis).toEqual([{ id: 'v2', label: 'Acme v2' }]);
    expect(await passthrough.prepare(ctx, 'v2')).toEqual({ baseUrl: 'http://acme.test/v2', headers: { Authorization: 'Bearer t' } });
  });

  it('fails early when the client says the credentials are missing', async () => {
    const { ctx } = scripted(() => ({ status: 200 }));
    const passthrough = passthroughVia([{ id: 'v1', label: 'Acme' }], () => ({
      base: 'http://acme.test',
      auth: fixedAuth(() => ({})),
      checkCredentials: () => {
        throw new Error('Acme needs an API key');
      },
    }));
    await expect(passthrough.prepare(ctx, 'v1')).rejects.toThrow('Acme needs an API key');
  });
});

describe('rawMembers', () => {
  it('cuts top-level members out of the text exactly as sent (spacing, escapes, nesting, strings holding brackets)', () => {
    const body = ' { "payload" : {"a":[1, {"b":"}]\\"{"}], "n": 1.0} ,"signature":"x==", "n":-2e3 }';
    const members = rawMembers(body);
    expect(members.map((m) => m.key)).toEqual(['payload', 'signature', 'n']);
    const text = (key: string) => {
      const m = members.find((x) => x.key === key);
      return m ? body.slice(m.valueStart, m.valueEnd) : undefined;
    };
    expect(text('payload')).toBe('{"a":[1, {"b":"}]\\"{"}], "n": 1.0}');
    expect(text('signature')).toBe('"x=="');
    expect(text('n')).toBe('-2e3');
    expect(body.slice(members[1]?.start, members[1]?.valueEnd)).toBe('"signature":"x=="');
  });
  it('finds nothing in what is no JSON object', () => {
    expect(rawMembers('[1,2]')).toEqual([]);
    expect(rawMembers('{"a":')).toEqual([]);
    expect(rawMembers('{}')).toEqual([]);
  });
});
