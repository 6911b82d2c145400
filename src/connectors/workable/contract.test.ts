/**
 * The shared connector contract suite against the Workable emulator (over HTTP, path-prefixed
 * subdomain), plus Workable specifics: paging.next re-rooted on the configured host, the 10-per-10 s
 * limit absorbed, member_id on actions, whole-list tag replacement, people across jobs.
 */
import { Hono } from 'hono';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createWorkableEmulator, type WorkableEmulator } from '../../../emulators/workable/app.js';
import { serveEmulator } from '../../../emulators/shared/serve.js';
import { VirtualClock } from '../../../test/setup/virtual-clock.js';
import type { Clock } from '../../lib/clock.js';
import { DEFAULT_POLICY, politeFetch } from '../../lib/polite-fetch.js';
import { contractFile as file, pendingApplication, runEmulatorContract, taggedCandidate } from '../../../test/contract/emulator-harness.js';
import { listAll, type ContractWorld } from '../../../test/contract/run-connector-contract.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import { followNext } from './client.js';
import { workableConnector } from './connector.js';
import { newApplication } from '../../../test/setup/write-inputs.js';

let emu: WorkableEmulator;

const record = (id: string) => {
  const found = emu.state.candidate(id);
  if (!found) throw new Error(`no candidate ${id} in the emulator`);
  return found;
};
const recordsOfPerson = (personId: string) => {
  const email = record(personId).email?.toLowerCase();
  return email ? emu.state.candidates.filter((c) => c.email?.toLowerCase() === email) : [record(personId)];
};

const pending = (w: ContractWorld, n: number) => pendingApplication(w, n, (a) => emu.state.job(a.job_remote_id ?? '')?.state === 'published');
const person = (w: ContractWorld, n: number, multi = false) => taggedCandidate(w, n, (c) => !multi || recordsOfPerson(c.remote_id).length > 1);

