import { describe, expect, it } from 'vitest';
import { createWorkableEmulator, type WorkableEmulatorOptions } from './app.js';

function setup(options: Partial<WorkableEmulatorOptions> = {}) {
  const emu = createWorkableEmulator({ seed: 3, size: 60, rateLimitPerSecond: Infinity, ...options });
  const auth = { Authorization: `Bearer ${emu.credentials['api_key'] ?? ''}` };
  const request = (path: string, init: RequestInit = {}) => emu.app.request(path, { ...init, headers: { ...auth, ...(init.headers as Record<string, string> | undefined) } });
  const json = async <T = Record<string, unknown>>(path: string) => {
    const res = await request(path);
    if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const send = (method: string, path: string, body: unknown) => request(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { emu, request, json, send, member: emu.state.members[0]?.id ?? '' };
}

describe('workable emulator: routing and auth', () => {
  it('serves the account under /spi/v3 and /<subdomain>/spi/v3; other subdomains are 404', async () => {
    const { request } = setup();
    expect((await request('/spi/v3/jobs')).status).toBe(200);
    expect((await request('/acme/spi/v3/jobs')).status).toBe(200);
    expect((await request('/other/spi/v3/jobs')).status).toBe(404);
    expect((await request('http://other.workable.com/spi/v3/jobs')).status).toBe(404);
    expect((await request('http://acme.workable.com/spi/v3/jobs')).status).toBe(200);
  });

  it('answers 401 for bad tokens and 403 without the scope, with {error}', async () => {
    const { emu } = setup();
    const bad = await emu.app.request('/spi/v3/candidates', { headers: { Authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'Not authorized' });
    const limited = emu.createToken(['r_jobs']);
    expect((await emu.app.request('/spi/v3/candidates', { headers: { Authorization: `Bearer ${limited}` } })).status).toBe(403);
  });
});

describe('workable emulator: lists', () => {
  it('pages by since_id with an absolute paging.next, absent on the last page; limit caps at 100', async () => {
    const { emu, json } = setup();
    const ids: string[] = [];
    let url: string | null = 'http://acme.workable.com/spi/v3/candidates?limit=30';
    while (url) {
      const page: { candidates: Array<{ id: string }>; paging?: { next: string } } = await json(url);
      ids.push(...page.candidates.map((c) => c.id));
      if (page.paging) expect(page.paging.next).toMatch(/^http:\/\/acme\.workable\.com\/spi\/v3\/candidates\?limit=30&since_id=[0-9a-f]+$/);
      url = page.paging?.next ?? null;
    }
    expect(ids.length).toBe(emu.state.candidates.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await json<{ candidates: unknown[] }>('/spi/v3/candidates?limit=500')).candidates.length).toBe(Math.min(100, emu.state.candidates.length));
  });

  it('filters by updated_after (ISO or epoch), email and shortcode; distinct envelopes', async () => {
    const { emu, json } = setup();
    const c = emu.state.candidates[0];
    if (!c) throw new Error('no candidate');
    const since = '2030-01-01T00:00:00Z';
    expect((await json<{ candidates: unknown[] }>(`/spi/v3/candidates?updated_after=${since}`)).candidates).toEqual([]);
    expect((await json<{ candidates: unknown[] }>('/spi/v3/candidates?updated_after=1893456000')).candidates).toEqual([]);
    const byEmail = await json<{ candidates: Array<{ id: string }> }>(`/spi/v3/candidates?email=${encodeURIComponent((c.email ?? '').toUpperCase())}`);
    expect(byEmail.candidates.map((x) => x.id)).toContain(c.id);
    expect(Object.keys(await json(`/spi/v3/candidates/${c.id}`))).toEqual(['candidate']);
    expect(Array.isArray(await json('/spi/v3/disqualification_reasons'))).toBe(true);
    expect((await json(`/spi/v3/jobs/${c.shortcode}`))['shortcode']).toBe(c.shortcode);
  });
});

describe('workable emulator: rate limits', () => {
  it('sends both header families and answers 429 past 10 requests per 10 s', async () => {
    const { request } = setup({ rateLimitPerSecond: undefined });
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 11; i++) statuses.push((last = await request('/spi/v3/members')).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(last?.headers.get('x-rate-limit-limit')).toBe('10');
    expect(last?.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(last?.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(last?.headers.get('x-ratelimit-limit')).toBe('2000');
    expect(last?.headers.get('retry-after')).toBeNull();
  });
});

describe('workable emulator: writes', () => {
  it('requires member_id on actions; moves by slug, disqualifies, reverts, comments with attachment', async () => {
    const { emu, send, json, member } = setup();
    const c = emu.state.candidates.find((x) => !x.disqualified);
    if (!c) throw new Error('no candidate');
    expect((await send('POST', `/spi/v3/candidates/${c.id}/move`, { target_stage: 'offer' })).status).toBe(422);
    const moved = await send('POST', `/spi/v3/candidates/${c.id}/move`, { member_id: member, target_stage: 'offer' });
    expect(moved.status).toBe(200);
    expect(await moved.text()).toBe('');
    expect((await json<{ candidate: { stage: string; stage_kind: string } }>(`/spi/v3/candidates/${c.id}`)).candidate).toMatchObject({ stage: 'Offer', stage_kind: 'offer' });
    const reason = emu.state.reasons[0];
    expect((await send('POST', `/spi/v3/candidates/${c.id}/disqualify`, { member_id: member, disqualify_reason_id: reason?.id, disqualify_note: 'x'.repeat(257) })).status).toBe(422);
    expect((await send('POST', `/spi/v3/candidates/${c.id}/disqualify`, { member_id: member, disqualify_reason_id: reason?.id })).status).toBe(200);
    expect(c).toMatchObject({ disqualified: true, disqualification_reason: reason?.description });
    await send('POST', `/spi/v3/candidates/${c.id}/revert`, { member_id: member });
    expect(c.disqualified).toBe(false);
    // The deprecated free-text reason the docs still show in their example request.
    expect((await send('POST', `/spi/v3/candidates/${c.id}/disqualify`, { member_id: member, disqualification_reason: 'Very tardy' })).status).toBe(200);
    expect(c).toMatchObject({ disqualified: true, disqualification_reason: 'Very tardy' });
    await send('POST', `/spi/v3/candidates/${c.id}/revert`, { member_id: member });
    const commented = await send('POST', `/spi/v3/candidates/${c.id}/comments`, { member_id: member, comment: { body: 'See file', attachment: { name: 'r.pdf', data: Buffer.from('%PDF').toString('base64') } } });
    expect(((await commented.json()) as { id: string }).id).toMatch(/^[0-9a-f]+$/);
    const files = await json<{ files: Array<{ name: string; preview_url: string }> }>(`/spi/v3/candidates/${c.id}/files`);
    const added = files.files.find((f) => f.name === 'r.pdf');
    expect(await (await emu.app.request(added?.preview_url ?? '')).text()).toBe('%PDF');
  });

  it('replaces the whole tag list and creates candidates in a job', async () => {
    const { emu, send } = setup();
    const c = emu.state.candidates[0];
    const job = emu.state.jobs.find((j) => j.state === 'published');
    expect(await (await send('PUT', `/spi/v3/candidates/${c?.id}/tags`, { tags: ['a', 'b'] })).json()).toEqual({ tags: ['a', 'b'] });
    expect(await (await send('PUT', `/spi/v3/candidates/${c?.id}/tags`, { tags: [] })).json()).toEqual({ tags: [] });
    expect((await send('POST', `/spi/v3/jobs/${job?.shortcode}/candidates`, { candidate: { name: 'No Mail' } })).status).toBe(422);
    const created = await send('POST', `/spi/v3/jobs/${job?.shortcode}/candidates?stage=applied`, { candidate: { name: 'Ada Lovelace', email: 'ada@example.net' } });
    const body = (await created.json()) as { status: string; candidate: { stage: string; sourced: boolean; outlet: string } };
    expect(body).toMatchObject({ status: 'created', candidate: { stage: 'Applied', sourced: true, outlet: 'SPI' } });
  });
});
