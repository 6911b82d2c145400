/**
 * Conformance of the twelve ATS write actions: the official SDK, in both versions we follow (1.1.3
 * and 1.3.4, see test/setup/sdks.ts), drives the real server over HTTP on every dialect. Each write must succeed through the SDK and show in the
 * next SDK read; every error the issue names must come back as the right typed error; bad input
 * must be a 400 naming the field with nothing written; Idempotency-Key must never write twice;
 * attachment URLs must not reach loopback, private or link-local addresses unless allowed.
 *
 * Besides the Sandbox, a test-only connector ("limited") declares just a few writes and sends its
 * notes to a fake vendor over HTTP, for capability-driven ACTION_NOT_AVAILABLE, the REMOTE.*
 * mapping of vendor answers, and counting vendor writes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/connectors/connector.js';
import { sandboxConnector } from '../../src/connectors/sandbox/connector.js';
import { vendorErrorFromResponse, vendorNetworkError } from '../../src/connectors/kit/vendor-errors.js';
import { findIdempotencyKey } from '../../src/storage/repositories/idempotency.repository.js';
import { readConnectorState } from '../../src/storage/repositories/connector-state.repository.js';
import { isAtsError, sdkDialects, walk, type KomboAtsError, type KomboClient, type Sdk } from '../setup/sdks.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

const time = (value: Date | string | null | undefined) => (value ? new Date(value).getTime() : 0);
const b64 = (text: string) => Buffer.from(text).toString('base64');
const MAX_BYTES = 65_536;

/** Resolves with the typed error (of `sdk`'s version) the call failed with, or fails the test. */
async function atsErrorOf(sdk: Sdk, call: Promise<unknown>): Promise<KomboAtsError> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAtsError(sdk, err)) throw new Error(`expected a KomboAtsError, got ${String(err)}`);
  return err;
}

// ---------------------------------------------------------------- a vendor and a connector for tests

interface FakeVendor {
  url: string;
  writes: number;
  close(): Promise<void>;
}

/** Answers POST /notes according to the note's content, and counts the notes it accepted. */
async function startFakeVendor(): Promise<FakeVendor> {
  const vendor = { url: '', writes: 0, close: () => Promise.resolve() };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const content = (JSON.parse(body || '{}') as { content?: string }).content ?? '';
      if (content === 'vendor:422') return res.writeHead(422, { 'content-type': 'application/json' }).end('{"errors":[{"message":"Note bodies must be shorter than 10 characters"}]}');
      if (content === 'vendor:429') return res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' }).end('{"message":"Slow down"}');
      if (content === 'vendor:503') return res.writeHead(503, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
      if (content === 'vendor:500') return res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
      const accept = () => {
        vendor.writes++;
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"n1"}');
      };
      if (content.startsWith('vendor:slow')) setTimeout(accept, 400);
      else accept();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  vendor.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vendor.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return vendor;
}

