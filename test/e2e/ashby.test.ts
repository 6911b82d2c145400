/**
 * Ashby end to end: the Ashby emulator and the real server with ALLOW_CUSTOM_BASE_URLS=1. The
 * integration is created over HTTP, synced, then driven with the official SDK (1.1.3 and 1.3.4,
 * test/setup/sdks.ts): every list validates and matches the emulator's counts, outcomes follow application
 * statuses, each write lands in the emulator, HTTP-200 business errors come back as errors, an
 * expired sync token is recovered by a full listing, and 429s are absorbed. The emulator runs
 * without its rate limit (the 429 check injects throttling) to keep the run short.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAshbyEmulator, type AshbyEmulator } from '../../emulators/ashby/app.js';
import type { Json } from '../../emulators/ashby/state.js';
import type { RunningEmulator } from '../../emulators/shared/serve.js';
import {
  b64,
  emulatorAdmin,
  freshApplication as freshApplicationOf,
  postIntegration,
  readApplication as readApplicationOf,
  readCandidate as readCandidateOf,
  startConnectorE2E,
  syncAndExpectSuccess,
  walk,
  type ConnectorE2E,
} from '../setup/connector-e2e.js';
import { sdkDialects, type KomboClient } from '../setup/sdks.js';
import { VirtualClock } from '../setup/virtual-clock.js';
import type { TestServer } from '../setup/test-server.js';

describe.each(sdkDialects())('Ashby end to end on $name', ({ sdk, dialect }) => {
  const { KomboAtsError } = sdk;
  let emu: AshbyEmulator;
  let ashby: RunningEmulator;
  let t: TestServer;
  let kombo: KomboClient;
  let integrationId: string;
  let e2e: ConnectorE2E;
  const used = new Set<string>();

  const rec = (collection: 'candidate' | 'application' | 'job', id: string | null | undefined): Json => {
    const found = emu.state.get(collection, id ?? '');
    if (!found) throw new Error(`no ${collection} ${String(id)} in the emulator`);
    return found;
  };
  const notesOf = (candidateId: string | null | undefined) => (emu.state.notes.get(candidateId ?? '') ?? []).map((n) => n.content);
  const admin = (method: string, path: string, body?: unknown) => emulatorAdmin(ashby.url)(method, path, body);
  const sync = (type: 'FULL' | 'DELTA') => syncAndExpectSuccess(e2e, type);
  const freshApplication = () => freshApplicationOf(kombo, used);
  const readApplication = (id: string) => readApplicationOf(kombo, id);
  const readCandidate = (id: string) => readCandidateOf(kombo, id);

  /** Vendor pacing and retry waits pass in virtual time, on the server and the emulators alike. */
  const clock = new VirtualClock();

  beforeAll(async () => {
    emu = createAshbyEmulator({ seed: 3, size: 30, rateLimitPerSecond: Infinity, now: clock.now });
    e2e = await startConnectorE2E(dialect, emu, {
      clock,
      sdk,
      integration: (url) => ({ tool: 'ashby', credentials: { api_key: emu.credentials['api_key'] }, base_url: url, end_user: { organization_name: 'Acme' } }),
    });
    ({ emulator: ashby, t, kombo, integrationId } = e2e);
  }, 60_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('refuses a wrong API key before storing anything', async () => {
    const res = await postIntegration(t, { tool: 'ashby', credentials: { api_key: 'wrong' }, base_url: ashby.url, end_user: { organization_name: 'Acme' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Ashby rejected them/);
  });

  it('is set up, with the write actions Ashby supports', async () => {
    const details = await kombo.general.getIntegrationDetails({ integration_id: integrationId });
    expect(details.data).toMatchObject({ id: integrationId, status: 'ACTIVE', setup_status: 'COMPLETED', tool: { id: 'ashby' } });
    const coverage = Object.fromEntries(details.data.write_actions.map((a) => [a.id, a.coverage_status]));
    expect(coverage['ats_import_tracked_application']).toBe('UNSUPPORTED');
    expect(Object.values(coverage).filter((c) => c === 'SUPPORTED')).toHaveLength(11);
  });

  it('serves every list, validated by the SDK, with the emulator’s counts', async () => {
    const s = emu.state;
    const counts = {
      applications: (await walk(kombo.ats.getApplications({ page_size: 7 }))).length,
      candidates: (await walk(kombo.ats.getCandidates({ page_size: 7 }))).length,
      jobs: (await walk(kombo.ats.getJobs({}))).length,
      users: (await walk(kombo.ats.getUsers({}))).length,
      roles: (await walk(kombo.ats.getRoles({}))).length,
      tags: (await walk(kombo.ats.getTags({}))).length,
      stages: (await walk(kombo.ats.getApplicationStages({}))).length,
      reasons: (await walk(kombo.ats.getRejectionReasons({}))).length,
      interviews: (await walk(kombo.ats.getInterviews({}))).length,
      offers: (await walk(kombo.ats.getOffers({}))).length,
    };
    expect(counts).toEqual({
      applications: s.all('application').length,
      candidates: s.all('candidate').length,
      jobs: s.all('job').length,
      users: s.all('user').length,
      roles: 4,
      tags: s.all('candidateTag').filter((x) => x['isArchived'] === false).length,
      stages: s.all('interviewStage').length,
      reasons: s.all('archiveReason').filter((x) => x['isArchived'] === false).length,
      interviews: s.all('interviewSchedule').reduce((n, x) => n + (x['interviewEvents'] as unknown[]).length, 0),
      offers: s.all('offer').length,
    });
    const job = (await walk(kombo.ats.getJobs({})))[0];
    expect(job?.stages.map((st) => st.name)).toEqual(['New Lead', 'Application Review', 'Recruiter Screen', 'Technical Interview', 'Onsite', 'Offer', 'Hired', 'Archived']);
  });

  it('maps outcomes from application statuses, with archive reasons as rejection reasons', async () => {
    const apps = await walk(kombo.ats.getApplications({ page_size: 250 }));
    const seen = new Set<string>();
    for (const app of apps) {
      const a = rec('application', app.remote_id);
      const expected = a['status'] === 'Hired' ? 'HIRED' : a['status'] === 'Archived' ? 'DECLINED' : 'PENDING';
      expect(app.outcome, app.remote_id ?? '').toBe(expected);
      expect(app.rejection_reason_name).toBe(expected === 'DECLINED' ? (a['archiveReason'] as Json)['text'] : null);
      expect(app.current_stage?.remote_id).toBe((a['currentInterviewStage'] as Json)['id']);
      seen.add(expected);
    }
    expect(seen).toEqual(new Set(['PENDING', 'HIRED', 'DECLINED']));
  });

  it('serves attachments downloaded through file handles', async () => {
    const withCv = emu.state.all('candidate').find((c) => c['resumeFileHandle']);
    const [candidate] = await walk(kombo.ats.getCandidates({ remote_ids: [String(withCv?.['id'])] }));
    const files = await kombo.ats.getCandidateAttachments({ candidate_id: candidate?.id ?? '' });
    const cv = files.data.results.find((f) => f.type === 'CV');
    expect(cv).toMatchObject({ content_type: 'application/pdf' });
    const download = await fetch(cv?.data_url ?? '');
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('moves an application to a stage, rejects another with a note', async () => {
    const app = await freshApplication();
    const job = (await walk(kombo.ats.getJobs({ ids: [app.job_id ?? ''] })))[0];
    const target = job?.stages.find((s) => s.name === 'Onsite' && s.id !== app.current_stage_id) ?? job?.stages.find((s) => s.name === 'Technical Interview');
    await kombo.ats.moveApplicationToStage({ application_id: app.id, body: { stage_id: target?.id ?? '' } });
    expect((rec('application', app.remote_id)['currentInterviewStage'] as Json)['id']).toBe(target?.remote_id);
    expect((await readApplication(app.id)).current_stage).toMatchObject({ id: target?.id, name: target?.name });

    const other = await freshApplication();
    const [reason] = await walk(kombo.ats.getRejectionReasons({}));
    await kombo.ats.rejectApplication({ application_id: other.id, body: { rejection_reason_id: reason?.id ?? '', note: 'Went another way.' } });
    expect(rec('application', other.remote_id)).toMatchObject({ status: 'Archived', archiveReason: { id: reason?.remote_id } });
    expect(notesOf(other.candidate?.remote_id)).toContain('Went another way.');
    expect(await readApplication(other.id)).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: reason?.name });
  });

  it('adds notes, result links and attachments', async () => {
    const app = await freshApplication();
    await kombo.ats.addApplicationNote({ application_id: app.id, body: { content: 'Great systems round.', content_type: 'PLAIN_TEXT' } });
    await kombo.ats.addApplicationResultLink({
      application_id: app.id,
      body: { label: 'Coding test', url: 'https://assess.example/r/42', details: { custom_field_name_prefix: 'Acme:', attributes: [{ key: 'Score', value: '87%' }] } },
    });
    expect(notesOf(app.candidate?.remote_id)).toEqual(expect.arrayContaining(['Great systems round.', 'Coding test\nhttps://assess.example/r/42\nAcme: Score: 87%']));

    await kombo.ats.addApplicationAttachment({
      application_id: app.id,
      body: { attachment: { name: 'Assessment.pdf', type: 'OTHER', content_type: 'application/pdf', data: b64('%PDF-1.4 assessment') } },
    });
    expect((rec('candidate', app.candidate?.remote_id)['fileHandles'] as Json[]).map((f) => f['name'])).toContain('Assessment.pdf');
    const files = await kombo.ats.getCandidateAttachments({ candidate_id: app.candidate_id ?? '' });
    const added = files.data.results.find((f) => f.file_name === 'Assessment.pdf');
    expect(added).toMatchObject({ type: 'OTHER', content_type: 'application/pdf' });
    expect(await (await fetch(added?.data_url ?? '')).text()).toBe('%PDF-1.4 assessment');

    const person = await readCandidate((await freshApplication()).candidate_id ?? '');
    await kombo.ats.addCandidateResultLink({ candidate_id: person.id, body: { label: 'Personality test', url: 'https://assess.example/p/7' } });
    expect(notesOf(person.remote_id)).toContain('Personality test\nhttps://assess.example/p/7');
    await kombo.ats.addCandidateAttachment({ candidate_id: person.id, body: { attachment: { name: 'Portfolio.pdf', type: 'OTHER', content_type: 'application/pdf', data: b64('%PDF-1.4 p') } } });
    const personFiles = await kombo.ats.getCandidateAttachments({ candidate_id: person.id });
    expect(personFiles.data.results.map((f) => f.file_name)).toContain('Portfolio.pdf');
  });

  it('adds and removes tags', async () => {
    const person = await readCandidate((await freshApplication()).candidate_id ?? '');
    const tag = `VIP ${dialect.name}`;
    await kombo.ats.addCandidateTag({ candidate_id: person.id, body: { tag: { name: tag } } });
    expect((rec('candidate', person.remote_id)['tags'] as Json[]).map((x) => x['title'])).toContain(tag);
    expect((await readCandidate(person.id)).tags.map((x) => x.name)).toContain(tag);
    expect((await walk(kombo.ats.getTags({}))).map((x) => x.name)).toContain(tag);
    await kombo.ats.removeCandidateTag({ candidate_id: person.id, body: { tag: { name: tag.toUpperCase() } } });
    expect((rec('candidate', person.remote_id)['tags'] as Json[]).map((x) => x['title'])).not.toContain(tag);
    expect((await readCandidate(person.id)).tags.map((x) => x.name)).not.toContain(tag);
  });

  it('creates applications and candidates, with a CV; refuses closed jobs and duplicates', async () => {
    const jobs = await walk(kombo.ats.getJobs({ statuses: ['OPEN'] }));
    const job = jobs[0];
    if (!job) throw new Error('no open job');
    const email = `ada.${dialect.name}@example.net`;
    const stage = job.stages.find((s) => s.name === 'Application Review');
    const res = await kombo.ats.createApplication({
      job_id: job.id,
      body: {
        stage_id: stage?.id,
        candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: email, company: 'Analytical Engines', location: { city: 'London', country: 'gb' } },
        attachments: [{ name: 'Ada_CV.pdf', type: 'CV', content_type: 'application/pdf', data: b64('%PDF-1.4 Ada') }],
        source: { name: 'Careers page' },
      },
    });
    expect(res.data).toMatchObject({ outcome: 'PENDING', job_id: job.id, current_stage: { id: stage?.id } });
    expect(res.data.candidate).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', source: 'Careers page' });
    expect(res.warnings.map((w) => w.message).join(' ')).toMatch(/candidate\.company/);
    expect(rec('candidate', res.data.candidate?.remote_id)).toMatchObject({ name: 'Ada Lovelace', primaryEmailAddress: { value: email } });
    const files = await kombo.ats.getCandidateAttachments({ candidate_id: res.data.candidate_id ?? '' });
    expect(files.data.results.map((f) => [f.file_name, f.type])).toEqual([['Ada_CV.pdf', 'CV']]);

    const duplicate = await kombo.ats.createApplication({ job_id: job.id, body: { candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: email } } }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(KomboAtsError);
    expect(duplicate).toMatchObject({ error: { code: 'ATS.APPLICATION_ALREADY_EXISTS' } });

    const closed = (await walk(kombo.ats.getJobs({ statuses: ['CLOSED', 'DRAFT'] })))[0];
    expect(closed).toBeDefined();
    const refused = await kombo.ats.createApplication({ job_id: closed?.id ?? '', body: { candidate: { first_name: 'A', last_name: 'B', email_address: `ab.${dialect.name}@example.net` } } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ error: { code: 'ATS.JOB_CLOSED' } });

    const other = jobs.find((j) => j.id !== job.id) ?? job;
    const candidate = await kombo.ats.createCandidate({
      candidate: { first_name: 'Grace', last_name: 'Hopper', email_address: `grace.${dialect.name}@example.net`, phone_number: '+1 555 0100' },
      application: { job_id: other.id },
    });
    expect(candidate.data).toMatchObject({ first_name: 'Grace', last_name: 'Hopper', phone_numbers: [{ phone_number: '+1 555 0100' }] });
    expect(candidate.data.applications.map((a) => a.job?.id)).toEqual([other.id]);
  });

  it('reports Ashby’s HTTP-200 business errors as errors, never as success', async () => {
    const app = await freshApplication();
    const reasons = await walk(kombo.ats.getRejectionReasons({}));
    const reason = reasons[reasons.length - 1];
    // Archived in Ashby after our sync: Ashby answers 200 with success: false.
    expect((await admin('POST', `/archiveReason/${reason?.remote_id}/update`, { isArchived: true })).status).toBe(200);
    const err = await kombo.ats.rejectApplication({ application_id: app.id, body: { rejection_reason_id: reason?.id ?? '' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KomboAtsError);
    expect(err).toMatchObject({ error: { code: 'REMOTE.INPUT_INVALID' } });
    expect((err as Error).message).toMatch(/archive_reason_not_found/);
    expect(rec('application', app.remote_id)['status']).not.toBe('Archived');
  });

  it('answers INTEGRATION.ACTION_NOT_AVAILABLE for what Ashby cannot do', async () => {
    const err = await kombo.ats.importTrackedApplication({ greenhouse: { id_type: 'application_id', application_id: '1' }, tracked_at: null }).catch((e: unknown) => e);
    expect(err).toMatchObject({ error: { code: 'INTEGRATION.ACTION_NOT_AVAILABLE' } });
  });

  it('absorbs a burst of 429s during a sync', async () => {
    const before = emu.faults.requests.length;
    await admin('POST', '/faults', { throttleNext: 4, retryAfterSeconds: 1 });
    await sync('DELTA');
    expect(emu.faults.config.throttleNext).toBe(0);
    expect(emu.faults.requests.length - before).toBeGreaterThan(4);
  }, 60_000);

  it('picks up changes with a delta sync on sync tokens, recovers from an expired token, and drops deletions on a full sync', async () => {
    const changed = emu.state.all('candidate').find((c) => !used.has(String(c['id'])));
    expect((await admin('POST', `/candidate/${changed?.['id']}/update`, { company: 'Delta Co' })).status).toBe(200);
    const before = emu.faults.requests.filter((r) => r === 'POST /candidate.list').length;
    await sync('DELTA');
    const [person] = await walk(kombo.ats.getCandidates({ remote_ids: [String(changed?.['id'])] }));
    expect(person?.company).toBe('Delta Co');
    // incremental: two candidate listings (candidates, attachments) each of an empty page and one page
    expect(emu.faults.requests.filter((r) => r === 'POST /candidate.list').length - before).toBeLessThanOrEqual(4);

    expect((await admin('POST', '/sync-tokens/expire')).status).toBe(200);
    expect((await admin('POST', `/candidate/${changed?.['id']}/update`, { company: 'After Expiry Co' })).status).toBe(200);
    await sync('DELTA');
    const [again] = await walk(kombo.ats.getCandidates({ remote_ids: [String(changed?.['id'])] }));
    expect(again?.company).toBe('After Expiry Co');

    const victim = emu.state.all('candidate').find((c) => !used.has(String(c['id'])) && c['id'] !== changed?.['id']);
    expect((await admin('DELETE', `/candidate/${victim?.['id']}`)).status).toBe(200);
    await sync('FULL');
    const [gone] = await walk(kombo.ats.getCandidates({ remote_ids: [String(victim?.['id'])], include_deleted: true }));
    expect(gone?.remote_deleted_at).toBeTruthy();
    expect((await walk(kombo.ats.getCandidates({}))).length).toBe(emu.state.all('candidate').length);
  }, 60_000);
});
