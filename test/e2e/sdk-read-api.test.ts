/**
 * Conformance: the official SDK, in both versions we follow (1.1.3 and 1.3.4, see
 * test/setup/sdks.ts), drives the real server over HTTP on every dialect. The SDK validates every
 * response; a ResponseValidationError fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAtsError, sdkDialects, walk, type KomboClient } from '../setup/sdks.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

const ids = (items: Array<{ id: string }>) => items.map((i) => i.id).sort();

describe.each(sdkDialects())('SDK conformance of the read API on $name', ({ sdk, dialect }) => {
  let t: TestServer;
  let kombo: KomboClient;
  const { KomboAtsError, KomboGeneralError } = sdk;

  beforeAll(async () => {
    t = await startTestServer(dialect);
    kombo = sdk.client({ api_key: t.apiKey, integration_id: t.sandboxId, server_url: `${t.url}/v1` });
  });
  afterAll(async () => t?.close());

  it('checks the API key and reports the integration as set up', async () => {
    const check = await kombo.general.checkApiKey();
    expect(check.data.environment_id).toBe(t.server.environmentId);
    const details = await kombo.general.getIntegrationDetails({ integration_id: t.sandboxId });
    expect(details.data).toMatchObject({ id: t.sandboxId, status: 'ACTIVE', setup_status: 'COMPLETED', category: 'ATS' });
    expect(details.data.tool.id).toBe('sandbox');
    expect(details.data.read_models.find((m) => m.id === 'ats_candidates')?.coverage_status).toBe('SUPPORTED');
    // The Sandbox fills both optional stage fields, and says so wherever a stage appears.
    const fields = (id: string) => details.data.read_models.find((m) => m.id === id)?.fields.map((f) => [f.id, f.coverage_status, f.is_available]);
    expect(fields('ats_jobs')).toEqual([['stages.status', 'SUPPORTED', true], ['stages.custom_fields', 'SUPPORTED', true]]);
    expect(fields('ats_applications')).toEqual([['current_stage.status', 'SUPPORTED', true], ['current_stage.custom_fields', 'SUPPORTED', true]]);
    expect(fields('ats_application_stages')).toEqual([['status', 'SUPPORTED', true], ['custom_fields', 'SUPPORTED', true]]);
    expect(fields('ats_candidates')).toEqual([]);
  });

  const LISTS = [
    ['getApplications', (k: KomboClient, page_size: number) => k.ats.getApplications({ page_size })],
    ['getCandidates', (k: KomboClient, page_size: number) => k.ats.getCandidates({ page_size })],
    ['getJobs', (k: KomboClient, page_size: number) => k.ats.getJobs({ page_size })],
    ['getUsers', (k: KomboClient, page_size: number) => k.ats.getUsers({ page_size })],
    ['getRoles', (k: KomboClient, page_size: number) => k.ats.getRoles({ page_size })],
    ['getOffers', (k: KomboClient, page_size: number) => k.ats.getOffers({ page_size })],
    ['getInterviews', (k: KomboClient, page_size: number) => k.ats.getInterviews({ page_size })],
    ['getTags', (k: KomboClient, page_size: number) => k.ats.getTags({ page_size })],
    ['getApplicationStages', (k: KomboClient, page_size: number) => k.ats.getApplicationStages({ page_size })],
    ['getRejectionReasons', (k: KomboClient, page_size: number) => k.ats.getRejectionReasons({ page_size })],
  ] as const;

  it.each(LISTS)('%s walks every page with small, odd and large pages alike', async (_name, list) => {
    const small: Array<{ id: string }> = await walk(list(kombo, 3));
    const large: Array<{ id: string }> = await walk(list(kombo, 250));
    const seven: Array<{ id: string }> = await walk(list(kombo, 7));
    expect(small.length).toBeGreaterThan(0);
    expect(new Set(ids(small)).size).toBe(small.length);
    expect(ids(small)).toEqual(ids(large));
    expect(ids(seven)).toEqual(ids(large));
  });

  it('serves the sandbox size and consistent references', async () => {
    const candidates = await walk(kombo.ats.getCandidates({ page_size: 250 }));
    const applications = await walk(kombo.ats.getApplications({ page_size: 250 }));
    const jobs = await walk(kombo.ats.getJobs({ page_size: 250 }));
    expect(candidates).toHaveLength(40);
    const candidateIds = new Set(ids(candidates));
    const jobsById = new Map(jobs.map((j) => [j.id, j]));
    for (const app of applications) {
      expect(candidateIds.has(app.candidate_id ?? '')).toBe(true);
      const job = jobsById.get(app.job_id ?? '');
      expect(job).toBeDefined();
      expect(app.job?.name).toBe(job?.name);
      expect(job?.stages.map((s) => s.id)).toContain(app.current_stage_id);
      expect(app.current_stage?.index).toBe(job?.stages.find((s) => s.id === app.current_stage_id)?.index);
    }
    const nested = candidates.flatMap((c) => c.applications.map((a) => a.id)).sort();
    expect(nested).toEqual(ids(applications));
  });

  it('serves every stage with its status and custom fields, the same wherever the stage appears', async () => {
    type Stage = { id: string; index?: number | null; status: string | null; custom_fields: Record<string, unknown> | null };
    const get = async <T>(path: string) => {
      const res = await fetch(`${t.url}/v1/ats/${path}`, { headers: { Authorization: `Bearer ${t.apiKey}`, 'X-Integration-Id': t.sandboxId } });
      return ((await res.json()) as { data: { results: T[] } }).data.results;
    };
    const jobs = await get<{ id: string; stages: Stage[] }>('jobs?page_size=250');
    const stages = new Map(jobs.flatMap((j) => j.stages).map((s) => [s.id, s]));
    const all = [...stages.values()];
    // The Sandbox retires a stage on some jobs and leaves stage custom fields off on others.
    expect(all.some((s) => s.status === 'INACTIVE')).toBe(true);
    expect(all.some((s) => s.status === 'ACTIVE')).toBe(true);
    expect(all.some((s) => s.custom_fields === null)).toBe(true);
    expect(all.find((s) => s.custom_fields !== null)?.custom_fields).toMatchObject({ stage_type: expect.any(String) });
    for (const row of await get<Stage>('application-stages?page_size=250')) {
      expect({ status: row.status, custom_fields: row.custom_fields }).toEqual({ status: stages.get(row.id)?.status, custom_fields: stages.get(row.id)?.custom_fields });
    }
    const applications = await get<{ current_stage: Stage | null }>('applications?page_size=250');
    expect(applications.length).toBeGreaterThan(0);
    for (const { current_stage } of applications) {
      expect(current_stage).toMatchObject({ status: stages.get(current_stage?.id ?? '')?.status, custom_fields: stages.get(current_stage?.id ?? '')?.custom_fields });
    }
  });

  it('filters by ids and remote_ids (AND across parameters, OR within one)', async () => {
    const all = await walk(kombo.ats.getCandidates({ page_size: 250 }));
    const [a, b, c] = all;
    if (!a || !b || !c) throw new Error('sandbox too small');
    expect(ids(await walk(kombo.ats.getCandidates({ ids: [a.id, b.id] })))).toEqual(ids([a, b]));
    expect(ids(await walk(kombo.ats.getCandidates({ remote_ids: [c.remote_id] })))).toEqual([c.id]);
    expect(await walk(kombo.ats.getCandidates({ ids: [a.id], remote_ids: [c.remote_id] }))).toEqual([]);
  });

  it('filters candidates by email, names and job', async () => {
    const all = await walk(kombo.ats.getCandidates({ page_size: 250 }));
    const target = all.find((c) => c.email_addresses?.[0]?.email_address && c.applications.length > 0);
    const email = target?.email_addresses?.[0]?.email_address;
    if (!target || !email) throw new Error('no candidate with an email');
    expect(ids(await walk(kombo.ats.getCandidates({ email: email.toUpperCase() })))).toEqual([target.id]);
    const byName = await walk(kombo.ats.getCandidates({ first_name: target.first_name?.toLowerCase() ?? '', last_name: target.last_name ?? '' }));
    expect(ids(byName)).toContain(target.id);
    for (const c of byName) expect(c.last_name?.toLowerCase()).toBe(target.last_name?.toLowerCase());
    const jobId = target.applications[0]?.job?.id ?? '';
    const byJob = await walk(kombo.ats.getCandidates({ job_ids: [jobId] }));
    expect(ids(byJob)).toEqual(ids(all.filter((c) => c.applications.some((a) => a.job?.id === jobId))));
  });

  it('filters applications by outcome, job, job remote id and stage', async () => {
    const all = await walk(kombo.ats.getApplications({ page_size: 250 }));
    const declined = await walk(kombo.ats.getApplications({ outcomes: ['DECLINED'] }));
    expect(ids(declined)).toEqual(ids(all.filter((a) => a.outcome === 'DECLINED')));
    const sample = all[0];
    if (!sample?.job) throw new Error('no application');
    const expected = ids(all.filter((a) => a.job_id === sample.job_id));
    expect(ids(await walk(kombo.ats.getApplications({ job_ids: [sample.job_id ?? ''] })))).toEqual(expected);
    expect(ids(await walk(kombo.ats.getApplications({ job_remote_ids: [sample.job.remote_id] })))).toEqual(expected);
    const byStage = await walk(kombo.ats.getApplications({ current_stage_ids: [sample.current_stage_id ?? ''] }));
    expect(ids(byStage)).toEqual(ids(all.filter((a) => a.current_stage_id === sample.current_stage_id)));
    const future = await walk(kombo.ats.getApplications({ remote_created_after: new Date('2100-01-01T00:00:00Z') }));
    expect(future).toEqual([]);
  });

  it('filters jobs by status, employment type, visibility, code, post url and name', async () => {
    const all = await walk(kombo.ats.getJobs({ page_size: 250 }));
    const open = await walk(kombo.ats.getJobs({ statuses: ['OPEN'] }));
    expect(ids(open)).toEqual(ids(all.filter((j) => j.status === 'OPEN')));
    const fullTime = await walk(kombo.ats.getJobs({ employment_types: ['FULL_TIME', 'PART_TIME'] }));
    expect(ids(fullTime)).toEqual(ids(all.filter((j) => j.employment_type === 'FULL_TIME' || j.employment_type === 'PART_TIME')));
    const visible = await walk(kombo.ats.getJobs({ visibilities: ['PUBLIC'] }));
    expect(ids(visible)).toEqual(ids(all.filter((j) => j.visibility === 'PUBLIC')));
    const job = all.find((j) => j.job_code && j.post_url && j.name);
    if (!job?.job_code || !job.post_url || !job.name) throw new Error('no job with code and post url');
    expect(ids(await walk(kombo.ats.getJobs({ job_codes: [job.job_code] })))).toEqual([job.id]);
    expect(ids(await walk(kombo.ats.getJobs({ post_url: job.post_url })))).toEqual([job.id]);
    const word = job.name.split(' ')[0]?.toUpperCase() ?? '';
    const named = await walk(kombo.ats.getJobs({ name_contains: word }));
    expect(ids(named)).toEqual(ids(all.filter((j) => j.name?.toUpperCase().includes(word))));
  });

  it('filters users by email, roles by scope and interviews by job', async () => {
    const users = await walk(kombo.ats.getUsers({ page_size: 250 }));
    const user = users.find((u) => u.email);
    expect(ids(await walk(kombo.ats.getUsers({ emails: [user?.email?.toUpperCase() ?? ''] })))).toEqual([user?.id]);
    const roles = await walk(kombo.ats.getRoles({ page_size: 250 }));
    expect(ids(await walk(kombo.ats.getRoles({ scopes: ['JOB'] })))).toEqual(ids(roles.filter((r) => r.scope === 'JOB')));
    const interviews = await walk(kombo.ats.getInterviews({ page_size: 250 }));
    const jobId = interviews[0]?.application?.job?.id ?? '';
    expect(ids(await walk(kombo.ats.getInterviews({ job_ids: [jobId] })))).toEqual(ids(interviews.filter((i) => i.application?.job?.id === jobId)));
  });

  it('applies updated_after and include_deleted', async () => {
    const all = await walk(kombo.ats.getTags({ page_size: 250 }));
    expect(await walk(kombo.ats.getTags({ updated_after: new Date(Date.now() + 60_000) }))).toEqual([]);
    expect(ids(await walk(kombo.ats.getTags({ updated_after: new Date('2000-01-01T00:00:00Z') })))).toEqual(ids(all));
    expect(ids(await walk(kombo.ats.getTags({ include_deleted: true })))).toEqual(ids(all));
  });

  it('reads attachments and their files', async () => {
    const [candidate] = await walk(kombo.ats.getCandidates({ page_size: 5 }));
    if (!candidate) throw new Error('no candidate');
    const files = await kombo.ats.getCandidateAttachments({ candidate_id: candidate.id });
    expect(files.data.results.length).toBeGreaterThan(0);
    for (const file of files.data.results) expect(file.candidate_id).toBe(candidate.id);
    const cv = files.data.results.find((f) => f.type === 'CV');
    const download = await fetch(cv?.data_url ?? '');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe(cv?.content_type);
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const application = candidate.applications[0];
    const appFiles = await kombo.ats.getApplicationAttachments({ application_id: application?.id ?? '' });
    expect(appFiles.data.results.map((f) => f.id)).toContain(cv?.id);
    await expect(kombo.ats.getCandidateAttachments({ candidate_id: 'nope' })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('rejects a bad API key on ATS and general endpoints with typed errors', async () => {
    const bad = sdk.client({ api_key: 'wrong', integration_id: t.sandboxId, server_url: `${t.url}/v1` });
    const ats = await bad.ats.getJobs({}).catch((e: unknown) => e);
    expect(ats).toBeInstanceOf(KomboAtsError);
    expect(ats).toMatchObject({ statusCode: 401, error: { code: 'PLATFORM.AUTHENTICATION_INVALID' } });
    const general = await bad.general.checkApiKey().catch((e: unknown) => e);
    expect(general).toBeInstanceOf(KomboGeneralError);
    expect(general).toMatchObject({ statusCode: 401, error: { code: 'PLATFORM.AUTHENTICATION_INVALID' } });
  });

  it('answers unknown and missing integrations clearly', async () => {
    const unknown = sdk.client({ api_key: t.apiKey, integration_id: 'sandbox:doesnotexist', server_url: `${t.url}/v1` });
    await expect(unknown.ats.getCandidates({})).rejects.toMatchObject({ statusCode: 404, error: { code: 'PLATFORM.INTEGRATION_NOT_FOUND' } });
    const missing = sdk.client({ api_key: t.apiKey, server_url: `${t.url}/v1` });
    const err = await missing.ats.getCandidates({}).catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 400, error: { code: 'PLATFORM.INPUT_INVALID' } });
    expect((err as Error).message).toMatch(/X-Integration-Id/);
    await expect(kombo.general.getIntegrationDetails({ integration_id: 'sandbox:nope' })).rejects.toMatchObject({
      statusCode: 404,
      error: { code: 'PLATFORM.INTEGRATION_NOT_FOUND' },
    });
  });

  it('rejects bad list input with a message naming the parameter', async () => {
    const cases: Array<[() => Promise<unknown>, RegExp]> = [
      [() => kombo.ats.getJobs({ page_size: 0 }), /page_size/],
      [() => kombo.ats.getJobs({ page_size: 10000 }), /page_size/],
      [() => kombo.ats.getJobs({ cursor: 'not-a-cursor' }), /cursor/],
      [() => kombo.ats.getJobs({ statuses: ['OPENED'] }), /statuses/],
    ];
    for (const [call, message] of cases) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KomboAtsError);
      expect(err).toMatchObject({ statusCode: 400, error: { code: 'PLATFORM.INPUT_INVALID' } });
      expect((err as Error).message).toMatch(message);
      if (!isAtsError(sdk, err)) throw new Error('expected a KomboAtsError');
      expect(err.error.log_url).toMatch(/\/logs\//);
    }
  });

  it('refuses a cursor that was altered or belongs to another endpoint', async () => {
    const first = await kombo.ats.getCandidates({ page_size: 2 });
    const next = first.result.data.next ?? '';
    expect(next).not.toBe('');
    const tampered = `${next.slice(0, -2)}${next.endsWith('A') ? 'B' : 'A'}A`;
    await expect(kombo.ats.getCandidates({ page_size: 2, cursor: tampered })).rejects.toMatchObject({ statusCode: 400 });
    await expect(kombo.ats.getJobs({ page_size: 2, cursor: next })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('answers 503 SETUP_SYNC_PENDING with Retry-After until the first sync succeeds', async () => {
    t.server.services.runner.pause();
    const created = await fetch(`${t.url}/v1/integrations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ tool: 'sandbox', credentials: { size: '5' }, end_user: { organization_name: 'Pending GmbH' } }),
    });
    expect(created.status).toBe(200);
    const integration = ((await created.json()) as { data: { id: string; setup_status: string } }).data;
    expect(integration.setup_status).toBe('FINAL_SYNC_PENDING');
    const pending = sdk.client({ api_key: t.apiKey, integration_id: integration.id, server_url: `${t.url}/v1` });
    for (const call of [() => pending.ats.getJobs({}), () => pending.ats.getCandidateAttachments({ candidate_id: 'x' })]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KomboAtsError);
      expect(err).toMatchObject({ statusCode: 503, error: { code: 'INTEGRATION.SETUP_SYNC_PENDING' } });
      if (!isAtsError(sdk, err)) throw new Error('expected a KomboAtsError');
      expect(Number(err.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const details = await kombo.general.getIntegrationDetails({ integration_id: integration.id });
    expect(details.data.setup_status).toBe('FINAL_SYNC_PENDING');
    t.server.services.runner.resume();
    await t.server.services.runner.idle();
    const jobs = await walk(pending.ats.getJobs({}));
    expect(jobs.length).toBeGreaterThan(0);
    const after = await kombo.general.getIntegrationDetails({ integration_id: integration.id });
    expect(after.data.setup_status).toBe('COMPLETED');
    await kombo.general.deleteIntegration({ integration_id: integration.id, body: {} });
    await expect(kombo.general.getIntegrationDetails({ integration_id: integration.id })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('answers 409 SETUP_SYNC_PENDING (with Retry-After) when SETUP_PENDING_STATUS=409, as Kombo does since 2026-05-19', async () => {
    const kombo409 = await startTestServer(dialect, { SETUP_PENDING_STATUS: '409', SANDBOX_SIZE: '5' });
    try {
      kombo409.server.services.runner.pause();
      const created = await fetch(`${kombo409.url}/v1/integrations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${kombo409.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ tool: 'sandbox', credentials: { size: '5' }, end_user: { organization_name: 'Pending GmbH' } }),
      });
      expect(created.status).toBe(200);
      const id = ((await created.json()) as { data: { id: string } }).data.id;
      const pending = sdk.client({ api_key: kombo409.apiKey, integration_id: id, server_url: `${kombo409.url}/v1` });
      const err = await pending.ats.getJobs({}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KomboAtsError);
      expect(err).toMatchObject({ statusCode: 409, error: { code: 'INTEGRATION.SETUP_SYNC_PENDING' } });
      if (!isAtsError(sdk, err)) throw new Error('expected a KomboAtsError');
      expect(Number(err.headers.get('retry-after'))).toBeGreaterThan(0);
      // Only the setup-state answer moves: other errors keep their status.
      const missing = await pending.ats.getCandidateAttachments({ candidate_id: 'x' }).catch((e: unknown) => e);
      expect(missing).toMatchObject({ statusCode: 409, error: { code: 'INTEGRATION.SETUP_SYNC_PENDING' } });
      const bad = sdk.client({ api_key: 'wrong', integration_id: id, server_url: `${kombo409.url}/v1` });
      await expect(bad.ats.getJobs({})).rejects.toMatchObject({ statusCode: 401 });
      kombo409.server.services.runner.resume();
      await kombo409.server.services.runner.idle();
      expect((await walk(pending.ats.getJobs({}))).length).toBeGreaterThan(0);
    } finally {
      await kombo409.close();
    }
  });
});
