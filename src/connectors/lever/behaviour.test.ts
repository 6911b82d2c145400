/**
 * Lever-specific behaviour against the emulator over HTTP: people merged from opportunities on
 * different pages, deltas, deletions, confidential access, throttling without Retry-After,
 * OAuth tokens and their refresh, and the rules of creating applications.
 */
import { Hono } from 'hono';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeverEmulator, type LeverEmulator } from '../../../emulators/lever/app.js';
import { offersOf } from '../../../emulators/lever/children.js';
import { serveEmulator, type RunningEmulator } from '../../../emulators/shared/serve.js';
import { VirtualClock } from '../../../test/setup/virtual-clock.js';
import { AppError } from '../../lib/errors.js';
import { DEFAULT_POLICY, politeFetch } from '../../lib/polite-fetch.js';
import type { ConnectorContext } from '../connector.js';
import { listAll } from '../../../test/contract/run-connector-contract.js';
import { memoryState } from '../memory-state.js';
import type { CreateApplicationInput } from '../writes.js';
import { leverConnector } from './connector.js';
import { newApplication } from '../../../test/setup/write-inputs.js';

const FAST = { ...DEFAULT_POLICY, requestsPerSecond: 1000, concurrency: 8, baseDelayMs: 50 };

interface Harness {
  emu: LeverEmulator;
  running: RunningEmulator;
  ctx(credentials?: Record<string, string>): ConnectorContext;
  admin(method: string, path: string, body?: unknown): Promise<Response>;
}

interface HarnessOptions {
  size?: number;
  rate?: number;
  burst?: number;
  policy?: typeof DEFAULT_POLICY;
  front?: (emu: LeverEmulator) => Hono;
}

async function harness(options: HarnessOptions = {}): Promise<Harness> {
  // Pacing and backoff waits pass in virtual time, which the emulator's token bucket sees too.
  const clock = new VirtualClock();
  const emu = createLeverEmulator({ seed: 9, size: options.size ?? 110, rateLimitPerSecond: options.rate ?? Infinity, now: clock.now, ...(options.burst ? { rateLimitBurst: options.burst } : {}) });
  const running = await serveEmulator(options.front ? { ...emu, app: options.front(emu) } : emu);
  const fetcher = politeFetch(globalThis.fetch, options.policy ?? FAST, Math.random, clock);
  const state = memoryState();
  return {
    emu,
    running,
    ctx: (credentials = { api_key: emu.credentials.api_key ?? '' }) => ({
      integrationId: `lever:test-${Math.random()}`,
      credentials,
      baseUrl: `${running.url}/v1`,
      fetch: fetcher,
      clock,
      logger: pino({ level: 'silent' }),
      state,
    }),
    admin: (method, path, body) =>
      fetch(`${running.url}/__admin${path}`, { method, ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) }),
  };
}

const codeOf = (err: unknown) => (err instanceof AppError ? err.code : String(err));

