import { describe, expect, it } from 'vitest';
import { harness, json, type Harness } from './test-support.js';

type Row = Record<string, unknown>;

async function activeApplication(h: Harness): Promise<Row> {
  const apps = await json<Row[]>(await h.get('/v3/applications?status=active&prospect=false&per_page=50'));
  const app = apps.find((a) => a.stage_name !== 'Offer' && a.stage_id !== null);
  if (!app) throw new Error('no active application in the seed');
  return app;
}

const one = async (h: Harness, path: string) => (await json<Row[]>(await h.get(path)))[0];

describe('Greenhouse emulator: application writes', () => {
  it('advances, moves and validates from_stage_id (204, then 422 on a stale stage)', async () => {
    const h = await harness();
    const app = await activeApplication(h);
    const stages = await json<Row[]>(await h.get(`/v3/job_interview_stages?job_ids=${String(app.job_id)}`));
    stages.sort((a, b) => Number(a.sort_order) - Number(b.sort_order));
    const advanced = await h.send('POST', `/v3/applications/${String(app.id)}/move`, { from_stage_id: app.stage_id });
    expect(advanced.status).toBe(204);
    expect(await advanced.text()).toBe('');
    const after = await one(h, `/v3/applications?ids=${String(app.id)}`);
    const index = stages.findIndex((s) => s.id === app.stage_id);
    expect(after?.stage_id).toBe(stages[index + 1]?.id);
    expect(Date.parse(String(after?.updated_at))).toBeGreaterThan(Date.parse(String(app.updated_at)));
    const stale = await h.send('POST', `/v3/applications/${String(app.id)}/move`, { from_stage_id: app.stage_id, to_stage_id: stages[0]?.id });
    expect(stale.status).toBe(422);
    expect(await json(stale)).toMatchObject({ message: 'Unprocessable Content', errors: [{ from_stage_id: expect.any(String) }] });
    const moved = await h.send('POST', `/v3/applications/${String(app.id)}/move`, { from_stage_id: after?.stage_id, to_stage_id: stages[0]?.id });
    expect(moved.status).toBe(204);
    const history = await json<Row[]>(await h.get(`/v3/application_stages?application_ids=${String(app.id)}`));
    expect(history.filter((r) => r.current === true).map((r) => r.job_interview_stage_id)).toEqual([stages[0]?.id]);
  });

  it('rejects with a reason (204, rejection details and status) and requires rejection_reason_id', async () => {
    const h = await harness();
    const app = await activeApplication(h);
    const missing = await h.send('POST', `/v3/applications/${String(app.id)}/reject`, { notes: 'no reason' });
    expect(missing.status).toBe(422);
    expect(await json(missing)).toMatchObject({ errors: [{ rejection_reason_id: expect.any(String) }] });
    const reason = await one(h, '/v3/rejection_reasons?per_page=1');
    const res = await h.send('POST', `/v3/applications/${String(app.id)}/reject`, { rejection_reason_id: reason?.id, notes: 'Went with another candidate' });
    expect(res.status).toBe(204);
    const after = await one(h, `/v3/applications?ids=${String(app.id)}`);
    expect(after).toMatchObject({ status: 'rejected', rejection_reason_id: reason?.id });
    expect(after?.rejected_at).not.toBeNull();
    const detail = await one(h, `/v3/rejection_details?application_ids=${String(app.id)}`);
    expect(detail).toMatchObject({ application_id: app.id, rejection_reason_id: reason?.id });
    expect((await h.send('POST', `/v3/applications/${String(app.id)}/reject`, { rejection_reason_id: reason?.id })).status).toBe(422);
    expect((await h.send('POST', `/v3/applications/${String(app.id)}/unreject`, {})).status).toBe(204);
    expect((await one(h, `/v3/applications?ids=${String(app.id)}`))?.status).toBe('in_process');
    expect((await h.send('POST', '/v3/applications/1/reject', { rejection_reason_id: reason?.id })).status).toBe(404);
  });

  it('hires with an open opening (204) and requires opening_id when several are open (422)', async () => {
    const h = await harness();
    const app = await activeApplication(h);
    const openings = await json<Row[]>(await h.get(`/v3/openings?job_ids=${String(app.job_id)}&open=true`));
    if (openings.length > 1) expect((await h.send('POST', `/v3/applications/${String(app.id)}/hire`, {})).status).toBe(422);
    const res = await h.send('POST', `/v3/applications/${String(app.id)}/hire`, { opening_id: openings[0]?.id, start_date: '2026-12-01' });
    expect(res.status).toBe(204);
    expect((await one(h, `/v3/applications?ids=${String(app.id)}`))?.status).toBe('hired');
    expect((await one(h, `/v3/openings?ids=${String(openings[0]?.id)}`))).toMatchObject({ open: false, application_id: app.id });
  });

  it('creates applications (201) and rejects unknown jobs or attributes (422)', async () => {
    const h = await harness();
    const candidate = await one(h, '/v3/candidates?per_page=1');
    const taken = (await json<Row[]>(await h.get(`/v3/applications?candidate_ids=${String(candidate?.id)}`))).map((a) => a.job_id);
    const job = (await json<Row[]>(await h.get('/v3/jobs?status=open&per_page=500'))).find((j) => !taken.includes(j.id));
    const created = await h.send('POST', '/v3/applications', { candidate_id: candidate?.id, job_id: job?.id });
    expect(created.status).toBe(201);
    const app = await json(created);
    expect(app).toMatchObject({ candidate_id: candidate?.id, job_id: job?.id, status: 'in_process', prospect: false, stage_name: 'Application Review' });
    expect((await h.send('POST', '/v3/applications', { candidate_id: candidate?.id, job_id: 42 })).status).toBe(422);
    const extra = await h.send('POST', '/v3/applications', { candidate_id: candidate?.id, job_id: job?.id, colour: 'blue' });
    expect(await json(extra)).toMatchObject({ errors: expect.arrayContaining([{ colour: expect.any(String) }]) });
    const prospect = await h.send('POST', '/v3/applications', { candidate_id: candidate?.id, prospect: true, job_ids: [job?.id] });
    expect(await json(prospect)).toMatchObject({ prospect: true, job_id: null, stage_id: null, prospective_job_ids: [job?.id] });
  });
});

