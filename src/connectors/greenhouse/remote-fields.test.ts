/**
 * Greenhouse applies every `remote_fields` key Kombo documents for it, checked at the emulator:
 * `greenhouse.post_headers.On-Behalf-Of` on every write (Harvest v3 attributes a write to its
 * token's `sub`, the emulator logs that user per write), `greenhousev3.visibility` on notes,
 * `greenhousev3.rejection_email` on rejections, `greenhousev3.candidate` / `.application` on creates.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { harness, json, type Harness } from '../../../emulators/greenhouse/test-support.js';
import { newApplication } from '../../../test/setup/write-inputs.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import type { FileToUpload } from '../writes.js';
import { createGreenhouseWrites } from './writes.js';

type Row = Record<string, unknown>;
interface Logged {
  method: string;
  path: string;
  userId: number;
}

function context(h: Harness): { ctx: ConnectorContext; bodies: Array<{ path: string; body: Row }> } {
  const bodies: Array<{ path: string; body: Row }> = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
    if (url.pathname.startsWith('/v3/') && typeof init?.body === 'string') bodies.push({ path: url.pathname, body: JSON.parse(init.body) as Row });
    return h.em.app.request(`${url.pathname}${url.search}`, init);
  };
  const ctx: ConnectorContext = {
    integrationId: 'greenhouse:remote-fields',
    credentials: { ...h.em.credentials } as Record<string, string>,
    baseUrl: 'http://greenhouse.test',
    fetch,
    logger: pino({ level: 'silent' }),
    state: memoryState(),
  };
  return { ctx, bodies };
}

const writes = createGreenhouseWrites();
const file = (name: string): FileToUpload => ({ name, content_type: 'application/pdf', type: 'OTHER', data: new TextEncoder().encode('%PDF-1.4') });
const writeLog = async (h: Harness) => json<Logged[]>(await h.em.app.request('/__admin/writes'));

async function setting(h: Harness) {
  const service = Number(h.em.credentials['user_id']);
  const users = await json<Row[]>(await h.get('/v3/users?per_page=50'));
  const actor = users.find((u) => u['id'] !== service && u['deactivated'] !== true);
  const apps = await json<Row[]>(await h.get('/v3/applications?status=active&prospect=false&per_page=20'));
  const reasons = await json<Row[]>(await h.get('/v3/rejection_reasons?per_page=5'));
  if (!actor || apps.length < 2 || !reasons[0]) throw new Error('the seed lacks users, applications or rejection reasons');
  return { actor: String(actor['id']), apps, reason: String(reasons[0]['id']) };
}

describe('Greenhouse remote_fields', () => {
  it('makes every write as the On-Behalf-Of user, and the rest as the configured user', async () => {
    const h = await harness();
    const { actor, apps, reason } = await setting(h);
    const [first, second] = apps as [Row, Row];
    const onBehalf = { greenhouse: { post_headers: { 'On-Behalf-Of': actor } } };
    const { ctx } = context(h);
    const before = (await writeLog(h)).length;

    await writes.addApplicationNote?.(ctx, { application_remote_id: String(first.id), candidate_remote_id: String(first.candidate_id), content: 'As someone', content_type: 'PLAIN_TEXT', remote_fields: onBehalf });
    await writes.addApplicationAttachment?.(ctx, { application_remote_id: String(first.id), candidate_remote_id: String(first.candidate_id), attachment: file('as-someone.pdf'), remote_fields: onBehalf });
    await writes.addCandidateTag?.(ctx, { candidate_remote_id: String(first.candidate_id), tag_name: 'Tagged as someone', remote_fields: onBehalf });
    await writes.removeCandidateTag?.(ctx, { candidate_remote_id: String(first.candidate_id), tag_name: 'Tagged as someone', remote_fields: onBehalf });
    await writes.rejectApplication?.(ctx, { application_remote_id: String(second.id), rejection_reason_remote_id: reason, rejection_reason_name: null, note: null, remote_fields: onBehalf });
    const acted = (await writeLog(h)).slice(before);
    expect(acted.map((w) => w.path)).toEqual(
      expect.arrayContaining(['/v3/notes', '/v3/attachments', '/v3/applied_candidate_tags', `/v3/applications/${String(second.id)}/reject`]),
    );
    expect(new Set(acted.map((w) => w.userId))).toEqual(new Set([Number(actor)]));
    const [note] = (await json<Row[]>(await h.get(`/v3/notes?candidate_ids=${String(first.candidate_id)}&per_page=500`))).filter((n) => n['body'] === 'As someone');
    expect(note?.['user_id']).toBe(Number(actor));

    // Without the header the configured user (the service account here) writes.
    await writes.addApplicationNote?.(ctx, { application_remote_id: String(first.id), candidate_remote_id: String(first.candidate_id), content: 'As myself', content_type: 'PLAIN_TEXT', remote_fields: {} });
    expect((await writeLog(h)).at(-1)).toMatchObject({ path: '/v3/notes', userId: Number(h.em.credentials['user_id']) });
  });

  it('refuses an On-Behalf-Of that is not a Greenhouse user id before writing', async () => {
    const h = await harness();
    const { apps } = await setting(h);
    const app = apps[0] as Row;
    const { ctx } = context(h);
    const before = (await writeLog(h)).length;
    const call = (value: string) =>
      writes.addApplicationNote?.(ctx, { application_remote_id: String(app.id), candidate_remote_id: String(app.candidate_id), content: 'x', content_type: 'PLAIN_TEXT', remote_fields: { greenhouse: { post_headers: { 'On-Behalf-Of': value } } } });
    await expect(call('jane@example.org')).rejects.toMatchObject({ code: 'REMOTE.INPUT_INVALID' });
    await expect(call('999999999')).rejects.toMatchObject({ code: 'REMOTE.INPUT_INVALID', message: expect.stringMatching(/On-Behalf-Of/) });
    expect((await writeLog(h)).length).toBe(before);
  });

  it('applies greenhousev3.visibility to notes and sends greenhousev3.rejection_email with the rejection', async () => {
    const h = await harness();
    const { apps, reason } = await setting(h);
    const [first, second] = apps as [Row, Row];
    const { ctx, bodies } = context(h);
    await writes.addApplicationNote?.(ctx, { application_remote_id: String(first.id), candidate_remote_id: String(first.candidate_id), content: 'Admins only', content_type: 'PLAIN_TEXT', remote_fields: { greenhousev3: { visibility: 'admin_only' } } });
    const [note] = (await json<Row[]>(await h.get(`/v3/notes?candidate_ids=${String(first.candidate_id)}&per_page=500`))).filter((n) => n['body'] === 'Admins only');
    expect(note?.['visibility']).toBe('admin_only_visible');

    const email = { email_template_id: 7, send_email_at: '2026-12-08T09:00:00Z' };
    await writes.rejectApplication?.(ctx, { application_remote_id: String(second.id), rejection_reason_remote_id: reason, rejection_reason_name: null, note: null, remote_fields: { greenhousev3: { rejection_email: email } } });
    expect(bodies.find((b) => b.path === `/v3/applications/${String(second.id)}/reject`)?.body['rejection_email']).toEqual(email);
    const [rejected] = await json<Row[]>(await h.get(`/v3/applications?ids=${String(second.id)}`));
    expect(rejected?.['status']).toBe('rejected');
  });

  it('merges greenhousev3.candidate and .application into the create bodies, as the On-Behalf-Of user', async () => {
    const h = await harness();
    const { actor } = await setting(h);
    const job = (await json<Row[]>(await h.get('/v3/jobs?status=open&per_page=1')))[0];
    const { ctx } = context(h);
    const before = (await writeLog(h)).length;
    const input = newApplication(String(job?.id), { first_name: 'Remote', last_name: 'Fields', email_address: 'remote.fields@example.org' }, {
      remote_fields: { greenhouse: { post_headers: { 'On-Behalf-Of': actor } }, greenhousev3: { candidate: { is_private: true }, application: { recruiter_id: Number(actor) } } },
    });
    const result = await writes.createApplication?.(ctx, input);
    const [candidate] = await json<Row[]>(await h.get(`/v3/candidates?ids=${String(result?.candidate_remote_id)}`));
    const [app] = await json<Row[]>(await h.get(`/v3/applications?ids=${String(result?.application_remote_id)}`));
    expect(candidate?.['private']).toBe(true);
    expect(app?.['recruiter_id']).toBe(Number(actor));
    expect((await writeLog(h)).slice(before).map((w) => w.userId)).toEqual([Number(actor), Number(actor)]);
  });
});
