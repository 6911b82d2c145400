/** The Personio emulator on its own: token grant and expiry, scopes, cursor pages, filters, v1 auth and validation, 429s. */
import { describe, expect, it } from 'vitest';
import { createPersonioEmulator, type PersonioEmulatorOptions } from './app.js';

const setup = (options: Partial<PersonioEmulatorOptions> = {}) => {
  const emu = createPersonioEmulator({ seed: 1, size: 30, rateLimitPerSecond: Infinity, ...options });
  const cred = emu.credentials;
  const token = async (form: Record<string, string> = { grant_type: 'client_credentials', client_id: cred['client_id'] ?? '', client_secret: cred['client_secret'] ?? '' }) =>
    emu.app.request('/v2/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  const bearer = async () => ((await (await token()).json()) as { access_token: string }).access_token;
  const get = async (path: string, access?: string) => emu.app.request(path, { headers: { Authorization: `Bearer ${access ?? (await bearer())}` } });
  const v1 = (path: string, init: { body?: FormData; json?: unknown; headers?: Record<string, string> } = {}) =>
    emu.app.request(`/v1/recruiting${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cred['recruiting_api_key'] ?? ''}`, 'X-Company-ID': cred['company_id'] ?? '', ...(init.json !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
      body: init.json !== undefined ? JSON.stringify(init.json) : (init.body ?? null),
    });
  return { emu, token, bearer, get, v1 };
};
type Page = { _data: Array<Record<string, unknown>>; _meta: { links: { next?: { href: string } } } };

describe('Personio emulator', () => {
  it('grants form-encoded client credentials only, and answers a v2 error envelope otherwise', async () => {
    const { token, emu } = setup();
    const ok = await token();
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'personio:recruiting:read personio:persons:read' });
    const bad = await token({ grant_type: 'client_credentials', client_id: emu.credentials['client_id'] ?? '', client_secret: 'nope' });
    expect(bad.status).toBe(401);
    const body = (await bad.json()) as { trace_id: string; errors: Array<{ title: string; type: string }> };
    expect(body.trace_id).toMatch(/-/);
    expect(body.errors[0]).toMatchObject({ title: 'Invalid credentials', type: expect.stringContaining('developer.personio.de/reference/errors#') });
    const json = await emu.app.request('/v2/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials' }) });
    expect(json.status).toBe(400);
  });

  it('expires tokens on the clock and refuses a token without the recruiting scope with 403', async () => {
    let now = Date.parse('2026-06-01T10:00:00Z');
    const { get, bearer } = setup({ now: () => now, tokenTtlSeconds: 60 });
    const access = await bearer();
    expect((await get('/v2/recruiting/jobs', access)).status).toBe(200);
    now += 61_000;
    expect((await get('/v2/recruiting/jobs', access)).status).toBe(401);
    const personsOnly = setup({ scopes: ['personio:persons:read'] });
    expect((await personsOnly.get('/v2/recruiting/jobs')).status).toBe(403);
    expect((await personsOnly.get('/v2/persons')).status).toBe(200);
  });

  it('pages newest update first with limit and cursor, the next link keeping limit and filters, none on the last page', async () => {
    const { emu, get, bearer } = setup({ size: 25 });
    const access = await bearer();
    const seen: string[] = [];
    let url: string | null = '/v2/recruiting/candidates?limit=10';
    let pages = 0;
    while (url) {
      const body = (await (await get(url, access)).json()) as Page;
      seen.push(...body._data.map((c) => String(c['id'])));
      const next = body._meta.links.next?.href;
      if (next) expect(new URL(next).searchParams.get('limit')).toBe('10');
      url = next ? new URL(next).pathname + new URL(next).search : null;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(emu.state.candidates.length);
    const updated = seen.map((id) => emu.state.candidate(id)?.updated_at ?? 0);
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
    expect((await get('/v2/recruiting/applications?limit=201', access)).status).toBe(400);
    expect((await get('/v2/recruiting/applications?updated_at.gt=2026-01-01T00:00:00Z&updated_at.lt=2027-01-01T00:00:00Z', access)).status).toBe(400);
  });

  it('filters applications by update time and candidate email, and renders stages and object timestamps', async () => {
    const { emu, get, bearer } = setup();
    const access = await bearer();
    const app = emu.state.applications[3];
    const cand = emu.state.candidate(app?.candidate_id ?? '');
    const byEmail = (await (await get(`/v2/recruiting/applications?candidate.email=${encodeURIComponent(cand?.email.toUpperCase() ?? '')}`, access)).json()) as Page;
    expect(byEmail._data.map((a) => a['id'])).toContain(app?.id);
    const cutoff = new Date(Math.max(...emu.state.applications.map((a) => a.updated_at)) - 1).toISOString();
    const recent = (await (await get(`/v2/recruiting/applications?updated_at.gt=${cutoff}`, access)).json()) as Page;
    expect(recent._data).toHaveLength(1);
    const rejected = emu.state.applications.find((a) => a.stage.type === 'system' && a.stage.kind === 'rejected');
    const one = (await (await get(`/v2/recruiting/applications/${rejected?.id ?? ''}`, access)).json()) as { _data: Record<string, unknown> };
    expect(one._data['current_stage']).toEqual({ id: null, kind: 'rejected', name: null, type: 'system' });
    expect(one._data['updated_at']).toEqual({ 'date-time': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/), timezone: 'Europe/Berlin' });
    const transitions = (await (await get(`/v2/recruiting/applications/${rejected?.id ?? ''}/stage-transitions`, access)).json()) as Page;
    expect(transitions._data[0]).toMatchObject({ stage: { kind: 'rejected' } });
    expect((await get('/v2/recruiting/applications/nope', access)).status).toBe(404);
    expect((await get('/v2/recruiting/applications/x/notes', access)).status).toBe(404);
  });

  it('takes documents and applications on v1 with the recruiting key and company id, validating as documented', async () => {
    const { emu, v1, get } = setup();
    expect((await v1('/applications', { json: {}, headers: { 'X-Company-ID': '1' } })).status).toBe(401);
    const form = new FormData();
    form.set('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'CV.pdf');
    const uploaded = (await (await v1('/applications/documents', { body: form })).json()) as { uuid: string; extension: string };
    expect(uploaded.extension).toBe('pdf');
    const exe = new FormData();
    exe.set('file', new Blob(['MZ']), 'virus.exe');
    expect((await v1('/applications/documents', { body: exe })).status).toBe(422);
    const job = emu.state.jobs.find((j) => j.status === 'published');
    const body = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.net', job_position_id: job?.id, phase: { type: 'custom', id: 999 }, tags: ['Agency'], files: [{ uuid: uploaded.uuid, original_filename: 'CV.pdf', category: 'cv' }] };
    expect((await v1('/applications', { json: body })).status).toBe(201);
    const dupe = await v1('/applications', { json: body });
    expect(dupe.status).toBe(400);
    expect(JSON.stringify(await dupe.json())).toContain('errors.applicant-already-exists');
    const missing = await v1('/applications', { json: { ...body, email: 'x@example.net', files: [{ uuid: 'nope', category: 'cv' }], job_position_id: 1 } });
    expect(JSON.stringify(await missing.json())).toMatch(/posting-not-found.*file-not-exists|file-not-exists.*posting-not-found/);
    const created = emu.state.applications.at(-1);
    expect(created).toMatchObject({ stage: { type: 'system', kind: 'unassigned' }, tags: ['Agency'] });
    const listed = (await (await get('/v2/recruiting/candidates?limit=1')).json()) as Page;
    expect(listed._data[0]).toMatchObject({ email: 'ada@example.net' });
    expect(listed._data[0]).not.toHaveProperty('tags');
    emu.features.recruiting = false;
    const off = await v1('/applications', { json: { ...body, email: 'y@example.net' } });
    expect(off.status).toBe(403);
    expect(JSON.stringify(await off.json())).toContain('feature.recruiting.disabled');
  });

  it('serves the public feed of published positions, whose ids are the v1 job_position_id', async () => {
    const { emu } = setup();
    const res = await emu.app.request('/xml?language=en');
    expect(res.headers.get('content-type')).toMatch(/application\/xml/);
    const ids = [...(await res.text()).matchAll(/<position><id>(\d+)<\/id>/g)].map((m) => Number(m[1]));
    expect(ids).toEqual(emu.state.jobs.filter((j) => j.status === 'published').map((j) => j.id));
    expect((await emu.app.request('/xml?language=xx')).status).toBe(400);
  });

  it('answers 429 with Retry-After past the v1 limit of 20 requests a minute', async () => {
    let now = Date.parse('2026-06-01T10:00:00Z');
    const { v1 } = setup({ rateLimitPerSecond: 10, now: () => now });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await v1('/applications', { json: {} })).status);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    const last = await v1('/applications', { json: {} });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    now += 60_000;
    expect((await v1('/applications', { json: {} })).status).toBe(400);
  });
});
