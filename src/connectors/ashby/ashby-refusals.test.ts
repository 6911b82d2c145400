/**
 * Ashby's refusals that the emulator has no switch for, against a scripted fetch: an expired page
 * cursor restarts the listing, `sync_token_invalid` (also with an HTTP error status) falls back to
 * a full listing, a missing permission named only in `errors` is not taken for a bad key, and list
 * calls (POSTs) are retried after a 5xx like reads.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { DEFAULT_POLICY, politeFetch, type Fetcher } from '../../lib/polite-fetch.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import { listAshby, syncTokenKey } from './reads.js';

type Answer = { status?: number; body: unknown };

/** A fetch that answers from `script` in order and records every request body. */
function scripted(script: Answer[]): { fetch: Fetcher; bodies: Array<Record<string, unknown>> } {
  const bodies: Array<Record<string, unknown>> = [];
  const fetch: Fetcher = async (_input, init) => {
    bodies.push(JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>);
    const next = script.shift();
    if (!next) throw new Error('unexpected request');
    return new Response(JSON.stringify(next.body), { status: next.status ?? 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { fetch, bodies };
}

function context(fetch: Fetcher): ConnectorContext {
  return { integrationId: 'ashby:refusals', credentials: { api_key: 'k' }, baseUrl: 'http://ashby.test', fetch, logger: pino({ level: 'silent' }), state: memoryState() };
}

const page = (more: boolean, extra: Record<string, unknown> = {}) => ({ body: { success: true, results: [], moreDataAvailable: more, ...extra } });
const refusal = (code: string, status = 200) => ({ status, body: { success: false, errorInfo: { code, message: code } } });

describe('ashby refusals', () => {
  it('lists again from the first page when a page cursor expired', async () => {
    const { fetch, bodies } = scripted([page(true, { nextCursor: 'c1' }), refusal('next_cursor_expired'), page(false, { syncToken: 't1' })]);
    const ctx = context(fetch);
    const first = await listAshby(ctx, 'candidates', { cursor: null });
    expect(first.next).toBeTruthy();
    const second = await listAshby(ctx, 'candidates', { cursor: first.next });
    expect(second.next).toBeNull();
    await second.afterStored?.();
    expect(bodies.map((b) => b['cursor'] ?? null)).toEqual([null, 'c1', null]);
    expect(await ctx.state.get(syncTokenKey('candidates'))).toBe('t1');
  });

  it('falls back to a full listing on sync_token_invalid, also when it comes with HTTP 400', async () => {
    for (const status of [200, 400]) {
      const { fetch, bodies } = scripted([refusal('sync_token_invalid', status), page(false, { syncToken: 'fresh' })]);
      const ctx = context(fetch);
      await ctx.state.set(syncTokenKey('candidates'), 'stale');
      const listed = await listAshby(ctx, 'candidates', { cursor: null, since: '2026-01-01T00:00:00.000Z' });
      expect(listed.next).toBeNull();
      await listed.afterStored?.();
      expect(bodies.map((b) => b['syncToken'] ?? null)).toEqual(['stale', null]);
      expect(await ctx.state.get(syncTokenKey('candidates'))).toBe('fresh');
    }
  });

  it('takes a 403 naming missing_endpoint_permission only in `errors` for a missing permission, not a bad key', async () => {
    const { fetch } = scripted([{ status: 403, body: { success: false, errors: ['missing_endpoint_permission'] } }]);
    const code = await listAshby(context(fetch), 'offers', { cursor: null }).then(
      () => 'resolved',
      (e: unknown) => (e instanceof AppError ? e.code : String(e)),
    );
    expect(code).toBe('INTEGRATION.PERMISSION_MISSING');
  });

  it('retries a list call after a 502 although it is a POST', async () => {
    const { fetch, bodies } = scripted([{ status: 502, body: { error: 'bad gateway' } }, page(false)]);
    const polite = politeFetch(fetch, { ...DEFAULT_POLICY, baseDelayMs: 5, requestsPerSecond: 1000 });
    const listed = await listAshby(context(polite), 'candidates', { cursor: null });
    expect(listed.records).toEqual([]);
    expect(bodies).toHaveLength(2);
  });
});