/** The Sandbox's data, but only notes (sent to a vendor over HTTP) and result links as notes. */
const limitedConnector: Connector = {
  ...sandboxConnector,
  manifest: {
    ...sandboxConnector.manifest,
    id: 'limited',
    label: 'Limited ATS',
    politeness: { maxRetries: 0 },
    capabilities: {
      ...sandboxConnector.manifest.capabilities,
      writes: {
        actions: ['ats_add_application_note', 'ats_add_application_result_link', 'ats_move_application_to_stage'],
        unsupported: ['ats_reject_application', 'ats_create_application'],
        resultLinks: 'note',
      },
    },
  },
  writes: {
    async addApplicationNote(ctx, input) {
      let res: Response;
      try {
        res = await ctx.fetch(`${ctx.baseUrl ?? ''}/notes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ application: input.application_remote_id, content: input.content }),
        });
      } catch (err) {
        throw vendorNetworkError(err, 'Limited ATS');
      }
      if (!res.ok) throw await vendorErrorFromResponse(res, 'Limited ATS');
      return { records: {} };
    },
  },
};

// ---------------------------------------------------------------- a file server for data_url

interface FileServer {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

const CV_BYTES = '%PDF-1.4 a CV served over HTTP';

async function startFileServer(): Promise<FileServer> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/cv.pdf') return res.writeHead(200, { 'content-type': 'application/pdf' }).end(CV_BYTES);
    if (url.pathname === '/big.bin') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(MAX_BYTES + 1, 1));
    if (url.pathname === '/redirect') return res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------- the tests


/** Connector state is encrypted at rest; the Sandbox's record of writes is read back through the vault. */
const unseal = (server: TestServer, sealed: string | null) => (sealed === null ? null : server.server.services.vault.decrypt(sealed));

describe.each(sdkDialects())('SDK conformance of the write API on $name', ({ sdk, dialect }) => {
  const atsError = (call: Promise<unknown>) => atsErrorOf(sdk, call);
  let t: TestServer;
  /** A second server that may fetch attachments from 127.0.0.1 (and only that address). */
  let open: TestServer;
  let kombo: KomboClient;
  let komboOpen: KomboClient;
  let vendor: FakeVendor;
  let files: FileServer;
  let limitedId: string;
  let limited: KomboClient;
  const used = new Set<string>();

  const client = (server: TestServer, integrationId: string) => sdk.client({ api_key: server.apiKey, integration_id: integrationId, server_url: `${server.url}/v1` });

  async function createIntegration(server: TestServer, body: Record<string, unknown>): Promise<string> {
    const res = await fetch(`${server.url}/v1/integrations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ end_user: { organization_name: 'Test Org' }, ...body }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { data: { id: string } }).data.id;
  }

  beforeAll(async () => {
    vendor = await startFakeVendor();
    files = await startFileServer();
    t = await startTestServer(dialect, { SANDBOX_SIZE: '200', ALLOW_CUSTOM_BASE_URLS: '1', MAX_ATTACHMENT_BYTES: String(MAX_BYTES) }, { connectors: [limitedConnector] });
    open = await startTestServer(dialect, { ALLOW_PRIVATE_ATTACHMENT_URLS: '127.0.0.1/32', MAX_ATTACHMENT_BYTES: String(MAX_BYTES) });
    kombo = client(t, t.sandboxId);
    komboOpen = client(open, open.sandboxId);
    limitedId = await createIntegration(t, { tool: 'limited', credentials: { size: '20' }, base_url: vendor.url });
    await t.server.services.runner.idle();
    limited = client(t, limitedId);
  });
  afterAll(async () => {
    await t?.close();
    await open?.close();
    await vendor?.close();
    await files?.close();
  });

  /** A pending application with a job that no other test has used. */
  async function freshApplication(on: KomboClient = kombo) {
    const all = await walk(on.ats.getApplications({ page_size: 250, outcomes: ['PENDING'] }));
    const app = all.find((a) => a.job_id && !used.has(a.id));
    if (!app) throw new Error('no unused pending application left');
    used.add(app.id);
    return app;
  }

  async function readApplication(id: string, on: KomboClient = kombo) {
    const [app] = await walk(on.ats.getApplications({ ids: [id] }));
    if (!app) throw new Error(`application ${id} not found`);
    return app;
  }

  async function readCandidate(id: string, on: KomboClient = kombo) {
    const [candidate] = await walk(on.ats.getCandidates({ ids: [id] }));
    if (!candidate) throw new Error(`candidate ${id} not found`);
    return candidate;
  }

  async function jobOf(jobId: string | null) {
    const [job] = await walk(kombo.ats.getJobs({ ids: [jobId ?? ''] }));
    if (!job) throw new Error(`job ${jobId ?? ''} not found`);
    return job;
  }

  const notes = async (server: TestServer = t) => JSON.parse(unseal(server, await readConnectorState(server.server.services.db.kysely, server.sandboxId, 'sandbox:writes:v1:notes')) ?? '[]') as Array<{ content: string; application_remote_id: string | null; candidate_remote_id: string }>;

  /** Everything the Sandbox keeps about writes, to prove a refused request wrote nothing. */
  const sandboxState = async () => {
    const keys = ['notes', 'candidates', 'applications', 'attachments', 'tags', 'seq', 'tracked'];
    return Promise.all(keys.map(async (k) => unseal(t, await readConnectorState(t.server.services.db.kysely, t.sandboxId, `sandbox:writes:v1:${k}`))));
  };

  const raw = async (server: TestServer, method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${server.apiKey}`, 'X-Integration-Id': server.sandboxId, 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as { status: string; data?: unknown; warnings?: Array<{ message: string }>; error?: { code: string | null; message: string } } };
  };

  // ------------------------------------------------------------ the twelve writes

  it('lists every write action as available in the integration details, from the connector capabilities', async () => {
    const details = await kombo.general.getIntegrationDetails({ integration_id: t.sandboxId });
    expect(details.data.write_actions).toHaveLength(12);
    for (const action of details.data.write_actions) expect(action, action.id).toMatchObject({ is_available: true, coverage_status: 'SUPPORTED' });
    const create = details.data.write_actions.find((a) => a.id === 'ats_create_application');
    expect(create?.fields.find((f) => f.id === 'candidate.first_name')).toMatchObject({ is_available: true, coverage_status: 'SUPPORTED' });
    expect(create?.fields.find((f) => f.id === 'candidate.gender')).toMatchObject({ is_available: false, coverage_status: 'UNSUPPORTED' });

    const limitedDetails = await kombo.general.getIntegrationDetails({ integration_id: limitedId });
    const coverage = Object.fromEntries(limitedDetails.data.write_actions.map((a) => [a.id, a.coverage_status]));
    expect(coverage).toMatchObject({
      ats_add_application_note: 'SUPPORTED',
      ats_add_application_result_link: 'SUPPORTED',
      ats_reject_application: 'UNSUPPORTED',
      ats_create_application: 'UNSUPPORTED',
      // Declared in the manifest, but the connector has no operation for it.
      ats_move_application_to_stage: 'NOT_IMPLEMENTED',
      ats_add_candidate_tag: 'NOT_IMPLEMENTED',
    });
  });

  it('moves an application to another stage of its job', async () => {
    const app = await freshApplication();
    const job = await jobOf(app.job_id);
    const target = job.stages.find((s) => s.id !== app.current_stage_id && s.index !== job.stages.length - 1);
    if (!target) throw new Error('no other stage');
    const res = await kombo.ats.moveApplicationToStage({ application_id: app.id, body: { stage_id: target.id } });
    expect(res).toEqual({ status: 'success', data: {}, warnings: [] });
    const after = await readApplication(app.id);
    expect(after.current_stage_id).toBe(target.id);
    expect(after.current_stage).toMatchObject({ id: target.id, name: target.name });
    expect(time(after.changed_at)).toBeGreaterThan(time(app.changed_at));
    const candidate = await readCandidate(app.candidate_id ?? '');
    expect(candidate.applications.find((a) => a.id === app.id)?.current_stage?.id).toBe(target.id);
  });

  it('adds a note to an application', async () => {
    const app = await freshApplication();
    const res = await kombo.ats.addApplicationNote({ application_id: app.id, body: { content: 'Strong systems design round.', content_type: 'PLAIN_TEXT' } });
    expect(res).toEqual({ status: 'success', data: {}, warnings: [] });
    const after = await readApplication(app.id);
    expect(time(after.changed_at)).toBeGreaterThan(time(app.changed_at));
    expect(time(after.remote_updated_at)).toBeGreaterThan(time(app.remote_updated_at));
    expect((await notes()).at(-1)).toMatchObject({ content: 'Strong systems design round.', application_remote_id: after.remote_id });
  });

  it('adds a result link to an application as a note, with a warning', async () => {
    const app = await freshApplication();
    const res = await kombo.ats.addApplicationResultLink({
      application_id: app.id,
      body: { label: 'Coding assessment', url: 'https://assess.example.com/r/42', details: { custom_field_name_prefix: 'Acme:', attributes: [{ key: 'Score', value: '87%' }] } },
    });
    expect(res.data).toEqual({});
    expect(res.warnings).toEqual([{ message: expect.stringMatching(/Sandbox has no result links.*note on the application/) }]);
    expect((await notes()).at(-1)?.content).toBe('Coding assessment\nhttps://assess.example.com/r/42\nAcme: Score: 87%');
    expect(time((await readApplication(app.id)).changed_at)).toBeGreaterThan(time(app.changed_at));
  });

  it('adds an attachment to an application from base64 data', async () => {
    const app = await freshApplication();
    const before = await kombo.ats.getApplicationAttachments({ application_id: app.id });
    const res = await kombo.ats.addApplicationAttachment({
      application_id: app.id,
      body: { attachment: { name: 'Cover_Letter.txt', type: 'COVER_LETTER', content_type: 'text/plain', data: b64('Dear team, …') } },
    });
    expect(res).toEqual({ status: 'success', data: {}, warnings: [] });
    const after = await kombo.ats.getApplicationAttachments({ application_id: app.id });
    expect(after.data.results).toHaveLength(before.data.results.length + 1);
    const added = after.data.results.find((f) => f.file_name === 'Cover_Letter.txt');
    expect(added).toMatchObject({ type: 'COVER_LETTER', content_type: 'text/plain' });
    const download = await fetch(added?.data_url ?? '');
    expect(await download.text()).toBe('Dear team, …');
    const candidateFiles = await kombo.ats.getCandidateAttachments({ candidate_id: app.candidate_id ?? '' });
    expect(candidateFiles.data.results.find((f) => f.id === added?.id)?.application_id).toBe(app.id);
  });

  it('rejects an application with a rejection reason and a note', async () => {
    const app = await freshApplication();
    const [reason] = await walk(kombo.ats.getRejectionReasons({}));
    if (!reason) throw new Error('no rejection reason');
    const res = await kombo.ats.rejectApplication({ application_id: app.id, body: { rejection_reason_id: reason.id, note: 'Went with another candidate.' } });
    expect(res).toEqual({ status: 'success', data: {}, warnings: [] });
    const after = await readApplication(app.id);
    expect(after).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: reason.name });
    expect(time(after.rejected_at)).toBeGreaterThan(0);
    expect(time(after.changed_at)).toBeGreaterThan(time(app.changed_at));
    expect((await walk(kombo.ats.getApplications({ outcomes: ['DECLINED'], ids: [app.id] }))).map((a) => a.id)).toEqual([app.id]);
    // Rejecting it again is refused by the vendor, with its message.
    const again = await atsError(kombo.ats.rejectApplication({ application_id: app.id, body: { rejection_reason_id: reason.id } }));
    expect(again).toMatchObject({ statusCode: 400, error: { code: 'REMOTE.INPUT_INVALID' } });
    expect(again.message).toMatch(/already rejected/);
  });

  it('creates a candidate (deprecated endpoint) with an application', async () => {
    const [job] = await walk(kombo.ats.getJobs({ statuses: ['OPEN'] }));
    if (!job) throw new Error('no open job');
    const email = `grace.${dialect.name}@example.com`;
    const res = await kombo.ats.createCandidate({
      candidate: { first_name: 'Grace', last_name: 'Hopper', email_address: email, company: 'US Navy', title: 'Rear Admiral', phone_number: '+1 555 0100' },
      application: { job_id: job.id },
    });
    expect(res.warnings).toEqual([]);
    expect(res.data).toMatchObject({ first_name: 'Grace', last_name: 'Hopper', company: 'US Navy', title: 'Rear Admiral' });
    expect(res.data.email_addresses?.[0]?.email_address).toBe(email);
    expect(res.data.applications).toHaveLength(1);
    expect(res.data.applications[0]).toMatchObject({ outcome: 'PENDING', job: { id: job.id }, current_stage: { id: job.stages[0]?.id, index: 0 } });
    const [found] = await walk(kombo.ats.getCandidates({ email }));
    expect(found?.id).toBe(res.data.id);
    const application = await readApplication(res.data.applications[0]?.id ?? '');
    expect(application.candidate?.id).toBe(res.data.id);
  });

  it('adds an attachment to a candidate', async () => {
    const [candidate] = await walk(kombo.ats.getCandidates({ page_size: 3 }));
    if (!candidate) throw new Error('no candidate');
    const res = await kombo.ats.addCandidateAttachment({
      candidate_id: candidate.id,
      body: { attachment: { name: 'Portfolio.pdf', type: 'OTHER', content_type: 'application/pdf', data: b64('%PDF-1.4 portfolio') } },
    });
    expect(res).toEqual({ status: 'success', data: {}, warnings: [] });
    const files = await kombo.ats.getCandidateAttachments({ candidate_id: candidate.id });
    expect(files.data.results.find((f) => f.file_name === 'Portfolio.pdf')).toMatchObject({ application_id: null, candidate_id: candidate.id, type: 'OTHER' });
  });

  it('adds a result link to a candidate as a note, with a warning', async () => {
    const candidate = await readCandidate((await freshApplication()).candidate_id ?? '');
    const res = await kombo.ats.addCandidateResultLink({ candidate_id: candidate.id, body: { label: 'Personality test', url: 'https://assess.example.com/p/7' } });
    expect(res.warnings).toEqual([{ message: expect.stringMatching(/note on the candidate/) }]);
    expect((await notes()).at(-1)).toMatchObject({ content: 'Personality test\nhttps://assess.example.com/p/7', application_remote_id: null, candidate_remote_id: candidate.remote_id });
    expect(time((await readCandidate(candidate.id)).changed_at)).toBeGreaterThan(time(candidate.changed_at));
  });

  it('adds tags by name, creating a missing one, and removes them by name', async () => {
    const candidate = await readCandidate((await freshApplication()).candidate_id ?? '');
    const tagName = `Shortlist ${dialect.name}`;
    const added = await kombo.ats.addCandidateTag({ candidate_id: candidate.id, body: { tag: { name: tagName } } });
    expect(added).toEqual({ status: 'success', data: {}, warnings: [] });
    const tags = await walk(kombo.ats.getTags({}));
    const created = tags.find((tag) => tag.name === tagName);
    expect(created).toBeDefined();
    let after = await readCandidate(candidate.id);
    expect(after.tags.map((tag) => tag.id)).toContain(created?.id);
    expect(time(after.changed_at)).toBeGreaterThan(time(candidate.changed_at));
    expect((await walk(kombo.ats.getApplications({ ids: [(await freshApplication()).id] }))).length).toBe(1);
    const app = (await walk(kombo.ats.getApplications({ page_size: 250 }))).find((a) => a.candidate_id === candidate.id);
    expect(app?.candidate?.tags.map((tag) => tag.name)).toContain(tagName);

    // An existing tag, named in another case, is the same tag.
    const existing = tags.find((tag) => tag.name && tag.name !== tagName && !after.tags.some((x) => x.id === tag.id));
    await kombo.ats.addCandidateTag({ candidate_id: candidate.id, body: { tag: { name: existing?.name?.toUpperCase() ?? '' } } });
    after = await readCandidate(candidate.id);
    expect(after.tags.map((tag) => tag.id)).toContain(existing?.id);
    expect((await walk(kombo.ats.getTags({}))).length).toBe(tags.length);

    const removed = await kombo.ats.removeCandidateTag({ candidate_id: candidate.id, body: { tag: { name: tagName } } });
    expect(removed).toEqual({ status: 'success', data: {}, warnings: [] });
    expect((await readCandidate(candidate.id)).tags.map((tag) => tag.name)).not.toContain(tagName);
    const absent = await kombo.ats.removeCandidateTag({ candidate_id: candidate.id, body: { tag: { name: 'never had this tag' } } });
    expect(absent.status).toBe('success');
    expect(absent.warnings).toEqual([{ message: expect.stringMatching(/no tag named/) }]);
  });

  it('creates an application with stage, screening answers, attachments and source, and warns about what the tool ignores', async () => {
    const jobs = await walk(kombo.ats.getJobs({ statuses: ['OPEN'], page_size: 250 }));
    const job = jobs.find((j) => j.screening_questions.some((q) => ['TEXT', 'NUMBER', 'BOOLEAN', 'SINGLE_SELECT', 'MULTI_SELECT'].includes(q.format?.type ?? ''))) ?? jobs[0];
    if (!job) throw new Error('no open job');
    const [user] = await walk(kombo.ats.getUsers({}));
    const stage = job.stages[1];
    type Answer = { question_id: string; answer: string | number | boolean | string[] };
    const answers = job.screening_questions.flatMap((q): Answer[] => {
      const format = q.format;
      if (!format) return [];
      switch (format.type) {
        case 'TEXT':
          return [{ question_id: q.id, answer: 'I love the mission.' }];
        case 'NUMBER':
          return [{ question_id: q.id, answer: format.min ?? 3 }];
        case 'BOOLEAN':
          return [{ question_id: q.id, answer: true }];
        case 'SINGLE_SELECT':
          return [{ question_id: q.id, answer: format.options[0]?.id ?? '' }];
        case 'MULTI_SELECT':
          return [{ question_id: q.id, answer: format.options.slice(0, 2).map((o) => o.id) }];
        default:
          return [];
      }
    });
    const email = `ada.${dialect.name}@example.com`;
    const res = await kombo.ats.createApplication({
      job_id: job.id,
      body: {
        stage_id: stage?.id,
        candidate: {
          first_name: 'Ada',
          last_name: 'Lovelace',
          email_address: email,
          additional_email_addresses: [{ type: 'WORK', email_address: `ada.work.${dialect.name}@example.com` }],
          gender: 'FEMALE',
          location: { city: 'London', country: 'gb' },
          social_links: [{ url: 'https://github.com/ada' }],
        },
        attachments: [{ name: 'Ada_CV.pdf', type: 'CV', content_type: 'application/pdf', data: b64('%PDF-1.4 Ada') }],
        screening_question_answers: answers,
        source: { name: 'Careers page' },
        sourced_by: { user_id: user?.id ?? '' },
        remote_fields: { workable: { on_behalf_of_user_remote_id: 'someone' } },
      },
    });
    expect(res.data).toMatchObject({
      outcome: 'PENDING',
      job_id: job.id,
      current_stage_id: stage?.id,
      current_stage: { id: stage?.id, name: stage?.name, index: 1 },
      job: { id: job.id, name: job.name },
    });
    expect(res.data.candidate).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', source: 'Careers page', location: { city: 'London', country: 'GB' }, tags: [] });
    expect(res.data.candidate?.email_addresses?.map((e) => e.email_address)).toEqual([email, `ada.work.${dialect.name}@example.com`]);
    expect(res.data.screening_question_answers ?? []).toHaveLength(answers.length);
    expect(res.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/"candidate\.gender"/), expect.stringMatching(/remote_fields\.workable was ignored/)]),
    );

    const stored = await readApplication(res.data.id);
    expect(stored).toMatchObject({ id: res.data.id, candidate_id: res.data.candidate_id, current_stage_id: stage?.id, job_id: job.id });
    expect(time(stored.changed_at)).toBe(time(res.data.changed_at));
    const [byEmail] = await walk(kombo.ats.getCandidates({ email }));
    expect(byEmail?.applications.map((a) => a.id)).toEqual([res.data.id]);
    const files = await kombo.ats.getCandidateAttachments({ candidate_id: res.data.candidate_id ?? '' });
    expect(files.data.results.map((f) => f.file_name)).toEqual(['Ada_CV.pdf']);
    expect(ids(await walk(kombo.ats.getApplications({ job_ids: [job.id] })))).toContain(res.data.id);
  });

  const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);

  it('imports a tracked application by one of the identifier shapes', async () => {
    const app = await freshApplication();
    const trackedAt = new Date('2026-03-01T10:00:00.000Z');
    const res = await kombo.ats.importTrackedApplication({ greenhouse: { id_type: 'application_id', application_id: app.remote_id ?? '' }, tracked_at: trackedAt });
    expect(res).toMatchObject({ status: 'success', warnings: [], data: { id: app.id, imported_id: { greenhouse: { id_type: 'application_id', application_id: app.remote_id } } } });
    expect(time(res.data.tracked_at)).toBe(trackedAt.getTime());
    const candidate = await readCandidate(app.candidate_id ?? '');
    const job = await jobOf(app.job_id);
    const byCandidateAndJob = await kombo.ats.importTrackedApplication({
      smartrecruiters: { id_type: 'candidate_and_job_remote_ids', candidate_remote_id: candidate.remote_id, job_remote_id: job.remote_id },
      tracked_at: null,
    });
    expect(byCandidateAndJob.data).toMatchObject({ id: app.id, tracked_at: null });
    const unknown = await atsError(kombo.ats.importTrackedApplication({ recruitee: { id_type: 'placement_id', placement_id: 'app-404-1' }, tracked_at: null }));
    expect(unknown).toMatchObject({ statusCode: 400, error: { code: 'REMOTE.INPUT_INVALID' } });
  });

  it('keeps every write through a full sync', async () => {
    const before = await walk(kombo.ats.getCandidates({ page_size: 250 }));
    const applicationsBefore = await walk(kombo.ats.getApplications({ page_size: 250 }));
    const tagsBefore = await walk(kombo.ats.getTags({}));
    await kombo.general.triggerSync({ type: 'FULL' });
    await t.server.services.runner.idle();
    const after = await walk(kombo.ats.getCandidates({ page_size: 250 }));
    expect(after.map((c) => [c.id, c.tags.map((tag) => tag.id).sort(), c.applications.length])).toEqual(
      before.map((c) => [c.id, c.tags.map((tag) => tag.id).sort(), c.applications.length]),
    );
    const applicationsAfter = await walk(kombo.ats.getApplications({ page_size: 250 }));
    expect(applicationsAfter.map((a) => [a.id, a.current_stage_id, a.outcome, time(a.changed_at)])).toEqual(
      applicationsBefore.map((a) => [a.id, a.current_stage_id, a.outcome, time(a.changed_at)]),
    );
    expect(ids(await walk(kombo.ats.getTags({})))).toEqual(ids(tagsBefore));
    expect(after.length).toBeGreaterThan(200);
  });

  // ------------------------------------------------------------ errors

  it('answers 404 for unknown ids on every write, naming the id', async () => {
    const note = { content: 'x', content_type: 'PLAIN_TEXT' as const };
    const attachment = { attachment: { name: 'a.txt', type: 'OTHER' as const, content_type: 'text/plain', data: b64('a') } };
    const link = { label: 'x', url: 'https://x.example.com' };
    const candidate = { first_name: 'No', last_name: 'Body', email_address: 'nobody@example.com' };
    const calls: Array<() => Promise<unknown>> = [
      () => kombo.ats.moveApplicationToStage({ application_id: 'nope-app', body: { stage_id: 'x' } }),
      () => kombo.ats.addApplicationResultLink({ application_id: 'nope-app', body: link }),
      () => kombo.ats.addApplicationNote({ application_id: 'nope-app', body: note }),
      () => kombo.ats.addApplicationAttachment({ application_id: 'nope-app', body: attachment }),
      () => kombo.ats.rejectApplication({ application_id: 'nope-app', body: { rejection_reason_id: 'x' } }),
      () => kombo.ats.createCandidate({ candidate, application: { job_id: 'nope-job' } }),
      () => kombo.ats.addCandidateAttachment({ candidate_id: 'nope-cand', body: attachment }),
      () => kombo.ats.addCandidateResultLink({ candidate_id: 'nope-cand', body: link }),
      () => kombo.ats.addCandidateTag({ candidate_id: 'nope-cand', body: { tag: { name: 'x' } } }),
      () => kombo.ats.removeCandidateTag({ candidate_id: 'nope-cand', body: { tag: { name: 'x' } } }),
      () => kombo.ats.createApplication({ job_id: 'nope-job', body: { candidate } }),
    ];
    for (const call of calls) {
      const err = await atsError(call());
      expect(err.statusCode).toBe(404);
      expect(err.message).toMatch(/"nope-(app|job|cand)"/);
    }
    const app = await freshApplication();
    const reason = await atsError(kombo.ats.rejectApplication({ application_id: app.id, body: { rejection_reason_id: 'nope-reason' } }));
    expect(reason).toMatchObject({ statusCode: 404 });
    expect(reason.message).toMatch(/"rejection_reason_id".*"nope-reason"/);
    const stage = await atsError(kombo.ats.moveApplicationToStage({ application_id: app.id, body: { stage_id: 'nope-stage' } }));
    expect(stage.statusCode).toBe(404);
    expect(stage.message).toMatch(/"stage_id"/);
    const [job] = await walk(kombo.ats.getJobs({ statuses: ['OPEN'] }));
    const user = await atsError(kombo.ats.createApplication({ job_id: job?.id ?? '', body: { candidate, sourced_by: { user_id: 'nope-user' } } }));
    expect(user.statusCode).toBe(404);
    expect(user.message).toMatch(/"sourced_by\.user_id"/);
  });

  it('refuses a stage of another job with a 400 naming stage_id', async () => {
    const app = await freshApplication();
    const jobs = await walk(kombo.ats.getJobs({ page_size: 250 }));
    const other = jobs.find((j) => j.id !== app.job_id)?.stages[0];
    const err = await atsError(kombo.ats.moveApplicationToStage({ application_id: app.id, body: { stage_id: other?.id ?? '' } }));
    expect(err).toMatchObject({ statusCode: 400, error: { code: 'PLATFORM.INPUT_INVALID' } });
    expect(err.message).toMatch(/^Invalid field "stage_id": .*not a stage of the job/);
  });

  it('answers INTEGRATION.ACTION_NOT_AVAILABLE for actions the connector cannot do, before looking at ids', async () => {
    const [app] = await walk(limited.ats.getApplications({ page_size: 5 }));
    const [reason] = await walk(limited.ats.getRejectionReasons({}));
    const unsupported = await atsError(limited.ats.rejectApplication({ application_id: app?.id ?? '', body: { rejection_reason_id: reason?.id ?? '' } }));
    expect(unsupported).toMatchObject({ statusCode: 400, error: { code: 'INTEGRATION.ACTION_NOT_AVAILABLE' } });
    expect(unsupported.message).toMatch(/Limited ATS does not support "Reject application"/);
    const notImplemented = await atsError(limited.ats.moveApplicationToStage({ application_id: 'whatever', body: { stage_id: 'x' } }));
    expect(notImplemented).toMatchObject({ statusCode: 400, error: { code: 'INTEGRATION.ACTION_NOT_AVAILABLE' } });
    for (const call of [
      () => limited.ats.addCandidateTag({ candidate_id: 'x', body: { tag: { name: 'x' } } }),
      () => limited.ats.createApplication({ job_id: 'x', body: { candidate: { first_name: 'A', last_name: 'B', email_address: 'a@b.example' } } }),
      () => limited.ats.importTrackedApplication({ greenhouse: { id_type: 'application_id', application_id: 'x' }, tracked_at: null }),
    ]) {
      expect((await atsError(call())).error.code).toBe('INTEGRATION.ACTION_NOT_AVAILABLE');
    }
    // What it can do works: a note goes to the vendor, a result link goes there as a note.
    const writesBefore = vendor.writes;
    await limited.ats.addApplicationNote({ application_id: app?.id ?? '', body: { content: 'hello vendor', content_type: 'PLAIN_TEXT' } });
    const link = await limited.ats.addApplicationResultLink({ application_id: app?.id ?? '', body: { label: 'R', url: 'https://r.example.com' } });
    expect(link.warnings[0]?.message).toMatch(/Limited ATS has no result links/);
    expect(vendor.writes).toBe(writesBefore + 2);
  });

  it('maps vendor answers to REMOTE.* errors, with the vendor message and Retry-After', async () => {
    const [app] = await walk(limited.ats.getApplications({ page_size: 5 }));
    const send = (content: string) => atsError(limited.ats.addApplicationNote({ application_id: app?.id ?? '', body: { content, content_type: 'PLAIN_TEXT' } }));
    const invalid = await send('vendor:422');
    expect(invalid).toMatchObject({ statusCode: 400, error: { code: 'REMOTE.INPUT_INVALID' } });
    expect(invalid.message).toMatch(/Note bodies must be shorter than 10 characters/);
    const throttled = await send('vendor:429');
    expect(throttled).toMatchObject({ statusCode: 429, error: { code: 'REMOTE.RATE_LIMIT_EXCEEDED' } });
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(await send('vendor:503')).toMatchObject({ statusCode: 503, error: { code: 'REMOTE.SERVICE_UNAVAILABLE' } });
    expect(await send('vendor:500')).toMatchObject({ statusCode: 502, error: { code: 'REMOTE.UNKNOWN_HTTP_ERROR' } });
  });

  it('answers INTEGRATION.INACTIVE for a disabled integration', async () => {
    const id = await createIntegration(t, { tool: 'sandbox', credentials: { size: '5' } });
    await t.server.services.runner.idle();
    const other = client(t, id);
    const [app] = await walk(other.ats.getApplications({}));
    await kombo.general.setIntegrationEnabled({ integration_id: id, body: { value: false } });
    const err = await atsError(other.ats.addApplicationNote({ application_id: app?.id ?? '', body: { content: 'x', content_type: 'PLAIN_TEXT' } }));
    expect(err).toMatchObject({ statusCode: 403, error: { code: 'INTEGRATION.INACTIVE' } });
    await kombo.general.deleteIntegration({ integration_id: id, body: {} });
  });

  it('answers 503 INTEGRATION.SETUP_SYNC_PENDING with Retry-After before the first sync', async () => {
    t.server.services.runner.pause();
    try {
      const id = await createIntegration(t, { tool: 'sandbox', credentials: { size: '5' } });
      const pending = client(t, id);
      const err = await atsError(pending.ats.addCandidateTag({ candidate_id: 'x', body: { tag: { name: 'x' } } }));
      expect(err).toMatchObject({ statusCode: 503, error: { code: 'INTEGRATION.SETUP_SYNC_PENDING' } });
      expect(Number(err.headers.get('retry-after'))).toBeGreaterThan(0);
      await kombo.general.deleteIntegration({ integration_id: id, body: {} });
    } finally {
      t.server.services.runner.resume();
      await t.server.services.runner.idle();
    }
  });

  it('answers ATS.JOB_CLOSED for a closed job and ATS.APPLICATION_ALREADY_EXISTS for a second application', async () => {
    const [closed] = await walk(kombo.ats.getJobs({ statuses: ['CLOSED'] }));
    if (!closed) throw new Error('no closed job in the sandbox');
    const candidate = { first_name: 'Late', last_name: 'Comer', email_address: `late.${dialect.name}@example.com` };
    const jobClosed = await atsError(kombo.ats.createApplication({ job_id: closed.id, body: { candidate } }));
    expect(jobClosed).toMatchObject({ statusCode: 400, error: { code: 'ATS.JOB_CLOSED' } });
    expect((await walk(kombo.ats.getCandidates({ email: candidate.email_address })))).toEqual([]);

    const [job] = await walk(kombo.ats.getJobs({ statuses: ['OPEN'] }));
    const first = await kombo.ats.createApplication({ job_id: job?.id ?? '', body: { candidate } });
    const duplicate = await atsError(kombo.ats.createApplication({ job_id: job?.id ?? '', body: { candidate: { ...candidate, email_address: candidate.email_address.toUpperCase() } } }));
    expect(duplicate).toMatchObject({ statusCode: 409, error: { code: 'ATS.APPLICATION_ALREADY_EXISTS' } });
    expect((await walk(kombo.ats.getCandidates({ email: candidate.email_address }))).map((c) => c.id)).toEqual([first.data.candidate_id]);
  });

  it('refuses bad input with a 400 naming the field, and writes nothing anywhere', async () => {
    const app = await freshApplication();
    const job = await jobOf(app.job_id);
    const candidate = { first_name: 'A', last_name: 'B', email_address: 'a.b@example.com' };
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['PUT', `/ats/applications/${app.id}/stage`, {}, /"stage_id"/],
      ['PUT', `/ats/applications/${app.id}/stage`, { stage_id: 5 }, /"stage_id"/],
      ['POST', `/ats/applications/${app.id}/notes`, { content: 'x', content_type: 'HTML' }, /"content_type"/],
      ['POST', `/ats/applications/${app.id}/notes`, { content: 123, content_type: 'PLAIN_TEXT' }, /"content"/],
      ['POST', `/ats/applications/${app.id}/notes`, { content: '   ', content_type: 'PLAIN_TEXT' }, /"content"/],
      ['POST', `/ats/applications/${app.id}/notes`, '{"content": "unterminated', /not valid JSON/],
      ['POST', `/ats/applications/${app.id}/result-links`, { label: 'x', url: 'javascript:alert(1)' }, /"url"/],
      ['POST', `/ats/applications/${app.id}/attachments`, { attachment: { name: 'a.pdf', type: 'CV', content_type: 'application/pdf', data: '%%%not base64%%%' } }, /"attachment\.data"/],
      ['POST', `/ats/applications/${app.id}/attachments`, { attachment: { name: 'a.pdf', type: 'CV', data: b64('x') } }, /"attachment\.content_type"/],
      ['POST', `/ats/applications/${app.id}/attachments`, { attachment: { name: 'a.pdf', type: 'CV' } }, /"attachment\.data"/],
      ['POST', `/ats/applications/${app.id}/attachments`, { attachment: { name: 'a.pdf', type: 'RESUME', data_url: 'https://x.example.com/a.pdf' } }, /"attachment\.type"/],
      ['POST', `/ats/applications/${app.id}/attachments`, { attachment: { name: 'a.pdf', type: 'CV', data_url: 'ftp://x.example.com/a.pdf' } }, /"attachment\.data_url"/],
      ['POST', `/ats/applications/${app.id}/attachments`, { attachment: { name: 'a.pdf', type: 'CV', data_url: 'file:///etc/passwd' } }, /"attachment\.data_url"/],
      ['POST', `/ats/applications/${app.id}/attachments`, { attachment: { name: 'big.bin', type: 'OTHER', content_type: 'application/octet-stream', data: Buffer.alloc(MAX_BYTES + 1).toString('base64') } }, /"attachment\.data".*limit/],
      ['POST', `/ats/candidates/${app.candidate_id ?? ''}/attachments`, { attachment: { name: 'a.pdf', type: 'CV', data_url: 'gopher://x' } }, /"attachment\.data_url"/],
      ['POST', `/ats/applications/${app.id}/reject`, {}, /"rejection_reason_id"/],
      ['POST', `/ats/candidates/${app.candidate_id ?? ''}/tags`, { tag: {} }, /"tag\.name"/],
      ['DELETE', `/ats/candidates/${app.candidate_id ?? ''}/tags`, { tag: { name: 5 } }, /"tag\.name"/],
      ['POST', `/ats/jobs/${job.id}/applications`, { candidate: { ...candidate, email_address: 'not-an-email' } }, /"candidate\.email_address"/],
      ['POST', `/ats/jobs/${job.id}/applications`, { candidate: { ...candidate, location: { country: 'Germany' } } }, /"candidate\.location\.country"/],
      ['POST', `/ats/jobs/${job.id}/applications`, { candidate: { last_name: 'B', email_address: 'a@b.example' } }, /"candidate\.first_name"/],
      ['POST', `/ats/jobs/${job.id}/applications`, { candidate, attachments: [{ name: 'x', type: 'CV', data_url: 'data:text/plain,hi' }] }, /"attachments\.0\.data_url"/],
      ['POST', `/ats/jobs/${job.id}/applications`, { candidate, stage_id: 7 }, /"stage_id"/],
      ['POST', '/ats/candidates', { candidate }, /"application"/],
      ['POST', '/ats/import-tracked-application', { tracked_at: null }, /exactly one identifier/],
      ['POST', '/ats/import-tracked-application', { greenhouse: { id_type: 'application_id', application_id: 'a' }, onlyfy: { id_type: 'application_id', application_id: 'a' }, tracked_at: null }, /exactly one identifier/],
      ['POST', '/ats/import-tracked-application', { greenhouse: { id_type: 'application_id', application_id: 'a' }, tracked_at: '2026-01-01' }, /"tracked_at"/],
    ];
    const question = job.screening_questions.find((q) => q.format?.type === 'BOOLEAN' || q.format?.type === 'NUMBER');
    if (question) cases.push(['POST', `/ats/jobs/${job.id}/applications`, { candidate, screening_question_answers: [{ question_id: question.id, answer: 'a string' }] }, /"screening_question_answers\.0\.answer"/]);

    const before = await sandboxState();
    for (const [i, [method, path, body, message]] of cases.entries()) {
      const key = `bad-input-${dialect.name}-${i}`;
      const res = await raw(t, method, path, body, { 'Idempotency-Key': key });
      expect(res.status, `${method} ${path} ${JSON.stringify(body).slice(0, 120)}`).toBe(400);
      expect(res.body.error?.code).toBe('PLATFORM.INPUT_INVALID');
      expect(res.body.error?.message, `${method} ${path}`).toMatch(message);
      expect(await findIdempotencyKey(t.server.services.db.kysely, t.sandboxId, key)).toBeUndefined();
    }
    const badKey = await raw(t, 'POST', `/ats/applications/${app.id}/notes`, { content: 'x', content_type: 'PLAIN_TEXT' }, { 'Idempotency-Key': 'has spaces in it' });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error?.message).toMatch(/Idempotency-Key/);
    expect(await sandboxState()).toEqual(before);
  });

  // ------------------------------------------------------------ Idempotency-Key

  it('replays the first response for a retry with the same Idempotency-Key and never writes twice', async () => {
    const app = await freshApplication();
    const key = `retry-${dialect.name}-${Date.now()}`;
    const count = (await notes()).length;
    const first = await kombo.ats.addApplicationResultLink({ application_id: app.id, body: { label: 'Once', url: 'https://once.example.com' } }, { headers: { 'Idempotency-Key': key } });
    const changed = time((await readApplication(app.id)).changed_at);
    const second = await kombo.ats.addApplicationResultLink({ application_id: app.id, body: { label: 'Once', url: 'https://once.example.com' } }, { headers: { 'Idempotency-Key': key } });
    expect(second).toEqual(first);
    expect((await notes()).length).toBe(count + 1);
    expect(time((await readApplication(app.id)).changed_at)).toBe(changed);
    const replay = await raw(t, 'POST', `/ats/applications/${app.id}/result-links`, { label: 'Once', url: 'https://once.example.com' }, { 'Idempotency-Key': key });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    const created = await kombo.ats.createApplication(
      { job_id: app.job_id ?? '', body: { candidate: { first_name: 'Idem', last_name: 'Potent', email_address: `idem.${dialect.name}@example.com` } } },
      { headers: { 'Idempotency-Key': `${key}-create` } },
    );
    const again = await kombo.ats.createApplication(
      { job_id: app.job_id ?? '', body: { candidate: { first_name: 'Idem', last_name: 'Potent', email_address: `idem.${dialect.name}@example.com` } } },
      { headers: { 'Idempotency-Key': `${key}-create` } },
    );
    expect(again.data.id).toBe(created.data.id);
  });

  it('refuses the same Idempotency-Key with a different body', async () => {
    const app = await freshApplication();
    const key = `mismatch-${dialect.name}`;
    await kombo.ats.addApplicationNote({ application_id: app.id, body: { content: 'first', content_type: 'PLAIN_TEXT' } }, { headers: { 'Idempotency-Key': key } });
    const count = (await notes()).length;
    const err = await atsError(kombo.ats.addApplicationNote({ application_id: app.id, body: { content: 'second', content_type: 'PLAIN_TEXT' } }, { headers: { 'Idempotency-Key': key } }));
    expect(err).toMatchObject({ statusCode: 400, error: { code: 'PLATFORM.INPUT_INVALID' } });
    expect(err.message).toMatch(/Idempotency-Key/);
    const otherEndpoint = await atsError(kombo.ats.addCandidateTag({ candidate_id: app.candidate_id ?? '', body: { tag: { name: 'first' } } }, { headers: { 'Idempotency-Key': key } }));
    expect(otherEndpoint.statusCode).toBe(400);
    expect((await notes()).length).toBe(count);
  });

  it('lets only one of two concurrent requests with one Idempotency-Key reach the vendor', async () => {
    // Through a vendor that takes its time over HTTP.
    const [app] = await walk(limited.ats.getApplications({ page_size: 5 }));
    const before = vendor.writes;
    const key = `concurrent-${dialect.name}-${Date.now()}`;
    const send = () =>
      fetch(`${t.url}/v1/ats/applications/${app?.id ?? ''}/notes`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${t.apiKey}`, 'X-Integration-Id': limitedId, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify({ content: 'vendor:slow', content_type: 'PLAIN_TEXT' }),
      });
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await a.text()).toBe(await b.text());
    expect([a.headers.get('idempotent-replayed'), b.headers.get('idempotent-replayed')].filter(Boolean)).toEqual(['true']);
    expect(vendor.writes).toBe(before + 1);

    // And through the Sandbox.
    const sandboxApp = await freshApplication();
    const count = (await notes()).length;
    const sandboxKey = `${key}-sandbox`;
    const results = await Promise.all(
      [1, 2, 3].map(() => kombo.ats.addApplicationNote({ application_id: sandboxApp.id, body: { content: 'only once', content_type: 'PLAIN_TEXT' } }, { headers: { 'Idempotency-Key': sandboxKey } })),
    );
    expect(results.every((r) => r.status === 'success')).toBe(true);
    expect((await notes()).filter((n) => n.content === 'only once')).toHaveLength(1);
    expect((await notes()).length).toBe(count + 1);
  });

  it('lets a request that failed before writing be retried with its key', async () => {
    const [app] = await walk(limited.ats.getApplications({ page_size: 5 }));
    const key = `after-failure-${dialect.name}`;
    const headers = { headers: { 'Idempotency-Key': key } };
    const failed = await atsError(limited.ats.addApplicationNote({ application_id: app?.id ?? '', body: { content: 'vendor:503', content_type: 'PLAIN_TEXT' } }, headers));
    expect(failed.statusCode).toBe(503);
    // The key was given up: the next request with it runs (here with another body, which is allowed now).
    const before = vendor.writes;
    await limited.ats.addApplicationNote({ application_id: app?.id ?? '', body: { content: 'fine now', content_type: 'PLAIN_TEXT' } }, headers);
    expect(vendor.writes).toBe(before + 1);
  });

  // ------------------------------------------------------------ data_url and SSRF

  it('downloads a data_url when its address is allowed, and sends the file to the vendor', async () => {
    const [app] = await walk(komboOpen.ats.getApplications({ page_size: 5 }));
    const res = await komboOpen.ats.addApplicationAttachment({ application_id: app?.id ?? '', body: { attachment: { name: 'Fetched_CV.pdf', type: 'CV', data_url: `${files.url}/cv.pdf` } } });
    expect(res).toEqual({ status: 'success', data: {}, warnings: [] });
    const listed = await komboOpen.ats.getApplicationAttachments({ application_id: app?.id ?? '' });
    const file = listed.data.results.find((f) => f.file_name === 'Fetched_CV.pdf');
    expect(file?.content_type).toBe('application/pdf');
    expect(await (await fetch(file?.data_url ?? '')).text()).toBe(CV_BYTES);
    // Redirects are followed when every hop is allowed.
    await komboOpen.ats.addCandidateAttachment({
      candidate_id: app?.candidate_id ?? '',
      body: { attachment: { name: 'Redirected.pdf', type: 'OTHER', data_url: `${files.url}/redirect?to=${encodeURIComponent('/cv.pdf')}` } },
    });
    expect((await komboOpen.ats.getCandidateAttachments({ candidate_id: app?.candidate_id ?? '' })).data.results.map((f) => f.file_name)).toContain('Redirected.pdf');
  });

  it('refuses data_urls on loopback, private and link-local addresses unless allowed, before connecting', async () => {
    const app = await freshApplication();
    const port = new URL(files.url).port;
    const hits = files.hits.length;
    const targets: Array<[string, RegExp]> = [
      [`${files.url}/cv.pdf`, /loopback/],
      [`http://localhost:${port}/cv.pdf`, /loopback/],
      [`http://[::1]:${port}/cv.pdf`, /loopback/],
      [`http://[::ffff:127.0.0.1]:${port}/cv.pdf`, /loopback/],
      ['http://10.0.0.1/cv.pdf', /private/],
      ['http://192.168.1.20/cv.pdf', /private/],
      ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ];
    const before = await sandboxState();
    for (const [url, kind] of targets) {
      const err = await atsError(kombo.ats.addApplicationAttachment({ application_id: app.id, body: { attachment: { name: 'x.pdf', type: 'CV', data_url: url } } }));
      expect(err, url).toMatchObject({ statusCode: 400, error: { code: 'PLATFORM.INPUT_INVALID' } });
      expect(err.message, url).toMatch(/^Invalid field "attachment\.data_url": /);
      expect(err.message, url).toMatch(kind);
    }
    expect(files.hits.length).toBe(hits);
    expect(await sandboxState()).toEqual(before);
  });

  it('refuses redirects to loopback, private and link-local addresses, and oversized downloads', async () => {
    const [app] = await walk(komboOpen.ats.getApplications({ page_size: 5 }));
    const port = new URL(files.url).port;
    const redirect = (to: string) => `${files.url}/redirect?to=${encodeURIComponent(to)}`;
    const targets: Array<[string, RegExp]> = [
      [redirect('http://10.0.0.1/cv.pdf'), /private/],
      [redirect('http://169.254.169.254/latest/meta-data/'), /link-local/],
      [redirect(`http://[::1]:${port}/cv.pdf`), /loopback/],
      [redirect(`http://127.0.0.2:${port}/cv.pdf`), /loopback/],
      [redirect('file:///etc/passwd'), /http/],
      [`${files.url}/big.bin`, /limit/],
    ];
    for (const [url, reason] of targets) {
      const err = await atsError(komboOpen.ats.addApplicationAttachment({ application_id: app?.id ?? '', body: { attachment: { name: 'x.bin', type: 'OTHER', data_url: url } } }));
      expect(err, url).toMatchObject({ statusCode: 400, error: { code: 'PLATFORM.INPUT_INVALID' } });
      expect(err.message, url).toMatch(/"attachment\.data_url"/);
      expect(err.message, url).toMatch(reason);
    }
    const listed = await komboOpen.ats.getApplicationAttachments({ application_id: app?.id ?? '' });
    expect(listed.data.results.map((f) => f.file_name)).not.toContain('x.bin');
  });
});
