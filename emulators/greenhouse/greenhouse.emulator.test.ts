import { describe, expect, it } from 'vitest';
import { createGreenhouseEmulator } from './app.js';
import { basic, harness, json, nextLink, requestToken } from './test-support.js';

describe('Greenhouse emulator: OAuth and bearer auth', () => {
  it('issues a 1-hour bearer token for client credentials (HTTP Basic, form body)', async () => {
    const h = await harness();
    const res = await requestToken(h.em, `grant_type=client_credentials&sub=${h.em.credentials.user_id}`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(String(body.access_token).split('.')).toHaveLength(3);
    expect((await h.get('/v3/jobs?per_page=1', String(body.access_token))).status).toBe(200);
  });

  it('rejects bad client credentials and unsupported grants in the OAuth error shape', async () => {
    const { em } = await harness();
    const wrong = await em.app.request('/token', {
      method: 'POST',
      headers: { Authorization: basic(em.credentials.client_id ?? '', 'nope'), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(wrong.status).toBe(401);
    expect(await json(wrong)).toMatchObject({ error: 'invalid_client' });
    const grant = await requestToken(em, 'grant_type=password');
    expect(grant.status).toBe(400);
    expect(await json(grant)).toMatchObject({ error: 'unsupported_grant_type' });
    expect((await requestToken(em, 'grant_type=client_credentials&sub=999')).status).toBe(400);
  });

  it('answers 401 in the Harvest error shape without a token, with a foreign token and after expiry', async () => {
    const h = await harness();
    const missing = await h.em.app.request('/v3/candidates');
    expect(missing.status).toBe(401);
    expect(await json(missing)).toMatchObject({ message: 'Unauthorized', errors: [expect.any(String)] });
    expect((await h.get('/v3/candidates', 'not-a-token')).status).toBe(401);
    expect((await h.get('/v3/candidates')).status).toBe(200);
    const expired = await h.em.app.request('/__admin/tokens/expire', { method: 'POST' });
    expect(await json(expired)).toEqual({ expired: 1 });
    const after = await h.get('/v3/candidates');
    expect(after.status).toBe(401);
    expect(JSON.stringify(await after.json())).toContain('expired');
  });
});

describe('Greenhouse emulator: cursor pagination and filters', () => {
  it('walks every candidate exactly once, highest id first, with next-only Link headers', async () => {
    const h = await harness({ size: 250 });
    const { records, requests } = await h.walk('/v3/candidates?per_page=100');
    expect(requests).toHaveLength(3);
    expect(requests.slice(1).every((r) => /^http:\/\/localhost\/v3\/candidates\?cursor=[A-Za-z0-9_-]+$/.test(r))).toBe(true);
    const ids = records.map((r) => Number(r.id));
    expect(new Set(ids).size).toBe(250);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const state = await json(await h.em.app.request('/__admin/state'));
    expect(state.candidates).toBe(250);
    const first = await h.get('/v3/candidates?per_page=100');
    expect(first.headers.get('Link')).toMatch(/^<[^>]+>; rel="next"$/);
  });

  it('rejects a cursor combined with any other query parameter, and bad page sizes or cursors', async () => {
    const h = await harness();
    const next = nextLink(await h.get('/v3/applications?per_page=10&status=active'));
    expect(next).not.toBeNull();
    for (const extra of ['&per_page=10', '&status=active']) {
      const res = await h.get(`${next}${extra}`);
      expect(res.status).toBe(422);
      expect(await json(res)).toMatchObject({ message: 'Unprocessable Content', errors: [expect.any(String)] });
    }
    expect((await h.get(String(next))).status).toBe(200);
    const big = await h.get('/v3/candidates?per_page=501');
    expect(big.status).toBe(422);
    expect(await json(big)).toMatchObject({ errors: [{ per_page: expect.any(String) }] });
    expect((await h.get('/v3/candidates?cursor=garbage!')).status).toBe(422);
    const otherResource = String(next).replace('/v3/applications', '/v3/candidates');
    expect((await h.get(otherResource)).status).toBe(422);
    expect((await h.get(`/v3/candidates?ids=${Array.from({ length: 51 }, (_, i) => i + 1).join(',')}`)).status).toBe(422);
  });

  it('keeps the first request filters in the cursor (status=active maps to in_process)', async () => {
    const h = await harness({ size: 300 });
    const { records } = await h.walk('/v3/applications?status=active&per_page=25');
    expect(records.length).toBeGreaterThan(25);
    expect(records.every((r) => r.status === 'in_process')).toBe(true);
    expect((await h.get('/v3/applications?status=in_process')).status).toBe(422);
  });

  it('filters on updated_at with the pipe operator syntax', async () => {
    const h = await harness();
    const { records } = await h.walk('/v3/candidates?per_page=500');
    const target = records[17];
    const before = new Date().toISOString();
    const updated = await h.em.app.request(`/__admin/candidates/${String(target?.id)}/update`, { method: 'POST', body: JSON.stringify({ title: 'Staff Engineer' }) });
    expect(updated.status).toBe(200);
    const res = await h.get(`/v3/candidates?updated_at=gte|${encodeURIComponent(before)}`);
    const rows = await json<Record<string, unknown>[]>(res);
    expect(rows.map((r) => r.id)).toEqual([target?.id]);
    expect(rows[0]?.title).toBe('Staff Engineer');
    const window = await h.get(`/v3/candidates?updated_at=gte|2020-01-01T00:00:00Z|lt|${encodeURIComponent(before)}&per_page=500`);
    expect((await json<unknown[]>(window)).length).toBe(records.length - 1);
    expect((await h.get('/v3/candidates?updated_at=after|2024-01-01')).status).toBe(422);
  });

  it('fetches single records with ids= and drops deleted records from listings', async () => {
    const h = await harness();
    const apps = await json<Record<string, unknown>[]>(await h.get('/v3/applications?per_page=3'));
    const app = apps[0];
    const one = await json<Record<string, unknown>[]>(await h.get(`/v3/applications?ids=${String(app?.id)}`));
    expect(one).toHaveLength(1);
    expect((await h.em.app.request(`/__admin/applications/${String(app?.id)}`, { method: 'DELETE' })).status).toBe(200);
    expect(await json<unknown[]>(await h.get(`/v3/applications?ids=${String(app?.id)}`))).toEqual([]);
    const candidateId = String(app?.candidate_id);
    expect((await h.em.app.request(`/__admin/candidates/${candidateId}`, { method: 'DELETE' })).status).toBe(200);
    expect(await json<unknown[]>(await h.get(`/v3/candidates?ids=${candidateId}`))).toEqual([]);
    expect(await json<unknown[]>(await h.get(`/v3/applications?candidate_ids=${candidateId}`))).toEqual([]);
    expect((await h.get(`/v3/candidates/${candidateId}`)).status).toBe(404);
  });
});

describe('Greenhouse emulator: rate limits and faults', () => {
  it('answers 429 with Retry-After once the bucket is empty, with X-RateLimit headers', async () => {
    const h = await harness({ rateLimitPerSecond: 0.1 });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await h.get('/v3/jobs?per_page=1');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last?.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(last?.headers.get('X-RateLimit-Limit')).toBe('3');
    expect(last?.headers.get('X-RateLimit-Remaining')).toBe('0');
    expect(await last?.json()).toEqual({ message: 'Too Many Requests' });
  });

  it('injects faults switched through the admin API', async () => {
    const h = await harness();
    await h.em.app.request('/__admin/faults', { method: 'POST', body: JSON.stringify({ failNext: 1, throttleNext: 1, retryAfterSeconds: 7 }) });
    const throttled = await h.get('/v3/jobs');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('Retry-After')).toBe('7');
    const failed = await h.get('/v3/jobs');
    expect(failed.status).toBe(500);
    expect(await json(failed)).toEqual({ message: 'Internal Server Error' });
    expect((await h.get('/v3/jobs')).status).toBe(200);
    const log = await json<{ requests: string[] }>(await h.em.app.request('/__admin/requests'));
    expect(log.requests).toContain('GET /v3/jobs');
  });
});

describe('Greenhouse emulator: seed', () => {
  it('is deterministic for a seed and size and exposes its credentials', () => {
    const a = createGreenhouseEmulator({ seed: 3, size: 40 });
    const b = createGreenhouseEmulator({ seed: 3, size: 40 });
    expect(a.credentials).toEqual(b.credentials);
    expect(Object.keys(a.credentials).sort()).toEqual(['client_id', 'client_secret', 'user_id']);
    expect(a.name).toBe('greenhouse');
  });

  it('seeds 100,000 candidates and serves filtered pages from them', async () => {
    const h = await harness({ size: 100_000 });
    const state = await json(await h.em.app.request('/__admin/state'));
    expect(state.candidates).toBe(100_000);
    const page = await h.get('/v3/candidates?per_page=500&updated_at=gte|2026-06-01T00:00:00Z');
    expect(page.status).toBe(200);
    expect((await json<unknown[]>(page)).length).toBe(500);
  }, 60_000);

  it('links records consistently (stages per job, application stage history, attachments)', async () => {
    const h = await harness();
    const apps = await json<Record<string, unknown>[]>(await h.get('/v3/applications?status=active&prospect=false&per_page=5'));
    const app = apps.find((a) => a.stage_id !== null);
    const stages = await json<Record<string, unknown>[]>(await h.get(`/v3/job_interview_stages?job_ids=${String(app?.job_id)}`));
    expect(stages.map((s) => s.id)).toContain(app?.stage_id);
    const history = await json<Record<string, unknown>[]>(await h.get(`/v3/application_stages?application_ids=${String(app?.id)}`));
    expect(history.find((r) => r.current === true)?.job_interview_stage_id).toBe(app?.stage_id);
    const files = await json<Record<string, unknown>[]>(await h.get('/v3/attachments?per_page=1'));
    const download = await h.em.app.request(String(files[0]?.url));
    expect(download.status).toBe(200);
    expect((await h.em.app.request(String(files[0]?.url).replace(/signature=\w+/, 'signature=bad'))).status).toBe(403);
  });
});