describe('lever: people and their opportunities', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.running.close());

  it('lists each person once, merged from opportunities on different pages (tags united)', async () => {
    const { records } = await listAll(leverConnector, h.ctx(), 'candidates');
    const byContact = new Map<string, string[]>();
    for (const o of h.emu.state.opportunities) byContact.set(o.contactId, [...(byContact.get(o.contactId) ?? []), o.id]);
    const twice = [...byContact].filter(([, ids]) => ids.length > 1);
    expect(twice.length).toBeGreaterThan(3);
    const pageOf = (id: string) => Math.floor(h.emu.state.opportunities.findIndex((o) => o.id === id) / 100);
    expect(twice.some(([, ids]) => new Set(ids.map(pageOf)).size > 1)).toBe(true);
    for (const [contactId] of twice) {
      const listed = records.filter((c) => c.remote_id === contactId);
      expect(listed).toHaveLength(1);
      const tags = new Set(h.emu.state.opportunities.filter((o) => o.contactId === contactId).flatMap((o) => o.tags));
      expect(new Set(listed[0]?.tags.map((t) => t.name))).toEqual(tags);
    }
  });

  it('a delta lists what changed since (updated_at_start), people with all their opportunities', async () => {
    const [contactId, [first, second]] = [...new Map(h.emu.state.opportunities.map((o) => [o.contactId, h.emu.state.opportunities.filter((x) => x.contactId === o.contactId)]))].find(
      ([, opps]) => opps.length === 2,
    ) ?? ['', []];
    if (!first || !second) throw new Error('no person with two opportunities');
    const since = new Date(Date.now() - 1000).toISOString();
    expect((await h.admin('POST', `/opportunities/${first.id}`, { tags: ['Delta only'] })).status).toBe(200);
    const candidates = (await listAll(leverConnector, h.ctx(), 'candidates', since)).records;
    expect(candidates.map((c) => c.remote_id)).toEqual([contactId]);
    expect(candidates[0]?.tags.map((t) => t.name)).toEqual(expect.arrayContaining(['Delta only', ...second.tags]));
    const applications = (await listAll(leverConnector, h.ctx(), 'applications', since)).records;
    expect(applications.map((a) => a.remote_id)).toEqual([first.id]);
    expect((await listAll(leverConnector, h.ctx(), 'interviews', since)).records.every((i) => i.application_remote_id === first.id)).toBe(true);
  });

  it('reports opportunities deleted since an instant as deleted applications', async () => {
    const victim = h.emu.state.opportunities[5];
    const since = new Date(Date.now() - 1000).toISOString();
    expect(await leverConnector.listDeleted?.(h.ctx(), since)).toEqual([]);
    await h.admin('DELETE', `/opportunities/${victim?.id}`);
    expect(await leverConnector.listDeleted?.(h.ctx(), since)).toEqual([{ model: 'applications', remote_id: victim?.id }]);
  });

  it('rejects a cursor it did not issue', async () => {
    const err = await leverConnector.list(h.ctx(), 'applications', { cursor: 'bm9wZQ' }).catch((e: unknown) => e);
    expect(codeOf(err)).toBe('REMOTE.INPUT_INVALID');
  });

  it('leaves confidential records out for a key without confidential access', async () => {
    const res = await h.admin('POST', '/api-keys', { confidentialAccess: false });
    const { api_key } = (await res.json()) as { api_key: string };
    const ctx = h.ctx({ api_key });
    const applications = (await listAll(leverConnector, ctx, 'applications')).records;
    expect(applications).toHaveLength(h.emu.state.opportunities.filter((o) => !o.confidential).length);
    const jobs = (await listAll(leverConnector, ctx, 'jobs')).records;
    expect(jobs.every((j) => j.confidential === false)).toBe(true);
  });

  it('turns a revoked key into INTEGRATION.AUTHENTICATION_INVALID', async () => {
    const res = await h.admin('POST', '/api-keys', {});
    const { api_key } = (await res.json()) as { api_key: string };
    await leverConnector.list(h.ctx({ api_key }), 'users', { cursor: null });
    await h.admin('POST', '/credentials/revoke', { api_key });
    expect(codeOf(await leverConnector.list(h.ctx({ api_key }), 'users', { cursor: null }).catch((e: unknown) => e))).toBe('INTEGRATION.AUTHENTICATION_INVALID');
  });
});

describe('lever: throttling', () => {
  it('absorbs the token bucket’s 429s (no Retry-After) with backoff, at the manifest’s pace', async () => {
    // The emulator allows half of Lever's documented rate, so the manifest's 10/s runs into 429s.
    const h = await harness({ size: 20, rate: 5, burst: 5, policy: { ...DEFAULT_POLICY, ...leverConnector.manifest.politeness } });
    try {
      const before = h.emu.faults.requests.length;
      const { records } = await listAll(leverConnector, h.ctx(), 'offers');
      expect(records).toHaveLength(h.emu.state.opportunities.reduce((n, o) => n + offersOf(h.emu.state, o).length, 0));
      // every 429 counts as a request: more requests than the listing needs means some were refused and repeated
      expect(h.emu.faults.requests.length - before).toBeGreaterThan(h.emu.state.opportunities.length + 3);
    } finally {
      await h.running.close();
    }
  });
});

