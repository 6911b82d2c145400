/**
 * The shared connector contract suite against the Lever emulator (over HTTP), with an API key.
 * Lever-specific behaviour (candidates merged across pages, deltas, confidential access, OAuth,
 * create-application rules) is in `behaviour.test.ts`.
 */
import { expect } from 'vitest';
import { filesOf, interviewsOf, notesOf, offersOf, resumesOf } from '../../../emulators/lever/children.js';
import { createLeverEmulator, type LeverEmulator } from '../../../emulators/lever/app.js';
import { contractFile as file, pendingApplication as pending, runEmulatorContract, taggedCandidate as candidate } from '../../../test/contract/emulator-harness.js';
import { leverConnector } from './connector.js';

let emu: LeverEmulator;

const opp = (id: string) => {
  const found = emu.state.opportunitiesById.get(id);
  if (!found) throw new Error(`no opportunity ${id} in the emulator`);
  return found;
};
const contactOf = (id: string) => emu.state.contact(opp(id).contactId);
const oppsOfContact = (contactId: string) => emu.state.opportunities.filter((o) => o.contactId === contactId);

runEmulatorContract({
  connector: leverConnector,
  emulator: () => (emu = createLeverEmulator({ seed: 5, size: 110, rateLimitPerSecond: Infinity })),
  async vendor({ running, admin }) {
    const revoked = emu.credentialStore.createKey(true);
    await admin('POST', '/credentials/revoke', { api_key: revoked });
    return {
      credentials: { api_key: emu.credentials.api_key ?? '' },
      baseUrl: `${running.url}/v1`,
      badCredentials: [
        { label: 'an unknown API key', credentials: { api_key: 'not-a-lever-key' } },
        { label: 'a revoked API key', credentials: { api_key: revoked } },
        { label: 'an unknown OAuth token', credentials: { access_token: 'lvr_nope' } },
        { label: 'no credentials at all', credentials: {} },
      ],
      updateRecord: (_model, id) => admin('POST', `/opportunities/${id}`, { tags: [...opp(id).tags, 'Contract delta'] }),
      deleteRecord: (_model, id) => admin('DELETE', `/opportunities/${id}`),
      expectedCounts() {
        const s = emu.state;
        const opps = s.opportunities;
        return Promise.resolve({
          users: s.users.length,
          roles: 5,
          tags: new Set(opps.flatMap((o) => o.tags)).size,
          rejection_reasons: s.archiveReasons.filter((r) => r.type === 'non-hired' && r.status === 'active').length,
          jobs: s.postings.length,
          candidates: new Set(opps.map((o) => o.contactId)).size,
          applications: opps.length,
          interviews: opps.reduce((n, o) => n + interviewsOf(s, o).length, 0),
          offers: opps.reduce((n, o) => n + offersOf(s, o).length, 0),
          attachments: opps.reduce((n, o) => n + filesOf(s, o).length + resumesOf(s, o).length, 0),
        });
      },
    };
  },
  // 110 people hold about 124 opportunities: two pages of 100.
  paginatedModels: ['candidates', 'applications', 'interviews', 'offers', 'attachments'],
  delta: { model: 'applications' },
  deletion: { model: 'applications' },
  skip: [{ reason: 'API keys do not expire; OAuth token refresh is tested in behaviour.test.ts', tests: ['expired-token'] }],
  writes: {
    moveApplicationToStage: {
      input: (w) => ({ application_remote_id: pending(w, 0).remote_id, stage_remote_id: 'offer', job_remote_id: pending(w, 0).job_remote_id, remote_fields: {} }),
      expectModels: ['applications'],
      check({ input, result }) {
        expect(opp(input.application_remote_id).stage).toBe('offer');
        expect(result.records.applications?.[0]).toMatchObject({ remote_id: input.application_remote_id, current_stage_remote_id: 'offer', outcome: 'PENDING' });
      },
    },
    addApplicationNote: {
      input: (w) => ({ application_remote_id: pending(w, 1).remote_id, candidate_remote_id: pending(w, 1).candidate_remote_id, content: 'Contract note', content_type: 'PLAIN_TEXT', remote_fields: {} }),
      check({ input }) {
        expect(notesOf(emu.state, opp(input.application_remote_id)).map((n) => n.value)).toContain('Contract note');
      },
    },
    addApplicationResultLink: {
      input: (w) => ({
        application_remote_id: pending(w, 2).remote_id,
        candidate_remote_id: pending(w, 2).candidate_remote_id,
        label: 'Coding test',
        url: 'https://assess.example/r/1',
        details: { custom_field_name_prefix: 'Acme:', attributes: [{ key: 'Score', value: '87%' }] },
        remote_fields: {},
      }),
      expectModels: ['candidates', 'applications'],
      check({ input, result }) {
        expect(contactOf(input.application_remote_id)?.links).toContain('https://assess.example/r/1');
        expect(notesOf(emu.state, opp(input.application_remote_id)).map((n) => n.value)).toContain('Coding test\nhttps://assess.example/r/1\nAcme: Score: 87%');
        expect(result.records.candidates?.[0]?.social_media.map((s) => s.link)).toContain('https://assess.example/r/1');
      },
    },
    addCandidateResultLink: {
      input: (w) => ({ candidate_remote_id: candidate(w, 0).remote_id, label: 'Video interview', url: 'https://assess.example/v/2', details: null, remote_fields: {} }),
      expectModels: ['candidates'],
      check({ input }) {
        expect(emu.state.contact(input.candidate_remote_id)?.links).toContain('https://assess.example/v/2');
        const notes = oppsOfContact(input.candidate_remote_id).flatMap((o) => notesOf(emu.state, o).map((n) => n.value));
        expect(notes).toContain('Video interview\nhttps://assess.example/v/2');
      },
    },
    addApplicationAttachment: {
      input: (w) => ({ application_remote_id: pending(w, 3).remote_id, candidate_remote_id: pending(w, 3).candidate_remote_id, attachment: file('Assessment.pdf'), remote_fields: {} }),
      expectModels: ['attachments'],
      check({ input, result }) {
        const uploaded = filesOf(emu.state, opp(input.application_remote_id)).find((f) => f.name === 'Assessment.pdf');
        expect(uploaded?.size).toBe(input.attachment.data.byteLength);
        expect(result.records.attachments?.[0]).toMatchObject({ remote_id: uploaded?.id, application_remote_id: input.application_remote_id, type: 'OTHER' });
      },
    },
    addCandidateAttachment: {
      input: (w) => ({ candidate_remote_id: candidate(w, 1).remote_id, attachment: file('Portfolio.pdf'), remote_fields: {} }),
      expectModels: ['attachments'],
      check({ input }) {
        const names = oppsOfContact(input.candidate_remote_id).flatMap((o) => filesOf(emu.state, o).map((f) => f.name));
        expect(names).toContain('Portfolio.pdf');
      },
    },
    rejectApplication: {
      input: (w) => ({
        application_remote_id: pending(w, 4).remote_id,
        rejection_reason_remote_id: w.rejection_reasons[0]?.remote_id ?? '',
        rejection_reason_name: w.rejection_reasons[0]?.name ?? null,
        note: 'Not this time',
        remote_fields: {},
      }),
      expectModels: ['applications'],
      check({ input, result }) {
        expect(opp(input.application_remote_id).archived?.reason).toBe(input.rejection_reason_remote_id);
        expect(notesOf(emu.state, opp(input.application_remote_id)).map((n) => n.value)).toContain('Not this time');
        expect(result.records.applications?.[0]).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: input.rejection_reason_name });
      },
    },
    addCandidateTag: {
      input: (w) => ({ candidate_remote_id: candidate(w, 2).remote_id, tag_name: 'Contract tag', remote_fields: {} }),
      expectModels: ['candidates', 'tags'],
      check({ input, result }) {
        for (const o of oppsOfContact(input.candidate_remote_id)) expect(o.tags).toContain('Contract tag');
        expect(result.records.candidates?.[0]?.tags).toContainEqual({ remote_id: 'Contract tag', name: 'Contract tag' });
      },
    },
    removeCandidateTag: {
      input: (w) => ({ candidate_remote_id: candidate(w, 3).remote_id, tag_name: (candidate(w, 3).tags[0]?.name ?? '').toUpperCase(), remote_fields: {} }),
      expectModels: ['candidates'],
      check({ input, world }) {
        const removed = candidate(world, 3).tags[0]?.name;
        for (const o of oppsOfContact(input.candidate_remote_id)) expect(o.tags).not.toContain(removed);
      },
    },
    createApplication: {
      input(w) {
        const job = w.jobs.find((j) => j.status === 'OPEN');
        if (!job) throw new Error('no open job');
        return {
          job_remote_id: job.remote_id,
          stage_remote_id: 'applicant-new',
          candidate: {
            first_name: 'Ada',
            last_name: 'Contract',
            email_address: 'ada.contract@example.net',
            additional_email_addresses: [],
            company: 'Analytical Engines',
            title: null,
            phone_number: '+44 20 0000 0000',
            additional_phone_numbers: [{ type: 'WORK', phone_number: '+44 20 1111 1111' }],
            location: { city: 'London', country: 'GB', state: null, street_1: null, zip_code: null },
            gender: null,
            availability_date: null,
            salary_expectations: null,
            social_links: [{ url: 'https://www.linkedin.com/in/ada-contract' }],
          },
          attachments: [file('Ada CV.pdf', 'CV'), file('Cover letter.pdf', 'COVER_LETTER')],
          screening_question_answers: [],
          source: { name: 'Contract suite', unified_key: null, id: null },
          sourced_by_user_remote_id: null,
          gdpr_consent: null,
          remote_fields: {},
        };
      },
      expectModels: ['candidates', 'applications', 'attachments'],
      check({ input, result }) {
        const created = opp(result.application_remote_id);
        expect(created).toMatchObject({ postingId: input.job_remote_id, stage: 'applicant-new', origin: 'applied', sources: ['Contract suite'] });
        expect(emu.state.contact(created.contactId)).toMatchObject({ name: 'Ada Contract', headline: 'Analytical Engines', location: 'London, GB', emails: ['ada.contract@example.net'] });
        expect(resumesOf(emu.state, created).map((f) => f.name)).toEqual(['Ada CV.pdf']);
        expect(filesOf(emu.state, created).map((f) => f.name)).toEqual(['Cover letter.pdf']);
        expect(result.records.attachments?.map((a) => a.type).sort()).toEqual(['CV', 'OTHER']);
        expect(result.records.applications?.[0]).toMatchObject({ candidate_remote_id: created.contactId, job_remote_id: input.job_remote_id, outcome: 'PENDING' });
      },
    },
  },
});
