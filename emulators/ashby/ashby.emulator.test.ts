/**
 * The Ashby emulator on its own (in process, through `app.request`): RPC routing, Basic auth and
 * module permissions, envelopes, cursor pagination with empty pages and sync tokens, the sync-token
 * errors, 429 with rate-limit headers, signed file URLs and the writes' state machine.
 */
import { describe, expect, it } from 'vitest';
import { createAshbyEmulator, type AshbyEmulator } from './app.js';
import type { Json } from './state.js';

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

function rpc(emu: AshbyEmulator, method: string, body: unknown = {}, key = emu.credentials['api_key'] ?? '') {
  return emu.app.request(`/${method}`, { method: 'POST', headers: { Authorization: basic(key), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}
async function ok(emu: AshbyEmulator, method: string, body: unknown = {}): Promise<Json> {
  const res = await rpc(emu, method, body);
  expect(res.status).toBe(200);
  const json = (await res.json()) as Json;
  expect(json['success'], JSON.stringify(json)).toBe(true);
  return json;
}
async function listAll(emu: AshbyEmulator, method: string, body: Json = {}): Promise<{ items: Json[]; pages: number; syncToken: unknown }> {
  const items: Json[] = [];
  let cursor: unknown = undefined;
  let pages = 0;
  for (;;) {
    const page = await ok(emu, method, { ...body, ...(cursor ? { cursor } : {}) });
    pages++;
    items.push(...(page['results'] as Json[]));
    if (!page['moreDataAvailable']) return { items, pages, syncToken: page['syncToken'] };
    cursor = page['nextCursor'];
  }
}

describe('ashby emulator', () => {
  const emu = createAshbyEmulator({ seed: 1, size: 60, rateLimitPerSecond: Infinity, pageCap: 25 });

  it('is deterministic and realistic: UUIDs, ISO timestamps, PascalCase enums', () => {
    const again = createAshbyEmulator({ seed: 1, size: 60, rateLimitPerSecond: Infinity });
    expect(again.state.all('candidate').map((c) => c['id'])).toEqual(emu.state.all('candidate').map((c) => c['id']));
    const app = emu.state.all('application')[0] as Json;
    expect(String(app['id'])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(String(app['createdAt'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(new Set(emu.state.all('application').map((a) => a['status']))).toEqual(new Set(['Active', 'Archived', 'Hired', 'Lead']));
  });

  it('is RPC style: POST only, unknown methods 404, JSON bodies required', async () => {
    const key = emu.credentials['api_key'] ?? '';
    expect((await emu.app.request('/candidate.list', { headers: { Authorization: basic(key) } })).status).toBe(405);
    expect((await rpc(emu, 'candidate.nope')).status).toBe(404);
    const res = await emu.app.request('/candidate.list', { method: 'POST', headers: { Authorization: basic(key), 'Content-Type': 'text/plain' }, body: '{}' });
    expect(await res.json()).toMatchObject({ success: false, errorInfo: { code: 'invalid_input' } });
  });

  it('401 without a key, 403 for a wrong or deactivated key, 403 missing_endpoint_permission per module', async () => {
    expect((await emu.app.request('/candidate.list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await rpc(emu, 'candidate.list', {}, 'wrong')).status).toBe(403);
    const limited = emu.createKey({ read: ['candidates'], write: [] });
    expect((await rpc(emu, 'candidate.list', {}, limited)).status).toBe(200);
    const denied = await rpc(emu, 'offer.list', {}, limited);
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ success: false, errors: ['missing_endpoint_permission'], errorInfo: { code: 'missing_endpoint_permission' } });
    expect((await rpc(emu, 'candidate.createNote', { candidateId: 'x', note: 'n' }, limited)).status).toBe(403);
  });

  it('paginates with an empty first page, caps the page size and issues a sync token on the last page', async () => {
    const first = await ok(emu, 'candidate.list', { limit: 100 });
    expect(first).toMatchObject({ results: [], moreDataAvailable: true });
    const { items, pages, syncToken } = await listAll(emu, 'candidate.list', { limit: 100 });
    expect(items.length).toBe(60);
    expect(pages).toBe(1 + 3);
    expect(typeof syncToken).toBe('string');
    expect((await listAll(emu, 'candidateTag.list')).syncToken).toBeUndefined();
  });

  it('answers lists documented without limit or cursor in one page, ignoring a limit sent anyway', async () => {
    const plan = String(emu.state.all('interviewPlan')[0]?.['id']);
    const lists: Array<[string, Json, number]> = [
      ['archiveReason.list', { includeArchived: true }, emu.state.all('archiveReason').length],
      ['source.list', { includeArchived: true }, emu.state.all('source').length],
      ['jobPosting.list', {}, emu.state.all('jobPosting').length],
      ['interviewStage.list', { interviewPlanId: plan }, emu.state.stagesOfPlan(plan).length],
    ];
    for (const [method, body, count] of lists) {
      expect(count, method).toBeGreaterThan(1);
      const answer = await ok(emu, method, { ...body, limit: 1 });
      expect((answer['results'] as Json[]).length, method).toBe(count);
      expect(answer['moreDataAvailable'], method).toBe(false);
      expect(answer['nextCursor'], method).toBeUndefined();
      expect(answer['syncToken'], method).toBeUndefined();
    }
    const stages = (await ok(emu, 'interviewStage.list', { interviewPlanId: plan }))['results'] as Json[];
    expect(stages.map((st) => st['orderInInterviewPlan'])).toEqual([...stages.map((st) => Number(st['orderInInterviewPlan']))].sort((a, b) => a - b));
  });

  it('refuses expired page cursors (next_cursor_expired) and undecodable ones (invalid_next_cursor)', async () => {
    const first = await ok(emu, 'candidate.list', { limit: 10 });
    const cursor = first['nextCursor'];
    expect(typeof cursor).toBe('string');
    expect(await ok(emu, 'candidate.list', { limit: 10, cursor })).toMatchObject({ success: true });
    emu.listing.cursorTtlMs = 0;
    try {
      const expired = await rpc(emu, 'candidate.list', { limit: 10, cursor });
      expect(expired.status).toBe(200);
      expect(await expired.json()).toMatchObject({ success: false, errors: ['next_cursor_expired'], errorInfo: { code: 'next_cursor_expired' } });
    } finally {
      emu.listing.cursorTtlMs = Number.POSITIVE_INFINITY;
    }
    expect(await (await rpc(emu, 'candidate.list', { cursor: 'not a cursor' })).json()).toMatchObject({ success: false, errorInfo: { code: 'invalid_next_cursor' } });
  });

  it('returns only changed records for a sync token; expired and too-large tokens are business errors', async () => {
    const { syncToken } = await listAll(emu, 'application.list');
    const target = emu.state.all('application')[5] as Json;
    emu.state.touch('application', String(target['id']));
    const delta = await listAll(emu, 'application.list', { syncToken });
    expect(delta.items.map((a) => a['id'])).toEqual([target['id']]);
    emu.listing.incrementalLimit = 0;
    expect(await (await rpc(emu, 'application.list', { syncToken: delta.syncToken })).json()).toMatchObject({ success: true });
    emu.state.touch('application', String(target['id']));
    expect(await (await rpc(emu, 'application.list', { syncToken: delta.syncToken })).json()).toMatchObject({ success: false, errorInfo: { code: 'incremental_sync_too_large' } });
    emu.listing.incrementalLimit = Number.POSITIVE_INFINITY;
    emu.state.tokenEpoch++;
    const expired = await rpc(emu, 'application.list', { syncToken: delta.syncToken });
    expect(expired.status).toBe(200);
    expect(await expired.json()).toMatchObject({ success: false, errors: ['sync_token_expired'], errorInfo: { code: 'sync_token_expired' } });
  });

  it('resolves file handles to expiring signed URLs', async () => {
    const candidate = emu.state.all('candidate').find((c) => c['resumeFileHandle']) as Json;
    const info = await ok(emu, 'file.info', { fileHandle: (candidate['resumeFileHandle'] as Json)['handle'] });
    const url = new URL(String((info['results'] as Json)['url']));
    const res = await emu.app.request(`${url.pathname}${url.search}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect((await emu.app.request(url.pathname)).status).toBe(403);
  });

  it('changeStage: Archived needs an archive reason and sets status, archivedAt and the reason; leaving clears them', async () => {
    const app = emu.state.all('application').find((a) => a['status'] === 'Active') as Json;
    const plan = emu.state.stagesOfPlan(String((app['currentInterviewStage'] as Json)['interviewPlanId']));
    const archivedStage = plan.find((s) => s['type'] === 'Archived') as Json;
    const reason = emu.state.all('archiveReason')[0] as Json;
    expect(await (await rpc(emu, 'application.changeStage', { applicationId: app['id'], interviewStageId: archivedStage['id'] })).json()).toMatchObject({ success: false, errorInfo: { code: 'invalid_input' } });
    const archived = await ok(emu, 'application.changeStage', { applicationId: app['id'], interviewStageId: archivedStage['id'], archiveReasonId: reason['id'] });
    expect(archived['results']).toMatchObject({ status: 'Archived', archiveReason: { id: reason['id'] }, archivedAt: expect.any(String) });
    const back = await ok(emu, 'application.changeStage', { applicationId: app['id'], interviewStageId: plan[2]?.['id'] });
    expect(back['results']).toMatchObject({ status: 'Active', archiveReason: null });
    expect((back['results'] as Json)['archivedAt']).toBeUndefined();
  });

  it('creates candidates and applications (first Lead stage by default), notes, tags and files', async () => {
    const created = (await ok(emu, 'candidate.create', { name: 'Grace Hopper', email: 'grace@example.net' }))['results'] as Json;
    expect(created).toMatchObject({ name: 'Grace Hopper', primaryEmailAddress: { value: 'grace@example.net' }, applicationIds: [] });
    expect(await (await rpc(emu, 'candidate.create', {})).json()).toMatchObject({ success: false, errorInfo: { code: 'invalid_input' } });
    const job = emu.state.all('job').find((j) => j['status'] === 'Open') as Json;
    const app = (await ok(emu, 'application.create', { candidateId: created['id'], jobId: job['id'] }))['results'] as Json;
    expect(app).toMatchObject({ status: 'Lead', applicationHistory: [{ title: 'New Lead' }] });
    expect(emu.state.get('candidate', String(created['id']))?.['applicationIds']).toEqual([app['id']]);
    expect(await (await rpc(emu, 'application.create', { candidateId: created['id'], jobId: job['id'] })).json()).toMatchObject({ success: false, errorInfo: { code: 'application_already_exists' } });

    await ok(emu, 'candidate.createNote', { candidateId: created['id'], note: { type: 'text/html', value: '<b>Strong</b> <a href="https://x.test">report</a>' } });
    expect(emu.state.notes.get(String(created['id']))?.[0]?.content).toBe('Strong report (https://x.test)');

    const tag = (await ok(emu, 'candidateTag.create', { title: 'Emulated' }))['results'] as Json;
    expect(((await ok(emu, 'candidate.addTag', { candidateId: created['id'], tagId: tag['id'] }))['results'] as Json)['tags']).toEqual([tag]);
    expect(((await ok(emu, 'candidate.removeTag', { candidateId: created['id'], tagId: tag['id'] }))['results'] as Json)['tags']).toEqual([]);

    const form = new FormData();
    form.append('candidateId', String(created['id']));
    form.append('resume', new Blob(['%PDF-1.4 cv'], { type: 'application/pdf' }), 'cv.pdf');
    const res = await emu.app.request('/candidate.uploadResume', { method: 'POST', headers: { Authorization: basic(emu.credentials['api_key'] ?? '') }, body: form });
    expect(((await res.json()) as Json)['results']).toMatchObject({ resumeFileHandle: { name: 'cv.pdf' } });
  });

  it('answers 429 with the error envelope and X-RateLimit headers at its rate', async () => {
    const limited = createAshbyEmulator({ seed: 2, size: 3, rateLimitPerSecond: 1 });
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 5; i++) {
      last = await rpc(limited, 'user.list');
      statuses.push(last.status);
    }
    expect(statuses).toContain(429);
    expect(last?.headers.get('x-ratelimit-limit')).toBe('60');
    expect(last?.headers.get('retry-after')).toBeTruthy();
    expect(await last?.json()).toMatchObject({ success: false, errorInfo: { code: 'rate_limit_exceeded' } });
  });
});

describe('ashby emulator: documented write rules', () => {
  const emu = createAshbyEmulator({ seed: 5, size: 12, rateLimitPerSecond: Infinity, pageCap: 25 });
  const key = () => emu.credentials['api_key'] ?? '';

  it('answers a sync token it cannot read with sync_token_invalid', async () => {
    const answer = await (await rpc(emu, 'candidate.list', { syncToken: 'not-a-token' })).json();
    expect(answer).toMatchObject({ success: false, errors: ['sync_token_invalid'], errorInfo: { code: 'sync_token_invalid' } });
    const { syncToken } = await listAll(emu, 'application.list');
    expect(await (await rpc(emu, 'candidate.list', { syncToken })).json()).toMatchObject({ success: false, errorInfo: { code: 'sync_token_invalid' } });
  });

  it('changeStage refuses archive fields for a non-archive stage and needs a template for archiveEmail', async () => {
    const app = emu.state.all('application').find((a) => a['status'] === 'Active') as Json;
    const plan = emu.state.stagesOfPlan(String((app['currentInterviewStage'] as Json)['interviewPlanId']));
    const active = plan.find((s) => s['type'] === 'Active') as Json;
    const archivedStage = plan.find((s) => s['type'] === 'Archived') as Json;
    const reason = emu.state.all('archiveReason').find((r) => r['isArchived'] === false) as Json;
    const refused = await (await rpc(emu, 'application.changeStage', { applicationId: app['id'], interviewStageId: active['id'], archiveReasonId: reason['id'] })).json();
    expect(refused).toMatchObject({ success: false, errorInfo: { code: 'invalid_input' } });
    expect(emu.state.get('application', String(app['id']))?.['archiveReason']).toBeNull();
    const withEmail = await (await rpc(emu, 'application.changeStage', { applicationId: app['id'], interviewStageId: archivedStage['id'], archiveReasonId: reason['id'], archiveEmail: {} })).json();
    expect(withEmail).toMatchObject({ success: false, errorInfo: { code: 'invalid_input' } });
    expect(emu.state.get('application', String(app['id']))?.['status']).toBe('Active');
  });

  it('needs the Hiring Process module for candidate tags, as documented', async () => {
    const candidatesOnly = emu.createKey({ read: ['candidates'], write: ['candidates'] });
    expect((await rpc(emu, 'candidateTag.create', { title: 'Nope' }, candidatesOnly)).status).toBe(403);
    expect((await rpc(emu, 'candidateTag.list', {}, candidatesOnly)).status).toBe(403);
    const hiring = emu.createKey({ read: ['hiringProcess'], write: ['hiringProcess'] });
    expect((await rpc(emu, 'candidateTag.create', { title: 'Yes' }, hiring)).status).toBe(200);
  });

  it('takes uploads through file.createFileUploadHandle, a presigned POST and a JSON handle', async () => {
    const candidate = emu.state.all('candidate')[0] as Json;
    const handleAnswer = await ok(emu, 'file.createFileUploadHandle', { fileUploadContext: 'CandidateResume', filename: 'cv.pdf', contentType: 'application/pdf', contentLength: 11 });
    const { handle, url, fields } = handleAnswer['results'] as { handle: string; url: string; fields: Record<string, string> };
    expect(typeof handle).toBe('string');
    // Nothing uploaded yet: the handle cannot be used.
    expect(await (await rpc(emu, 'candidate.uploadResume', { candidateId: candidate['id'], resumeHandle: handle })).json()).toMatchObject({ success: false, errorInfo: { code: 'invalid_input' } });
    const target = new URL(url);
    const missing = new FormData();
    missing.append('file', new Blob(['%PDF-1.4 cv']), 'cv.pdf');
    expect((await emu.app.request(target.pathname, { method: 'POST', body: missing })).status).toBe(403);
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob(['%PDF-1.4 cv'], { type: 'application/pdf' }), 'cv.pdf');
    expect((await emu.app.request(target.pathname, { method: 'POST', body: form })).status).toBe(204);
    // A résumé handle is not a file handle.
    expect(await (await rpc(emu, 'candidate.uploadFile', { candidateId: candidate['id'], fileHandle: handle })).json()).toMatchObject({ success: false, errorInfo: { code: 'invalid_input' } });
    const done = await ok(emu, 'candidate.uploadResume', { candidateId: candidate['id'], resumeHandle: handle });
    expect(done['results']).toMatchObject({ resumeFileHandle: { name: 'cv.pdf' } });
    expect(await (await rpc(emu, 'file.createFileUploadHandle', { fileUploadContext: 'Elsewhere', filename: 'x', contentType: 'text/plain', contentLength: 1 })).json()).toMatchObject({
      success: false,
      errorInfo: { code: 'invalid_input' },
    });
  });

  it('refuses the deprecated multipart body once switched off', async () => {
    const candidate = emu.state.all('candidate')[1] as Json;
    const send = async () => {
      const form = new FormData();
      form.append('candidateId', String(candidate['id']));
      form.append('file', new Blob(['notes']), 'notes.txt');
      const res = await emu.app.request('/candidate.uploadFile', { method: 'POST', headers: { Authorization: basic(key()) }, body: form });
      return (await res.json()) as Json;
    };
    expect(await send()).toMatchObject({ success: true });
    emu.uploads.multipart = false;
    try {
      expect(await send()).toMatchObject({ success: false, errorInfo: { code: 'invalid_input' } });
    } finally {
      emu.uploads.multipart = true;
    }
  });
});