describe('lever: OAuth access tokens', () => {
  const client = { id: 'app-1', secret: 'shh' };
  let refreshTokens: Set<string>;
  let h: Harness;
  let issued = 0;
  beforeAll(async () => {
    refreshTokens = new Set(['rt-0']);
    // Lever refreshes on its auth host; for a custom base URL the connector uses its origin.
    h = await harness({
      front(emu) {
        const app = new Hono();
        app.post('/oauth/token', async (c) => {
          const form = await c.req.parseBody();
          if (form['client_id'] !== client.id || form['client_secret'] !== client.secret) return c.json({ error: 'invalid_client' }, 401);
          const old = String(form['refresh_token']);
          if (form['grant_type'] !== 'refresh_token' || !refreshTokens.delete(old)) return c.json({ error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' }, 403);
          const next = `rt-${++issued}`;
          refreshTokens.add(next);
          return c.json({ access_token: emu.credentialStore.createToken('all', Date.now() + 3_600_000), refresh_token: next, expires_in: 3600, token_type: 'Bearer' });
        });
        app.all('*', (c) => emu.app.fetch(c.req.raw));
        return app;
      },
    });
  });
  afterAll(() => h.running.close());

  const mint = async (scopes?: string[]) => {
    const res = await h.admin('POST', '/oauth-tokens', scopes ? { scopes } : {});
    return ((await res.json()) as { access_token: string }).access_token;
  };

  it('reads with a Bearer token and refreshes it (rotating the refresh token) once Lever says it expired', async () => {
    const token = await mint();
    const ctx = h.ctx({ access_token: token, refresh_token: 'rt-0', client_id: client.id, client_secret: client.secret });
    await leverConnector.verify(ctx);
    await h.admin('POST', '/credentials/expire', { access_token: token });
    expect((await leverConnector.list(ctx, 'users', { cursor: null })).records.length).toBeGreaterThan(0);
    expect(issued).toBe(1);
    expect(refreshTokens).toEqual(new Set(['rt-1']));
    // the renewed token is kept: no further refresh
    await leverConnector.list(ctx, 'tags', { cursor: null });
    expect(issued).toBe(1);
  });

  it('without a refresh token an expired token is INTEGRATION.AUTHENTICATION_INVALID; a refused refresh too', async () => {
    const token = await mint();
    await h.admin('POST', '/credentials/expire', { access_token: token });
    expect(codeOf(await leverConnector.verify(h.ctx({ access_token: token })).catch((e: unknown) => e))).toBe('INTEGRATION.AUTHENTICATION_INVALID');
    const refused = h.ctx({ access_token: token, refresh_token: 'rt-unknown', client_id: client.id, client_secret: client.secret });
    expect(codeOf(await leverConnector.verify(refused).catch((e: unknown) => e))).toBe('INTEGRATION.AUTHENTICATION_INVALID');
  });

  it('a token without a needed scope is INTEGRATION.PERMISSION_MISSING', async () => {
    const token = await mint(['users:read:admin']);
    const ctx = h.ctx({ access_token: token });
    await leverConnector.list(ctx, 'users', { cursor: null });
    expect(codeOf(await leverConnector.list(ctx, 'offers', { cursor: null }).catch((e: unknown) => e))).toBe('INTEGRATION.PERMISSION_MISSING');
  });
});

describe('lever: creating applications', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ size: 300 });
  });
  afterAll(() => h.running.close());

  const input = (job: string, email: string, extra: Partial<CreateApplicationInput> = {}): CreateApplicationInput =>
    newApplication(job, { first_name: 'Grace', last_name: 'Hopper', email_address: email }, extra);
  const posting = (state: string) => {
    const found = h.emu.state.postings.find((p) => p.state === state && !p.confidential);
    if (!found) throw new Error(`no ${state} posting`);
    return found;
  };
  const create = (i: CreateApplicationInput) => {
    const op = leverConnector.writes?.createApplication;
    if (!op) throw new Error('no createApplication');
    return op(h.ctx(), i);
  };

  it('creates as the posting owner by default, in Lever’s default stage', async () => {
    const job = posting('published');
    const result = await create(input(job.id, 'grace@navy.example'));
    const created = h.emu.state.opportunitiesById.get(result.application_remote_id);
    expect(created).toMatchObject({ postingId: job.id, stage: 'lead-new', origin: 'applied', owner: job.owner });
    expect(created?.stageChanges?.[0]?.userId).toBe(job.owner);
    expect(result.warnings).toEqual([]);
  });

  it('answers ATS.APPLICATION_ALREADY_EXISTS for the same e-mail and posting, ATS.JOB_CLOSED for a closed posting', async () => {
    const job = posting('published');
    expect(codeOf(await create(input(job.id, 'GRACE@navy.example')).catch((e: unknown) => e))).toBe('ATS.APPLICATION_ALREADY_EXISTS');
    expect(codeOf(await create(input(posting('closed').id, 'new@navy.example')).catch((e: unknown) => e))).toBe('ATS.JOB_CLOSED');
  });

  it('adds an application to an existing person (Lever dedupes on e-mail) and says so; attributes it to the sourcing user', async () => {
    const existing = h.emu.state.opportunities.find((o) => !o.confidential);
    const contact = existing ? h.emu.state.contact(existing.contactId) : undefined;
    const other = h.emu.state.postings.find((p) => p.state === 'internal' && !p.confidential && p.id !== existing?.postingId);
    const sourcer = h.emu.state.users.find((u) => u.deactivatedAt === null && u.id !== other?.owner);
    if (!contact || !other || !sourcer) throw new Error('fixture');
    const result = await create(input(other.id, contact.emails[0] ?? '', { sourced_by_user_remote_id: sourcer.id }));
    expect(result.candidate_remote_id).toBe(contact.id);
    expect(result.warnings?.[0]).toMatch(/existing person/);
    expect(h.emu.state.opportunitiesById.get(result.application_remote_id)).toMatchObject({ origin: 'sourced', sourcedBy: sourcer.id, contactId: contact.id });
    const people = result.records.candidates ?? [];
    expect(people[0]?.remote_id).toBe(contact.id);
    expect(people[0]?.tags.map((t) => t.name)).toEqual(expect.arrayContaining(existing?.tags ?? []));
  });
});

