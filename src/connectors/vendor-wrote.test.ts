/**
 * Every vendor client reports an accepted change through `ctx.vendorWrote` before the connector
 * reads anything back, and only then: a write request that fails afterwards keeps its
 * Idempotency-Key (a retry must not write twice), while reads, refusals and token requests do not
 * count as writes.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Fetcher } from '../lib/polite-fetch.js';
import { AshbyClient } from './ashby/client.js';
import type { ConnectorContext } from './connector.js';
import { HarvestClient } from './greenhouse/client.js';
import { LeverClient } from './lever/client.js';
import { memoryState } from './memory-state.js';
import { WorkableClient } from './workable/client.js';

/** A context whose fetch answers `answer(method, url)` and counts `vendorWrote` calls. */
function context(credentials: Record<string, string>, answer: (method: string, url: string) => { status: number; body: unknown }) {
  const calls = { wrote: 0 };
  const fetch: Fetcher = async (input, init) => {
    const { status, body } = answer(init?.method ?? 'GET', String(input));
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  };
  const ctx: ConnectorContext = {
    integrationId: 'test:wrote',
    credentials,
    baseUrl: 'http://vendor.test',
    fetch,
    logger: pino({ level: 'silent' }),
    state: memoryState(),
    vendorWrote: () => {
      calls.wrote++;
    },
  };
  return { ctx, calls };
}

describe('vendor clients report accepted writes', () => {
  it('Greenhouse: a successful POST counts, the token request, GETs and refusals do not', async () => {
    const { ctx, calls } = context({ client_id: 'id', client_secret: 'secret', user_id: '1' }, (method, url) => {
      if (url.endsWith('/token')) return { status: 200, body: { access_token: 't', expires_in: 3600 } };
      if (url.includes('/v3/attachments') && method === 'POST') return { status: 201, body: { id: 1 } };
      if (url.includes('/v3/notes')) return { status: 422, body: { errors: [{ message: 'bad' }] } };
      return { status: 200, body: [] };
    });
    const gh = new HarvestClient(ctx);
    await gh.call('GET', 'applications');
    expect(calls.wrote).toBe(0);
    await expect(gh.call('POST', 'notes', { body: 'x' })).rejects.toThrow();
    expect(calls.wrote).toBe(0);
    await gh.call('POST', 'attachments', { filename: 'a.pdf' });
    expect(calls.wrote).toBe(1);
  });

  it('Lever: a successful PUT counts, GETs and refusals do not', async () => {
    const { ctx, calls } = context({ api_key: 'k' }, (method) => {
      if (method === 'GET') return { status: 200, body: { data: { id: 'o1' } } };
      if (method === 'POST') return { status: 400, body: { code: 'BadRequestError', message: 'bad' } };
      return { status: 200, body: { data: { id: 'o1' } } };
    });
    const lever = new LeverClient(ctx);
    await lever.call('GET', '/opportunities/o1');
    await expect(lever.call('POST', '/opportunities/o1/notes', { json: { value: 'x' } })).rejects.toThrow();
    expect(calls.wrote).toBe(0);
    await lever.call('PUT', '/opportunities/o1/stage', { json: { stage: 's' } });
    expect(calls.wrote).toBe(1);
  });

  it('Workable: a successful POST counts, GETs and refusals do not', async () => {
    const { ctx, calls } = context({ api_key: 'k', subdomain: 'acme' }, (method, url) => {
      if (method === 'GET') return { status: 200, body: { candidates: [] } };
      if (url.includes('/tags')) return { status: 422, body: { error: 'bad' } };
      return { status: 200, body: {} };
    });
    const workable = new WorkableClient(ctx);
    await workable.call('GET', '/candidates');
    await expect(workable.call('PUT', '/candidates/c1/tags', { json: { tags: [] } })).rejects.toThrow();
    expect(calls.wrote).toBe(0);
    await workable.call('POST', '/candidates/c1/comments', { json: { member_id: 'm', comment: { body: 'x' } } });
    expect(calls.wrote).toBe(1);
  });

  it('Ashby: a successful changing RPC counts; reads (also POSTs) and refusals answered 200 do not', async () => {
    const { ctx, calls } = context({ api_key: 'k' }, (_method, url) => {
      if (url.endsWith('/candidate.list')) return { status: 200, body: { success: true, results: [], moreDataAvailable: false } };
      if (url.endsWith('/candidate.addTag')) return { status: 200, body: { success: false, errorInfo: { code: 'invalid_input', message: 'bad' } } };
      return { status: 200, body: { success: true, results: { id: 'n1' } } };
    });
    const ashby = new AshbyClient(ctx);
    await ashby.envelope('candidate.list', {});
    await expect(ashby.envelope('candidate.addTag', { candidateId: 'c', tagId: 't' })).rejects.toThrow();
    expect(calls.wrote).toBe(0);
    await ashby.envelope('candidate.createNote', { candidateId: 'c', note: 'x' });
    expect(calls.wrote).toBe(1);
  });
});
