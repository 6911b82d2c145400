import { describe, expect, it } from 'vitest';
import { basic, setup, type ErrorBody, type ListBody } from './test-helpers.js';

describe('lever emulator: auth', () => {
  it('rejects missing and wrong credentials with 401 in Lever shape', async () => {
    const { emu } = setup();
    const attempts: Record<string, string>[] = [{}, { Authorization: basic('not-a-key') }, { Authorization: 'Bearer nope' }];
    for (const headers of attempts) {
      const res = await emu.app.request('/v1/opportunities', { headers });
      expect(res.status).toBe(401);
      const body = (await res.json()) as ErrorBody;
      expect(body.code).toBe('UnauthorizedError');
      expect(typeof body.message).toBe('string');
    }
  });

  it('accepts the API key over Basic auth and OAuth tokens over Bearer', async () => {
    const { emu, request } = setup();
    expect((await request('/v1/users')).status).toBe(200);
    const token = [...emu.credentialStore.tokens.keys()][0] ?? '';
    expect((await emu.app.request('/v1/users', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('answers 403 for a token without the scope, 401 once expired or revoked', async () => {
    const { emu, admin } = setup();
    const minted = (await (await admin('POST', '/__admin/oauth-tokens', { scopes: ['opportunities:read:admin'] })).json()) as { access_token: string };
    const bearer = { Authorization: `Bearer ${minted.access_token}` };
    expect((await emu.app.request('/v1/opportunities', { headers: bearer })).status).toBe(200);
    const forbidden = await emu.app.request('/v1/users', { headers: bearer });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as ErrorBody).code).toBe('ForbiddenError');
    await admin('POST', '/__admin/credentials/expire', { access_token: minted.access_token });
    const expired = await emu.app.request('/v1/opportunities', { headers: bearer });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as ErrorBody).message).toMatch(/expired/i);

    const keyRes = (await (await admin('POST', '/__admin/api-keys', {})).json()) as { api_key: string };
    expect((await emu.app.request('/v1/users', { headers: { Authorization: basic(keyRes.api_key) } })).status).toBe(200);
    await admin('POST', '/__admin/credentials/revoke', { api_key: keyRes.api_key });
    expect((await emu.app.request('/v1/users', { headers: { Authorization: basic(keyRes.api_key) } })).status).toBe(401);
  });
});

describe('lever emulator: pagination', () => {
  it('walks every opportunity exactly once, with single- and double-encoded offsets', async () => {
    const { emu, walk } = setup();
    const total = emu.state.opportunities.length;
    for (const doubleEncode of [false, true]) {
      const items = await walk('/v1/opportunities?limit=37&confidentiality=all', { doubleEncode });
      const ids = items.map((o) => o.id);
      expect(ids.length).toBe(total);
      expect(new Set(ids).size).toBe(total);
    }
  });

  it('hands out a percent-encoded JSON token and omits next on the last page', async () => {
    const { getJson } = setup();
    const first = await getJson<ListBody>('/v1/opportunities?limit=5');
    expect(first.hasNext).toBe(true);
    expect(first.next).toMatch(/^%5B/);
    expect(JSON.parse(decodeURIComponent(first.next ?? ''))).toHaveLength(3);
    const last = await getJson<ListBody>('/v1/stages');
    expect(last.hasNext).toBe(false);
    expect('next' in last).toBe(false);
  });

  it('validates limit (1 to 100, default 100) and offset', async () => {
    const { request, getJson } = setup();
    for (const bad of ['0', '101', 'abc', '-5', '2.5']) {
      const res = await request(`/v1/opportunities?limit=${bad}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).code).toBe('BadRequestError');
    }
    expect((await getJson<ListBody>('/v1/opportunities')).data).toHaveLength(100);
    expect((await getJson<ListBody>('/v1/opportunities?limit=1')).data).toHaveLength(1);
    expect((await request('/v1/opportunities?offset=garbage')).status).toBe(400);
  });
});

describe('lever emulator: reads', () => {
  it('filters with updated_at_start (inclusive, epoch ms) and never matches null updatedAt', async () => {
    const { emu, walk } = setup();
    const all = emu.state.opportunities.filter((o) => !o.confidential);
    expect(all.some((o) => o.updatedAt === null)).toBe(true);
    const times = all.map((o) => o.updatedAt).filter((t): t is number => t !== null).sort((a, b) => a - b);
    const threshold = times[Math.floor(times.length / 2)] ?? 0;
    const items = await walk(`/v1/opportunities?updated_at_start=${threshold}&limit=50`);
    expect(items.length).toBe(times.filter((t) => t >= threshold).length);
    for (const o of items) expect(o.updatedAt as number).toBeGreaterThanOrEqual(threshold);
    const bad = await setup().request('/v1/opportunities?updated_at_start=yesterday');
    expect(bad.status).toBe(400);
  });

  it('hides confidential opportunities unless confidentiality=all (and the key has access)', async () => {
    const { emu, walk, admin } = setup();
    const confidential = emu.state.opportunities.filter((o) => o.confidential);
    expect(confidential.length).toBeGreaterThan(0);
    const byDefault = await walk('/v1/opportunities');
    expect(byDefault.some((o) => o.confidentiality === 'confidential')).toBe(false);
    expect(byDefault.length).toBe(emu.state.opportunities.length - confidential.length);
    const only = await walk('/v1/opportunities?confidentiality=confidential');
    expect(only.length).toBe(confidential.length);

    const limited = (await (await admin('POST', '/__admin/api-keys', { confidentialAccess: false })).json()) as { api_key: string };
    const headers = { Authorization: basic(limited.api_key) };
    expect((await emu.app.request('/v1/opportunities?confidentiality=all', { headers })).status).toBe(403);
    expect((await emu.app.request(`/v1/opportunities/${confidential[0]?.id}`, { headers })).status).toBe(404);
  });

  it('moves deleted opportunities to /opportunities/deleted', async () => {
    const { emu, request, admin, getJson, walk } = setup();
    const victim = emu.state.opportunities.find((o) => !o.confidential);
    const before = Date.now();
    expect((await admin('DELETE', `/__admin/opportunities/${victim?.id}`)).status).toBe(200);
    const gone = await request(`/v1/opportunities/${victim?.id}`);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as ErrorBody).code).toBe('NotFoundError');
    expect((await walk('/v1/opportunities')).some((o) => o.id === victim?.id)).toBe(false);
    const deleted = await getJson<ListBody>(`/v1/opportunities/deleted?deleted_at_start=${before}`);
    expect(deleted.data.map((d) => d.id)).toEqual([victim?.id]);
    expect(deleted.data[0]).toMatchObject({ deletedBy: emu.state.accountOwner.id });
    expect((await walk('/v1/opportunities/deleted?limit=3')).length).toBe(emu.state.deleted.length);
  });

  it('admin updates bump updatedAt so incremental syncs see the change', async () => {
    const { emu, admin, getJson } = setup();
    const target = emu.state.opportunities.find((o) => !o.confidential && o.updatedAt === null);
    const since = Date.now();
    const res = await admin('POST', `/__admin/opportunities/${target?.id}`, { tags: ['Changed'] });
    expect(res.status).toBe(200);
    const page = await getJson<ListBody>(`/v1/opportunities?updated_at_start=${since}`);
    expect(page.data.map((o) => o.id)).toEqual([target?.id]);
    expect(page.data[0]?.tags).toEqual(['Changed']);
  });

  it('expands stage, owner and applications', async () => {
    const { emu, getJson } = setup();
    const opp = emu.state.opportunities.find((o) => !o.confidential && o.applicationId !== null && o.owner !== null);
    const body = await getJson<{ data: Record<string, unknown> }>(`/v1/opportunities/${opp?.id}?expand=stage&expand=owner&expand=applications`);
    expect(body.data.stage).toMatchObject({ id: opp?.stage, text: expect.any(String) });
    expect(body.data.owner).toMatchObject({ id: opp?.owner, accessRole: expect.any(String) });
    expect((body.data.applications as Record<string, unknown>[])[0]).toMatchObject({ id: opp?.applicationId, opportunityId: opp?.id });
    const plain = await getJson<{ data: Record<string, unknown> }>(`/v1/opportunities/${opp?.id}`);
    expect(plain.data.stage).toBe(opp?.stage);
  });

  it('is deterministic for a seed and size', async () => {
    const a = await setup({ seed: 11 }).getJson<ListBody>('/v1/opportunities?limit=20&confidentiality=all');
    const b = await setup({ seed: 11 }).getJson<ListBody>('/v1/opportunities?limit=20&confidentiality=all');
    const c = await setup({ seed: 12 }).getJson<ListBody>('/v1/opportunities?limit=20&confidentiality=all');
    expect(a).toEqual(b);
    expect(c.data[0]?.id).not.toEqual(a.data[0]?.id);
  });

  it('serves the account lists', async () => {
    const { getJson } = setup();
    for (const path of ['/v1/postings', '/v1/stages', '/v1/archive_reasons', '/v1/users', '/v1/tags', '/v1/sources']) {
      const body = await getJson<ListBody>(path);
      expect(body.data.length).toBeGreaterThan(0);
    }
    const hired = await getJson<ListBody>('/v1/archive_reasons?type=hired');
    expect(hired.data.every((r) => r.type === 'hired')).toBe(true);
    const tags = await getJson<ListBody>('/v1/tags');
    expect(tags.data[0]).toEqual({ text: expect.any(String), count: expect.any(Number) });
  });
});

describe('lever emulator: rate limits and faults', () => {
  it('lets a burst of 20 through, then 429 with X-RateLimit-* headers; refills at 10/s', async () => {
    let clock = 1_800_000_000_000;
    const { request } = setup({ rateLimitPerSecond: 10, now: () => clock });
    for (let i = 0; i < 20; i++) {
      const res = await request('/v1/stages');
      expect(res.status).toBe(200);
      expect(res.headers.get('X-RateLimit-Limit')).toBe('5000');
      expect(res.headers.get('X-RateLimit-Remaining')).toBe(String(5000 - i - 1));
      expect(Number(res.headers.get('X-RateLimit-Reset'))).toBe(Math.ceil((1_800_000_000_000 + 60_000) / 1000));
    }
    const limited = await request('/v1/stages');
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as ErrorBody).code).toBe('TooManyRequestsError');
    expect(limited.headers.get('X-RateLimit-Remaining')).not.toBeNull();
    clock += 100;
    expect((await request('/v1/stages')).status).toBe(200);
    expect((await request('/v1/stages')).status).toBe(429);
  });

  it('injects faults in Lever error shape', async () => {
    const { request, admin } = setup();
    await admin('POST', '/__admin/faults', { failNext: 1, throttleNext: 0 });
    const failed = await request('/v1/stages');
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as ErrorBody).code).toBe('InternalServerError');
    await admin('POST', '/__admin/faults', { throttleNext: 1, retryAfterSeconds: 3 });
    const throttled = await request('/v1/stages');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('Retry-After')).toBe('3');
    expect((await request('/v1/stages')).status).toBe(200);
  });
});
