/**
 * Ashby-specific behaviour against the emulator over HTTP: incremental listings on sync tokens kept
 * in the connector state, the documented fall-backs (`sync_token_expired`,
 * `incremental_sync_too_large` → full listing), empty pages, HTTP-200 business errors mapped to
 * typed errors (never a success), and missing module permissions.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAshbyEmulator, type AshbyEmulator } from '../../../emulators/ashby/app.js';
import { serveEmulator, type RunningEmulator } from '../../../emulators/shared/serve.js';
import { AppError } from '../../lib/errors.js';
import { DEFAULT_POLICY, politeFetch } from '../../lib/polite-fetch.js';
import type { ConnectorContext, ConnectorState, Page } from '../connector.js';
import { listAll } from '../../../test/contract/run-connector-contract.js';
import { memoryState } from '../memory-state.js';
import { ashbyConnector } from './connector.js';
import { AshbyClient } from './client.js';
import { syncTokenKey } from './reads.js';
import { sourceSchema } from './vendor-schemas.js';
import { newApplication } from '../../../test/setup/write-inputs.js';

let emu: AshbyEmulator;
let running: RunningEmulator;

const admin = async (path: string, body?: unknown, method = 'POST') => {
  const res = await fetch(`${running.url}/__admin${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  expect(res.ok, `${path}: ${await res.clone().text()}`).toBe(true);
};

function context(state: ConnectorState = memoryState(), apiKey = emu.credentials['api_key'] ?? ''): ConnectorContext {
  return {
    integrationId: 'ashby:behaviour',
    credentials: { api_key: apiKey },
    baseUrl: running.url,
    fetch: politeFetch(globalThis.fetch, { ...DEFAULT_POLICY, requestsPerSecond: 1000, concurrency: 8 }),
    logger: pino({ level: 'silent' }),
    state,
  };
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof AppError ? e.code : String(e)));
const since = () => new Date(Date.now() - 1000).toISOString();

beforeAll(async () => {
  emu = createAshbyEmulator({ seed: 11, size: 40, rateLimitPerSecond: Infinity, pageCap: 25 });
  running = await serveEmulator(emu);
});
afterAll(async () => {
  await running?.close();
});

describe('ashby incremental listings on sync tokens', () => {
  it('stores the last page’s sync token and lists only changed records with `since`', async () => {
    const ctx = context();
    const full = await listAll(ashbyConnector, ctx, 'candidates');
    expect(full.records.length).toBe(40);
    expect(await ctx.state.get(syncTokenKey('candidates'))).toBeTruthy();
    const id = full.records[3]?.remote_id ?? '';
    await admin(`/candidate/${id}/update`, { company: 'Delta Co' });
    const delta = await listAll(ashbyConnector, ctx, 'candidates', since());
    expect(delta.records.map((c) => [c.remote_id, c.company])).toEqual([[id, 'Delta Co']]);
    // the token moved on: nothing changed since
    expect((await listAll(ashbyConnector, ctx, 'candidates', since())).records).toEqual([]);
  });

  it('lists in full when there is no token yet', async () => {
    const { records } = await listAll(ashbyConnector, context(), 'applications', since());
    expect(records.length).toBe(emu.state.all('application').length);
  });

  it('falls back to a full listing when Ashby says sync_token_expired, then runs incrementally again', async () => {
    const ctx = context();
    await listAll(ashbyConnector, ctx, 'applications');
    const before = await ctx.state.get(syncTokenKey('applications'));
    await admin('/sync-tokens/expire');
    const { records } = await listAll(ashbyConnector, ctx, 'applications', since());
    expect(records.length).toBe(emu.state.all('application').length);
    const after = await ctx.state.get(syncTokenKey('applications'));
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    expect((await listAll(ashbyConnector, ctx, 'applications', since())).records).toEqual([]);
  });

  it('falls back to a full listing when Ashby says incremental_sync_too_large', async () => {
    const ctx = context();
    await listAll(ashbyConnector, ctx, 'candidates');
    const ids = emu.state.all('candidate').slice(0, 5).map((c) => String(c['id']));
    for (const id of ids) await admin(`/candidate/${id}/update`, { school: 'Changed' });
    await admin('/listing', { incrementalLimit: 2 });
    try {
      const { records } = await listAll(ashbyConnector, ctx, 'candidates', since());
      expect(records.length).toBe(emu.state.all('candidate').length);
    } finally {
      await admin('/listing', { incrementalLimit: null });
    }
  });

  it('hands on empty pages that have more data behind them', async () => {
    const ctx = context();
    const first = await ashbyConnector.list(ctx, 'users', { cursor: null });
    expect(first.records).toEqual([]);
    expect(first.next).toBeTruthy();
    const second = await ashbyConnector.list(ctx, 'users', { cursor: first.next });
    expect(second.records.length).toBeGreaterThan(0);
  });

  it('fails a listing whose page cursors keep expiring after 3 restarts, storing no sync token', async () => {
    const ctx = context();
    const before = emu.faults.requests.length;
    await admin('/listing', { cursorTtlMs: 0 });
    try {
      // followed like the engine does, but at most 50 pages: an unbounded listing fails here
      const follow = async (): Promise<string> => {
        let cursor: string | null = null;
        for (let pages = 0; pages < 50; pages++) {
          const page: Page<'candidates'> = await ashbyConnector.list(ctx, 'candidates', { cursor });
          if (!page.next) return 'ended';
          cursor = page.next;
        }
        return 'still going after 50 pages';
      };
      const failure = await follow().then(
        (how) => new Error(how),
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('REMOTE.UNKNOWN_HTTP_ERROR');
      expect((failure as AppError).message).toContain('next_cursor_expired');
    } finally {
      await admin('/listing', { cursorTtlMs: null });
    }
    // the first page, 3 × (refused cursor + first page again), the last refused cursor
    expect(emu.faults.requests.slice(before).filter((r) => r === 'POST /candidate.list')).toHaveLength(8);
    expect(await ctx.state.get(syncTokenKey('candidates'))).toBeNull();
  });

  it('sends `limit` only to the lists whose documented body has it, over a whole sync', async () => {
    const sent = new Map<string, Array<Record<string, unknown>>>();
    const base = context();
    const recording: ConnectorContext = {
      ...base,
      fetch: async (input, init) => {
        const method = new URL(String(input)).pathname.slice(1);
        if (typeof init?.body === 'string') sent.set(method, [...(sent.get(method) ?? []), JSON.parse(init.body) as Record<string, unknown>]);
        return base.fetch(input, init);
      },
    };
    for (const model of ashbyConnector.manifest.capabilities.models) await listAll(ashbyConnector, recording, model);
    await new AshbyClient(recording).all('source.list', { includeArchived: false }, sourceSchema);
    const documented = ['candidate.list', 'application.list', 'job.list', 'interviewSchedule.list', 'offer.list', 'user.list', 'interview.list', 'candidateTag.list', 'location.list', 'department.list'];
    const undocumented = ['archiveReason.list', 'source.list', 'interviewStage.list', 'jobPosting.list'];
    expect([...sent.keys()].sort()).toEqual([...documented, ...undocumented].sort());
    for (const method of documented) expect(sent.get(method)?.every((b) => b['limit'] === 100), method).toBe(true);
    for (const method of undocumented) expect(sent.get(method)?.some((b) => 'limit' in b), method).toBe(false);
  });

  it('refuses a cursor it did not issue', async () => {
    expect(await codeOf(ashbyConnector.list(context(), 'users', { cursor: 'garbage' }))).toBe('REMOTE.INPUT_INVALID');
  });
});

describe('ashby errors', () => {
  it('maps HTTP-200 business errors to typed errors, never to success', async () => {
    const ctx = context();
    const app = emu.state.all('application').find((a) => a['status'] === 'Active');
    const appId = String(app?.['id']);
    const candidateId = String((app?.['candidate'] as { id: string }).id);
    const w = ashbyConnector.writes;
    expect(await codeOf(w?.moveApplicationToStage?.(ctx, { application_remote_id: appId, stage_remote_id: 'no-such-stage', job_remote_id: null, remote_fields: {} }) ?? Promise.resolve())).toBe('REMOTE.INPUT_INVALID');
    expect(await codeOf(w?.rejectApplication?.(ctx, { application_remote_id: appId, rejection_reason_remote_id: 'nope', rejection_reason_name: null, note: null, remote_fields: {} }) ?? Promise.resolve())).toBe(
      'REMOTE.INPUT_INVALID',
    );
    expect(await codeOf(w?.addCandidateNote?.(ctx, { candidate_remote_id: 'missing', content: 'x', content_type: 'PLAIN_TEXT', remote_fields: {} }) ?? Promise.resolve())).toBe('REMOTE.INPUT_INVALID');
    const candidate = emu.state.get('candidate', candidateId);
    const email = String((candidate?.['emailAddresses'] as Array<{ value: string }>)[0]?.value ?? 'x@example.org');
    const applying = (jobId: string) => newApplication(jobId, { first_name: 'A', last_name: 'B', email_address: email });
    const jobId = String((app?.['job'] as { id: string }).id);
    expect(await codeOf(w?.createApplication?.(ctx, applying(jobId)) ?? Promise.resolve())).toBe('ATS.APPLICATION_ALREADY_EXISTS');
    const closed = emu.state.all('job').find((j) => j['status'] !== 'Open');
    expect(await codeOf(w?.createApplication?.(ctx, applying(String(closed?.['id']))) ?? Promise.resolve())).toBe('ATS.JOB_CLOSED');
  });

  it('reports a missing module permission as INTEGRATION.PERMISSION_MISSING and bad keys as AUTHENTICATION_INVALID', async () => {
    const readOnly = emu.createKey({ read: ['candidates', 'jobs', 'hiringProcess', 'organization'], write: [] });
    const ctx = context(memoryState(), readOnly);
    await expect(ashbyConnector.verify(ctx)).resolves.toBeUndefined();
    expect(await codeOf(listAll(ashbyConnector, ctx, 'offers'))).toBe('INTEGRATION.PERMISSION_MISSING');
    const candidateId = String(emu.state.all('candidate')[0]?.['id']);
    expect(await codeOf(ashbyConnector.writes?.addCandidateNote?.(ctx, { candidate_remote_id: candidateId, content: 'x', content_type: 'PLAIN_TEXT', remote_fields: {} }) ?? Promise.resolve())).toBe(
      'INTEGRATION.PERMISSION_MISSING',
    );
    expect(await codeOf(ashbyConnector.verify(context(memoryState(), 'wrong')))).toBe('INTEGRATION.AUTHENTICATION_INVALID');
  });

  it('absorbs 429s at Ashby’s real rate with the manifest’s politeness', async () => {
    const slow = createAshbyEmulator({ seed: 2, size: 5, emptyFirstPage: false, rateLimitPerSecond: 2 });
    const server = await serveEmulator(slow);
    try {
      const ctx: ConnectorContext = { ...context(memoryState(), slow.credentials['api_key'] ?? ''), baseUrl: server.url, fetch: politeFetch(globalThis.fetch, { ...DEFAULT_POLICY, ...ashbyConnector.manifest.politeness }) };
      const results = await Promise.all(['users', 'tags', 'rejection_reasons', 'candidates', 'applications', 'offers'].map((m) => listAll(ashbyConnector, ctx, m as 'users')));
      expect(results.every((r) => r.records.length > 0)).toBe(true);
      expect(slow.faults.requests.length).toBeGreaterThan(6);
    } finally {
      await server.close();
    }
  }, 60_000);
});
