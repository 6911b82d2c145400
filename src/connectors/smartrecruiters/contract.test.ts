/**
 * The shared contract suite against the SmartRecruiters emulator, once with an API key
 * (`X-SmartToken`) and once with OAuth client credentials (which also checks token expiry).
 */
import { describe, expect, it } from 'vitest';
import { createSmartRecruitersEmulator, SR_API_KEY, SR_CLIENT_ID, SR_CLIENT_SECRET, type SmartRecruitersEmulator } from '../../../emulators/smartrecruiters/app.js';
import { contractFile, pendingApplication, runEmulatorContract, taggedCandidate } from '../../../test/contract/emulator-harness.js';
import type { ContractWorld } from '../../../test/contract/run-connector-contract.js';
import { smartRecruitersConnector } from './connector.js';
import { splitApplicationId } from './mapping.js';

const SIZE = 130;

function counts(emu: SmartRecruitersEmulator) {
  const s = emu.state;
  return {
    candidates: s.candidates.length,
    applications: s.candidates.reduce((n, c) => n + c.assignments.length, 0),
    jobs: s.jobs.length,
    users: s.users.length,
    rejection_reasons: s.rejectionReasons.length,
    attachments: s.candidates.reduce((n, c) => n + c.attachments.length, 0),
    offers: s.candidates.reduce((n, c) => n + c.assignments.reduce((m, a) => m + a.offers.length, 0), 0),
    tags: new Set(s.candidates.flatMap((c) => c.tags)).size,
  };
}

const assignment = (emu: SmartRecruitersEmulator, remoteId: string) => {
  const ids = splitApplicationId(remoteId);
  return emu.state.candidate(ids?.candidateId ?? '')?.assignments.find((a) => a.jobId === ids?.jobId);
};

const openJob = (emu: SmartRecruitersEmulator, w: ContractWorld) => w.jobs.find((j) => j.status === 'OPEN' && emu.state.job(j.remote_id)) ?? w.jobs[0];

