/**
 * The Greenhouse connector against the Harvest v3 emulator on a real port: the shared connector
 * contract suite, plus the OAuth token handling that is specific to Greenhouse.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGreenhouseEmulator } from '../../../emulators/greenhouse/app.js';
import { serveEmulator, type RunningEmulator } from '../../../emulators/shared/serve.js';
import { runEmulatorContract } from '../../../test/contract/emulator-harness.js';
import type { ContractWorld } from '../../../test/contract/run-connector-contract.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import type { SourceApplication, SourceModel } from '../source-records.js';
import { greenhouseConnector } from './connector.js';

const SIZE = 1100;

/** Admin and read access to a running emulator, for checks the connector is not trusted with. */
function emulatorAccess(running: RunningEmulator, credentials: Record<string, string>) {
  const admin = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${running.url}/__admin${path}`, { ...init, headers: { 'Content-Type': 'application/json' } });
    if (!res.ok) throw new Error(`admin ${path} → ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  };
  let token: string | null = null;
  const get = async (path: string): Promise<Array<Record<string, unknown>>> => {
    if (!token) {
      const basic = Buffer.from(`${credentials['client_id']}:${credentials['client_secret']}`).toString('base64');
      const res = await fetch(`${running.url}/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      token = ((await res.json()) as { access_token: string }).access_token;
    }
    const res = await fetch(`${running.url}/v3/${path}`, { headers: { Authorization: `Bearer ${token}` } });
    if (res.status === 401) {
      token = null;
      return get(path);
    }
    if (!res.ok) throw new Error(`GET ${path} → ${res.status}`);
    return (await res.json()) as Array<Record<string, unknown>>;
  };
  return { admin, get };
}

type Access = ReturnType<typeof emulatorAccess>;

const pending = (w: ContractWorld, skip = 0): SourceApplication => {
  const jobs = new Map(w.jobs.map((j) => [j.remote_id, j]));
  const apps = w.applications.filter((a) => a.outcome === 'PENDING' && a.job_remote_id !== null && (jobs.get(a.job_remote_id)?.stages.length ?? 0) > 2);
  const app = apps[skip];
  if (!app) throw new Error('no pending application');
  return app;
};

let access: Access;

runEmulatorContract({
  connector: greenhouseConnector,
  emulator: () => createGreenhouseEmulator({ seed: 11, size: SIZE, rateLimitPerSecond: Infinity }),
  vendor({ emulator, running }) {
    access = emulatorAccess(running, emulator.credentials);
    const { admin } = access;
    const modelPath: Partial<Record<SourceModel, string>> = { candidates: 'candidates', applications: 'applications' };
    const good: Record<string, string> = { ...emulator.credentials };
    return {
      credentials: good,
      baseUrl: running.url,
      badCredentials: [
        { label: 'a wrong client secret', credentials: { client_id: emulator.credentials['client_id'] ?? '', client_secret: 'wrong' } },
        { label: 'an unknown client', credentials: { client_id: 'nobody', client_secret: 'nothing' } },
        { label: 'a user id that is no Greenhouse user', credentials: { ...good, user_id: '999999999' } },
      ],
      expireTokens: async () => void (await admin('/tokens/expire', { method: 'POST' })),
      updateRecord: async (model, id) => void (await admin(`/${modelPath[model] ?? model}/${id}/update`, { method: 'POST', body: JSON.stringify({ title: 'Updated by the contract suite' }) })),
      deleteRecord: async (model, id) => void (await admin(`/${modelPath[model] ?? model}/${id}`, { method: 'DELETE' })),
      async expectedCounts() {
        const state = await admin('/state');
        const n = (key: string) => Number(state[key]);
        return { candidates: n('candidates'), applications: n('applications'), jobs: n('jobs'), users: n('users'), tags: n('candidate_tags'), rejection_reasons: n('rejection_reasons'), offers: n('offers'), interviews: n('interviews'), attachments: n('attachments') };
      },
    };
  },
  // The manifest's 1.6 requests/s is for the real Greenhouse; the emulator here is unlimited.
  politeness: { requestsPerSecond: 200, concurrency: 4 },
  paginatedModels: ['candidates', 'applications', 'attachments'],
  delta: { model: 'candidates' },
  deletion: { model: 'candidates' },
  writes: {
    moveApplicationToStage: {
      input(w) {
        const app = pending(w, 0);
        const job = w.jobs.find((j) => j.remote_id === app.job_remote_id);
        const target = job?.stages.find((s) => s.remote_id !== app.current_stage_remote_id);
        if (!target) throw new Error('no other stage');
        return { application_remote_id: app.remote_id, stage_remote_id: target.remote_id, job_remote_id: app.job_remote_id, remote_fields: {} };
      },
      expectModels: ['applications'],
      async check({ input, result }) {
        expect(result.records.applications?.[0]?.current_stage_remote_id).toBe(input.stage_remote_id);
        const [app] = await access.get(`applications?ids=${input.application_remote_id}`);
        expect(String(app?.['stage_id'])).toBe(input.stage_remote_id);
      },
    },
    addApplicationNote: {
      input: (w) => {
        const app = pending(w, 1);
        return { application_remote_id: app.remote_id, candidate_remote_id: app.candidate_remote_id, content: 'Contract note', content_type: 'PLAIN_TEXT', remote_fields: { greenhouse: { visibility: 'private' } } };
      },
      async check({ input }) {
        const notes = await access.get(`notes?application_ids=${input.application_remote_id}`);
        expect(notes.find((n) => n['body'] === 'Contract note')).toMatchObject({ visibility: 'privately_visible', candidate_id: Number(input.candidate_remote_id) });
      },
    },
    addCandidateNote: {
      input: (w) => ({ candidate_remote_id: pending(w, 1).candidate_remote_id, content: 'Contract candidate note', content_type: 'PLAIN_TEXT', remote_fields: {} }),
      async check({ input }) {
        const notes = await access.get(`notes?candidate_ids=${input.candidate_remote_id}`);
        expect(notes.find((n) => n['body'] === 'Contract candidate note')).toMatchObject({ visibility: 'publicly_visible', application_id: null });
      },
    },
    addApplicationAttachment: {
      input: (w) => {
        const app = pending(w, 2);
        const file = { name: 'contract-cover.txt', content_type: 'text/plain', type: 'COVER_LETTER' as const, data: new TextEncoder().encode('Dear team') };
        return { application_remote_id: app.remote_id, candidate_remote_id: app.candidate_remote_id, attachment: file, remote_fields: {} };
      },
      expectModels: ['attachments'],
      async check({ input, result }) {
        expect(result.records.attachments?.[0]).toMatchObject({ type: 'COVER_LETTER', file_name: 'contract-cover.txt', application_remote_id: input.application_remote_id });
        const files = await access.get(`attachments?application_ids=${input.application_remote_id}`);
        expect(files.map((f) => f['filename'])).toContain('contract-cover.txt');
      },
    },
    addCandidateAttachment: {
      input: (w) => ({
        candidate_remote_id: pending(w, 2).candidate_remote_id,
        attachment: { name: 'contract-cv.pdf', content_type: 'application/pdf', type: 'OTHER' as const, data: new TextEncoder().encode('%PDF-1.4') },
        remote_fields: {},
      }),
      expectModels: ['attachments'],
      async check({ input, result }) {
        expect(result.warnings?.[0]).toMatch(/stores files on applications/);
        const files = await access.get(`attachments?candidate_ids=${input.candidate_remote_id}`);
        expect(files.map((f) => f['filename'])).toContain('contract-cv.pdf');
      },
    },
    rejectApplication: {
      input: (w) => {
        const reason = w.rejection_reasons[0];
        if (!reason) throw new Error('no rejection reason');
        return { application_remote_id: pending(w, 3).remote_id, rejection_reason_remote_id: reason.remote_id, rejection_reason_name: reason.name, note: 'Not this time', remote_fields: {} };
      },
      expectModels: ['applications'],
      async check({ world, input, result }) {
        const reason = world.rejection_reasons.find((r) => r.remote_id === input.rejection_reason_remote_id);
        expect(result.records.applications?.[0]).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: reason?.name });
        const [detail] = await access.get(`rejection_details?application_ids=${input.application_remote_id}`);
        expect(String(detail?.['rejection_reason_id'])).toBe(input.rejection_reason_remote_id);
      },
    },
    addCandidateTag: {
      input: (w) => ({ candidate_remote_id: pending(w, 4).candidate_remote_id, tag_name: 'Contract Tag', remote_fields: {} }),
      expectModels: ['candidates', 'tags'],
      async check({ input, result }) {
        expect(result.records.candidates?.[0]?.tags.map((t) => t.name)).toContain('Contract Tag');
        const [candidate] = await access.get(`candidates?ids=${input.candidate_remote_id}`);
        expect(candidate?.['tags']).toContain('Contract Tag');
      },
    },
    removeCandidateTag: {
      input: (w) => {
        const tagged = w.candidates.find((c) => c.tags.length > 0);
        const tag = tagged?.tags[0];
        if (!tagged || !tag?.name) throw new Error('no tagged candidate');
        return { candidate_remote_id: tagged.remote_id, tag_name: tag.name.toUpperCase(), remote_fields: {} };
      },
      expectModels: ['candidates'],
      async check({ input }) {
        const [candidate] = await access.get(`candidates?ids=${input.candidate_remote_id}`);
        expect((candidate?.['tags'] as string[]).map((t) => t.toUpperCase())).not.toContain(input.tag_name);
      },
    },
    createApplication: {
      input: (w) => {
        const job = w.jobs.find((j) => j.status === 'OPEN' && j.stages.length > 1);
        if (!job) throw new Error('no open job');
        return {
          job_remote_id: job.remote_id,
          stage_remote_id: job.stages[1]?.remote_id ?? null,
          candidate: {
            first_name: 'Contract', last_name: 'Candidate', email_address: 'contract.candidate@example.org', additional_email_addresses: [],
            company: 'Acme', title: 'Engineer', phone_number: '+44 20 7946 0000', additional_phone_numbers: [],
            location: { city: 'London', country: 'GB', state: null, street_1: null, zip_code: null }, gender: null, availability_date: null,
            salary_expectations: null, social_links: [{ url: 'https://www.linkedin.com/in/contract' }],
          },
          attachments: [{ name: 'cv.pdf', content_type: 'application/pdf', type: 'CV', data: new TextEncoder().encode('%PDF-1.4 cv') }],
          screening_question_answers: [],
          source: { name: 'LinkedIn', unified_key: null, id: null },
          sourced_by_user_remote_id: null,
          gdpr_consent: null,
          remote_fields: {},
        };
      },
      expectModels: ['candidates', 'applications', 'attachments'],
      async check({ input, result, ctx }) {
        expect(result.records.candidates?.[0]).toMatchObject({ first_name: 'Contract', company: 'Acme', location: { raw: 'London, GB' } });
        expect(result.records.applications?.[0]).toMatchObject({ job_remote_id: input.job_remote_id, current_stage_remote_id: input.stage_remote_id, outcome: 'PENDING' });
        const [app] = await access.get(`applications?ids=${result.application_remote_id}`);
        expect(app).toMatchObject({ candidate_id: Number(result.candidate_remote_id), job_id: Number(input.job_remote_id) });
        expect(app?.['source_id']).not.toBeNull();
        // A second application of the same person to the same job is refused.
        await expect(greenhouseConnector.writes?.createApplication?.(ctx, input)).rejects.toMatchObject({ code: 'ATS.APPLICATION_ALREADY_EXISTS' });
      },
    },
    importTrackedApplication: {
      input: (w) => ({ application_remote_id: pending(w, 0).remote_id, candidate_remote_id: null, job_remote_id: null, tracked_at: null, id_key: 'greenhouse', id_value: {} }),
      expectModels: ['applications'],
    },
  },
  skip: [],
});

describe('Greenhouse OAuth tokens', () => {
  let running: RunningEmulator;
  let credentials: Record<string, string>;
  const tokenRequests = async () => {
    const res = await fetch(`${running.url}/__admin/requests`);
    return ((await res.json()) as { requests: string[] }).requests.filter((r) => r === 'POST /token').length;
  };

  beforeAll(async () => {
    const emulator = createGreenhouseEmulator({ seed: 3, size: 30, rateLimitPerSecond: Infinity });
    running = await serveEmulator(emulator);
    credentials = { ...emulator.credentials };
  });
  afterAll(async () => running?.close());

  const context = (state = memoryState()): ConnectorContext => ({
    integrationId: 'greenhouse:tokens',
    credentials,
    baseUrl: running.url,
    fetch: globalThis.fetch,
    logger: pino({ level: 'silent' }),
    state,
  });

  it('caches the access token in ctx.state and reuses it across calls', async () => {
    const ctx = context();
    const before = await tokenRequests();
    await greenhouseConnector.list(ctx, 'users', { cursor: null });
    await greenhouseConnector.list(ctx, 'tags', { cursor: null });
    expect((await tokenRequests()) - before).toBe(1);
    const stored = JSON.parse((await ctx.state.get('greenhouse.oauth')) ?? '{}') as { expiresAt: number };
    expect(stored.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it('replaces a token that is about to expire before using it', async () => {
    const ctx = context();
    await greenhouseConnector.list(ctx, 'users', { cursor: null });
    const stored = JSON.parse((await ctx.state.get('greenhouse.oauth')) ?? '{}') as Record<string, unknown>;
    await ctx.state.set('greenhouse.oauth', JSON.stringify({ ...stored, expiresAt: Date.now() + 60_000 }));
    const before = await tokenRequests();
    await greenhouseConnector.list(ctx, 'users', { cursor: null });
    expect((await tokenRequests()) - before).toBe(1);
  });

  it('asks for a new token when the credentials change', async () => {
    const state = memoryState();
    await greenhouseConnector.list(context(state), 'users', { cursor: null });
    const before = await tokenRequests();
    const other = { ...context(state), credentials: { ...credentials, user_id: '' } };
    await greenhouseConnector.list(other, 'users', { cursor: null });
    expect((await tokenRequests()) - before).toBe(1);
  });
});