runEmulatorContract({
  connector: workableConnector,
  emulator: () => (emu = createWorkableEmulator({ seed: 4, size: 80, rateLimitPerSecond: Infinity })),
  vendor({ running, admin }) {
    return {
      credentials: { subdomain: 'acme', api_key: emu.credentials['api_key'] ?? '' },
      baseUrl: `${running.url}/acme/spi/v3`,
      badCredentials: [
        { label: 'an unknown token', credentials: { subdomain: 'acme', api_key: 'not-a-token' } },
        { label: 'no token', credentials: { subdomain: 'acme' } },
      ],
      updateRecord: (_model, id) => admin('POST', `/candidates/${id}/update`, { tags: [...record(id).tags, 'Contract delta'] }),
      deleteRecord: (_model, id) => admin('DELETE', `/candidates/${id}`),
      expectedCounts() {
        const s = emu.state;
        const emails = new Set(s.candidates.map((c) => c.email?.toLowerCase() ?? `id:${c.originating_candidate_id ?? c.id}`));
        return Promise.resolve({
          users: s.members.length,
          roles: new Set(s.members.map((m) => m.role)).size,
          tags: new Set(s.candidates.flatMap((c) => c.tags)).size,
          rejection_reasons: s.reasons.length,
          jobs: s.jobs.length,
          candidates: emails.size,
          applications: s.candidates.length,
          interviews: s.events.length,
          offers: s.candidates.filter((c) => c.offer).length,
          attachments: s.candidates.reduce((n, c) => n + c.files.length, 0),
        });
      },
    };
  },
  paginatedModels: ['candidates', 'applications', 'attachments'],
  delta: { model: 'applications' },
  deletion: { model: 'applications' },
  skip: [{ reason: 'Workable account tokens do not renew: an expired token needs a new one from the customer', tests: ['expired-token'] }],
  writes: {
    moveApplicationToStage: {
      input: (w) => ({ application_remote_id: pending(w, 0).remote_id, stage_remote_id: 'offer', job_remote_id: pending(w, 0).job_remote_id, remote_fields: {} }),
      expectModels: ['applications'],
      check({ input, result }) {
        expect(record(input.application_remote_id).stage_slug).toBe('offer');
        expect(record(input.application_remote_id).activities.at(-1)?.member_id).toBe(emu.state.members[0]?.id);
        expect(result.records.applications?.[0]).toMatchObject({ remote_id: input.application_remote_id, current_stage_remote_id: 'offer', outcome: 'PENDING' });
      },
    },
    addApplicationNote: {
      input: (w) => ({ application_remote_id: pending(w, 1).remote_id, candidate_remote_id: pending(w, 1).candidate_remote_id, content: 'Contract note', content_type: 'PLAIN_TEXT', remote_fields: {} }),
      check({ input }) {
        expect(record(input.application_remote_id).comments.map((c) => c.body)).toContain('Contract note');
      },
    },
    addCandidateNote: {
      input: (w) => ({ candidate_remote_id: person(w, 4).remote_id, content: 'Person note', content_type: 'PLAIN_TEXT', remote_fields: {} }),
      check({ input }) {
        expect(recordsOfPerson(input.candidate_remote_id).flatMap((c) => c.comments.map((x) => x.body))).toContain('Person note');
      },
    },
    addApplicationAttachment: {
      input: (w) => ({ application_remote_id: pending(w, 3).remote_id, candidate_remote_id: pending(w, 3).candidate_remote_id, attachment: file('Assessment.pdf'), remote_fields: {} }),
      expectModels: ['attachments'],
      check({ input, result }) {
        const uploaded = record(input.application_remote_id).files.find((f) => f.name === 'Assessment.pdf');
        expect(uploaded?.data.byteLength).toBe(input.attachment.data.byteLength);
        expect(result.records.attachments?.[0]).toMatchObject({ application_remote_id: input.application_remote_id, file_name: 'Assessment.pdf', type: 'OTHER' });
      },
    },
    addCandidateAttachment: {
      input: (w) => ({ candidate_remote_id: person(w, 1).remote_id, attachment: file('Portfolio.pdf'), remote_fields: {} }),
      expectModels: ['attachments'],
      check({ input }) {
        expect(recordsOfPerson(input.candidate_remote_id).flatMap((c) => c.files.map((f) => f.name))).toContain('Portfolio.pdf');
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
        const r = record(input.application_remote_id);
        expect(r).toMatchObject({ disqualified: true, disqualification_reason: input.rejection_reason_name });
        expect(r.activities.at(-1)?.body).toBe('Not this time');
        expect(result.records.applications?.[0]).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: input.rejection_reason_name });
      },
    },
    addCandidateTag: {
      input: (w) => ({ candidate_remote_id: person(w, 0, true).remote_id, tag_name: 'Contract tag', remote_fields: {} }),
      expectModels: ['candidates', 'tags'],
      check({ input, result }) {
        const records = recordsOfPerson(input.candidate_remote_id);
        expect(records.length).toBeGreaterThan(1);
        for (const r of records) expect(r.tags).toContain('Contract tag');
        expect(result.records.candidates?.[0]?.tags).toContainEqual({ remote_id: 'Contract tag', name: 'Contract tag' });
      },
    },
    removeCandidateTag: {
      input: (w) => ({ candidate_remote_id: person(w, 3).remote_id, tag_name: (person(w, 3).tags[0]?.name ?? '').toUpperCase(), remote_fields: {} }),
      expectModels: ['candidates'],
      check({ input, world }) {
        const removed = person(world, 3).tags[0]?.name;
        for (const r of recordsOfPerson(input.candidate_remote_id)) expect(r.tags).not.toContain(removed);
      },
    },
    createApplication: {
      input(w) {
        const job = w.jobs.find((j) => j.status === 'OPEN');
        if (!job) throw new Error('no open job');
        return {
          job_remote_id: job.remote_id,
          stage_remote_id: 'applied',
          candidate: {
            first_name: 'Ada',
            last_name: 'Contract',
            email_address: 'ada.contract@example.net',
            additional_email_addresses: [],
            company: null,
            title: 'Engineer',
            phone_number: '+44 20 0000 0000',
            additional_phone_numbers: [],
            location: { city: 'London', country: 'GB', state: null, street_1: null, zip_code: null },
            gender: null,
            availability_date: null,
            salary_expectations: null,
            social_links: [{ url: 'https://www.linkedin.com/in/ada-contract' }],
          },
          attachments: [file('Ada CV.pdf', 'CV'), file('Extra.pdf')],
          screening_question_answers: [],
          source: null,
          sourced_by_user_remote_id: null,
          gdpr_consent: null,
          remote_fields: {},
        };
      },
      expectModels: ['candidates', 'applications', 'attachments'],
      check({ input, result }) {
        const created = record(result.application_remote_id);
        expect(created).toMatchObject({ shortcode: input.job_remote_id, stage_slug: 'applied', firstname: 'Ada', lastname: 'Contract', headline: 'Engineer', email: 'ada.contract@example.net', outlet: 'SPI' });
        expect(created.files.map((f) => [f.name, f.kind])).toEqual([['Ada CV.pdf', 'resume'], ['Extra.pdf', 'comment_attachment']]);
        expect(result.records.attachments?.map((a) => a.type).sort()).toEqual(['CV', 'OTHER']);
        expect(result.records.applications?.[0]).toMatchObject({ candidate_remote_id: result.candidate_remote_id, job_remote_id: input.job_remote_id, outcome: 'PENDING', current_stage_remote_id: 'applied' });
      },
    },
  },
});