describe('Greenhouse emulator: candidate writes', () => {
  it('creates a candidate with an application (201) and requires a last name (422)', async () => {
    const h = await harness();
    const job = await one(h, '/v3/jobs?status=open&per_page=1');
    const res = await h.send('POST', '/v3/candidates', {
      first_name: 'Grace', last_name: 'Hopper', company: 'Navy', email_addresses: [{ value: 'grace@example.com', type: 'work' }],
      phone_numbers: [{ value: '+1 555 0100', type: 'mobile' }], tags: ['COBOL'], application: { job_id: job?.id },
    });
    expect(res.status).toBe(201);
    const body = await json<{ candidate: Row; application: Row }>(res);
    expect(body.candidate).toMatchObject({ first_name: 'Grace', last_name: 'Hopper', tags: ['COBOL'], email_addresses: [{ value: 'grace@example.com', type: 'work' }] });
    expect(body.application).toMatchObject({ candidate_id: body.candidate.id, job_id: job?.id });
    const listed = await one(h, `/v3/candidates?email=grace@example.com`);
    expect(listed?.id).toBe(body.candidate.id);
    const bad = await h.send('POST', '/v3/candidates', { first_name: 'Solo' });
    expect(bad.status).toBe(422);
    expect(await json(bad)).toMatchObject({ message: 'Unprocessable Content', errors: [{ last_name: expect.any(String) }] });
  });

  it('adds notes (201, *_visible on read) and validates visibility (422)', async () => {
    const h = await harness();
    const candidate = await one(h, '/v3/candidates?per_page=1');
    const res = await h.send('POST', '/v3/notes', { candidate_id: candidate?.id, body: 'Assessment report: https://example.com/r/1', visibility: 'public', note_type: 'NOTE' });
    expect(res.status).toBe(201);
    const note = await json(res);
    expect(note).toMatchObject({ candidate_id: candidate?.id, type: 'NOTE', visibility: 'publicly_visible', user_id: Number(h.em.credentials.user_id) });
    expect((await one(h, `/v3/notes?candidate_ids=${String(candidate?.id)}&visibility=publicly_visible`))?.id).toBe(note.id);
    const bad = await h.send('POST', '/v3/notes', { candidate_id: candidate?.id, body: 'x', visibility: 'everyone' });
    expect(bad.status).toBe(422);
    expect(await json(bad)).toMatchObject({ errors: [{ visibility: expect.any(String) }] });
  });

  it('adds attachments (201, signed url, a new resume reclassifies the old one as other) and validates the documented body (422)', async () => {
    const h = await harness();
    const app = await activeApplication(h);
    const content = Buffer.from('%PDF-1.4 report').toString('base64');
    const first = await json(await h.send('POST', '/v3/attachments', { application_id: app.id, filename: 'old-cv.pdf', type: 'resume', content }));
    const res = await h.send('POST', '/v3/attachments', { application_id: app.id, filename: 'cv.pdf', type: 'resume', content, visibility: 'admin_only' });
    expect(res.status).toBe(201);
    const att = await json(res);
    expect(att).toMatchObject({ application_id: app.id, candidate_id: app.candidate_id, type: 'resume', filename: 'cv.pdf' });
    const download = await h.em.app.request(String(att.url));
    expect(await download.text()).toBe('%PDF-1.4 report');
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const resumes = await json<Row[]>(await h.get(`/v3/attachments?application_ids=${String(app.id)}&type=resume`));
    expect(resumes.map((r) => r.id)).toEqual([att.id]);
    const earlier = await one(h, `/v3/attachments?ids=${String(first.id)}`);
    expect(earlier).toMatchObject({ id: first.id, type: 'other', filename: 'old-cv.pdf' });
    const bad = await h.send('POST', '/v3/attachments', { application_id: app.id, filename: 'x.pdf', type: 'selfie', content });
    expect(bad.status).toBe(422);
    expect(await json(bad)).toMatchObject({ errors: [{ type: expect.any(String) }] });
    expect((await h.send('POST', '/v3/attachments', { application_id: app.id, filename: 'x.pdf', type: 'other' })).status).toBe(422);
    const withContentType = await h.send('POST', '/v3/attachments', { application_id: app.id, filename: 'x.pdf', type: 'other', content, content_type: 'application/pdf' });
    expect(withContentType.status).toBe(422);
    expect(await json(withContentType)).toMatchObject({ errors: [{ content_type: expect.any(String) }] });
    expect((await h.send('POST', '/v3/attachments', { application_id: app.id, filename: 'x.pdf', type: 'other', content, visibility: 'everyone' })).status).toBe(422);
  });

  it('creates, applies and removes tags (201/200, 201, 204) and refuses duplicates (422)', async () => {
    const h = await harness();
    const candidate = await one(h, '/v3/candidates?per_page=1');
    const created = await h.send('POST', '/v3/candidate_tags', { name: 'Assessed' });
    expect(created.status).toBe(201);
    const tag = await json(created);
    expect((await h.send('POST', '/v3/candidate_tags', { name: 'assessed' })).status).toBe(200);
    const applied = await h.send('POST', '/v3/applied_candidate_tags', { candidate_id: candidate?.id, candidate_tag_id: tag.id });
    expect(applied.status).toBe(201);
    const row = await json(applied);
    expect((await one(h, `/v3/candidates?ids=${String(candidate?.id)}`))?.tags).toContain('Assessed');
    const dup = await h.send('POST', '/v3/applied_candidate_tags', { candidate_id: candidate?.id, candidate_tag_id: tag.id });
    expect(dup.status).toBe(422);
    expect(await json(dup)).toMatchObject({ errors: [{ candidate_tag_id: expect.any(String) }] });
    expect((await h.send('DELETE', `/v3/applied_candidate_tags/${String(row.id)}`)).status).toBe(204);
    expect((await one(h, `/v3/candidates?ids=${String(candidate?.id)}`))?.tags).not.toContain('Assessed');
    expect((await h.send('DELETE', `/v3/applied_candidate_tags/${String(row.id)}`)).status).toBe(404);
  });
});
