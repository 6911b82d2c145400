import { describe, expect, it } from 'vitest';
import { setup, type ErrorBody, type ListBody } from './test-helpers.js';

type One = { data: Record<string, unknown> };

const expect400 = async (res: Response) => {
  expect(res.status).toBe(400);
  expect(((await res.json()) as ErrorBody).code).toBe('BadRequestError');
};

function pick(emu: ReturnType<typeof setup>['emu']) {
  const opp = emu.state.opportunities.find((o) => !o.confidential && o.archived === null);
  if (!opp) throw new Error('no open opportunity');
  return opp;
}

describe('lever emulator: create opportunity', () => {
  it('creates a candidate (201, deduped false) and requires perform_as', async () => {
    const { sendJson, performAs, getJson } = setup();
    const body = { name: 'Ada Example', emails: ['ada@example.net'], phones: [{ type: 'mobile', value: '+44 1' }], tags: ['API'], origin: 'sourced' };
    const res = await sendJson('POST', `/v1/opportunities?perform_as=${performAs}`, body);
    expect(res.status).toBe(201);
    const created = (await res.json()) as { deduped: boolean; data: Record<string, unknown> };
    expect(created.deduped).toBe(false);
    expect(created.data).toMatchObject({ name: 'Ada Example', emails: ['ada@example.net'], stage: 'lead-new', tags: ['API'], sourcedBy: performAs, archived: null });
    expect((created.data.stageChanges as unknown[])[0]).toMatchObject({ toStageId: 'lead-new', toStageIndex: 0, userId: performAs });
    expect((await getJson<One>(`/v1/opportunities/${created.data.id}`)).data.id).toBe(created.data.id);

    await expect400(await sendJson('POST', '/v1/opportunities', body));
    await expect400(await sendJson('POST', `/v1/opportunities?perform_as=${performAs}`, { ...body, origin: 'telepathy' }));
    await expect400(await sendJson('POST', `/v1/opportunities?perform_as=${performAs}`, { ...body, createdAt: Date.now() + 86_400_000 }));
    await expect400(await sendJson('POST', `/v1/opportunities?perform_as=not-a-user`, body));
  });

  it('dedupes on e-mail and on contact onto the existing person', async () => {
    const { emu, sendJson, performAs } = setup();
    const existing = pick(emu);
    const contact = emu.state.contact(existing.contactId);
    const email = contact?.emails[0]?.toUpperCase() ?? '';
    const posting = emu.state.postings.find((p) => !p.confidential && p.state === 'published');
    const res = await sendJson('POST', `/v1/opportunities?perform_as=${performAs}`, { name: 'Other Name', emails: [email], postings: [posting?.id] });
    const created = (await res.json()) as { deduped: boolean; data: Record<string, unknown> };
    expect(res.status).toBe(201);
    expect(created).toMatchObject({ deduped: true, data: { contact: existing.contactId, name: contact?.name } });
    expect(created.data.id).not.toBe(existing.id);
    expect(created.data.tags).toContain(posting?.text);
    expect(created.data.applications).toHaveLength(1);

    const byContact = (await (await sendJson('POST', `/v1/opportunities?perform_as=${performAs}`, { contact: existing.contactId, links: ['https://new.example'] })).json()) as {
      deduped: boolean;
      data: Record<string, unknown>;
    };
    expect(byContact.deduped).toBe(true);
    expect(byContact.data.links).toContain('https://new.example');
  });

  it('accepts multipart with a resume file', async () => {
    const { request, performAs, getJson } = setup();
    const form = new FormData();
    form.append('name', 'Grace Multipart');
    form.append('emails[]', 'grace@multipart.example');
    form.append('phones[0][value]', '+1 555');
    form.append('phones[0][type]', 'work');
    form.append('resumeFile', new File(['%PDF resume'], 'cv.pdf', { type: 'application/pdf' }));
    const res = await request(`/v1/opportunities?perform_as=${performAs}`, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const created = (await res.json()) as One;
    expect(created.data).toMatchObject({ name: 'Grace Multipart', emails: ['grace@multipart.example'], phones: [{ type: 'work', value: '+1 555' }] });
    const resumes = await getJson<ListBody>(`/v1/opportunities/${created.data.id}/resumes`);
    expect(resumes.data[0]?.file).toMatchObject({ name: 'cv.pdf', ext: '.pdf', size: 11 });
  });
});

describe('lever emulator: opportunity updates', () => {
  it('moves stage, appending to stageChanges', async () => {
    const { emu, sendJson, performAs } = setup();
    const opp = pick(emu);
    const before = emu.state.stageChangesOf(opp).length;
    const res = await sendJson('PUT', `/v1/opportunities/${opp.id}/stage?perform_as=${performAs}`, { stage: 'offer' });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as One;
    const changes = data.stageChanges as { toStageId: string; userId: string; updatedAt: number }[];
    expect(data.stage).toBe('offer');
    expect(changes).toHaveLength(before + 1);
    expect(changes.at(-1)).toMatchObject({ toStageId: 'offer', toStageIndex: 8, userId: performAs });
    expect(data.lastAdvancedAt).toBe(changes.at(-1)?.updatedAt);
    await expect400(await sendJson('PUT', `/v1/opportunities/${opp.id}/stage`, { stage: 'nope' }));
    await expect400(await sendJson('PUT', `/v1/opportunities/${opp.id}/stage`, {}));
    expect((await sendJson('PUT', '/v1/opportunities/does-not-exist/stage', { stage: 'offer' })).status).toBe(404);
  });

  it('archives with a reason and unarchives with null', async () => {
    const { emu, sendJson } = setup();
    const opp = pick(emu);
    const hired = emu.state.archiveReasons.find((r) => r.type === 'hired' && r.status === 'active');
    const archived = (await (await sendJson('PUT', `/v1/opportunities/${opp.id}/archived`, { reason: hired?.id, cleanInterviews: true })).json()) as One;
    expect(archived.data.archived).toMatchObject({ reason: hired?.id, archivedAt: expect.any(Number) });
    const restored = (await (await sendJson('PUT', `/v1/opportunities/${opp.id}/archived`, { reason: null })).json()) as One;
    expect(restored.data.archived).toBeNull();
    await expect400(await sendJson('PUT', `/v1/opportunities/${opp.id}/archived`, { reason: 'unknown-reason' }));
    await expect400(await sendJson('PUT', `/v1/opportunities/${opp.id}/archived`, {}));
  });

  it('adds and removes tags, links and sources', async () => {
    const { emu, sendJson } = setup();
    const opp = pick(emu);
    const post = async (action: string, body: unknown) => ((await (await sendJson('POST', `/v1/opportunities/${opp.id}/${action}`, body)).json()) as One).data;
    expect(await post('addTags', { tags: ['Shortlist', 'Go'] })).toMatchObject({ tags: expect.arrayContaining(['Shortlist', 'Go']) });
    expect((await post('removeTags', { tags: ['Shortlist'] })).tags).not.toContain('Shortlist');
    expect((await post('addLinks', { links: ['https://results.example/1'] })).links).toContain('https://results.example/1');
    expect(emu.state.contact(opp.contactId)?.links).toContain('https://results.example/1');
    expect((await post('removeLinks', { links: ['https://results.example/1'] })).links).not.toContain('https://results.example/1');
    expect((await post('addSources', { sources: ['Emulator'] })).sources).toContain('Emulator');
    await expect400(await sendJson('POST', `/v1/opportunities/${opp.id}/addTags`, { tags: [] }));
    await expect400(await sendJson('POST', `/v1/opportunities/${opp.id}/addLinks`, { links: 'https://not-a-list' }));
  });

  it('bumps updatedAt on writes', async () => {
    const { emu, sendJson } = setup();
    const opp = pick(emu);
    const previous = opp.updatedAt ?? 0;
    const { data } = (await (await sendJson('POST', `/v1/opportunities/${opp.id}/addTags`, { tags: ['x'] })).json()) as One;
    expect(data.updatedAt as number).toBeGreaterThan(previous);
  });
});

describe('lever emulator: notes and files', () => {
  it('creates (201, noteId), lists and deletes (204) notes', async () => {
    const { emu, sendJson, performAs, getJson, request } = setup();
    const opp = pick(emu);
    const res = await sendJson('POST', `/v1/opportunities/${opp.id}/notes?perform_as=${performAs}`, { value: 'Result: https://r.example/42', secret: true });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as One;
    expect(data).toMatchObject({ text: 'Note', secret: true, user: performAs, noteId: data.id, deletedAt: null });
    expect((data.fields as Record<string, unknown>[])[0]).toMatchObject({ type: 'note', text: 'Comment', value: 'Result: https://r.example/42', stage: opp.stage });
    const notes = await getJson<ListBody>(`/v1/opportunities/${opp.id}/notes`);
    expect(notes.data.map((n) => n.id)).toContain(data.id);
    expect((await request(`/v1/opportunities/${opp.id}/notes/${data.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await request(`/v1/opportunities/${opp.id}/notes/${data.id}`)).status).toBe(404);
    await expect400(await sendJson('POST', `/v1/opportunities/${opp.id}/notes`, { value: '' }));
  });

  it('uploads a file (multipart) and serves it at an authenticated downloadUrl', async () => {
    const { emu, request, performAs, getJson } = setup();
    const opp = pick(emu);
    const form = new FormData();
    form.append('file', new File(['report body'], 'report.txt', { type: 'text/plain' }));
    const res = await request(`/v1/opportunities/${opp.id}/files?perform_as=${performAs}`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as One;
    expect(data).toMatchObject({ name: 'report.txt', ext: '.txt', size: 11, status: 'processed', uploadedAt: expect.any(Number) });
    const files = await getJson<ListBody>(`/v1/opportunities/${opp.id}/files`);
    expect(files.data.map((f) => f.id)).toContain(data.id);
    const url = new URL(data.downloadUrl as string);
    const download = await request(url.pathname);
    expect(await download.text()).toBe('report body');
    expect((await emu.app.request(url.pathname)).status).toBe(401);
    const empty = new FormData();
    empty.append('other', 'x');
    await expect400(await request(`/v1/opportunities/${opp.id}/files?perform_as=${performAs}`, { method: 'POST', body: empty }));
    // perform_as is required on uploads.
    const anonymous = new FormData();
    anonymous.append('file', new File(['x'], 'x.txt', { type: 'text/plain' }));
    await expect400(await request(`/v1/opportunities/${opp.id}/files`, { method: 'POST', body: anonymous }));
  });

  it('serves seeded children: applications, interviews, feedback, offers, resumes', async () => {
    const { emu, getJson } = setup();
    const opp = emu.state.opportunities.find((o) => !o.confidential && o.seedDepth >= 5 && o.applicationId);
    expect(opp).toBeDefined();
    for (const child of ['applications', 'interviews', 'feedback', 'offers', 'notes', 'resumes', 'files']) {
      const body = await getJson<ListBody>(`/v1/opportunities/${opp?.id}/${child}`);
      expect(body.hasNext).toBe(false);
      expect(Array.isArray(body.data)).toBe(true);
    }
    const interviews = await getJson<ListBody>(`/v1/opportunities/${opp?.id}/interviews`);
    expect(interviews.data.length).toBeGreaterThan(0);
    expect(interviews.data[0]).toMatchObject({ opportunityId: opp?.id, date: expect.any(Number), duration: expect.any(Number) });
  });
});
