/**
 * SmartRecruiters end to end: the emulator with its documented rate limit (10 requests/s, one at a
 * time on GET /candidates), the real server with ALLOW_CUSTOM_BASE_URLS=1, an integration made
 * over HTTP with OAuth client credentials, synced, then driven with the official SDK (1.1.3 and
 * 1.3.4): lists match the emulator, applications carry the status mapping, writes land in the
 * emulator, 429s are absorbed and deltas pick up changes. Waits run on a virtual clock shared by
 * server and emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmartRecruitersEmulator, SR_API_KEY, SR_CLIENT_ID, SR_CLIENT_SECRET, type SmartRecruitersEmulator } from '../../emulators/smartrecruiters/app.js';
import type { RunningEmulator } from '../../emulators/shared/serve.js';
import {
  b64,
  emulatorAdmin,
  freshApplication as freshApplicationOf,
  postIntegration,
  readApplication,
  readCandidate,
  startConnectorE2E,
  syncAndExpectSuccess,
  walk,
  type ConnectorE2E,
} from '../setup/connector-e2e.js';
import { sdkDialects, type KomboClient } from '../setup/sdks.js';
import { VirtualClock } from '../setup/virtual-clock.js';
import type { TestServer } from '../setup/test-server.js';

describe.each(sdkDialects())('SmartRecruiters end to end on $name', ({ sdk, dialect }) => {
  let emu: SmartRecruitersEmulator;
  let sr: RunningEmulator;
  let t: TestServer;
  let kombo: KomboClient;
  let integrationId: string;
  let e2e: ConnectorE2E;
  const used = new Set<string>();
  const clock = new VirtualClock();

  const admin = (method: string, path: string, body?: unknown) => emulatorAdmin(sr.url)(method, path, body);
  const assignment = (remoteId: string | null | undefined) => {
    const [candidateId, jobId] = (remoteId ?? '').split(':');
    const found = emu.state.candidate(candidateId ?? '')?.assignments.find((a) => a.jobId === jobId);
    if (!found) throw new Error(`no SmartRecruiters application ${String(remoteId)}`);
    return found;
  };
  const freshApplication = () => freshApplicationOf(kombo, used);

  beforeAll(async () => {
    emu = createSmartRecruitersEmulator({ seed: 11, size: 24, now: clock.now });
    e2e = await startConnectorE2E(dialect, emu, {
      clock,
      sdk,
      integration: (url) => ({ tool: 'smartrecruiters', credentials: { client_id: SR_CLIENT_ID, client_secret: SR_CLIENT_SECRET }, base_url: url, end_user: { organization_name: 'Acme' } }),
    });
    ({ emulator: sr, t, kombo, integrationId } = e2e);
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('refuses wrong credentials before storing anything, and takes an API key', async () => {
    const wrong = await postIntegration(t, { tool: 'smartrecruiters', credentials: { api_key: 'wrong' }, base_url: sr.url, end_user: { organization_name: 'Acme' } });
    expect(wrong.status).toBe(400);
    const wrongSecret = await postIntegration(t, { tool: 'smartrecruiters', credentials: { client_id: SR_CLIENT_ID, client_secret: 'x' }, base_url: sr.url, end_user: { organization_name: 'Acme' } });
    expect(wrongSecret.status).toBe(400);
    const key = await postIntegration(t, { tool: 'smartrecruiters', credentials: { api_key: SR_API_KEY }, base_url: sr.url, end_user: { organization_name: 'Acme (key)' } });
    expect(key.status, await key.clone().text()).toBe(200);
    await t.server.services.runner.idle();
  }, 120_000);

  it('serves every list with the emulator’s counts and maps statuses to stages and outcomes', async () => {
    const s = emu.state;
    const counts = {
      applications: (await walk(kombo.ats.getApplications({ page_size: 7 }))).length,
      candidates: (await walk(kombo.ats.getCandidates({ page_size: 7 }))).length,
      jobs: (await walk(kombo.ats.getJobs({}))).length,
      users: (await walk(kombo.ats.getUsers({}))).length,
      tags: (await walk(kombo.ats.getTags({}))).length,
      reasons: (await walk(kombo.ats.getRejectionReasons({}))).length,
      offers: (await walk(kombo.ats.getOffers({}))).length,
    };
    expect(counts).toEqual({
      applications: s.candidates.reduce((n, c) => n + c.assignments.length, 0),
      candidates: s.candidates.length,
      jobs: s.jobs.length,
      users: s.users.length,
      tags: new Set(s.candidates.flatMap((c) => c.tags)).size,
      reasons: s.rejectionReasons.length,
      offers: s.candidates.reduce((n, c) => n + c.assignments.reduce((m, a) => m + a.offers.length, 0), 0),
    });
    const apps = await walk(kombo.ats.getApplications({ page_size: 250 }));
    const outcomes = new Set<string | null | undefined>();
    for (const app of apps) {
      const a = assignment(app.remote_id);
      const expected = a.status === 'HIRED' ? 'HIRED' : a.status === 'REJECTED' || a.status === 'WITHDRAWN' ? 'DECLINED' : 'PENDING';
      expect(app.outcome, `${a.status}`).toBe(expected);
      outcomes.add(app.outcome);
      if (a.status === 'REJECTED') expect(app.rejection_reason_name).toBe(a.reasonOfRejection?.label);
      else if (a.status !== 'WITHDRAWN') expect(app.current_stage?.remote_id).toBe(a.subStatus ? `${a.status}:${a.subStatus}` : a.status);
    }
    expect([...outcomes].sort()).toEqual(['DECLINED', 'HIRED', 'PENDING']);
    // Each application's screening answers, read from its own screening-answers list.
    for (const app of apps) {
      const raw = assignment(app.remote_id).screeningAnswers;
      expect(app.screening_question_answers?.map((x) => [x.question.remote_id, x.question.type]), app.remote_id ?? '').toEqual(
        raw.map((r) => [r.id, r.type === 'TEXTAREA' ? 'TEXT' : r.type === 'LANGUAGES' ? 'UNKNOWN' : r.records[0]?.fields[0]?.values.length === 1 && r.type !== 'MULTI_SELECT' ? 'SINGLE_SELECT' : 'MULTI_SELECT']),
      );
      const permit = app.screening_question_answers?.find((x) => x.question.remote_id === 'q-permit');
      expect(permit?.answer).toEqual({ choice: raw.find((r) => r.id === 'q-permit')?.records[0]?.fields[0]?.values[0]?.label });
    }
    // System roles from the users API; each user carries its own, Administrator as ADMIN.
    const roles = await walk(kombo.ats.getRoles({}));
    expect(roles.map((r) => r.remote_id).sort()).toEqual(['ADMINISTRATOR', 'EMPLOYEE', 'EXTENDED', 'RESTRICTED', 'STANDARD']);
    expect(roles.find((r) => r.remote_id === 'ADMINISTRATOR')?.unified_type).toBe('ADMIN');
    const users = await walk(kombo.ats.getUsers({}));
    for (const u of users) expect(u.system_roles?.map((r) => r.remote_id), u.remote_id ?? '').toEqual([s.users.find((x) => x.id === u.remote_id)?.role]);
    const [job] = await walk(kombo.ats.getJobs({}));
    expect(job?.stages.map((st) => st.remote_id)).toEqual(expect.arrayContaining(['NEW', 'INTERVIEW:Onsite', 'HIRED']));
    const candidate = await readCandidate(kombo, apps[0]?.candidate_id ?? '');
    expect(candidate.email_addresses?.[0]?.email_address).toBe(emu.state.candidate(candidate.remote_id ?? '')?.email);
    // Candidate properties arrive as the candidates' custom fields, unmapped until the customer maps them.
    const customs = await walk(kombo.general.getCustomFields({ integration_id: integrationId }));
    expect(customs.filter((c) => c.model === 'ats_candidates').map((c) => [c.key, c.label])).toEqual(
      expect.arrayContaining([['notice-period', 'Notice period (weeks)'], ['work-permit', 'Work permit'], ['seniority', 'Seniority']]),
    );
  }, 120_000);

  it('supports every write action, and imports a tracked application by candidate and job ids', async () => {
    const details = await kombo.general.getIntegrationDetails({ integration_id: integrationId });
    expect(details.data.write_actions.filter((a) => a.coverage_status !== 'SUPPORTED').map((a) => a.id)).toEqual([]);
    const app = await freshApplication();
    const [candidate_remote_id = '', job_remote_id = ''] = (app.remote_id ?? '').split(':');
    const res = await kombo.ats.importTrackedApplication({ smartrecruiters: { id_type: 'candidate_and_job_remote_ids', candidate_remote_id, job_remote_id }, tracked_at: null });
    expect(res.data).toMatchObject({ id: app.id });
    const missing = await kombo.ats
      .importTrackedApplication({ smartrecruiters: { id_type: 'candidate_and_job_remote_ids', candidate_remote_id, job_remote_id: 'no-such-job' }, tracked_at: null })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ error: { code: 'REMOTE.INPUT_INVALID' } });
  });

  it('moves, notes, links, attaches and rejects', async () => {
    const app = await freshApplication();
    const [job] = await walk(kombo.ats.getJobs({ ids: [app.job_id ?? ''] }));
    const target = job?.stages.find((s) => s.remote_id === 'INTERVIEW:Technical interview');
    await kombo.ats.moveApplicationToStage({ application_id: app.id, body: { stage_id: target?.id ?? '' } });
    expect(assignment(app.remote_id)).toMatchObject({ status: 'INTERVIEW', subStatus: 'Technical interview' });
    expect((await readApplication(kombo, app.id)).current_stage?.id).toBe(target?.id);

    await kombo.ats.addApplicationNote({ application_id: app.id, body: { content: 'Great systems round.', content_type: 'PLAIN_TEXT' } });
    const link = await kombo.ats.addApplicationResultLink({ application_id: app.id, body: { label: 'Coding test', url: 'https://assess.example/r/42', details: { custom_field_name_prefix: 'Acme:', attributes: [{ key: 'Score', value: '87%' }] } } });
    expect(link.warnings.map((w) => w.message).join(' ')).toMatch(/note/);
    const candidateRemote = app.remote_id?.split(':')[0] ?? '';
    expect(emu.state.shares.filter((s) => s.candidateIds.includes(candidateRemote)).map((s) => s.content)).toEqual([
      `#[CANDIDATE:${candidateRemote}] Great systems round.`,
      `#[CANDIDATE:${candidateRemote}] Coding test\nhttps://assess.example/r/42\nAcme: Score: 87%`,
    ]);
    await kombo.ats.addApplicationAttachment({ application_id: app.id, body: { attachment: { name: 'Assessment.pdf', type: 'OTHER', content_type: 'application/pdf', data: b64('%PDF-1.4 assessment') } } });
    expect(emu.state.candidate(candidateRemote)?.attachments.map((f) => f.name)).toContain('Assessment.pdf');

    const other = await freshApplication();
    const [reason] = await walk(kombo.ats.getRejectionReasons({}));
    await kombo.ats.rejectApplication({ application_id: other.id, body: { rejection_reason_id: reason?.id ?? '', note: 'Went another way.' } });
    expect(assignment(other.remote_id)).toMatchObject({ status: 'REJECTED', reasonOfRejection: { id: reason?.remote_id } });
    expect(await readApplication(kombo, other.id)).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: reason?.name });
  }, 120_000);

  it('adds and removes tags', async () => {
    const person = await readCandidate(kombo, (await freshApplication()).candidate_id ?? '');
    const tag = `VIP ${dialect.name}`;
    await kombo.ats.addCandidateTag({ candidate_id: person.id, body: { tag: { name: tag } } });
    expect(emu.state.candidate(person.remote_id ?? '')?.tags).toContain(tag);
    expect((await readCandidate(kombo, person.id)).tags.map((x) => x.name)).toContain(tag);
    await kombo.ats.removeCandidateTag({ candidate_id: person.id, body: { tag: { name: tag.toUpperCase() } } });
    expect(emu.state.candidate(person.remote_id ?? '')?.tags).not.toContain(tag);
  }, 120_000);

  it('creates an application with a CV', async () => {
    const job = (await walk(kombo.ats.getJobs({ statuses: ['OPEN'] })))[0];
    const email = `ada.${dialect.name}@example.net`;
    const res = await kombo.ats.createApplication({
      job_id: job?.id ?? '',
      body: {
        candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: email, location: { city: 'London', country: 'GB' } },
        attachments: [{ name: 'Ada_CV.pdf', type: 'CV', content_type: 'application/pdf', data: b64('%PDF-1.4 Ada') }],
      },
    });
    expect(res.data).toMatchObject({ outcome: 'PENDING', job_id: job?.id, current_stage: { remote_id: 'NEW' } });
    const created = emu.state.candidates.find((c) => c.email === email);
    expect(created).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', countryCode: 'gb' });
    expect(created?.attachments.map((f) => [f.name, f.type])).toEqual([['Ada_CV.pdf', 'RESUME']]);

    // Creating a candidate creates its application to the job, in the stage asked for.
    const stage = job?.stages.find((st) => st.remote_id === 'IN_REVIEW:Screening');
    const grace = await kombo.ats.createCandidate({
      candidate: { first_name: 'Grace', last_name: 'Hopper', email_address: `grace.${dialect.name}@example.net` },
      application: { job_id: job?.id ?? '', stage_id: stage?.id },
    });
    expect(grace.data).toMatchObject({ first_name: 'Grace', last_name: 'Hopper' });
    expect(emu.state.candidates.find((c) => c.email === `grace.${dialect.name}@example.net`)?.assignments).toMatchObject([{ jobId: job?.remote_id, status: 'IN_REVIEW', subStatus: 'Screening' }]);
  }, 120_000);

  it('absorbs 429s during a delta sync, picks up changes, and drops deleted candidates at the next full sync', async () => {
    const changed = emu.state.candidates.find((c) => !used.has(c.id) && c.assignments.length > 0);
    expect((await admin('POST', `/candidates/${changed?.id}/update`, { tags: ['Changed in SmartRecruiters'] })).status).toBe(200);
    await admin('POST', '/faults', { throttleNext: 3, failNext: 1, retryAfterSeconds: 1 });
    await syncAndExpectSuccess(e2e, 'DELTA');
    expect(emu.faults.config).toMatchObject({ throttleNext: 0, failNext: 0 });
    const [person] = await walk(kombo.ats.getCandidates({ remote_ids: [changed?.id ?? ''] }));
    expect(person?.tags.map((x) => x.name)).toEqual(['Changed in SmartRecruiters']);

    const gone = emu.state.candidates.find((c) => !used.has(c.id) && c.id !== changed?.id);
    expect((await admin('DELETE', `/candidates/${gone?.id}`)).status).toBe(200);
    await syncAndExpectSuccess(e2e, 'FULL');
    const [deleted] = await walk(kombo.ats.getCandidates({ remote_ids: [gone?.id ?? ''], include_deleted: true }));
    expect(deleted?.remote_deleted_at).toBeTruthy();
  }, 180_000);
});
