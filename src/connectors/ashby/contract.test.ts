/**
 * The shared connector contract suite against the Ashby emulator (over HTTP). Ashby-specific
 * behaviour (sync tokens and their fall-backs, HTTP-200 business errors, permissions, empty pages)
 * is in `behaviour.test.ts`.
 */
import { expect } from 'vitest';
import { createAshbyEmulator, type AshbyEmulator } from '../../../emulators/ashby/app.js';
import type { Json } from '../../../emulators/ashby/state.js';
import { contractFile as file, pendingApplication as pending, runEmulatorContract, taggedCandidate as candidate } from '../../../test/contract/emulator-harness.js';
import type { ContractWorld } from '../../../test/contract/run-connector-contract.js';
import { ashbyConnector } from './connector.js';

let emu: AshbyEmulator;

const record = (collection: 'candidate' | 'application', id: string): Json => {
  const found = emu.state.get(collection, id);
  if (!found) throw new Error(`no ${collection} ${id} in the emulator`);
  return found;
};
const notesOf = (candidateId: string) => (emu.state.notes.get(candidateId) ?? []).map((n) => n.content);
const fileNames = (candidateId: string) => (record('candidate', candidateId)['fileHandles'] as Json[]).map((f) => f['name']);
const stageNamed = (w: ContractWorld, jobId: string | null, name: string) => w.jobs.find((j) => j.remote_id === jobId)?.stages.find((s) => s.name === name)?.remote_id ?? '';