for (const auth of ['api key', 'oauth'] as const) {
  let emu: SmartRecruitersEmulator;
  describe(`SmartRecruiters with ${auth}`, () => {
    runEmulatorContract({
      connector: smartRecruitersConnector,
      emulator: () => (emu = createSmartRecruitersEmulator({ seed: auth === 'oauth' ? 2 : 1, size: SIZE, rateLimitPerSecond: Infinity })),
      vendor: ({ running, admin }) => ({
        credentials: (auth === 'oauth' ? { client_id: SR_CLIENT_ID, client_secret: SR_CLIENT_SECRET } : { api_key: SR_API_KEY }) as Record<string, string>,
        baseUrl: running.url,
        badCredentials:
          auth === 'oauth'
            ? [
                { label: 'a wrong secret', credentials: { client_id: SR_CLIENT_ID, client_secret: 'nope' } },
                { label: 'no secret', credentials: { client_id: SR_CLIENT_ID } },
              ]
            : [
                { label: 'a wrong key', credentials: { api_key: 'nope' } },
                { label: 'no key', credentials: {} },
              ],
        expireTokens: () => admin('POST', '/tokens/expire'),
        updateRecord: (model, id) => admin('POST', `/${model}/${id}/update`),
        deleteRecord: (model, id) => admin('DELETE', `/${model}/${id}`),
        expectedCounts: () => Promise.resolve(counts(emu)),
      }),
      paginatedModels: ['candidates', 'applications', 'attachments'],
      delta: { model: 'candidates' },
      deletion: { model: 'candidates' },
      skip: auth === 'api key' ? [{ reason: 'API keys do not expire', tests: ['expired-token'] }] : [],
      writes: {
        addApplicationNote: {
          input: (w) => {
            const app = pendingApplication(w, 0);
            return { application_remote_id: app.remote_id, candidate_remote_id: app.candidate_remote_id, content: 'Strong systems design.', content_type: 'PLAIN_TEXT', remote_fields: {} };
          },
          check: ({ input }) => {
            expect(emu.state.shares.at(-1)).toMatchObject({ content: `#[CANDIDATE:${input.candidate_remote_id}] Strong systems design.`, candidateIds: [input.candidate_remote_id] });
          },
        },
        addCandidateNote: {
          input: (w) => ({ candidate_remote_id: w.candidates[1]?.remote_id ?? '', content: 'Coding test\nhttps://assess.example/r/1', content_type: 'PLAIN_TEXT', remote_fields: {} }),
          check: ({ input }) => expect(emu.state.shares.at(-1)?.candidateIds).toEqual([input.candidate_remote_id]),
        },
        moveApplicationToStage: {
          input: (w) => {
            const app = pendingApplication(w, 1, (a) => a.current_stage_remote_id !== 'INTERVIEW:Onsite');
            return { application_remote_id: app.remote_id, job_remote_id: app.job_remote_id, stage_remote_id: 'INTERVIEW:Onsite', remote_fields: {} };
          },
          expectModels: ['applications'],
          check: ({ input, result }) => {
            expect(assignment(emu, input.application_remote_id)).toMatchObject({ status: 'INTERVIEW', subStatus: 'Onsite' });
            expect(result.records.applications?.[0]).toMatchObject({ current_stage_remote_id: 'INTERVIEW:Onsite', outcome: 'PENDING' });
          },
        },
        rejectApplication: {
          input: (w) => {
            const app = pendingApplication(w, 2);
            const reason = w.rejection_reasons[0];
            return { application_remote_id: app.remote_id, rejection_reason_remote_id: reason?.remote_id ?? '', rejection_reason_name: reason?.name ?? null, note: 'Went another way.', remote_fields: {} };
          },
          expectModels: ['applications'],
          check: ({ input, result }) => {
            expect(assignment(emu, input.application_remote_id)).toMatchObject({ status: 'REJECTED', reasonOfRejection: { id: input.rejection_reason_remote_id } });
            expect(result.records.applications?.[0]).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: input.rejection_reason_name });
            expect(result.records.applications?.[0]?.current_stage_remote_id).not.toBeNull();
          },
        },
        addCandidateTag: {
          input: (w) => ({ candidate_remote_id: taggedCandidate(w, 0).remote_id, tag_name: 'Contract', remote_fields: {} }),
          expectModels: ['candidates'],
          check: ({ input }) => expect(emu.state.candidate(input.candidate_remote_id)?.tags).toContain('Contract'),
        },
        removeCandidateTag: {
          input: (w) => {
            const c = taggedCandidate(w, 1);
            return { candidate_remote_id: c.remote_id, tag_name: c.tags[0]?.name ?? '', remote_fields: {} };
          },
          expectModels: ['candidates'],
          check: ({ input }) => expect(emu.state.candidate(input.candidate_remote_id)?.tags).not.toContain(input.tag_name),
        },
        addCandidateAttachment: {
          input: (w) => ({ candidate_remote_id: w.candidates[2]?.remote_id ?? '', attachment: contractFile('Portfolio.pdf'), remote_fields: {} }),
          expectModels: ['attachments'],
          check: ({ input }) => expect(emu.state.candidate(input.candidate_remote_id)?.attachments.map((f) => f.name)).toContain('Portfolio.pdf'),
        },
        addApplicationAttachment: {
          input: (w) => {
            const app = pendingApplication(w, 3);
            return { application_remote_id: app.remote_id, candidate_remote_id: app.candidate_remote_id, attachment: contractFile('Assessment.pdf', 'OTHER'), remote_fields: {} };
          },
          expectModels: ['attachments'],
          check: ({ input }) => expect(emu.state.candidate(input.candidate_remote_id)?.attachments.find((f) => f.name === 'Assessment.pdf')?.type).toBe('GENERIC_FILE'),
        },
        importTrackedApplication: {
          input: (w) => {
            const app = pendingApplication(w, 4);
            const [candidate_remote_id = '', job_remote_id = ''] = app.remote_id.split(':');
            return { application_remote_id: null, candidate_remote_id, job_remote_id, tracked_at: null, id_key: 'smartrecruiters', id_value: { id_type: 'candidate_and_job_remote_ids', candidate_remote_id, job_remote_id } };
          },
          expectModels: ['applications'],
          check: ({ input, result }) => expect(result.application_remote_id).toBe(`${input.candidate_remote_id}:${input.job_remote_id}`),
        },
        createApplication: {
          input: (w) => ({
            job_remote_id: openJob(emu, w)?.remote_id ?? '',
            stage_remote_id: 'IN_REVIEW:Screening',
            candidate: {
              first_name: 'Ada', last_name: 'Lovelace', email_address: `ada.${auth.replace(' ', '')}@example.net`, additional_email_addresses: [], company: 'Analytical Engines', title: 'Countess',
              phone_number: '+44 20 7946 0000', additional_phone_numbers: [], location: { city: 'London', country: 'GB', state: null, street_1: null, zip_code: null }, gender: null,
              availability_date: null, salary_expectations: null, social_links: [{ url: 'https://www.linkedin.com/in/ada' }],
            },
            attachments: [contractFile('Ada_CV.pdf', 'CV')],
            screening_question_answers: [],
            source: null,
            sourced_by_user_remote_id: null,
            gdpr_consent: null,
            remote_fields: {},
          }),
          expectModels: ['candidates', 'applications', 'attachments'],
          check: ({ input, result }) => {
            const created = emu.state.candidate(result.candidate_remote_id);
            expect(created).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', countryCode: 'gb', linkedin: 'https://www.linkedin.com/in/ada' });
            expect(created?.assignments[0]).toMatchObject({ jobId: input.job_remote_id, status: 'IN_REVIEW', subStatus: 'Screening' });
            expect(created?.attachments[0]).toMatchObject({ name: 'Ada_CV.pdf', type: 'RESUME' });
            expect(result.records.applications?.[0]?.current_stage_remote_id).toBe('IN_REVIEW:Screening');
          },
        },
      },
    });

    it('refuses a second application of the same person to the same job', async () => {
      const { serveEmulator } = await import('../../../emulators/shared/serve.js');
      const local = createSmartRecruitersEmulator({ seed: 9, size: 3, rateLimitPerSecond: Infinity });
      const running = await serveEmulator(local);
      try {
        const cand = local.state.candidates[0];
        const { smartRecruitersWrites } = await import('./writes.js');
        const { memoryState } = await import('../memory-state.js');
        const { pino } = await import('pino');
        const ctx = { integrationId: 'x', credentials: { api_key: SR_API_KEY }, baseUrl: running.url, fetch: globalThis.fetch, logger: pino({ level: 'silent' }), state: memoryState() };
        const err = await smartRecruitersWrites.createApplication?.(ctx, {
          job_remote_id: cand?.assignments[0]?.jobId ?? '', stage_remote_id: null, attachments: [], screening_question_answers: [], source: null, sourced_by_user_remote_id: null, gdpr_consent: null, remote_fields: {},
          candidate: { first_name: cand?.firstName ?? '', last_name: cand?.lastName ?? '', email_address: cand?.email ?? '', additional_email_addresses: [], company: null, title: null, phone_number: null, additional_phone_numbers: [], location: null, gender: null, availability_date: null, salary_expectations: null, social_links: [] },
        }).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'ATS.APPLICATION_ALREADY_EXISTS' });
      } finally {
        await running.close();
      }
    });
  });
}
