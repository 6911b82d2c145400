/** The Teamtailor emulator answers as Teamtailor's API documentation describes (see README.md). */
import { describe, expect, it } from 'vitest';
import { createTeamtailorEmulator, TEAMTAILOR_KEY } from './app.js';

const KEY = { Authorization: `Token token=${TEAMTAILOR_KEY}`, 'X-Api-Version': '20240404' };
const JSONAPI = 'application/vnd.api+json';

function setup(size = 40, extra: { requestsPer10s?: number; now?: () => number } = {}) {
  const emu = createTeamtailorEmulator({ seed: 1, size, rateLimitPerSecond: extra.requestsPer10s ? 1 : Infinity, ...extra });
  const call = (path: string, init: RequestInit = {}) => emu.app.request(`http://tt.test${path}`, { ...init, headers: { ...KEY, ...(init.headers as Record<string, string> | undefined) } });
  const json = async (res: Response) => (await res.json()) as Record<string, unknown> & { data: unknown; links?: Record<string, string>; meta?: Record<string, number>; included?: unknown[]; errors?: Array<Record<string, unknown>> };
  return { emu, call, json };
}

describe('Teamtailor emulator', () => {
  it('asks for the key (401), the API version (406), and a key with the scope (403)', async () => {
    const { emu } = setup(3);
    expect((await emu.app.request('http://tt.test/v1/candidates', { headers: { 'X-Api-Version': '20240404' } })).status).toBe(401);
    const noVersion = await emu.app.request('http://tt.test/v1/candidates', { headers: { Authorization: KEY.Authorization } });
    expect(noVersion.status).toBe(406);
    expect(((await noVersion.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    const publicKey = await emu.app.request('http://tt.test/v1/candidates', { headers: { ...KEY, Authorization: 'Token token=tt-public-read' } });
    expect(publicKey.status).toBe(403);
    const ok = await emu.app.request('http://tt.test/v1/jobs', { headers: { ...KEY, Authorization: 'Token token=tt-public-read' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('X-Api-Version')).toBe('20240404');
  });

  it('pages with page[number]/page[size] (at most 30), links.next until the last page, and meta counts', async () => {
    const { emu, call, json } = setup(70);
    expect((await call('/v1/candidates?page%5Bsize%5D=31')).status).toBe(400);
    const first = await json(await call('/v1/candidates?page%5Bsize%5D=30'));
    expect(first.meta).toEqual({ 'record-count': 70, 'page-count': 3 });
    expect(first.links?.['next']).toContain('page%5Bnumber%5D=2');
    const last = await json(await call('/v1/candidates?page%5Bsize%5D=30&page%5Bnumber%5D=3'));
    expect(last.links?.['next']).toBeUndefined();
    expect((last.data as unknown[]).length).toBe(10);
    expect(emu.state.candidates).toHaveLength(70);
  });

  it('serves dasherized attributes, relationship links, and linkage plus included records for include=', async () => {
    const { call, json } = setup(10);
    const plain = await json(await call('/v1/job-applications?page%5Bsize%5D=1'));
    const [app] = plain.data as Array<{ attributes: Record<string, unknown>; relationships: Record<string, { links: Record<string, string>; data?: unknown }> }>;
    expect(app?.attributes).toHaveProperty('rejected-at');
    expect(app?.relationships['stage']?.links['related']).toMatch(/\/v1\/job-applications\/\d+\/stage$/);
    expect(app?.relationships['stage']?.data).toBeUndefined();
    const withStage = await json(await call('/v1/job-applications?page%5Bsize%5D=1&include=stage'));
    const [linked] = withStage.data as Array<{ relationships: Record<string, { data?: { type: string } }> }>;
    expect(linked?.relationships['stage']?.data?.type).toBe('stages');
    expect(withStage.included?.length).toBe(1);
  });

  it('lists only published public jobs unless asked, and filters by updated-at', async () => {
    const { emu, call, json } = setup(40);
    const published = await json(await call('/v1/jobs'));
    expect((published.data as unknown[]).length).toBe(emu.state.jobs.filter((j) => j.status === 'open' && !j.internal).length);
    const all = await json(await call('/v1/jobs?filter%5Bstatus%5D=all&filter%5Bfeed%5D=all&page%5Bsize%5D=30'));
    expect((all.data as unknown[]).length).toBe(emu.state.jobs.length);
    const changed = emu.state.candidates[3];
    if (changed) changed.updatedAt = '2030-01-01T00:00:00.000Z';
    const since = await json(await call('/v1/candidates?filter%5Bupdated-at%5D%5Bfrom%5D=2029-12-31T00:00:00Z'));
    expect((since.data as Array<{ id: string }>).map((c) => c.id)).toEqual([changed?.id]);
  });

  it('limits each key per 10 s window with X-Rate-Limit-* headers, then 429', async () => {
    let t = 0;
    const { call } = setup(3, { requestsPer10s: 2, now: () => t });
    const first = await call('/v1/users');
    expect(first.headers.get('X-Rate-Limit-Limit')).toBe('2');
    expect(first.headers.get('X-Rate-Limit-Remaining')).toBe('1');
    await call('/v1/users');
    const refused = await call('/v1/users');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('X-Rate-Limit-Reset')).toBe('10');
    t = 10_000;
    expect((await call('/v1/users')).status).toBe(200);
  });

  it('hands out upload links that expire', async () => {
    let t = 0;
    const { emu, call, json } = setup(4, { now: () => t });
    const upload = emu.state.uploads[0];
    const doc = await json(await call(`/v1/uploads/${upload?.id}`));
    const url = new URL((doc.data as { attributes: { url: string } }).attributes.url);
    expect(await (await emu.app.request(`http://tt.test${url.pathname}${url.search}`)).text()).toBe(upload?.content);
    t = 61_000;
    expect((await emu.app.request(`http://tt.test${url.pathname}${url.search}`)).status).toBe(403);
  });

  it('validates writes: JSON:API media type, unique e-mail (merge upserts), required relationships, stages of the job', async () => {
    const { emu, call, json } = setup(6);
    const post = (path: string, body: unknown, type = JSONAPI) => call(path, { method: 'POST', headers: { 'Content-Type': type }, body: JSON.stringify(body) });
    const existing = emu.state.candidates[0];
    expect((await post('/v1/candidates', { data: { type: 'candidates', attributes: { email: 'x@example.org' } } }, 'application/json')).status).toBe(415);
    const dup = await post('/v1/candidates', { data: { type: 'candidates', attributes: { email: existing?.email } } });
    expect(dup.status).toBe(422);
    expect((await json(dup)).errors?.[0]?.['source']).toEqual({ pointer: '/data/attributes/email' });
    expect((await post('/v1/candidates', { data: { type: 'candidates', attributes: { email: existing?.email, 'first-name': 'Merged', merge: true } } })).status).toBe(200);
    expect(emu.state.candidate(existing?.id ?? '')?.firstName).toBe('Merged');
    const noJob = await post('/v1/job-applications', { data: { type: 'job-applications', relationships: { candidate: { data: { type: 'candidates', id: existing?.id } } } } });
    expect(noJob.status).toBe(422);
    const app = emu.state.applications[0];
    const otherJobStage = emu.state.stages.find((s) => s.jobId !== app?.jobId);
    const wrongStage = await call(`/v1/job-applications/${app?.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': JSONAPI },
      body: JSON.stringify({ data: { type: 'job-applications', id: app?.id, relationships: { stage: { data: { type: 'stages', id: otherJobStage?.id } } } } }),
    });
    expect(wrongStage.status).toBe(422);
  });

  it('serves questions, picked questions and answers, nested through include=, and takes answers on a candidate', async () => {
    const { emu, call, json } = setup(6);
    const job = emu.state.jobs[0];
    const doc = await json(await call(`/v1/jobs/${job?.id}?include=picked-questions.question`));
    const picked = (doc.data as { relationships: Record<string, { data?: Array<{ id: string }> }> }).relationships['picked-questions']?.data ?? [];
    expect(picked.length).toBe(emu.state.pickedQuestions.filter((p) => p.jobId === job?.id).length);
    const types = new Set((doc.included as Array<{ type: string }>).map((r) => r.type));
    expect(types).toEqual(new Set(['picked-questions', 'questions']));
    const choice = emu.state.questions.find((q) => q.questionType === 'Choice');
    const candidate = emu.state.candidates[0];
    const post = (attributes: Record<string, unknown>, question: string | null = choice?.id ?? null) =>
      call('/v1/answers', { method: 'POST', headers: { 'Content-Type': JSONAPI }, body: JSON.stringify({ data: { type: 'answers', attributes, relationships: { candidate: { data: { type: 'candidates', id: candidate?.id } }, ...(question ? { question: { data: { type: 'questions', id: question } } } : {}) } } }) });
    expect((await post({ choices: [999] })).status).toBe(422);
    expect((await post({ text: 'x' }, null)).status).toBe(422);
    expect((await post({ number: 4 })).status).toBe(400);
    const created = await post({ choices: [choice?.alternatives?.[0]?.id] });
    expect(created.status).toBe(201);
    expect((await json(created)).data).toMatchObject({ type: 'answers', attributes: { choices: [choice?.alternatives?.[0]?.id] } });
    const mine = await json(await call(`/v1/candidates/${candidate?.id}/answers`));
    expect((mine.data as Array<{ id: string }>).map((a) => a.id)).toEqual(emu.state.answers.filter((a) => a.candidateId === candidate?.id).map((a) => a.id));
  });

  it('serves partner results read-only, filtered by candidate', async () => {
    const { emu, call, json } = setup(12);
    const candidate = emu.state.partnerResults[0]?.candidateId ?? '';
    const doc = await json(await call(`/v1/partner-results?filter%5Bcandidate%5D=${candidate}`));
    expect((doc.data as Array<{ attributes: Record<string, unknown> }>).map((r) => r.attributes['url'])).toEqual(emu.state.partnerResults.filter((r) => r.candidateId === candidate).map((r) => r.url));
    expect((await call('/v1/partner-results', { method: 'POST', headers: { 'Content-Type': JSONAPI }, body: JSON.stringify({ data: { type: 'partner-results', attributes: { url: 'x' } } }) })).status).toBe(404);
    expect((await emu.app.request('http://tt.test/__admin/partner-results', { method: 'POST', body: JSON.stringify({ candidate_id: candidate, url: 'https://assessly.example/r/9' }) })).status).toBe(201);
    expect(emu.state.partnerResults.some((r) => r.url === 'https://assessly.example/r/9')).toBe(true);
  });
});
