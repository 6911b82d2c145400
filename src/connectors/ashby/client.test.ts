/**
 * Ashby's refusals that the emulator has no switch for, against a scripted fetch: an expired page
 * cursor restarts the listing (a bounded number of times), `sync_token_invalid` (also with an HTTP error status) falls back to
 * a full listing, a missing permission named only in `errors` is not taken for a bad key, and list
 * calls (POSTs) are retried after a 5xx like reads.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { DEFAULT_POLICY, politeFetch, type Fetcher } from '../../lib/polite-fetch.js';
import type { ConnectorContext, Page } from '../connector.js';
import { memoryState } from '../memory-state.js';
import { AshbyClient } from './client.js';
import { listAshby, MAX_CURSOR_RESTARTS, syncTokenKey } from './reads.js';
import { stageSchema } from './vendor-schemas.js';

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

  /**
   * A fetch whose page cursors are always refused with `code` (first pages, sent without a cursor,
   * succeed with a fresh one); it stops answering after `cap` requests so that an unbounded
   * listing fails here rather than running forever.
   */
  function cursorsAlwaysRefused(code: string, cap = 40) {
    const sent: Array<string | null> = [];
    const fetch: Fetcher = async (_input, init) => {
      const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
      const cursor = typeof body['cursor'] === 'string' ? body['cursor'] : null;
      sent.push(cursor);
      if (sent.length > cap) throw new Error('the listing never gave up');
      const answer: Answer = cursor ? refusal(code) : page(true, { nextCursor: `c${sent.length}` });
      return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200, headers: { 'Content-Type': 'application/json' } });
    };
    return { fetch, sent };
  }

  /** Follows a model's listing the way the engine does until it ends or fails. */
  async function follow(ctx: ConnectorContext, model: 'candidates' | 'applications', since?: string): Promise<unknown> {
    let cursor: string | null = null;
    for (let calls = 0; calls < 100; calls++) {
      const listed: Page<typeof model> = await listAshby(ctx, model, since === undefined ? { cursor } : { cursor, since });
      await listed.afterStored?.();
      if (!listed.next) return 'ended';
      cursor = listed.next;
    }
    return 'still going';
  }

  it(`gives up with a clear error after ${MAX_CURSOR_RESTARTS} restarts when page cursors keep being refused`, async () => {
    expect(MAX_CURSOR_RESTARTS).toBe(3);
    for (const code of ['next_cursor_expired', 'invalid_next_cursor']) {
      const { fetch, sent } = cursorsAlwaysRefused(code);
      const ctx = context(fetch);
      const failure = await follow(ctx, 'candidates').then(
        (how) => new Error(`resolved: ${String(how)}`),
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('REMOTE.UNKNOWN_HTTP_ERROR');
      expect((failure as AppError).message).toContain(code);
      expect((failure as AppError).message).toMatch(/candidates/);
      // first page, then per restart: the refused cursor and the first page again; then the last refusal
      expect(sent.filter((c) => c === null)).toHaveLength(1 + MAX_CURSOR_RESTARTS);
      expect(sent).toHaveLength(1 + 2 * MAX_CURSOR_RESTARTS + 1);
      expect(await ctx.state.get(syncTokenKey('candidates'))).toBeNull();
    }
  });

  it(`finishes a listing whose cursor was refused ${MAX_CURSOR_RESTARTS} times, keeping its sync token`, async () => {
    const script: Answer[] = [page(true, { nextCursor: 'a1' })];
    for (let i = 1; i <= MAX_CURSOR_RESTARTS; i++) script.push(refusal('next_cursor_expired'), page(true, { nextCursor: `a${i + 1}` }));
    script.push(page(false, { syncToken: 'after-restarts' }));
    const { fetch, bodies } = scripted(script);
    const ctx = context(fetch);
    await ctx.state.set(syncTokenKey('applications'), 'kept');
    expect(await follow(ctx, 'applications', '2026-01-01T00:00:00.000Z')).toBe('ended');
    expect(bodies.map((b) => b['cursor'] ?? null)).toEqual([null, 'a1', null, 'a2', null, 'a3', null, 'a4']);
    // every restart stays on the listing's sync token
    expect(bodies.every((b) => b['syncToken'] === 'kept')).toBe(true);
    expect(await ctx.state.get(syncTokenKey('applications'))).toBe('after-restarts');
  });

  it('sends `limit` only to the list calls whose documented body has it', async () => {
    // Ashby's request schemas: a `limit` (with `cursor`) for these lists ...
    const documented = ['candidate.list', 'application.list', 'job.list', 'interviewSchedule.list', 'offer.list', 'user.list', 'interview.list', 'candidateTag.list', 'location.list', 'department.list'];
    // ... none for these (only `includeArchived`, `interviewPlanId`, or the posting filters).
    const undocumented = ['archiveReason.list', 'source.list', 'interviewStage.list', 'jobPosting.list'];
    const { fetch, bodies } = scripted([...documented, ...undocumented].map(() => page(false)));
    const client = new AshbyClient(context(fetch));
    for (const method of [...documented, ...undocumented]) await client.page(method, { includeArchived: true });
    expect(bodies.map((b) => b['limit'] ?? null)).toEqual([...documented.map(() => 100), ...undocumented.map(() => null)]);
    expect(bodies.every((b) => b['includeArchived'] === true)).toBe(true);
  });

  it('follows moreDataAvailable/nextCursor on a list sent without `limit`', async () => {
    const stage = (id: string) => ({ id, title: id, type: 'Active', orderInInterviewPlan: Number(id.slice(1)), interviewPlanId: 'p' });
    const { fetch, bodies } = scripted([
      page(true, { results: [stage('s1')], nextCursor: 'n1' }),
      page(true, { results: [], nextCursor: 'n2' }),
      page(false, { results: [stage('s2')] }),
    ]);
    const stages = await new AshbyClient(context(fetch)).all('interviewStage.list', { interviewPlanId: 'p' }, stageSchema);
    expect(stages.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(bodies).toEqual([{ interviewPlanId: 'p' }, { interviewPlanId: 'p', cursor: 'n1' }, { interviewPlanId: 'p', cursor: 'n2' }]);
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
