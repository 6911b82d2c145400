/**
 * Workable applies `remote_fields.workable.on_behalf_of_user_remote_id` (Kombo's key) as the
 * `member_id` of every action Workable records against a member, checked at the emulator (which
 * validates the member and records it on the activity or comment). The reported bug: a note sent
 * with the key was posted as the default admin.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createWorkableEmulator, type WorkableEmulator } from '../../../emulators/workable/app.js';
import { newApplication } from '../../../test/setup/write-inputs.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import type { FileToUpload } from '../writes.js';
import { workableWrites } from './writes.js';

const BASE = 'http://workable.test/acme/spi/v3';

function setup() {
  const emu: WorkableEmulator = createWorkableEmulator({ seed: 4, size: 40, rateLimitPerSecond: Infinity });
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
    return emu.app.request(`${url.pathname}${url.search}`, init);
  };
  const ctx: ConnectorContext = {
    integrationId: 'workable:remote-fields',
    credentials: { subdomain: 'acme', api_key: emu.credentials['api_key'] ?? '' },
    baseUrl: BASE,
    fetch,
    logger: pino({ level: 'silent' }),
    state: memoryState(),
  };
  const open = emu.state.candidates.filter((c) => !c.disqualified && emu.state.job(c.shortcode)?.state === 'published');
  const admin = emu.state.members.find((m) => m.role === 'admin' && m.active);
  const other = emu.state.members.find((m) => m.active && m.id !== admin?.id);
  if (open.length < 3 || !admin || !other) throw new Error('the seed lacks open candidates or members');
  return { emu, ctx, open, admin, other };
}

const file = (name: string): FileToUpload => ({ name, content_type: 'application/pdf', type: 'OTHER', data: new TextEncoder().encode('%PDF-1.4') });

describe('Workable remote_fields', () => {
  it('records notes, files, moves and rejections under on_behalf_of_user_remote_id', async () => {
    const { emu, ctx, open, admin, other } = setup();
    const [a, b] = open as [(typeof open)[number], (typeof open)[number]];
    const as = { workable: { on_behalf_of_user_remote_id: other.id } };

    await workableWrites.addApplicationNote?.(ctx, { application_remote_id: a.id, candidate_remote_id: a.id, content: 'Noted by someone', content_type: 'PLAIN_TEXT', remote_fields: as });
    await workableWrites.addApplicationAttachment?.(ctx, { application_remote_id: a.id, candidate_remote_id: a.id, attachment: file('by-someone.pdf'), remote_fields: as });
    const stage = emu.state.job(a.shortcode)?.stages.find((s) => s.slug !== a.stage_slug)?.slug ?? 'interview';
    await workableWrites.moveApplicationToStage?.(ctx, { application_remote_id: a.id, stage_remote_id: stage, job_remote_id: a.shortcode, remote_fields: as });
    const reason = emu.state.reasons[0];
    await workableWrites.rejectApplication?.(ctx, { application_remote_id: b.id, rejection_reason_remote_id: reason?.id ?? '', rejection_reason_name: null, note: null, remote_fields: as });

    const record = (id: string) => emu.state.candidate(id);
    expect(record(a.id)?.comments.filter((c) => c.body === 'Noted by someone' || c.body === 'Attachment: by-someone.pdf').map((c) => c.member_id)).toEqual([other.id, other.id]);
    expect(record(a.id)?.activities.filter((x) => x.action === 'moved').at(-1)?.member_id).toBe(other.id);
    expect(record(b.id)?.activities.filter((x) => x.action === 'disqualified').at(-1)?.member_id).toBe(other.id);

    // Without the key the default (the first active admin) is used, as before.
    await workableWrites.addApplicationNote?.(ctx, { application_remote_id: a.id, candidate_remote_id: a.id, content: 'Noted by default', content_type: 'PLAIN_TEXT', remote_fields: {} });
    expect(record(a.id)?.comments.find((c) => c.body === 'Noted by default')?.member_id).toBe(admin.id);
  });

  it('passes an unknown member on, so Workable refuses it instead of writing as someone else', async () => {
    const { emu, ctx, open } = setup();
    const a = open[0] as (typeof open)[number];
    const before = emu.state.candidate(a.id)?.comments.length;
    const sent = workableWrites.addApplicationNote?.(ctx, { application_remote_id: a.id, candidate_remote_id: a.id, content: 'x', content_type: 'PLAIN_TEXT', remote_fields: { workable: { on_behalf_of_user_remote_id: 'no-such-member' } } });
    await expect(sent).rejects.toMatchObject({ code: 'REMOTE.INPUT_INVALID' });
    expect(emu.state.candidate(a.id)?.comments.length).toBe(before);
  });

  it('says so when a create is given a member: Workable creates candidates without one', async () => {
    const { emu, ctx, other } = setup();
    const job = emu.state.jobs.find((j) => j.state === 'published');
    const input = newApplication(job?.shortcode ?? '', { first_name: 'Member', last_name: 'Given', email_address: 'member.given@example.org' }, {
      attachments: [file('extra.pdf')],
      remote_fields: { workable: { on_behalf_of_user_remote_id: other.id } },
    });
    const result = await workableWrites.createApplication?.(ctx, input);
    expect(result?.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/on_behalf_of_user_remote_id was not applied to the candidate \(only to the comments/)]));
    expect(emu.state.candidate(result?.application_remote_id ?? '')?.comments.map((c) => c.member_id)).toEqual([other.id]);
  });
});