describe('Workable specifics', () => {
  const silent = pino({ level: 'silent' });
  const ctxFor = (base: string, api_key: string, rps = 1000, clock: Clock = new VirtualClock()): ConnectorContext => ({
    integrationId: 'workable:specifics',
    credentials: { subdomain: 'acme', api_key },
    baseUrl: base,
    fetch: politeFetch(globalThis.fetch, { ...DEFAULT_POLICY, ...workableConnector.manifest.politeness, requestsPerSecond: rps }, Math.random, clock),
    clock,
    logger: silent,
    state: memoryState(),
  });

  it('re-roots paging.next onto the configured host and path', () => {
    expect(followNext('http://127.0.0.1:9/acme/spi/v3', 'https://acme.workable.com/spi/v3/candidates?limit=100&since_id=2727030b')).toBe('http://127.0.0.1:9/acme/spi/v3/candidates?limit=100&since_id=2727030b');
    expect(followNext('https://proxy.example/spi/v3', 'https://evil.example/spi/v3/jobs?since_id=a')).toBe('https://proxy.example/spi/v3/jobs?since_id=a');
  });

  it('groups the same person across jobs into one candidate with two applications', async () => {
    const local = createWorkableEmulator({ seed: 9, size: 12, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    try {
      const ctx = ctxFor(`${running.url}/spi/v3`, local.credentials['api_key'] ?? '');
      const apps = (await listAll(workableConnector, ctx, 'applications')).records;
      const people = (await listAll(workableConnector, ctx, 'candidates')).records;
      const byPerson = new Map<string, number>();
      for (const a of apps) byPerson.set(a.candidate_remote_id, (byPerson.get(a.candidate_remote_id) ?? 0) + 1);
      expect(people.length).toBeLessThan(apps.length);
      expect([...byPerson.values()].some((n) => n > 1)).toBe(true);
      for (const p of people) expect(byPerson.get(p.remote_id)).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });

  it('asks again for a candidate detail that answers a spurious 404, and never drops a listed candidate', async () => {
    const local = createWorkableEmulator({ seed: 9, size: 6, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    const stale = (next: number) => fetch(`${running.url}/__admin/stale-reads`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ next }) });
    try {
      const all = (await listAll(workableConnector, ctxFor(`${running.url}/spi/v3`, local.credentials['api_key'] ?? ''), 'applications')).records;
      expect(all.length).toBe(local.state.candidates.length);
      // One stale read: the detail is asked again and the record is complete.
      await stale(1);
      const again = (await listAll(workableConnector, ctxFor(`${running.url}/spi/v3`, local.credentials['api_key'] ?? ''), 'applications')).records;
      expect(again).toEqual(all);
      // Details that stay 404: the listed records are kept (a full sync must not take them for deleted).
      await stale(1000);
      const kept = (await listAll(workableConnector, ctxFor(`${running.url}/spi/v3`, local.credentials['api_key'] ?? ''), 'applications')).records;
      expect(kept.map((a) => a.remote_id).sort()).toEqual(all.map((a) => a.remote_id).sort());
    } finally {
      await running.close();
    }
  }, 60_000);

  it('answers 404 for another subdomain, and verify reports it as bad credentials', async () => {
    const local = createWorkableEmulator({ seed: 9, size: 3, rateLimitPerSecond: Infinity });
    const running = await serveEmulator(local);
    try {
      const err = await workableConnector.verify(ctxFor(`${running.url}/other/spi/v3`, local.credentials['api_key'] ?? '')).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'INTEGRATION.AUTHENTICATION_INVALID' });
    } finally {
      await running.close();
    }
  });

  it('creates a candidate with the documented fields: name (or firstname and lastname), email, stage as a query parameter', async () => {
    const local = createWorkableEmulator({ seed: 9, size: 6, rateLimitPerSecond: Infinity });
    const sent: Array<{ url: URL; body: unknown }> = [];
    const front = new Hono();
    front.all('*', async (c) => {
      if (c.req.method === 'POST' && /\/jobs\/[^/]+\/candidates$/.test(c.req.path)) sent.push({ url: new URL(c.req.url), body: await c.req.raw.clone().json() });
      return local.app.fetch(c.req.raw);
    });
    const running = await serveEmulator({ ...local, app: front });
    try {
      const job = local.state.jobs.find((j) => j.state === 'published');
      if (!job) throw new Error('fixture');
      const create = workableConnector.writes?.createApplication;
      const result = await create?.(
        ctxFor(`${running.url}/spi/v3`, local.credentials['api_key'] ?? ''),
        newApplication(job.shortcode, { first_name: 'Ada', last_name: 'Lovelace', email_address: 'ada.l@example.net' }, { stage_remote_id: 'applied' }),
      );
      expect(result?.application_remote_id).toBeTruthy();
      expect(sent).toHaveLength(1);
      expect(sent[0]?.url.searchParams.get('stage')).toBe('applied');
      expect(sent[0]?.body).toMatchObject({ sourced: true, candidate: { name: 'Ada Lovelace', firstname: 'Ada', lastname: 'Lovelace', email: 'ada.l@example.net' } });
    } finally {
      await running.close();
    }
  });

  it('keeps to 10 requests per 10 s: a listing over the limit finishes without failing', async () => {
    // 4 requests per 10 s and no client-side pace: the 429s (no Retry-After) are waited out until X-Rate-Limit-Reset.
    // The emulator's windows and the client's waits share one virtual clock: the waits take no real time.
    const clock = new VirtualClock();
    const local = createWorkableEmulator({ seed: 2, size: 3, requestsPer10s: 4, now: clock.now });
    const running = await serveEmulator(local);
    try {
      const ctx = ctxFor(`${running.url}/spi/v3`, local.credentials['api_key'] ?? '', 1000, clock);
      const started = clock.now();
      const files = (await listAll(workableConnector, ctx, 'attachments')).records;
      expect(files.length).toBeGreaterThan(0);
      expect(local.faults.requests.length).toBeGreaterThan(4);
      expect(clock.now() - started).toBeGreaterThan(1000);
      // The refused windows were waited out (in virtual time) rather than failing the listing.
      expect(clock.waits.length).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  }, 60_000);
});
