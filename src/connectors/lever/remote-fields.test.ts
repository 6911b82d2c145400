/**
 * Lever applies the `remote_fields` keys Kombo documents for it, checked at the emulator:
 * `lever.perform_as` (the `?perform_as=` user a note, and every other write, is made as) and
 * `lever.candidate` (fields of the new opportunity on create).
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLeverEmulator, type LeverEmulator } from '../../../emulators/lever/app.js';
import { newApplication } from '../../../test/setup/write-inputs.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import { leverWrites } from './writes.js';

function setup() {
  const emu: LeverEmulator = createLeverEmulator({ seed: 5, size: 40, rateLimitPerSecond: Infinity });
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
    return emu.app.request(`${url.pathname}${url.search}`, init);
  };
  const ctx: ConnectorContext = {
    integrationId: 'lever:remote-fields',
    credentials: { api_key: emu.credentials.api_key ?? '' },
    baseUrl: 'http://lever.test/v1',
    fetch,
    logger: pino({ level: 'silent' }),
    state: memoryState(),
  };
  const users = emu.state.users.filter((u) => u.deactivatedAt === null && u.accessRole !== 'interviewer');
  const opportunity = emu.state.opportunities.find((o) => !o.archived);
  const posting = emu.state.postings.find((p) => p.state === 'published');
  if (users.length < 2 || !opportunity || !posting) throw new Error('the seed lacks users, an open opportunity or a published posting');
  return { emu, ctx, users, opportunity, posting };
}

describe('Lever remote_fields', () => {
  it('writes a note as remote_fields.lever.perform_as', async () => {
    const { emu, ctx, users, opportunity } = setup();
    const actor = users[1]?.id ?? '';
    await leverWrites.addApplicationNote?.(ctx, { application_remote_id: opportunity.id, candidate_remote_id: opportunity.contactId, content: 'By someone', content_type: 'PLAIN_TEXT', remote_fields: { lever: { perform_as: actor } } });
    const note = emu.state.extrasOf(opportunity.id).notes.find((n) => n.value === 'By someone');
    expect(note?.user).toBe(actor);
  });

  it('merges remote_fields.lever.candidate into the new opportunity', async () => {
    const { emu, ctx, users, posting } = setup();
    const input = newApplication(posting.id, { first_name: 'Lever', last_name: 'Fields', email_address: 'lever.fields@example.org' }, {
      remote_fields: { lever: { perform_as: users[0]?.id, candidate: { origin: 'referred', headline: 'From remote_fields' } } },
    });
    const result = await leverWrites.createApplication?.(ctx, input);
    const created = emu.state.opportunitiesById.get(result?.application_remote_id ?? '');
    expect(created?.origin).toBe('referred');
    expect(emu.state.contact(created?.contactId ?? '')?.headline).toBe('From remote_fields');
  });
});