runEmulatorContract({
  connector: ashbyConnector,
  emulator: () => (emu = createAshbyEmulator({ seed: 5, size: 130, rateLimitPerSecond: Infinity })),
  async vendor({ running, admin }) {
    const deactivated = emu.createKey();
    await admin('POST', `/keys/${deactivated}/deactivate`);
    return {
      credentials: { api_key: emu.credentials['api_key'] ?? '' },
      baseUrl: running.url,
      badCredentials: [
        { label: 'an unknown API key', credentials: { api_key: 'not-an-ashby-key' } },
        { label: 'a deactivated API key', credentials: { api_key: deactivated } },
        { label: 'no credentials at all', credentials: {} },
      ],
      updateRecord: (_model, id) => admin('POST', `/candidate/${id}/update`, { company: 'Changed Co' }),
      deleteRecord: (_model, id) => admin('DELETE', `/candidate/${id}`),
      expectedCounts() {
        const s = emu.state;
        const candidates = s.all('candidate');
        return Promise.resolve({
          users: s.all('user').length,
          roles: 4,
          tags: s.all('candidateTag').filter((t) => t['isArchived'] === false).length,
          rejection_reasons: s.all('archiveReason').filter((r) => r['isArchived'] === false).length,
          jobs: s.all('job').length,
          candidates: candidates.length,
          applications: s.all('application').length,
          interviews: s.all('interviewSchedule').reduce((n, x) => n + (x['interviewEvents'] as unknown[]).length, 0),
          offers: s.all('offer').length,
          attachments: candidates.reduce((n, c) => n + (c['fileHandles'] as unknown[]).length, 0),
        });
      },
    };
  },
  // 130 candidates hold about 150 applications: two pages of 100 (after Ashby's empty first page).
  paginatedModels: ['candidates', 'applications', 'attachments'],
  delta: { model: 'candidates' },
  deletion: { model: 'candidates' },
  skip: [{ reason: 'Ashby API keys do not expire; expired sync tokens (and the full-listing fall-back) are tested in behaviour.test.ts', tests: ['expired-token'] }],
  writes: {
    moveApplicationToStage: {
      input: (w) => ({ application_remote_id: pending(w, 0).remote_id, stage_remote_id: stageNamed(w, pending(w, 0).job_remote_id, 'Onsite'), job_remote_id: pending(w, 0).job_remote_id, remote_fields: {} }),
      expectModels: ['applications'],
      check({ input, result }) {
        expect((record('application', input.application_remote_id)['currentInterviewStage'] as Json)['id']).toBe(input.stage_remote_id);
        expect(result.records.applications?.[0]).toMatchObject({ remote_id: input.application_remote_id, current_stage_remote_id: input.stage_remote_id, outcome: 'PENDING' });
      },
    },
    addApplicationNote: {
      input: (w) => ({ application_remote_id: pending(w, 1).remote_id, candidate_remote_id: pending(w, 1).candidate_remote_id, content: 'Contract note', content_type: 'PLAIN_TEXT', remote_fields: {} }),
      check({ input }) {
        expect(notesOf(input.candidate_remote_id)).toContain('Contract note');
      },
    },
    addCandidateNote: {
      input: (w) => ({ candidate_remote_id: candidate(w, 0).remote_id, content: 'Video interview\nhttps://assess.example/v/2', content_type: 'PLAIN_TEXT', remote_fields: {} }),
      check({ input }) {
        expect(notesOf(input.candidate_remote_id)).toContain('Video interview\nhttps://assess.example/v/2');
      },
    },
    addApplicationAttachment: {
      input: (w) => ({ application_remote_id: pending(w, 3).remote_id, candidate_remote_id: pending(w, 3).candidate_remote_id, attachment: file('Assessment.pdf'), remote_fields: {} }),
      expectModels: ['attachments'],
      check({ input, result }) {
        expect(fileNames(input.candidate_remote_id)).toContain('Assessment.pdf');
        expect(result.records.attachments?.[0]).toMatchObject({ file_name: 'Assessment.pdf', candidate_remote_id: input.candidate_remote_id, type: 'OTHER', content_type: 'application/pdf' });
      },
    },
    addCandidateAttachment: {
      input: (w) => ({ candidate_remote_id: candidate(w, 1).remote_id, attachment: file('New CV.pdf', 'CV'), remote_fields: {} }),
      expectModels: ['attachments'],
      check({ input, result }) {
        expect((record('candidate', input.candidate_remote_id)['resumeFileHandle'] as Json)['name']).toBe('New CV.pdf');
        expect(result.records.attachments?.[0]).toMatchObject({ file_name: 'New CV.pdf', type: 'CV' });
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
        const app = record('application', input.application_remote_id);
        expect(app).toMatchObject({ status: 'Archived', archiveReason: { id: input.rejection_reason_remote_id } });
        expect(notesOf(String((app['candidate'] as Json)['id']))).toContain('Not this time');
        expect(result.records.applications?.[0]).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: input.rejection_reason_name });
      },
    },
    addCandidateTag: {
      input: (w) => ({ candidate_remote_id: candidate(w, 2).remote_id, tag_name: 'Contract tag', remote_fields: {} }),
      expectModels: ['candidates', 'tags'],
      check({ input, result }) {
        expect((record('candidate', input.candidate_remote_id)['tags'] as Json[]).map((t) => t['title'])).toContain('Contract tag');
        expect(result.records.candidates?.[0]?.tags.map((t) => t.name)).toContain('Contract tag');
      },
    },
    removeCandidateTag: {
      input: (w) => ({ candidate_remote_id: candidate(w, 3).remote_id, tag_name: (candidate(w, 3).tags[0]?.name ?? '').toUpperCase(), remote_fields: {} }),
      expectModels: ['candidates'],
      check({ input }) {
        expect(record('candidate', input.candidate_remote_id)['tags']).toEqual([]);
      },
    },
    createApplication: {
      input(w) {
        const job = w.jobs.find((j) => j.status === 'OPEN');
        if (!job) throw new Error('no open job');
        return {
          job_remote_id: job.remote_id,
          stage_remote_id: job.stages.find((s) => s.name === 'Application Review')?.remote_id ?? null,
          candidate: {
            first_name: 'Ada',
            last_name: 'Contract',
            email_address: 'ada.contract@example.net',
            additional_email_addresses: [],
            company: 'Analytical Engines',
            title: null,
            phone_number: '+44 20 0000 0000',
            additional_phone_numbers: [],
            location: { city: 'London', country: 'GB', state: null, street_1: null, zip_code: null },
            gender: null,
            availability_date: null,
            salary_expectations: null,
            social_links: [{ url: 'https://www.linkedin.com/in/ada-contract' }],
          },
          attachments: [file('Ada CV.pdf', 'CV'), file('Cover letter.pdf', 'COVER_LETTER')],
          screening_question_answers: [],
          source: { name: 'Careers page', unified_key: null, id: null },
          sourced_by_user_remote_id: null,
          gdpr_consent: null,
          remote_fields: {},
        };
      },
      expectModels: ['candidates', 'applications', 'attachments'],
      check({ input, result }) {
        const app = record('application', result.application_remote_id);
        expect(app).toMatchObject({ status: 'Active', job: { id: input.job_remote_id }, currentInterviewStage: { id: input.stage_remote_id }, source: { title: 'Careers page' } });
        const person = record('candidate', result.candidate_remote_id);
        expect(person).toMatchObject({ name: 'Ada Contract', primaryEmailAddress: { value: 'ada.contract@example.net' }, socialLinks: [{ type: 'LinkedIn' }] });
        expect((person['resumeFileHandle'] as Json)['name']).toBe('Ada CV.pdf');
        expect(result.records.attachments?.map((a) => a.type).sort()).toEqual(['CV', 'OTHER']);
        expect(result.records.applications?.[0]).toMatchObject({ candidate_remote_id: result.candidate_remote_id, job_remote_id: input.job_remote_id, outcome: 'PENDING' });
      },
    },
  },
});
