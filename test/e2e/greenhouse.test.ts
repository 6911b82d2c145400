/**
 * Greenhouse end to end: the Harvest v3 emulator on a port (with its default 50-per-30-s rate
 * limit), the real server with ALLOW_CUSTOM_BASE_URLS=1, an integration created over HTTP, and the
 * official SDK (1.1.3 and 1.3.4, test/setup/sdks.ts) reading and writing through it on every dialect. Writes are
 * checked where they land (the emulator's own API) and in the next SDK read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGreenhouseEmulator } from '../../emulators/greenhouse/app.js';
import type { Emulator } from '../../emulators/shared/emulator.js';
import type { RunningEmulator } from '../../emulators/shared/serve.js';
import { b64, emulatorAdmin, lastSync, startConnectorE2E, walk, type ConnectorE2E } from '../setup/connector-e2e.js';
import { sdkDialects, type KomboClient } from '../setup/sdks.js';
import { VirtualClock } from '../setup/virtual-clock.js';
import type { TestServer } from '../setup/test-server.js';

type Row = Record<string, unknown>;

/** Reads the emulator through its own API (and admin endpoints), as a second client would. */
function harvest(running: RunningEmulator, em: Emulator, clock: VirtualClock) {
  let token: string | null = null;
  async function request(path: string): Promise<{ rows: Row[]; next: string | null }> {
    if (!token) {
      const basic = Buffer.from(`${em.credentials['client_id']}:${em.credentials['client_secret']}`).toString('base64');
      const res = await fetch(`${running.url}/token`, { method: 'POST', headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
      token = ((await res.json()) as { access_token: string }).access_token;
    }
    const res = await fetch(`${running.url}/v3/${path}`, { headers: { Authorization: `Bearer ${token}` } });
    if (res.status === 429 || res.status === 401) {
      if (res.status === 401) token = null;
      else await clock.sleep(Number(res.headers.get('retry-after') ?? '1') * 1000);
      return request(path);
    }
    if (!res.ok) throw new Error(`GET /v3/${path} → ${res.status}`);
    const link = /<[^>]*\/v3\/([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '');
    return { rows: (await res.json()) as Row[], next: link?.[1] ?? null };
  }
  const get = async (path: string): Promise<Row[]> => (await request(path)).rows;
  async function all(path: string): Promise<Row[]> {
    const out: Row[] = [];
    let next: string | null = `${path}${path.includes('?') ? '&' : '?'}per_page=500`;
    while (next) {
      const page = await request(next);
      out.push(...page.rows);
      next = page.next;
    }
    return out;
  }
  const admin = async (method: string, path: string, body?: unknown): Promise<Row> => {
    const res = await emulatorAdmin(running.url)(method, path, body);
    if (!res.ok) throw new Error(`${method} /__admin${path} → ${res.status}`);
    return (await res.json()) as Row;
  };
  return { get, all, admin };
}

describe.each(sdkDialects())('Greenhouse end to end on $name', ({ sdk, dialect }) => {
  const { KomboAtsError } = sdk;
  let em: Emulator;
  let running: RunningEmulator;
  let t: TestServer;
  let kombo: KomboClient;
  let integrationId = '';
  let e2e: ConnectorE2E;
  let gh: ReturnType<typeof harvest>;
  const used = new Set<string>();
  /** Greenhouse's pacing and Retry-After waits pass in virtual time, on the server and the emulator alike. */
  const clock = new VirtualClock();

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.url}/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json', ...(integrationId ? { 'X-Integration-Id': integrationId } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as { data?: Row; error?: Row } };
  };

  async function sync() {
    const res = await api('POST', '/force-sync', { type: 'FULL' });
    expect(res.status).toBe(200);
    await t.server.services.runner.idle();
    return lastSync(e2e);
  }

  async function pendingApplication() {
    const apps = await walk(kombo.ats.getApplications({ outcomes: ['PENDING'], page_size: 250 }));
    const jobs = await walk(kombo.ats.getJobs({ page_size: 250 }));
    const app = apps.find((a) => a.job_id && !used.has(a.id) && (jobs.find((j) => j.id === a.job_id)?.stages.length ?? 0) > 2);
    if (!app) throw new Error('no unused pending application');
    used.add(app.id);
    return { app, job: jobs.find((j) => j.id === app.job_id) };
  }

  beforeAll(async () => {
    em = createGreenhouseEmulator({ seed: 21, size: 60, now: clock.now });
    e2e = await startConnectorE2E(dialect, em, {
      clock,
      sdk,
      env: { SANDBOX: '0' },
      integration: (url) => ({
        tool: 'greenhouse',
        credentials: { client_id: em.credentials['client_id'], client_secret: em.credentials['client_secret'], user_id: em.credentials['user_id'] },
        base_url: url,
        end_user: { organization_name: 'Acme (Greenhouse)' },
      }),
    });
    ({ emulator: running, t, kombo, integrationId } = e2e);
    gh = harvest(running, em, clock);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('refuses credentials Greenhouse rejects, before storing anything', async () => {
    const res = await api('POST', '/integrations', {
      tool: 'greenhouse',
      credentials: { client_id: em.credentials['client_id'], client_secret: 'not-the-secret' },
      base_url: running.url,
      end_user: { organization_name: 'Wrong' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'PLATFORM.INPUT_INVALID' });
    expect(String(res.body.error?.['message'])).toMatch(/Greenhouse rejected them/);
  });

  it('finishes the first sync and reports every Greenhouse model and write as supported', async () => {
    const details = await kombo.general.getIntegrationDetails({ integration_id: integrationId });
    expect(details.data).toMatchObject({ id: integrationId, status: 'ACTIVE', setup_status: 'COMPLETED', tool: { id: 'greenhouse' } });
    for (const model of ['ats_candidates', 'ats_applications', 'ats_jobs', 'ats_users', 'ats_tags', 'ats_offers', 'ats_interviews', 'ats_rejection_reasons']) {
      expect(details.data.read_models.find((m) => m.id === model)?.coverage_status, model).toBe('SUPPORTED');
    }
    for (const action of details.data.write_actions) expect(action, action.id).toMatchObject({ coverage_status: 'SUPPORTED', is_available: true });
    // Stages: Greenhouse knows retired ones (status), and has no stage custom fields.
    const stageFields = details.data.read_models.find((m) => m.id === 'ats_jobs')?.fields.map((f) => [f.id, f.coverage_status]);
    expect(stageFields).toEqual([['stages.status', 'SUPPORTED'], ['stages.custom_fields', 'UNSUPPORTED']]);
  });

  it('serves every list endpoint with the emulator counts', async () => {
    const state = await gh.admin('GET', '/state');
    const counts: Array<[string, Promise<unknown[]>, unknown]> = [
      ['candidates', walk(kombo.ats.getCandidates({ page_size: 250 })), state['candidates']],
      ['applications', walk(kombo.ats.getApplications({ page_size: 250 })), state['applications']],
      ['jobs', walk(kombo.ats.getJobs({ page_size: 250 })), state['jobs']],
      ['users', walk(kombo.ats.getUsers({ page_size: 250 })), state['users']],
      ['tags', walk(kombo.ats.getTags({ page_size: 250 })), state['candidate_tags']],
      ['rejection reasons', walk(kombo.ats.getRejectionReasons({ page_size: 250 })), state['rejection_reasons']],
      ['offers', walk(kombo.ats.getOffers({ page_size: 250 })), state['offers']],
      ['interviews', walk(kombo.ats.getInterviews({ page_size: 250 })), state['interviews']],
      ['application stages', walk(kombo.ats.getApplicationStages({ page_size: 250 })), state['job_interview_stages']],
    ];
    for (const [name, list, expected] of counts) expect((await list).length, name).toBe(expected);
    // Roles are not a Greenhouse model here: served empty, reported unsupported.
    expect(await walk(kombo.ats.getRoles({}))).toEqual([]);
  });

  it('maps outcome, current stage and rejection reason like Greenhouse has them', async () => {
    const apps = await gh.all('applications');
    const reasons = new Map((await gh.all('rejection_reasons')).map((r) => [r['id'], r['name']]));
    for (const status of ['rejected', 'hired', 'in_process'] as const) {
      const source = apps.find((a) => a['status'] === status && a['job_id'] !== null);
      if (!source) throw new Error(`no ${status} application`);
      const [app] = await walk(kombo.ats.getApplications({ remote_ids: [String(source['id'])] }));
      expect(app?.outcome).toBe({ rejected: 'DECLINED', hired: 'HIRED', in_process: 'PENDING' }[status]);
      expect(app?.current_stage).toMatchObject({ remote_id: String(source['stage_id']), name: source['stage_name'] });
      expect(app?.job?.remote_id).toBe(String(source['job_id']));
      expect(app?.candidate?.remote_id).toBe(String(source['candidate_id']));
      if (status === 'rejected') {
        const [detail] = await gh.get(`rejection_details?application_ids=${String(source['id'])}`);
        expect(app?.rejection_reason_name).toBe(reasons.get(detail?.['rejection_reason_id']));
        expect(app?.rejected_at).toBeTruthy();
      } else {
        expect(app?.rejection_reason_name ?? null).toBeNull();
      }
    }
    const [candidate] = await gh.get('candidates?per_page=1');
    const [mapped] = await walk(kombo.ats.getCandidates({ remote_ids: [String(candidate?.['id'])] }));
    expect(mapped).toMatchObject({ first_name: candidate?.['first_name'], last_name: candidate?.['last_name'] });
    expect(mapped?.tags.map((tag) => tag.name).sort()).toEqual([...(candidate?.['tags'] as string[])].sort());
  });

  it('moves an application to another stage of its job', async () => {
    const { app, job } = await pendingApplication();
    const target = job?.stages.find((s) => s.id !== app.current_stage_id);
    if (!target) throw new Error('no other stage');
    const res = await kombo.ats.moveApplicationToStage({ application_id: app.id, body: { stage_id: target.id } });
    expect(res).toEqual({ status: 'success', data: {}, warnings: [] });
    const [remote] = await gh.get(`applications?ids=${app.remote_id}`);
    expect(String(remote?.['stage_id'])).toBe(target.remote_id);
    const [after] = await walk(kombo.ats.getApplications({ ids: [app.id] }));
    expect(after?.current_stage).toMatchObject({ id: target.id, name: target.name });
  });

  it('adds notes and result links as notes', async () => {
    const { app } = await pendingApplication();
    const candidate = app.candidate;
    if (!candidate) throw new Error('no candidate');
    expect(await kombo.ats.addApplicationNote({ application_id: app.id, body: { content: 'Strong systems design round.', content_type: 'PLAIN_TEXT' } })).toMatchObject({ status: 'success', warnings: [] });
    const link = await kombo.ats.addApplicationResultLink({ application_id: app.id, body: { label: 'Coding test', url: 'https://assess.example.com/r/1', details: { custom_field_name_prefix: 'Acme:', attributes: [{ key: 'Score', value: '87%' }] } } });
    expect(link.warnings).toEqual([{ message: expect.stringMatching(/note on the application/) }]);
    const candidateLink = await kombo.ats.addCandidateResultLink({ candidate_id: candidate.id, body: { label: 'Personality test', url: 'https://assess.example.com/p/7' } });
    expect(candidateLink.warnings).toEqual([{ message: expect.stringMatching(/note on the candidate/) }]);
    const notes = await gh.get(`notes?candidate_ids=${candidate.remote_id}&per_page=500`);
    expect(notes.find((n) => n['body'] === 'Strong systems design round.')).toMatchObject({ application_id: Number(app.remote_id), visibility: 'publicly_visible' });
    expect(notes.find((n) => String(n['body']).startsWith('Coding test\nhttps://assess.example.com/r/1\nAcme: Score: 87%'))).toMatchObject({ application_id: Number(app.remote_id) });
    expect(notes.find((n) => String(n['body']).startsWith('Personality test'))).toMatchObject({ application_id: null });
  });

  it("writes as the SDK's On-Behalf-Of user, with greenhousev3.visibility, and names a key it cannot apply", async () => {
    const { app } = await pendingApplication();
    const candidate = app.candidate;
    if (!candidate) throw new Error('no candidate');
    const [actor] = (await walk(kombo.ats.getUsers({ page_size: 250 }))).filter((u) => u.remote_id !== em.credentials['user_id']);
    const before = ((await (await fetch(`${running.url}/__admin/writes`)).json()) as unknown[]).length;
    // SDK 1.1.3 sends `on_behalf_of` as the wire key `On-Behalf-Of`.
    const note = await kombo.ats.addApplicationNote({
      application_id: app.id,
      body: {
        content: 'Written on behalf.',
        content_type: 'PLAIN_TEXT',
        remote_fields: { greenhouse: { post_headers: { on_behalf_of: actor?.remote_id ?? '' } }, greenhousev3: { visibility: 'private' } },
      },
    });
    expect(note.warnings).toEqual([]);
    const notes = await gh.get(`notes?candidate_ids=${candidate.remote_id}&per_page=500`);
    expect(notes.find((n) => n['body'] === 'Written on behalf.')).toMatchObject({ user_id: Number(actor?.remote_id), visibility: 'privately_visible' });
    const log = (await (await fetch(`${running.url}/__admin/writes`)).json()) as Array<{ path: string; userId: number }>;
    expect(log.slice(before)).toEqual([{ method: 'POST', path: '/v3/notes', userId: Number(actor?.remote_id) }]);

    const tagged = await kombo.ats.addCandidateTag({ candidate_id: candidate.id, body: { tag: { name: 'On behalf' }, remote_fields: { workable: { on_behalf_of_user_remote_id: 'x' } } } });
    expect(tagged.warnings.map((w) => w.message)).toEqual(["remote_fields.workable was ignored: this integration's tool is greenhouse."]);
  });

  it('adds attachments to an application and to a candidate, and serves their bytes', async () => {
    const { app } = await pendingApplication();
    const res = await kombo.ats.addApplicationAttachment({ application_id: app.id, body: { attachment: { name: 'Cover.txt', type: 'COVER_LETTER', content_type: 'text/plain', data: b64('Dear team') } } });
    expect(res).toEqual({ status: 'success', data: {}, warnings: [] });
    const files = await gh.get(`attachments?application_ids=${app.remote_id}`);
    expect(files.map((f) => f['filename'])).toContain('Cover.txt');
    const listed = await kombo.ats.getApplicationAttachments({ application_id: app.id });
    const cover = listed.data.results.find((f) => f.file_name === 'Cover.txt');
    expect(cover).toMatchObject({ type: 'COVER_LETTER' });
    const download = await fetch(cover?.data_url ?? '');
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('Dear team');

    const candidateId = app.candidate_id ?? '';
    const onCandidate = await kombo.ats.addCandidateAttachment({ candidate_id: candidateId, body: { attachment: { name: 'Portfolio.pdf', type: 'OTHER', content_type: 'application/pdf', data: b64('%PDF-1.4 portfolio') } } });
    expect(onCandidate.warnings).toEqual([{ message: expect.stringMatching(/stores files on applications/) }]);
    expect((await gh.get(`attachments?candidate_ids=${app.candidate?.remote_id ?? ''}`)).map((f) => f['filename'])).toContain('Portfolio.pdf');
    const candidateFiles = await kombo.ats.getCandidateAttachments({ candidate_id: candidateId });
    expect(candidateFiles.data.results.map((f) => f.file_name)).toContain('Portfolio.pdf');
  });

  it('rejects an application with a reason and a note', async () => {
    const { app } = await pendingApplication();
    const [reason] = await walk(kombo.ats.getRejectionReasons({}));
    if (!reason) throw new Error('no rejection reason');
    const res = await kombo.ats.rejectApplication({ application_id: app.id, body: { rejection_reason_id: reason.id, note: 'Went with another candidate.' } });
    expect(res).toEqual({ status: 'success', data: {}, warnings: [] });
    const [remote] = await gh.get(`applications?ids=${app.remote_id}`);
    expect(remote?.['status']).toBe('rejected');
    const [detail] = await gh.get(`rejection_details?application_ids=${app.remote_id}`);
    expect(String(detail?.['rejection_reason_id'])).toBe(reason.remote_id);
    const [after] = await walk(kombo.ats.getApplications({ ids: [app.id] }));
    expect(after).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: reason.name });
    // Greenhouse refuses to reject it twice; the vendor's answer comes back as REMOTE.INPUT_INVALID.
    const again = await api('POST', `/ats/applications/${app.id}/reject`, { rejection_reason_id: reason.id });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 'REMOTE.INPUT_INVALID' });
  });

  it('adds and removes candidate tags by name', async () => {
    const { app } = await pendingApplication();
    const candidateId = app.candidate_id ?? '';
    const remoteId = app.candidate?.remote_id ?? '';
    expect(await kombo.ats.addCandidateTag({ candidate_id: candidateId, body: { tag: { name: `Shortlist ${dialect.name}` } } })).toMatchObject({ status: 'success', warnings: [] });
    const [remote] = await gh.get(`candidates?ids=${remoteId}`);
    expect(remote?.['tags']).toContain(`Shortlist ${dialect.name}`);
    const [after] = await walk(kombo.ats.getCandidates({ ids: [candidateId] }));
    expect(after?.tags.map((tag) => tag.name)).toContain(`Shortlist ${dialect.name}`);
    expect((await walk(kombo.ats.getTags({}))).map((tag) => tag.name)).toContain(`Shortlist ${dialect.name}`);

    await kombo.ats.removeCandidateTag({ candidate_id: candidateId, body: { tag: { name: `shortlist ${dialect.name}` } } });
    const [removed] = await gh.get(`candidates?ids=${remoteId}`);
    expect(removed?.['tags']).not.toContain(`Shortlist ${dialect.name}`);
    const [read] = await walk(kombo.ats.getCandidates({ ids: [candidateId] }));
    expect(read?.tags.map((tag) => tag.name)).not.toContain(`Shortlist ${dialect.name}`);
  });

  it('creates applications (and candidates) on open jobs', async () => {
    const jobs = await walk(kombo.ats.getJobs({ statuses: ['OPEN'], page_size: 250 }));
    const job = jobs.find((j) => j.stages.length > 2);
    if (!job) throw new Error('no open job');
    const stage = job.stages[1];
    const email = `ada.${dialect.name}@example.com`;
    const res = await kombo.ats.createApplication({
      job_id: job.id,
      body: {
        stage_id: stage?.id,
        candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: email, gender: 'FEMALE', location: { city: 'London', country: 'gb' }, social_links: [{ url: 'https://github.com/ada' }] },
        attachments: [{ name: 'Ada_CV.pdf', type: 'CV', content_type: 'application/pdf', data: b64('%PDF-1.4 Ada') }],
        source: { name: 'LinkedIn' },
      },
    });
    expect(res.data).toMatchObject({ outcome: 'PENDING', job_id: job.id, current_stage_id: stage?.id });
    expect(res.data.candidate).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', location: { raw: 'London, GB' } });
    expect(res.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/"candidate\.gender"/)]);
    const [remoteApp] = await gh.get(`applications?ids=${res.data.remote_id}`);
    expect(remoteApp).toMatchObject({ job_id: Number(job.remote_id), stage_id: Number(stage?.remote_id), status: 'in_process' });
    expect(remoteApp?.['source_id']).not.toBeNull();
    const [remoteCandidate] = await gh.get(`candidates?ids=${String(remoteApp?.['candidate_id'])}`);
    expect(remoteCandidate?.['email_addresses']).toEqual([{ value: email, type: 'personal' }]);
    expect((await gh.get(`attachments?application_ids=${res.data.remote_id}`)).map((f) => f['filename'])).toEqual(['Ada_CV.pdf']);
    const [byEmail] = await walk(kombo.ats.getCandidates({ email }));
    expect(byEmail?.applications.map((a) => a.id)).toEqual([res.data.id]);

    // The same person again on the same job is ATS.APPLICATION_ALREADY_EXISTS.
    const twice = await api('POST', `/ats/jobs/${job.id}/applications`, { candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: email } });
    expect(twice.body.error).toMatchObject({ code: 'ATS.APPLICATION_ALREADY_EXISTS' });

    const closed = (await walk(kombo.ats.getJobs({ page_size: 250 }))).find((j) => j.status !== 'OPEN');
    if (closed) {
      const refused = await api('POST', `/ats/jobs/${closed.id}/applications`, { candidate: { first_name: 'Bo', last_name: 'Li', email_address: `bo.${dialect.name}@example.com` } });
      expect(refused.body.error).toMatchObject({ code: 'ATS.JOB_CLOSED' });
    }

    const grace = await kombo.ats.createCandidate({ candidate: { first_name: 'Grace', last_name: 'Hopper', email_address: `grace.${dialect.name}@example.com`, company: 'US Navy' }, application: { job_id: job.id } });
    expect(grace.data).toMatchObject({ first_name: 'Grace', company: 'US Navy' });
    expect(grace.data.applications).toHaveLength(1);
    expect((await gh.get(`candidates?ids=${grace.data.remote_id}`))[0]).toMatchObject({ company: 'US Navy' });
  });

  it('imports a tracked application by its Greenhouse application id', async () => {
    const { app } = await pendingApplication();
    const res = await kombo.ats.importTrackedApplication({ greenhouse: { id_type: 'application_id', application_id: app.remote_id ?? '' }, tracked_at: new Date('2026-03-01T10:00:00Z') });
    expect(res.data).toMatchObject({ id: app.id, imported_id: { greenhouse: { application_id: app.remote_id } } });
  });

  it('keeps every write after the next full sync', async () => {
    expect((await sync()).state).toBe('SUCCEEDED');
    const [byEmail] = await walk(kombo.ats.getCandidates({ email: `ada.${dialect.name}@example.com` }));
    expect(byEmail?.applications).toHaveLength(1);
    const declined = await walk(kombo.ats.getApplications({ outcomes: ['DECLINED'], page_size: 250 }));
    expect(declined.filter((a) => used.has(a.id))).toHaveLength(1);
  });

  it('absorbs a burst of 429 answers during a sync', async () => {
    await gh.admin('POST', '/faults', { throttleNext: 4, retryAfterSeconds: 1 });
    const started = clock.now();
    const waitsBefore = clock.waits.length;
    const last = await sync();
    expect(last).toMatchObject({ state: 'SUCCEEDED', error: null });
    expect(clock.now() - started).toBeGreaterThanOrEqual(1000);
    // Each of the four 429s asked for one second, and the server waited it out.
    expect(clock.waits.slice(waitsBefore).filter((ms) => ms === 1000).length).toBeGreaterThanOrEqual(4);
  });

  it('lists a stage Greenhouse took out of the hiring plan as INACTIVE, also as the current stage of its applications', async () => {
    const { app } = await pendingApplication();
    const stageRemoteId = app.current_stage?.remote_id ?? '';
    await gh.admin('POST', `/job_interview_stages/${stageRemoteId}/update`, { active: false });
    expect((await sync()).state).toBe('SUCCEEDED');
    type Stage = { id: string; remote_id: string | null; index?: number | null; status: string | null; custom_fields: unknown };
    const [job] = ((await api('GET', `/ats/jobs?ids=${app.job_id ?? ''}`)).body.data?.['results'] ?? []) as Array<{ stages: Stage[] }>;
    const retired = job?.stages.find((st) => st.remote_id === stageRemoteId);
    expect(retired).toMatchObject({ status: 'INACTIVE', index: null, custom_fields: null });
    expect(job?.stages.filter((st) => st.remote_id !== stageRemoteId).every((st) => st.status === 'ACTIVE')).toBe(true);
    const [after] = ((await api('GET', `/ats/applications?ids=${app.id}`)).body.data?.['results'] ?? []) as Array<{ current_stage: Stage | null }>;
    expect(after?.current_stage).toMatchObject({ id: app.current_stage_id, status: 'INACTIVE', index: null });
    const [row] = ((await api('GET', `/ats/application-stages?ids=${app.current_stage_id ?? ''}`)).body.data?.['results'] ?? []) as Stage[];
    expect(row).toMatchObject({ status: 'INACTIVE', custom_fields: null });
    // And every SDK version still validates these answers.
    expect((await walk(kombo.ats.getJobs({ ids: [app.job_id ?? ''] })))[0]?.stages.map((st) => st.id)).toContain(app.current_stage_id);
    await gh.admin('POST', `/job_interview_stages/${stageRemoteId}/update`, { active: true });
  });

  it('marks a candidate deleted in Greenhouse as remote_deleted_at after the next sync', async () => {
    const [victim] = await gh.get('candidates?per_page=1');
    const remoteId = String(victim?.['id']);
    const [before] = await walk(kombo.ats.getCandidates({ remote_ids: [remoteId] }));
    expect(before?.remote_deleted_at ?? null).toBeNull();
    await gh.admin('DELETE', `/candidates/${remoteId}`);
    expect((await sync()).state).toBe('SUCCEEDED');
    expect(await walk(kombo.ats.getCandidates({ remote_ids: [remoteId] }))).toEqual([]);
    const [deleted] = await walk(kombo.ats.getCandidates({ remote_ids: [remoteId], include_deleted: true }));
    expect(deleted?.remote_deleted_at).toBeTruthy();
  });
});
