/**
 * Greenhouse writes against the emulator, checked for what the Harvest v3 reference documents:
 * the request bodies sent, and the answers accepted (a create answer may carry the new record's
 * `id` only, or nothing at all).
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { harness, json, type Harness } from '../../../emulators/greenhouse/test-support.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import type { FileToUpload } from '../writes.js';
import { createGreenhouseWrites } from './writes.js';
import { newApplication } from '../../../test/setup/write-inputs.js';

type Row = Record<string, unknown>;
const BASE = 'http://greenhouse.test';

interface Sent {
  method: string;
  path: string;
  body: Row | null;
}

/** Replaces the emulator's answer to one call (after the emulator has handled it). */
type Rewrite = (sent: Sent, answer: Response) => Promise<Response> | Response;

function context(h: Harness, rewrite?: Rewrite): { ctx: ConnectorContext; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
    const raw = typeof init?.body === 'string' ? init.body : null;
    const call: Sent = { method: init?.method ?? 'GET', path: url.pathname, body: raw && url.pathname.startsWith('/v3/') ? (JSON.parse(raw) as Row) : null };
    if (url.pathname.startsWith('/v3/')) sent.push(call);
    const answer = await h.em.app.request(`${url.pathname}${url.search}`, init);
    return rewrite ? rewrite(call, answer) : answer;
  };
  const ctx: ConnectorContext = {
    integrationId: 'greenhouse:writes',
    credentials: { ...h.em.credentials } as Record<string, string>,
    baseUrl: BASE,
    fetch,
    logger: pino({ level: 'silent' }),
    state: memoryState(),
  };
  return { ctx, sent };
}

const writes = createGreenhouseWrites();
const file = (name: string, type: FileToUpload['type'] = 'CV'): FileToUpload => ({ name, content_type: 'application/pdf', type, data: new TextEncoder().encode('%PDF-1.4') });
const posts = (sent: Sent[], path: string) => sent.filter((s) => s.method === 'POST' && s.path === path);

async function activeApplication(h: Harness): Promise<Row> {
  const apps = await json<Row[]>(await h.get('/v3/applications?status=active&prospect=false&per_page=20'));
  const app = apps[0];
  if (!app) throw new Error('no active application in the seed');
  return app;
}

describe('Greenhouse writes: request bodies', () => {
  it('uploads an attachment with only the documented fields (no content_type) and the emulator stores it', async () => {
    const h = await harness();
    const app = await activeApplication(h);
    const { ctx, sent } = context(h);
    const result = await writes.addApplicationAttachment?.(ctx, {
      application_remote_id: String(app.id), candidate_remote_id: String(app.candidate_id), attachment: file('report.pdf'), remote_fields: {},
    });
    const [upload] = posts(sent, '/v3/attachments');
    expect(Object.keys(upload?.body ?? {}).sort()).toEqual(['application_id', 'content', 'filename', 'type']);
    expect(result?.records.attachments?.[0]).toMatchObject({ file_name: 'report.pdf', type: 'CV', application_remote_id: String(app.id) });
  });

  it('writes application and candidate notes as note_type NOTE', async () => {
    const h = await harness();
    const app = await activeApplication(h);
    const { ctx, sent } = context(h);
    await writes.addApplicationNote?.(ctx, { application_remote_id: String(app.id), candidate_remote_id: String(app.candidate_id), content: 'On the application', content_type: 'PLAIN_TEXT', remote_fields: {} });
    await writes.addCandidateNote?.(ctx, { candidate_remote_id: String(app.candidate_id), content: 'On the candidate', content_type: 'PLAIN_TEXT', remote_fields: {} });
    expect(posts(sent, '/v3/notes').map((s) => s.body)).toEqual([
      { candidate_id: app.candidate_id, application_id: app.id, body: 'On the application', note_type: 'NOTE', visibility: 'public' },
      { candidate_id: app.candidate_id, body: 'On the candidate', note_type: 'NOTE', visibility: 'public' },
    ]);
  });
});