/**
 * A Lever whose write answers carry applications as bare ids (the docs show `expand` on reads), in
 * front of the emulator; it also records the query of every write.
 */
function unexpandedWrites(emu: LeverEmulator, writes: URL[]): Hono {
  const app = new Hono();
  app.all('*', async (c) => {
    const res = await emu.app.fetch(c.req.raw);
    if (c.req.method === 'GET') return res;
    writes.push(new URL(c.req.url));
    if (!res.headers.get('content-type')?.includes('json')) return res;
    const body = (await res.json()) as { data?: { applications?: unknown } };
    const apps = body.data?.applications;
    if (body.data && Array.isArray(apps)) body.data.applications = apps.map((a: unknown) => (a !== null && typeof a === 'object' && 'id' in a ? (a as { id: unknown }).id : a));
    return c.json(body, res.status as 200);
  });
  return app;
}

describe('lever: writes against answers as documented', () => {
  let h: Harness;
  const writes: URL[] = [];
  beforeAll(async () => {
    h = await harness({ size: 120, front: (emu) => unexpandedWrites(emu, writes) });
  });
  afterAll(() => h.running.close());

  const withPosting = () => {
    const found = h.emu.state.opportunities.find((o) => !o.confidential && o.archived === null && o.postingId !== null);
    if (!found) throw new Error('fixture');
    return found;
  };

  it('keeps the application’s job when a stage move answers its applications as bare ids', async () => {
    const opp = withPosting();
    const result = await leverConnector.writes?.moveApplicationToStage?.(h.ctx(), { application_remote_id: opp.id, stage_remote_id: 'offer', job_remote_id: null, remote_fields: {} });
    expect(result?.records.applications?.[0]).toMatchObject({ remote_id: opp.id, current_stage_remote_id: 'offer', job_remote_id: opp.postingId });
  });

  it('keeps the application’s job when a rejection answers its applications as bare ids', async () => {
    const opp = withPosting();
    const reason = h.emu.state.archiveReasons.find((r) => r.type === 'non-hired' && r.status === 'active');
    if (!reason) throw new Error('fixture');
    const result = await leverConnector.writes?.rejectApplication?.(h.ctx(), { application_remote_id: opp.id, rejection_reason_remote_id: reason.id, rejection_reason_name: null, note: null, remote_fields: {} });
    expect(result?.records.applications?.[0]).toMatchObject({ remote_id: opp.id, outcome: 'DECLINED', job_remote_id: opp.postingId });
  });

  it('uploads files as the opportunity owner when no user is configured (Lever requires perform_as there)', async () => {
    const opp = withPosting();
    const file = { name: 'report.txt', content_type: 'text/plain', type: 'OTHER' as const, data: new TextEncoder().encode('report') };
    writes.length = 0;
    const result = await leverConnector.writes?.addApplicationAttachment?.(h.ctx(), { application_remote_id: opp.id, candidate_remote_id: opp.contactId, attachment: file, remote_fields: {} });
    expect(result?.records.attachments?.[0]).toMatchObject({ file_name: 'report.txt', application_remote_id: opp.id });
    const upload = writes.find((u) => u.pathname.endsWith('/files'));
    expect(upload?.searchParams.get('perform_as')).toBe(opp.owner);
    // A configured user wins over the owner.
    const other = h.emu.state.users.find((u) => u.deactivatedAt === null && u.id !== opp.owner);
    if (!other) throw new Error('fixture');
    writes.length = 0;
    await leverConnector.writes?.addApplicationAttachment?.(h.ctx({ api_key: h.emu.credentials.api_key ?? '', perform_as: other.id }), { application_remote_id: opp.id, candidate_remote_id: opp.contactId, attachment: file, remote_fields: {} });
    expect(writes.find((u) => u.pathname.endsWith('/files'))?.searchParams.get('perform_as')).toBe(other.id);
  });

  it('creates an application whose answer lists bare application ids with its job', async () => {
    const job = h.emu.state.postings.find((p) => p.state === 'published' && !p.confidential);
    if (!job) throw new Error('fixture');
    const result = await leverConnector.writes?.createApplication?.(h.ctx(), newApplication(job.id, { first_name: 'Ida', last_name: 'Rhodes', email_address: 'ida.rhodes@example.net' }));
    expect(result?.records.applications?.[0]).toMatchObject({ remote_id: result?.application_remote_id, job_remote_id: job.id });
  });
});
