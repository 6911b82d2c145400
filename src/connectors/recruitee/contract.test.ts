/**
 * The shared connector contract suite against the Recruitee emulator (over HTTP, below
 * `/c/{company_id}`), plus Recruitee specifics: talent pools are no jobs, a 422 for another company
 * is bad credentials, the documented 429 is waited out, the reason text of a disqualification.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createRecruiteeEmulator, type RecruiteeEmulator } from '../../../emulators/recruitee/app.js';
import { serveEmulator } from '../../../emulators/shared/serve.js';
import { VirtualClock } from '../../../test/setup/virtual-clock.js';
import { contractFile as file, pendingApplication, runEmulatorContract, taggedCandidate } from '../../../test/contract/emulator-harness.js';
import { listAll, type ContractWorld } from '../../../test/contract/run-connector-contract.js';
import { newApplication } from '../../../test/setup/write-inputs.js';
import { DEFAULT_POLICY, politeFetch } from '../../lib/polite-fetch.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import { recruiteeConnector } from './connector.js';

let emu: RecruiteeEmulator;

const placement = (id: string) => {
  const found = emu.state.placement(Number(id));
  if (!found) throw new Error(`no placement ${id} in the emulator`);
  return found;
};
const candidate = (id: string) => {
  const found = emu.state.candidate(Number(id));
  if (!found) throw new Error(`no candidate ${id} in the emulator`);
  return found;
};
const notesOf = (candidateId: string) => emu.state.notes.filter((n) => n.candidate_id === Number(candidateId));
const filesOf = (candidateId: string) => emu.state.attachments.filter((a) => a.candidate_id === Number(candidateId));
const openJob = (w: ContractWorld) => {
  const job = w.jobs.find((j) => j.status === 'OPEN');
  if (!job) throw new Error('no open job');
  return job;
};
const pending = (w: ContractWorld, n: number) => pendingApplication(w, n, (a) => emu.state.offer(Number(a.job_remote_id))?.status === 'published');
const jobCount = () => emu.state.offers.filter((o) => o.kind === 'job').length;
const jobPlacements = () => emu.state.placements.filter((p) => emu.state.offer(p.offer_id)?.kind === 'job');

runEmulatorContract({
  connector: recruiteeConnector,
  emulator: () => (emu = createRecruiteeEmulator({ seed: 3, size: 150, rateLimitPerSecond: Infinity })),
  vendor({ running, admin }) {
    return {
      credentials: emu.credentials,
      baseUrl: running.url,
      badCredentials: [
        { label: 'an unknown token', credentials: { company_id: emu.credentials['company_id'], api_token: 'not-a-token' } },
        { label: 'no token', credentials: { company_id: emu.credentials['company_id'] } },
        { label: 'another company', credentials: { company_id: '999', api_token: emu.credentials['api_token'] } },
      ],
      updateRecord: (_model, id) => admin('POST', `/candidates/${id}/update`, { tags: [...candidate(id).tags, 'Contract delta'] }),
      deleteRecord: (_model, id) => admin('DELETE', `/candidates/${id}`),
      expectedCounts: () =>
        Promise.resolve({
          users: emu.state.admins.length,
          tags: emu.state.tags.length,
          rejection_reasons: emu.state.reasons.length,
          jobs: jobCount(),
          candidates: emu.state.candidates.length,
          applications: jobPlacements().length,
          attachments: emu.state.attachments.length,
        }),
    };
  },
  paginatedModels: ['candidates', 'applications', 'attachments'],
  delta: { model: 'candidates' },
  deletion: { model: 'candidates' },
  skip: [{ reason: 'Recruitee personal API tokens do not expire (they are revoked by hand): nothing to renew', tests: ['expired-token'] }],
  writes: {
    moveApplicationToStage: {
      input(w) {
        const app = pending(w, 0);
        const job = w.jobs.find((j) => j.remote_id === app.job_remote_id);
        const target = job?.stages.find((s) => s.name === 'Offer' && s.remote_id !== app.current_stage_remote_id) ?? job?.stages.find((s) => s.name === 'Technical interview');
        return { application_remote_id: app.remote_id, stage_remote_id: target?.remote_id ?? '', job_remote_id: app.job_remote_id, remote_fields: {} };
      },
      expectModels: ['applications'],
      check({ input, result }) {
        expect(String(placement(input.application_remote_id).stage_id)).toBe(input.stage_remote_id);
        expect(result.records.applications?.[0]).toMatchObject({ remote_id: input.application_remote_id, current_stage_remote_id: input.stage_remote_id, outcome: 'PENDING' });
      },
    },
    rejectApplication: {
      input: (w) => ({ application_remote_id: pending(w, 1).remote_id, rejection_reason_remote_id: w.rejection_reasons[0]?.remote_id ?? '', rejection_reason_name: w.rejection_reasons[0]?.name ?? null, note: 'Not this time', remote_fields: {} }),
      expectModels: ['applications'],
      check({ input, result }) {
        const p = placement(input.application_remote_id);
        expect(p.disqualify_reason).toBe(input.rejection_reason_name);
        expect(notesOf(String(p.candidate_id)).map((n) => n.body)).toContain('Not this time');
        expect(result.records.applications?.[0]).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: input.rejection_reason_name });
      },
    },
    addApplicationNote: {
      input: (w) => ({ application_remote_id: pending(w, 2).remote_id, candidate_remote_id: pending(w, 2).candidate_remote_id, content: 'Contract note', content_type: 'PLAIN_TEXT', remote_fields: { recruitee: { visibility: { level: 'admins' } } } }),
      check({ input }) {
        expect(notesOf(input.candidate_remote_id).find((n) => n.body === 'Contract note')?.visibility).toEqual({ level: 'admins' });
      },
    },
    addCandidateNote: {
      input: (w) => ({ candidate_remote_id: w.candidates[3]?.remote_id ?? '', content: 'Person note', content_type: 'PLAIN_TEXT', remote_fields: {} }),
      check({ input }) {
        expect(notesOf(input.candidate_remote_id).find((n) => n.body === 'Person note')?.visibility).toEqual({ level: 'public' });
      },
    },
    addApplicationAttachment: {
      input: (w) => ({ application_remote_id: pending(w, 3).remote_id, candidate_remote_id: pending(w, 3).candidate_remote_id, attachment: file('Assessment.pdf'), remote_fields: {} }),
      expectModels: ['attachments'],
      check({ input, result }) {
        expect(filesOf(input.candidate_remote_id).find((f) => f.filename === 'Assessment.pdf')?.data.byteLength).toBe(input.attachment.data.byteLength);
        expect(result.records.attachments?.[0]).toMatchObject({ candidate_remote_id: input.candidate_remote_id, file_name: 'Assessment.pdf', type: 'OTHER' });
      },
    },
    addCandidateAttachment: {
      input: (w) => ({ candidate_remote_id: w.candidates[5]?.remote_id ?? '', attachment: file('Portfolio.pdf'), remote_fields: {} }),
      expectModels: ['attachments'],
      check({ input }) {
        expect(filesOf(input.candidate_remote_id).map((f) => f.filename)).toContain('Portfolio.pdf');
      },
    },
    addCandidateTag: {
      input: (w) => ({ candidate_remote_id: taggedCandidate(w, 0).remote_id, tag_name: 'Contract tag', remote_fields: {} }),
      expectModels: ['candidates', 'tags'],
      check({ input, result }) {
        expect(candidate(input.candidate_remote_id).tags).toContain('Contract tag');
        const tag = emu.state.tags.find((t) => t.name === 'Contract tag');
        expect(result.records.tags?.[0]).toEqual({ remote_id: String(tag?.id), name: 'Contract tag' });
        expect(result.records.candidates?.[0]?.tags).toContainEqual({ remote_id: String(tag?.id), name: 'Contract tag' });
      },
    },
    importTrackedApplication: {
      input: (w) => {
        const app = pending(w, 4);
        return { application_remote_id: app.remote_id, candidate_remote_id: null, job_remote_id: null, tracked_at: null, id_key: 'recruitee', id_value: { id_type: 'placement_id', placement_id: app.remote_id } };
      },
      expectModels: ['applications'],
      check({ input, result }) {
        expect(result.application_remote_id).toBe(input.application_remote_id);
        expect(result.records.applications?.[0]).toMatchObject({ remote_id: input.application_remote_id, candidate_remote_id: String(placement(input.application_remote_id ?? '').candidate_id) });
      },
    },
    createApplication: {
      input(w) {
        const job = openJob(w);
        return newApplication(
          job.remote_id,
          { first_name: 'Ada', last_name: 'Contract', email_address: 'ada.contract@example.net' },
          { stage_remote_id: job.stages[1]?.remote_id ?? null, attachments: [file('Ada CV.pdf', 'CV')], source: { name: 'Agency', unified_key: null, id: null } },
        );
      },
      expectModels: ['candidates', 'applications', 'attachments'],
      check({ input, result }) {
        const created = candidate(result.candidate_remote_id);
        expect(created).toMatchObject({ name: 'Ada Contract', emails: ['ada.contract@example.net'], source: 'Agency' });
        expect(String(placement(result.application_remote_id).stage_id)).toBe(input.stage_remote_id);
        expect(filesOf(result.candidate_remote_id).map((f) => f.filename)).toEqual(['Ada CV.pdf']);
        expect(result.records.applications?.[0]).toMatchObject({ candidate_remote_id: result.candidate_remote_id, job_remote_id: input.job_remote_id, outcome: 'PENDING' });
        expect(result.warnings?.join(' ')).toMatch(/reads back as OTHER/);
      },
    },
  },
});

describe('Recruitee specifics', () => {
  const silent = pino({ level: 'silent' });
  const ctxFor = (base: string, credentials: Record<string, string>, clock = new VirtualClock(), rps = 1000): ConnectorContext => ({
    integrationId: 'recruitee:specifics',
    credentials,
    baseUrl: base,
    fetch: politeFetch(globalThis.fetch, { ...DEFAULT_POLICY, ...recruiteeConnector.manifest.politeness, requestsPerSecond: rps }, Math.random, clock),
    clock,
    logger: silent,
    state: memoryState(),
  });

  it('maps placements: disqualified → DECLINED with the reason text, hire stage → HIRED; talent pools are no jobs', async () => {
    const local = createRecruiteeEmulator({ seed: 5, size: 40, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    try {
      const ctx = ctxFor(running.url, local.credentials);
      const apps = (await listAll(recruiteeConnector, ctx, 'applications')).records;
      const jobs = (await listAll(recruiteeConnector, ctx, 'jobs')).records;
      expect(jobs.map((j) => j.name)).not.toContain('Engineering talent pool');
      for (const app of apps) {
        const p = local.state.placement(Number(app.remote_id));
        const stage = local.state.offer(p?.offer_id ?? 0)?.template.stages.find((s) => s.id === p?.stage_id);
        expect(app.outcome).toBe(p?.disqualified_at ? 'DECLINED' : stage?.category === 'hire' ? 'HIRED' : 'PENDING');
        expect(app.rejection_reason_name).toBe(p?.disqualify_reason ?? null);
      }
      expect(new Set(apps.map((a) => a.outcome))).toEqual(new Set(['DECLINED', 'HIRED', 'PENDING']));
      const stage = jobs[0]?.stages[1];
      expect(stage).toMatchObject({ status: 'ACTIVE', custom_fields: { category: 'phone_screen', group: 'screening', time_limit: 5 } });
    } finally {
      await running.close();
    }
  });

  it('waits out 429s (retry-after) at the emulated per-minute limit instead of failing', async () => {
    const clock = new VirtualClock();
    const local = createRecruiteeEmulator({ seed: 2, size: 6, requestsPerMinute: 5, now: clock.now });
    const running = await serveEmulator(local);
    try {
      const ctx = ctxFor(running.url, local.credentials, clock);
      const files = (await listAll(recruiteeConnector, ctx, 'attachments')).records;
      expect(files.length).toBe(local.state.attachments.length);
      expect(local.faults.requests.length).toBeGreaterThan(5);
      expect(clock.waits.length).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  }, 60_000);

  it('lists the CV linked on the candidate as a CV and downloads it through a fresh signed link', async () => {
    const local = createRecruiteeEmulator({ seed: 5, size: 8, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    try {
      const ctx = ctxFor(running.url, local.credentials);
      const files = (await listAll(recruiteeConnector, ctx, 'attachments')).records;
      const stored = local.state.attachments.find((a) => a.kind === 'cv');
      const cv = files.find((f) => f.remote_id === `cv-${stored?.candidate_id}`);
      expect(cv).toMatchObject({ type: 'CV', file_name: stored?.filename, content_type: 'application/pdf' });
      const content = await recruiteeConnector.downloadAttachment(ctx, { remote_id: cv?.remote_id ?? '', candidate_remote_id: cv?.candidate_remote_id ?? '' });
      expect(Buffer.from(content.body).equals(stored?.data ?? Buffer.alloc(0))).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('sends a note as body_json with remote_fields.recruitee.is_json, and refuses content that is not JSON', async () => {
    const local = createRecruiteeEmulator({ seed: 5, size: 3, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    try {
      const ctx = ctxFor(running.url, local.credentials);
      const id = String(local.state.candidates[0]?.id);
      const doc = { type: 'doc', content: [{ type: 'paragraph', text: 'Structured' }] };
      await recruiteeConnector.writes?.addCandidateNote?.(ctx, { candidate_remote_id: id, content: JSON.stringify(doc), content_type: 'PLAIN_TEXT', remote_fields: { recruitee: { is_json: true, visibility: 'private' } } });
      expect(local.state.notes.at(-1)).toMatchObject({ body_json: doc, visibility: { level: 'private' } });
      const before = local.state.notes.length;
      const err = await recruiteeConnector.writes?.addCandidateNote?.(ctx, { candidate_remote_id: id, content: 'not json', content_type: 'PLAIN_TEXT', remote_fields: { recruitee: { is_json: true } } }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'REMOTE.INPUT_INVALID' });
      expect(local.state.notes.length).toBe(before);
    } finally {
      await running.close();
    }
  });

  it('refuses a closed job with ATS.JOB_CLOSED and sends no candidate', async () => {
    const local = createRecruiteeEmulator({ seed: 5, size: 3, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    try {
      const closed = local.state.offers.find((o) => o.status === 'closed');
      const before = local.state.candidates.length;
      const err = await recruiteeConnector.writes?.createApplication?.(ctxFor(running.url, local.credentials), newApplication(String(closed?.id), { first_name: 'A', last_name: 'B', email_address: 'a.b@example.net' })).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'ATS.JOB_CLOSED' });
      expect(local.state.candidates.length).toBe(before);
    } finally {
      await running.close();
    }
  });
});