describe('Greenhouse writes: create answers', () => {
  it('accepts an attachment answer that carries only the new id', async () => {
    const h = await harness();
    const app = await activeApplication(h);
    const { ctx } = context(h, async (sent, answer) => (sent.path === '/v3/attachments' && sent.method === 'POST' ? Response.json({ id: (await json(answer)).id }, { status: 201 }) : answer));
    const result = await writes.addApplicationAttachment?.(ctx, {
      application_remote_id: String(app.id), candidate_remote_id: String(app.candidate_id), attachment: file('cover.pdf', 'COVER_LETTER'), remote_fields: {},
    });
    const [stored] = await json<Row[]>(await h.get(`/v3/attachments?application_ids=${String(app.id)}&type=cover_letter`));
    expect(result?.records.attachments).toEqual([
      expect.objectContaining({ remote_id: String(stored?.id), file_name: 'cover.pdf', type: 'COVER_LETTER', application_remote_id: String(app.id), candidate_remote_id: String(app.candidate_id) }),
    ]);
  });

  it('finds the uploaded attachment when the answer has no body', async () => {
    const h = await harness();
    const app = await activeApplication(h);
    const { ctx } = context(h, (sent, answer) => (sent.path === '/v3/attachments' && sent.method === 'POST' ? new Response(null, { status: 204 }) : answer));
    const result = await writes.addApplicationAttachment?.(ctx, {
      application_remote_id: String(app.id), candidate_remote_id: String(app.candidate_id), attachment: file('empty-answer.pdf', 'OTHER'), remote_fields: {},
    });
    const listed = await json<Row[]>(await h.get(`/v3/attachments?application_ids=${String(app.id)}`));
    const stored = listed.find((a) => a['filename'] === 'empty-answer.pdf');
    expect(stored).toBeDefined();
    expect(result?.records.attachments?.[0]).toMatchObject({ remote_id: String(stored?.id), file_name: 'empty-answer.pdf', type: 'OTHER' });
  });

  it('accepts a candidate-tag answer without the name', async () => {
    const h = await harness();
    const app = await activeApplication(h);
    const { ctx } = context(h, async (sent, answer) => (sent.path === '/v3/candidate_tags' && sent.method === 'POST' ? Response.json({ id: (await json(answer)).id }, { status: 201 }) : answer));
    const result = await writes.addCandidateTag?.(ctx, { candidate_remote_id: String(app.candidate_id), tag_name: 'Assessed by API', remote_fields: {} });
    expect(result?.records.tags).toEqual([expect.objectContaining({ name: 'Assessed by API' })]);
    expect(result?.records.candidates?.[0]?.tags.map((t) => t.name)).toContain('Assessed by API');
  });

  it('creates an application when POST /v3/applications answers only the new id', async () => {
    const h = await harness();
    const job = (await json<Row[]>(await h.get('/v3/jobs?status=open&per_page=1')))[0];
    const { ctx } = context(h, async (sent, answer) => (sent.path === '/v3/applications' && sent.method === 'POST' ? Response.json({ id: (await json(answer)).id }, { status: 201 }) : answer));
    const result = await writes.createApplication?.(
      ctx,
      newApplication(String(job?.id), { first_name: 'Id', last_name: 'Only', email_address: 'id.only@example.org' }, { attachments: [file('id-only-cv.pdf')] }),
    );
    const [stored] = await json<Row[]>(await h.get(`/v3/applications?ids=${String(result?.application_remote_id)}`));
    expect(stored).toMatchObject({ candidate_id: Number(result?.candidate_remote_id), job_id: job?.id });
    expect(result?.records.applications?.[0]).toMatchObject({ remote_id: result?.application_remote_id, job_remote_id: String(job?.id) });
    expect(result?.records.attachments?.[0]).toMatchObject({ file_name: 'id-only-cv.pdf', application_remote_id: result?.application_remote_id });
  });
});
