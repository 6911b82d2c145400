/**
 * The shared connector contract suite against the Teamtailor emulator, plus Teamtailor specifics:
 * the API version header, JSON:API bodies, the region's host, scope refusals, the window limit.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createTeamtailorEmulator, type TeamtailorEmulator } from '../../../emulators/teamtailor/app.js';
import { serveEmulator } from '../../../emulators/shared/serve.js';
import { VirtualClock } from '../../../test/setup/virtual-clock.js';
import { DEFAULT_POLICY, politeFetch } from '../../lib/polite-fetch.js';
import { contractFile, pendingApplication, runEmulatorContract, taggedCandidate } from '../../../test/contract/emulator-harness.js';
import { listAll, type ContractWorld } from '../../../test/contract/run-connector-contract.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import { baseUrlOf } from './client.js';
import { teamtailorConnector } from './connector.js';
import { newApplication } from '../../../test/setup/write-inputs.js';

let emu: TeamtailorEmulator;

const app = (id: string) => {
  const found = emu.state.application(id);
  if (!found) throw new Error(`no application ${id}`);
  return found;
};
const pending = (w: ContractWorld, n: number) => pendingApplication(w, n);
const nextStage = (applicationId: string) => {
  const a = app(applicationId);
  const target = emu.state.stagesOf(a.jobId).find((s) => s.id !== a.stageId && s.stageType === 'In process') ?? emu.state.stagesOf(a.jobId).find((s) => s.id !== a.stageId && s.stageType !== 'Hired');
  if (!target) throw new Error('no other stage');
  return target.id;
};

runEmulatorContract({
  connector: teamtailorConnector,
  emulator: () => (emu = createTeamtailorEmulator({ seed: 3, size: 70, rateLimitPerSecond: Infinity })),
  vendor({ running, admin }) {
    return {
      credentials: { api_key: emu.credentials['api_key'] ?? '' },
      baseUrl: `${running.url}/v1`,
      badCredentials: [
        { label: 'an unknown key', credentials: { api_key: 'not-a-key' } },
        { label: 'no key', credentials: {} },
        { label: 'a Public-scope key', credentials: { api_key: 'tt-public-read' } },
      ],
      updateRecord: (model, id) => admin('POST', model === 'applications' ? `/job-applications/${id}/update` : `/candidates/${id}/update`, { tags: ['Contract delta'] }),
      deleteRecord: (_model, id) => admin('DELETE', `/job-applications/${id}`),
      expectedCounts() {
        const s = emu.state;
        return Promise.resolve({
          users: s.users.length,
          roles: new Set(s.users.map((u) => u.role)).size,
          tags: new Set(s.candidates.flatMap((c) => c.tags)).size,
          rejection_reasons: s.reasons.length,
          jobs: s.jobs.length,
          candidates: s.candidates.length,
          applications: s.applications.length,
          attachments: s.uploads.length,
        });
      },
    };
  },
  paginatedModels: ['candidates', 'applications', 'attachments'],
  delta: { model: 'applications' },
  deletion: { model: 'applications' },
  skip: [
    { reason: 'Teamtailor API keys do not expire: a revoked key needs a new one from the customer', tests: ['expired-token'] },
  ],
  writes: {
    moveApplicationToStage: {
      input: (w) => ({ application_remote_id: pending(w, 0).remote_id, stage_remote_id: nextStage(pending(w, 0).remote_id), job_remote_id: pending(w, 0).job_remote_id, remote_fields: {} }),
      expectModels: ['applications'],
      check({ input, result }) {
        expect(app(input.application_remote_id).stageId).toBe(input.stage_remote_id);
        expect(result.records.applications?.[0]).toMatchObject({ remote_id: input.application_remote_id, current_stage_remote_id: input.stage_remote_id });
      },
    },
    addApplicationNote: {
      input: (w) => ({ application_remote_id: pending(w, 1).remote_id, candidate_remote_id: pending(w, 1).candidate_remote_id, content: 'Contract note', content_type: 'PLAIN_TEXT', remote_fields: {} }),
      check({ input }) {
        const note = emu.state.notes.find((n) => n.note === 'Contract note');
        expect(note?.candidateId).toBe(input.candidate_remote_id);
        // No user given: the first admin is the author.
        expect(note?.userId).toBe(emu.state.users.find((u) => u.role === 'admin')?.id);
      },
    },
    addCandidateNote: {
      input: (w) => ({ candidate_remote_id: w.candidates[2]?.remote_id ?? '', content: 'Person note', content_type: 'PLAIN_TEXT', remote_fields: { teamtailor: { user_id: emu.state.users[1]?.id } } }),
      check({ input }) {
        expect(emu.state.notes.find((n) => n.note === 'Person note')).toMatchObject({ candidateId: input.candidate_remote_id, userId: emu.state.users[1]?.id });
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
        const r = app(input.application_remote_id);
        expect(r.rejectedAt).not.toBeNull();
        expect(r.rejectReasonId).toBe(input.rejection_reason_remote_id);
        expect(emu.state.notes.some((n) => n.note === 'Not this time' && n.candidateId === r.candidateId)).toBe(true);
        expect(result.records.applications?.[0]).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: input.rejection_reason_name });
      },
    },
    addCandidateTag: {
      input: (w) => ({ candidate_remote_id: taggedCandidate(w, 0).remote_id, tag_name: 'Contract', remote_fields: {} }),
      expectModels: ['candidates'],
      check({ input }) {
        const tags = emu.state.candidate(input.candidate_remote_id)?.tags ?? [];
        expect(tags).toContain('Contract');
        expect(tags.length).toBeGreaterThan(1);
      },
    },
    removeCandidateTag: {
      input: (w) => ({ candidate_remote_id: taggedCandidate(w, 1).remote_id, tag_name: taggedCandidate(w, 1).tags[0]?.name ?? '', remote_fields: {} }),
      expectModels: ['candidates'],
      check({ input }) {
        expect(emu.state.candidate(input.candidate_remote_id)?.tags).not.toContain(input.tag_name);
      },
    },
    // Teamtailor fetches files itself: they go by the public URL the caller sent (`data_url`).
    addCandidateAttachment: {
      input: (w) => ({ candidate_remote_id: w.candidates[2]?.remote_id ?? '', attachment: { ...contractFile('Portfolio.pdf'), source_url: 'https://files.example.com/portfolio.pdf' }, remote_fields: {} }),
      expectModels: ['attachments'],
      check: ({ input }) => expect(emu.state.uploads.find((u) => u.candidateId === input.candidate_remote_id && u.fileName === 'Portfolio.pdf')?.url).toBe('https://files.example.com/portfolio.pdf'),
    },
    addApplicationAttachment: {
      input: (w) => {
        const a = pendingApplication(w, 3);
        return { application_remote_id: a.remote_id, candidate_remote_id: a.candidate_remote_id, attachment: { ...contractFile('Assessment.pdf'), source_url: 'https://files.example.com/assessment.pdf' }, remote_fields: {} };
      },
      expectModels: ['attachments'],
      check: ({ input }) => expect(emu.state.uploads.some((u) => u.candidateId === input.candidate_remote_id && u.url === 'https://files.example.com/assessment.pdf')).toBe(true),
    },
    createApplication: {
      input: (w) => newApplication(w.jobs.find((j) => j.status === 'OPEN')?.remote_id ?? '', { first_name: 'Ada', last_name: 'Lovelace', email_address: 'ada.contract@example.net' }),
      expectModels: ['candidates', 'applications'],
      check({ result }) {
        const created = app(result.application_remote_id);
        expect(emu.state.stage(created.stageId)?.stageType).toBe('Inbox');
        expect(emu.state.candidate(result.candidate_remote_id)).toMatchObject({ firstName: 'Ada', email: 'ada.contract@example.net' });
      },
    },
  },
});

describe('Teamtailor specifics', () => {
  const silent = pino({ level: 'silent' });
  const ctxFor = (baseUrl: string | null, credentials: Record<string, string>, clock = new VirtualClock(), rps = 1000): ConnectorContext => ({
    integrationId: 'tt',
    credentials,
    baseUrl,
    fetch: politeFetch(globalThis.fetch, { ...DEFAULT_POLICY, ...teamtailorConnector.manifest.politeness, requestsPerSecond: rps }, Math.random, clock),
    clock,
    logger: silent,
    state: memoryState(),
  });

  it('picks the region’s host, and refuses an unknown region', () => {
    expect(baseUrlOf({ baseUrl: null, credentials: {} })).toBe('https://api.teamtailor.com/v1');
    expect(baseUrlOf({ baseUrl: null, credentials: { region: 'na' } })).toBe('https://api.na.teamtailor.com/v1');
    expect(() => baseUrlOf({ baseUrl: null, credentials: { region: 'mars' } })).toThrow(/region/);
  });

  it('lists jobs of every status and feed, with their stages in pipeline order (Inbox first, Hired last)', async () => {
    const local = createTeamtailorEmulator({ seed: 5, size: 40, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    try {
      const jobs = (await listAll(teamtailorConnector, ctxFor(`${running.url}/v1`, local.credentials), 'jobs')).records;
      expect(jobs).toHaveLength(local.state.jobs.length);
      expect(new Set(jobs.map((j) => j.status))).toEqual(new Set(['OPEN', 'ARCHIVED', 'DRAFT']));
      for (const job of jobs) {
        expect(job.stages.map((s) => s.remote_id)).toEqual(local.state.stagesOf(job.remote_id).map((s) => s.id));
        expect(job.stages[0]?.name).toBe('Inbox');
        expect(job.stages.at(-1)?.name).toBe('Hired');
      }
    } finally {
      await running.close();
    }
  });

  it('maps outcomes: rejected-at → DECLINED with the reason, the Hired stage → HIRED', async () => {
    const local = createTeamtailorEmulator({ seed: 5, size: 40, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    try {
      const apps = (await listAll(teamtailorConnector, ctxFor(`${running.url}/v1`, local.credentials), 'applications')).records;
      const s = local.state;
      for (const a of apps) {
        const r = s.application(a.remote_id);
        const expected = r?.rejectedAt ? 'DECLINED' : s.stage(r?.stageId ?? '')?.stageType === 'Hired' ? 'HIRED' : 'PENDING';
        expect(a.outcome).toBe(expected);
        expect(a.rejection_reason_name).toBe(r?.rejectedAt ? (s.reasons.find((x) => x.id === r.rejectReasonId)?.reason ?? null) : null);
      }
      expect(new Set(apps.map((a) => a.outcome))).toEqual(new Set(['PENDING', 'HIRED', 'DECLINED']));
    } finally {
      await running.close();
    }
  });

  it('carries the candidates’ custom field values by api-name', async () => {
    const local = createTeamtailorEmulator({ seed: 5, size: 12, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    try {
      const candidates = (await listAll(teamtailorConnector, ctxFor(`${running.url}/v1`, local.credentials), 'candidates')).records;
      const s = local.state;
      for (const c of candidates) {
        const expected = Object.fromEntries(
          s.customFieldValues.filter((v) => v.ownerId === c.remote_id).map((v) => {
            const field = s.customFields.find((f) => f.id === v.customFieldId);
            return [field?.apiName ?? '', { label: field?.name ?? null, value: v.value }];
          }),
        );
        expect(c.remote_custom_fields).toEqual(expected);
      }
      expect(candidates.some((c) => Object.keys(c.remote_custom_fields ?? {}).length > 0)).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('sends X-Api-Version on every request and JSON:API bodies; the emulator refuses a request without the version (406)', async () => {
    const local = createTeamtailorEmulator({ seed: 5, size: 5, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    try {
      const bare = await fetch(`${running.url}/v1/users`, { headers: { Authorization: `Token token=${local.credentials['api_key'] ?? ''}` } });
      expect(bare.status).toBe(406);
      await listAll(teamtailorConnector, ctxFor(`${running.url}/v1`, local.credentials), 'users');
      const candidate = local.state.candidates[0]?.id ?? '';
      await teamtailorConnector.writes?.addCandidateTag?.(ctxFor(`${running.url}/v1`, local.credentials), { candidate_remote_id: candidate, tag_name: 'vip', remote_fields: {} });
      expect(local.state.candidate(candidate)?.tags).toContain('vip');
    } finally {
      await running.close();
    }
  });

  it('refuses an application to an archived job, and a second one of the same person to a job, before writing', async () => {
    const local = createTeamtailorEmulator({ seed: 5, size: 40, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    try {
      const ctx = ctxFor(`${running.url}/v1`, local.credentials);
      const create = teamtailorConnector.writes?.createApplication;
      const archived = local.state.jobs.find((j) => j.status === 'archived');
      const before = local.state.candidates.length;
      const closed = await create?.(ctx, newApplication(archived?.id ?? '', { first_name: 'A', last_name: 'B', email_address: 'a.b@example.net' })).catch((e: unknown) => e);
      expect(closed).toMatchObject({ code: 'ATS.JOB_CLOSED' });
      const existing = local.state.applications[0];
      const person = local.state.candidate(existing?.candidateId ?? '');
      const twice = await create?.(ctx, newApplication(existing?.jobId ?? '', { first_name: 'A', last_name: 'B', email_address: person?.email ?? '' })).catch((e: unknown) => e);
      expect(twice).toMatchObject({ code: 'ATS.APPLICATION_ALREADY_EXISTS' });
      expect(local.state.candidates).toHaveLength(before);
    } finally {
      await running.close();
    }
  });

  it('refuses a file sent as bytes (Teamtailor needs a public URL), before writing anything', async () => {
    const local = createTeamtailorEmulator({ seed: 5, size: 10, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    try {
      const ctx = ctxFor(`${running.url}/v1`, local.credentials);
      const candidate = local.state.candidates[0]?.id ?? '';
      const err = await teamtailorConnector.writes?.addCandidateAttachment?.(ctx, { candidate_remote_id: candidate, attachment: contractFile('CV.pdf', 'CV'), remote_fields: {} }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'PLATFORM.INPUT_INVALID', message: expect.stringMatching(/attachment\.data_url/) });
      const job = local.state.jobs.find((j) => j.status === 'open')?.id ?? '';
      const before = local.state.candidates.length;
      const input = { ...newApplication(job, { first_name: 'No', last_name: 'Url', email_address: 'no.url@example.net' }), attachments: [contractFile('CV.pdf', 'CV')] };
      const refused = await teamtailorConnector.writes?.createApplication?.(ctx, input).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'PLATFORM.INPUT_INVALID' });
      expect(local.state.candidates).toHaveLength(before);
      expect(local.faults.requests.filter((r) => !r.startsWith('GET '))).toEqual([]);
    } finally {
      await running.close();
    }
  });

  it('refuses writes with a read-only key as a missing permission', async () => {
    const local = createTeamtailorEmulator({ seed: 5, size: 5, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    try {
      const ctx = ctxFor(`${running.url}/v1`, { api_key: 'tt-admin-read' });
      await teamtailorConnector.verify(ctx);
      const err = await teamtailorConnector.writes?.addCandidateTag?.(ctx, { candidate_remote_id: local.state.candidates[0]?.id ?? '', tag_name: 'x', remote_fields: {} }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'INTEGRATION.PERMISSION_MISSING' });
    } finally {
      await running.close();
    }
  });

  it('waits out the 50-per-10 s window (X-Rate-Limit-Reset) instead of failing', async () => {
    const clock = new VirtualClock();
    const local = createTeamtailorEmulator({ seed: 2, size: 100, requestsPer10s: 2, now: clock.now });
    const running = await serveEmulator(local);
    try {
      const started = clock.now();
      const candidates = (await listAll(teamtailorConnector, ctxFor(`${running.url}/v1`, local.credentials, clock), 'candidates')).records;
      expect(candidates).toHaveLength(100);
      expect(local.faults.requests.length).toBeGreaterThan(4);
      expect(clock.now() - started).toBeGreaterThanOrEqual(10_000);
    } finally {
      await running.close();
    }
  }, 60_000);
});
