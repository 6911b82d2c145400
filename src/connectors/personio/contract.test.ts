/**
 * The shared connector contract suite against the Personio emulator (v2 reads over OAuth, the v1
 * Recruiting API for creating applications), plus Personio specifics: outcomes and stages from
 * system and custom phases, the one write with files uploaded first, the refusal without the
 * Recruiting API key, the v1 refusals as typed errors, 429s waited out in virtual time.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createPersonioEmulator, type PersonioEmulator, type PersonioEmulatorOptions } from '../../../emulators/personio/app.js';
import { serveEmulator } from '../../../emulators/shared/serve.js';
import { contractFile as file, runEmulatorContract } from '../../../test/contract/emulator-harness.js';
import { listAll } from '../../../test/contract/run-connector-contract.js';
import { newApplication } from '../../../test/setup/write-inputs.js';
import { VirtualClock } from '../../../test/setup/virtual-clock.js';
import { DEFAULT_POLICY, politeFetch } from '../../lib/polite-fetch.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import { personioConnector } from './connector.js';

let emu: PersonioEmulator;
const publishedJob = (e: PersonioEmulator) => {
  const job = e.state.jobs.find((j) => j.status === 'published' && j.category_id !== null);
  if (!job) throw new Error('no published job');
  return job;
};

runEmulatorContract({
  connector: personioConnector,
  emulator: () => (emu = createPersonioEmulator({ seed: 3, size: 150, rateLimitPerSecond: Infinity })),
  vendor({ running, admin }) {
    const { client_id, client_secret } = emu.credentials;
    return {
      credentials: emu.credentials,
      baseUrl: running.url,
      badCredentials: [
        { label: 'a wrong secret', credentials: { client_id, client_secret: 'wrong' } },
        { label: 'an unknown client', credentials: { client_id: 'nobody', client_secret } },
        { label: 'no secret', credentials: { client_id } },
        { label: 'a recruiting key without its company id', credentials: { client_id, client_secret, recruiting_api_key: 'rk' } },
      ],
      expireTokens: () => admin('POST', '/tokens/expire'),
      updateRecord: (_model, id) => admin('POST', `/candidates/${id}/update`, { phone: '+49 30 1234567' }),
      deleteRecord: (_model, id) => admin('DELETE', `/candidates/${id}`),
      expectedCounts: () =>
        Promise.resolve({
          users: new Set(emu.state.jobs.flatMap((j) => j.hiring_team.map((m) => m.id))).size,
          jobs: emu.state.jobs.length,
          candidates: emu.state.candidates.length,
          applications: emu.state.applications.length,
        }),
    };
  },
  paginatedModels: ['candidates', 'applications'],
  delta: { model: 'candidates' },
  deletion: { model: 'candidates' },
  skip: [{ reason: "Personio's API serves no candidate files (documented): there are no attachments to list or download", tests: ['attachment-download'] }],
  writes: {
    createApplication: {
      input(w) {
        const job = w.jobs.find((j) => j.remote_id === String(publishedJob(emu).id));
        const stage = job?.stages.find((s) => s.custom_fields?.['type'] === 'custom');
        return newApplication(
          job?.remote_id ?? '',
          { first_name: 'Ada', last_name: 'Contract', email_address: 'ada.contract@example.net', phone_number: '+49 151 000000', gender: 'FEMALE' },
          { stage_remote_id: stage?.remote_id ?? null, attachments: [file('Ada CV.pdf', 'CV'), file('Letter.pdf', 'COVER_LETTER')], remote_fields: { personio: { application: { message: 'Hello', tags: ['Contract'] } } } },
        );
      },
      expectModels: ['candidates', 'applications'],
      check({ input, result }) {
        const app = emu.state.application(result.application_remote_id);
        expect(app).toMatchObject({ job_id: Number(input.job_remote_id), stage: { type: 'custom', id: Number(input.stage_remote_id) }, message: 'Hello', tags: ['Contract'] });
        expect(app?.files.map((f) => f.category)).toEqual(['cv', 'cover-letter']);
        expect(app?.files.map((f) => emu.state.documents.find((d) => d.uuid === f.uuid)?.original_filename)).toEqual(['Ada CV.pdf', 'Letter.pdf']);
        expect(emu.state.candidate(result.candidate_remote_id)).toMatchObject({ email: 'ada.contract@example.net', phone: '+49 151 000000', gender: 'female' });
        expect(result.records.applications?.[0]).toMatchObject({ candidate_remote_id: result.candidate_remote_id, job_remote_id: input.job_remote_id, current_stage_remote_id: input.stage_remote_id, outcome: 'PENDING' });
        expect(result.warnings?.join(' ')).toMatch(/does not return files/);
      },
    },
  },
});

const silent = pino({ level: 'silent' });
const ctxFor = (baseUrl: string, credentials: Record<string, string>, clock = new VirtualClock()): ConnectorContext => ({
  integrationId: `personio:specifics:${Math.random()}`,
  credentials,
  baseUrl,
  fetch: politeFetch(globalThis.fetch, { ...DEFAULT_POLICY, ...personioConnector.manifest.politeness, requestsPerSecond: 1000 }, Math.random, clock),
  clock,
  logger: silent,
  state: memoryState(),
});

async function withEmulator(options: Partial<PersonioEmulatorOptions>, run: (e: PersonioEmulator, url: string) => Promise<void>): Promise<void> {
  const local = createPersonioEmulator({ seed: 5, size: 20, rateLimitPerSecond: Infinity, ...options });
  const running = await serveEmulator(local);
  try {
    await run(local, running.url);
  } finally {
    await running.close();
  }
}

describe('Personio specifics', () => {
  it('maps every phase: rejected and withdrawn are DECLINED with their time, accepted HIRED, the rest PENDING, each a stage of its job', async () => {
    await withEmulator({ size: 40 }, async (local, url) => {
      const ctx = ctxFor(url, local.credentials);
      const apps = (await listAll(personioConnector, ctx, 'applications')).records;
      const jobs = (await listAll(personioConnector, ctx, 'jobs')).records;
      for (const app of apps) {
        const stored = local.state.application(app.remote_id);
        const stage = stored?.stage;
        const kind = stage?.type === 'system' ? stage.kind : 'custom';
        expect(app.outcome).toBe(kind === 'rejected' || kind === 'withdrawn' ? 'DECLINED' : kind === 'accepted' ? 'HIRED' : 'PENDING');
        expect(app.current_stage_remote_id).toBe(stage?.type === 'system' ? `system:${stage.kind}` : String(stage?.id));
        if (app.outcome === 'DECLINED') expect(app.rejected_at).toBe(new Date(stored?.transitions[0]?.entered_at ?? 0).toISOString());
      }
      expect(new Set(apps.map((a) => a.outcome))).toEqual(new Set(['DECLINED', 'HIRED', 'PENDING']));
      const tech = jobs.find((j) => j.category === 'Tech');
      expect(tech?.stages.map((s) => s.name)).toEqual(['Unassigned', 'CV screening', 'Coding challenge', 'Interview round 1', 'Team interview', 'Offer', 'Accepted', 'Rejected', 'Withdrawn']);
      expect(new Set(jobs.map((j) => j.status))).toEqual(new Set(['OPEN', 'CLOSED', 'ARCHIVED', 'DRAFT']));
    });
  });

  it('reads ISO timestamps as well as local times with a zone, to the same instants', async () => {
    const read = async (timestamps: 'iso' | 'object') => {
      let out: Array<string | null> = [];
      await withEmulator({ timestamps }, async (local, url) => {
        out = (await listAll(personioConnector, ctxFor(url, local.credentials), 'candidates')).records.map((c) => c.remote_updated_at);
      });
      return out;
    };
    const iso = await read('iso');
    expect(iso.every((t) => t !== null)).toBe(true);
    expect(await read('object')).toEqual(iso);
  });

  it('lists users by id alone when the credentials lack the persons scope', async () => {
    await withEmulator({ scopes: ['personio:recruiting:read'] }, async (local, url) => {
      const users = (await listAll(personioConnector, ctxFor(url, local.credentials), 'users')).records;
      expect(users.length).toBeGreaterThan(0);
      expect(users.every((u) => u.first_name === null && u.remote_id !== '')).toBe(true);
    });
  });

  it('refuses to create without the Recruiting API key, before anything reaches Personio', async () => {
    await withEmulator({}, async (local, url) => {
      const { client_id = '', client_secret = '' } = local.credentials;
      const before = local.faults.requests.length;
      const job = publishedJob(local);
      const err = await personioConnector.writes?.createApplication?.(ctxFor(url, { client_id, client_secret }), newApplication(String(job.id), { first_name: 'A', last_name: 'B', email_address: 'a.b@example.net' })).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'INTEGRATION.ACTION_NOT_AVAILABLE', message: expect.stringContaining('Recruiting API key') });
      expect(local.faults.requests.length).toBe(before);
    });
  });

  it('turns Personio’s refusals into typed errors: unpublished job, duplicate applicant, unknown stage, disabled recruiting', async () => {
    await withEmulator({}, async (local, url) => {
      const ctx = ctxFor(url, local.credentials);
      const create = (jobId: number | string, email: string, stage: string | null = null) =>
        personioConnector.writes?.createApplication?.(ctx, newApplication(String(jobId), { first_name: 'A', last_name: 'B', email_address: email }, { stage_remote_id: stage })).catch((e: unknown) => e);
      const unpublished = local.state.jobs.find((j) => j.status === 'unpublished');
      expect(await create(unpublished?.id ?? 0, 'c@example.net')).toMatchObject({ code: 'ATS.JOB_CLOSED' });
      const job = publishedJob(local);
      const taken = local.state.applications.find((a) => a.job_id === job.id);
      expect(await create(job.id, local.state.candidate(taken?.candidate_id ?? '')?.email ?? '')).toMatchObject({ code: 'ATS.APPLICATION_ALREADY_EXISTS' });
      const before = local.state.applications.length;
      expect(await create(job.id, 'd@example.net', '424242')).toMatchObject({ code: 'REMOTE.INPUT_INVALID' });
      expect(local.state.applications.length).toBe(before);
      local.features.recruiting = false;
      const off = await create(job.id, 'e@example.net');
      expect(off).toMatchObject({ code: 'INTEGRATION.PERMISSION_MISSING', message: expect.stringContaining('feature.recruiting.disabled') });
    });
  });

  it('creates in a system phase (accepted reads back HIRED) and names it by its system stage id', async () => {
    await withEmulator({}, async (local, url) => {
      const job = publishedJob(local);
      const result = await personioConnector.writes?.createApplication?.(ctxFor(url, local.credentials), newApplication(String(job.id), { first_name: 'Hired', last_name: 'Directly', email_address: 'hired@example.net' }, { stage_remote_id: 'system:accepted' }));
      expect(local.state.application(result?.application_remote_id ?? '')?.stage).toEqual({ type: 'system', kind: 'accepted' });
      expect(result?.records.applications?.[0]).toMatchObject({ current_stage_remote_id: 'system:accepted', outcome: 'HIRED' });
    });
  });

  it('waits out 429s (Retry-After) at the emulated per-minute limit instead of failing', async () => {
    const clock = new VirtualClock();
    const local = createPersonioEmulator({ seed: 2, size: 30, requestsPerMinute: 4, now: clock.now });
    const running = await serveEmulator(local);
    try {
      const ctx = ctxFor(running.url, local.credentials, clock);
      const apps = (await listAll(personioConnector, ctx, 'applications')).records;
      expect(apps.length).toBe(local.state.applications.length);
      expect(clock.waits.some((ms) => ms >= 1000)).toBe(true);
    } finally {
      await running.close();
    }
  }, 60_000);
});
