/** The Recruitee emulator on its own: auth, company, paging, search filters, 429s, write validation. */
import { describe, expect, it } from 'vitest';
import { createRecruiteeEmulator } from './app.js';

const setup = (options: { size?: number; requestsPerMinute?: number; now?: () => number } = {}) => {
  const emu = createRecruiteeEmulator({ seed: 1, size: options.size ?? 30, rateLimitPerSecond: Infinity, ...options });
  const auth = { Authorization: `Bearer ${emu.credentials['api_token'] ?? ''}` };
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) =>
    emu.app.request(`/c/${emu.credentials['company_id'] ?? ''}${path}`, {
      method,
      headers: { ...headers, ...(body instanceof FormData || body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
    });
  return { emu, call, auth };
};

describe('Recruitee emulator', () => {
  it('answers 401 without a valid token and 422 "Company id is invalid" for another company', async () => {
    const { emu, call, auth } = setup();
    expect((await call('GET', '/admins', undefined, {})).status).toBe(401);
    const other = await emu.app.request('/c/1/admins', { headers: auth });
    expect(other.status).toBe(422);
    expect(await other.json()).toEqual({ errors: [{ message: 'Company id is invalid' }] });
    expect((await emu.app.request('/c/acme/admins', { headers: auth })).status).toBe(200);
  });

  it('lists every candidate without limit and offset, and pages with them (a short, then an empty page)', async () => {
    const { emu, call } = setup({ size: 25 });
    const all = (await (await call('GET', '/candidates')).json()) as { candidates: Array<{ id: number; placements: unknown[] }>; references: unknown[] };
    expect(all.candidates).toHaveLength(25);
    expect(all.references.length).toBeGreaterThan(0);
    const page = async (offset: number) => ((await (await call('GET', `/candidates?limit=10&offset=${offset}`)).json()) as { candidates: Array<{ id: number }> }).candidates;
    expect((await page(0)).length).toBe(10);
    expect((await page(20)).length).toBe(5);
    expect(await page(30)).toEqual([]);
    expect(new Set([...(await page(0)), ...(await page(10)), ...(await page(20))].map((c) => c.id)).size).toBe(emu.state.candidates.length);
  });

  it('searches by updated_at (Unix seconds) and offers', async () => {
    const { emu, call } = setup();
    const target = emu.state.candidates[4];
    if (!target) throw new Error('seed');
    target.updated_at = '2030-01-01T00:00:00.000000Z';
    const filters = encodeURIComponent(JSON.stringify([{ field: 'updated_at', gte: Date.parse('2029-12-31T00:00:00Z') / 1000 }]));
    const found = (await (await call('GET', `/search/new/candidates?filters=${filters}`)).json()) as { hits: Array<{ id: number }>; total: number };
    expect(found).toMatchObject({ total: 1, hits: [{ id: target.id }] });
    expect((await call('GET', '/search/new/candidates?filters=nope')).status).toBe(422);
    expect((await call('GET', '/search/new/candidates?limit=10001')).status).toBe(500);
    const byIds = (await (await call('GET', `/candidates?ids=${target.id},${emu.state.candidates[0]?.id}`)).json()) as { candidates: unknown[] };
    expect(byIds.candidates).toHaveLength(2);
  });

  it('answers 429 with retry-after and x-ratelimit-* once the window is used up', async () => {
    let now = 0;
    const { call } = setup({ requestsPerMinute: 2, now: () => now });
    expect((await call('GET', '/tags')).status).toBe(200);
    expect((await call('GET', '/tags')).status).toBe(200);
    const refused = await call('GET', '/tags');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    now = 60_000;
    expect((await call('GET', '/tags')).status).toBe(200);
  });

  it('validates writes as Recruitee does: stage of the pipeline, a reason id, attachment[file]', async () => {
    const { emu, call } = setup();
    const p = emu.state.placements[0];
    const foreign = emu.state.offers.find((o) => o.id !== p?.offer_id)?.template.stages[0];
    expect((await call('PATCH', `/placements/${p?.id}/change_stage`, { stage_id: foreign?.id })).status).toBe(422);
    const own = emu.state.offer(p?.offer_id ?? 0)?.template.stages[2];
    const moved = await call('PATCH', `/placements/${p?.id}/change_stage`, { placement: { stage_id: own?.id } });
    expect(((await moved.json()) as { placement: { stage_id: number } }).placement.stage_id).toBe(own?.id);
    expect((await call('PATCH', `/placements/${p?.id}/disqualify`, {})).status).toBe(422);
    const bare = new FormData();
    bare.set('file', new Blob(['x']), 'x.pdf');
    expect((await call('POST', '/attachments', bare)).status).toBe(500);
    const created = await call('POST', '/candidates', { candidate: { name: 'Ada Test', emails: ['ada@example.net'] }, offers: [emu.state.offers[0]?.id] });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { candidate: { placements: Array<{ stage_id: number }> } };
    expect(body.candidate.placements[0]?.stage_id).toBe(emu.state.offers[0]?.template.stages[0]?.id);
  });
});
