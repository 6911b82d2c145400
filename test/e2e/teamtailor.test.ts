/**
 * Teamtailor end to end: the Teamtailor emulator with its window limit (a few requests per 10 s
 * here, so the first sync meets 429s), and the real server with ALLOW_CUSTOM_BASE_URLS=1. The
 * integration is created over HTTP (API key, base_url on the emulator), synced, then driven with
 * the official SDK (1.1.3 and 1.3.4): lists match the emulator, outcomes follow rejected-at and
 * the Hired stage, each declared write lands (files by their public URL only), deltas and
 * deletions come through. Waits pass in virtual time, shared by the server and the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamtailorEmulator, type TeamtailorEmulator } from '../../emulators/teamtailor/app.js';
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

describe.each(sdkDialects())('Teamtailor end to end on $name', ({ sdk, dialect }) => {
  let emu: TeamtailorEmulator;
  let teamtailor: RunningEmulator;
  let t: TestServer;
  let kombo: KomboClient;
  let integrationId: string;
  let e2e: ConnectorE2E;
  const used = new Set<string>();
  const clock = new VirtualClock();
  const clockStarted = clock.now();

  const admin = (method: string, path: string, body?: unknown) => emulatorAdmin(teamtailor.url)(method, path, body);
  const application = (id: string) => {
    const found = emu.state.application(id);
    if (!found) throw new Error(`no Teamtailor application ${id}`);
    return found;
  };
  const sync = (type: 'FULL' | 'DELTA') => syncAndExpectSuccess(e2e, type);
  const freshApplication = () => freshApplicationOf(kombo, used);

  beforeAll(async () => {
    // 10 requests per 10 s: the first sync (about 15 requests) runs into the window and waits.
    emu = createTeamtailorEmulator({ seed: 8, size: 40, requestsPer10s: 10, now: clock.now });
    e2e = await startConnectorE2E(dialect, emu, {
      clock,
      sdk,
      // Files by URL are fetched from the emulator's own (local) signed links here.
      env: { ALLOW_PRIVATE_ATTACHMENT_URLS: '127.0.0.1/32' },
      integration: (url) => ({ tool: 'teamtailor', credentials: emu.credentials, base_url: `${url}/v1`, end_user: { organization_name: 'Acme' } }),
    });
    ({ emulator: teamtailor, t, kombo, integrationId } = e2e);
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('refuses a wrong key and a Public-scope key before storing anything', async () => {
    for (const api_key of ['wrong', 'tt-public-read']) {
      const res = await postIntegration(t, { tool: 'teamtailor', credentials: { api_key }, base_url: `${teamtailor.url}/v1`, end_user: { organization_name: 'Acme' } });
      expect(res.status, api_key).toBe(400);
    }
  });

  it('serves every list with the emulator’s counts and Teamtailor’s outcomes', async () => {
    const s = emu.state;
    // The first sync outran the 10-per-10 s window and waited for its reset (in virtual time).
    expect(emu.faults.requests.length).toBeGreaterThan(10);
    expect(clock.now() - clockStarted).toBeGreaterThanOrEqual(10_000);
    const counts = {
      applications: (await walk(kombo.ats.getApplications({ page_size: 25 }))).length,
      candidates: (await walk(kombo.ats.getCandidates({ page_size: 25 }))).length,
      jobs: (await walk(kombo.ats.getJobs({}))).length,
      users: (await walk(kombo.ats.getUsers({}))).length,
      tags: (await walk(kombo.ats.getTags({}))).length,
      reasons: (await walk(kombo.ats.getRejectionReasons({}))).length,
    };
    expect(counts).toEqual({
      applications: s.applications.length,
      candidates: s.candidates.length,
      jobs: s.jobs.length,
      users: s.users.length,
      tags: new Set(s.candidates.flatMap((c) => c.tags)).size,
      reasons: s.reasons.length,
    });
    for (const app of await walk(kombo.ats.getApplications({ page_size: 250 }))) {
      const r = application(app.remote_id ?? '');
      const expected = r.rejectedAt ? 'DECLINED' : s.stage(r.stageId)?.stageType === 'Hired' ? 'HIRED' : 'PENDING';
      expect(app.outcome).toBe(expected);
      expect(app.current_stage?.remote_id).toBe(r.stageId);
    }
    // Teamtailor's candidate custom fields are offered as CUSTOM integration fields, by api-name.
    const fields = await walk(kombo.general.getIntegrationFields({ integration_id: integrationId, page_size: 2000 }));
    const custom = fields.filter((f) => f.model === 'ats_candidates' && f.type === 'CUSTOM').map((f) => [f.key, f.label]);
    expect(custom).toEqual(expect.arrayContaining([['notice-period', 'Notice period (weeks)'], ['portfolio', 'Portfolio']]));
    const [job] = await walk(kombo.ats.getJobs({}));
    expect(job?.stages.map((x) => x.remote_id)).toEqual(s.stagesOf(job?.remote_id ?? '').map((x) => x.id));
  });

  it('serves the jobs’ questions and each application’s answers to them', async () => {
    const s = emu.state;
    const jobs = await walk(kombo.ats.getJobs({}));
    for (const job of jobs) {
      const picked = s.pickedQuestions.filter((p) => p.jobId === job.remote_id);
      expect(job.screening_questions.map((q) => [q.remote_id, q.required]), job.remote_id ?? '').toEqual(picked.map((p) => [p.questionId, p.mandatory]));
    }
    const choice = jobs.flatMap((j) => j.screening_questions).find((q) => q.format?.type === 'MULTI_SELECT');
    expect(choice?.format).toMatchObject({ type: 'MULTI_SELECT', options: [{ name: 'Stockholm' }, { name: 'Gothenburg' }, { name: 'Remote' }] });
    const apps = await walk(kombo.ats.getApplications({ page_size: 250 }));
    let seen = 0;
    for (const app of apps) {
      const r = application(app.remote_id ?? '');
      const asked = new Set(s.questionsOf(r.jobId).map((q) => q.id));
      const given = s.answers.filter((a) => a.candidateId === r.candidateId && asked.has(a.questionId));
      expect((app.screening_question_answers ?? []).map((a) => a.question.remote_id).sort(), app.remote_id ?? '').toEqual(given.map((a) => a.questionId).sort());
      for (const answer of app.screening_question_answers ?? []) {
        const raw = given.find((a) => a.questionId === answer.question.remote_id);
        const q = s.question(answer.question.remote_id ?? '');
        const titles = (raw?.choices ?? []).map((id) => q?.alternatives?.find((alt) => alt.id === id)?.title);
        const expected = { Text: { content: raw?.text }, Boolean: { checked: raw?.boolean }, Range: { number: raw?.range }, Choice: q?.multiple ? { choices: titles } : { choice: titles[0] ?? null } }[q?.questionType ?? 'Text'];
        expect(answer.answer, `${app.remote_id} ${q?.questionType}`).toEqual(expected);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(10);
  });

  it('downloads an upload through a fresh signed link', async () => {
    const upload = emu.state.uploads[0];
    const [candidate] = await walk(kombo.ats.getCandidates({ remote_ids: [upload?.candidateId ?? ''] }));
    const files = await kombo.ats.getCandidateAttachments({ candidate_id: candidate?.id ?? '' });
    const file = files.data.results[0];
    expect(file?.file_name).toBe(upload?.fileName);
    expect(await (await fetch(file?.data_url ?? '')).text()).toBe(upload?.content);
  });

  it('declares what Teamtailor allows, and takes files by their public URL only', async () => {
    const details = await kombo.general.getIntegrationDetails({ integration_id: integrationId });
    const coverage = Object.fromEntries(details.data.write_actions.map((a) => [a.id, a.coverage_status]));
    expect(coverage).toMatchObject({
      ats_add_application_attachment: 'SUPPORTED',
      ats_add_candidate_attachment: 'SUPPORTED',
      ats_import_tracked_application: 'UNSUPPORTED',
      ats_move_application_to_stage: 'SUPPORTED',
      ats_reject_application: 'SUPPORTED',
      ats_create_application: 'SUPPORTED',
    });
    const app = await freshApplication();
    // Bytes have no URL Teamtailor could fetch: refused, naming the field to use instead.
    const err = await kombo.ats
      .addApplicationAttachment({ application_id: app.id, body: { attachment: { name: 'A.pdf', type: 'OTHER', content_type: 'application/pdf', data: b64('%PDF-1.4') } } })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ error: { code: 'PLATFORM.INPUT_INVALID', message: expect.stringMatching(/data_url/) } });
    // A public link (here an upload's signed link on the emulator) is handed to Teamtailor as is.
    const source = emu.state.uploads[1];
    const signed = ((await (await fetch(`${teamtailor.url}/v1/uploads/${source?.id}`, { headers: { Authorization: `Token token=${emu.credentials['api_key']}`, 'X-Api-Version': '20240404' } })).json()) as { data: { attributes: { url: string } } }).data.attributes.url;
    const res = await kombo.ats.addApplicationAttachment({ application_id: app.id, body: { attachment: { name: 'Portfolio.pdf', type: 'OTHER', data_url: signed } } });
    expect(res.warnings.map((w) => w.message).join(' ')).toMatch(/candidate/);
    const candidateId = application(app.remote_id ?? '').candidateId;
    expect(emu.state.uploads.find((u) => u.candidateId === candidateId && u.fileName === 'Portfolio.pdf')?.url).toBe(signed);
  });

  it('moves, notes, links as a note, and rejects with a reason', async () => {
    const app = await freshApplication();
    const [job] = await walk(kombo.ats.getJobs({ ids: [app.job_id ?? ''] }));
    const target = job?.stages.find((x) => x.id !== app.current_stage_id && x.name !== 'Hired');
    await kombo.ats.moveApplicationToStage({ application_id: app.id, body: { stage_id: target?.id ?? '' } });
    expect(application(app.remote_id ?? '').stageId).toBe(target?.remote_id);
    expect((await readApplication(kombo, app.id)).current_stage?.id).toBe(target?.id);

    await kombo.ats.addApplicationNote({ application_id: app.id, body: { content: 'Strong interview.', content_type: 'PLAIN_TEXT' } });
    const link = await kombo.ats.addApplicationResultLink({ application_id: app.id, body: { label: 'Coding test', url: 'https://assess.example/r/7', details: { custom_field_name_prefix: 'Acme:', attributes: [{ key: 'Score', value: '91%' }] } } });
    expect(link.warnings.map((w) => w.message).join(' ')).toMatch(/note/);
    const notes = emu.state.notes.filter((n) => n.candidateId === application(app.remote_id ?? '').candidateId).map((n) => n.note);
    expect(notes).toEqual(expect.arrayContaining(['Strong interview.', 'Coding test\nhttps://assess.example/r/7\nAcme: Score: 91%']));

    const other = await freshApplication();
    const [reason] = await walk(kombo.ats.getRejectionReasons({}));
    await kombo.ats.rejectApplication({ application_id: other.id, body: { rejection_reason_id: reason?.id ?? '', note: 'Went another way.' } });
    expect(application(other.remote_id ?? '').rejectReasonId).toBe(reason?.remote_id);
    expect(await readApplication(kombo, other.id)).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: reason?.name });
  }, 120_000);

  it('adds and removes tags', async () => {
    const person = await readCandidate(kombo, (await freshApplication()).candidate_id ?? '');
    const tag = `VIP ${dialect.name}`;
    await kombo.ats.addCandidateTag({ candidate_id: person.id, body: { tag: { name: tag } } });
    expect(emu.state.candidate(person.remote_id ?? '')?.tags).toContain(tag);
    expect((await readCandidate(kombo, person.id)).tags.map((x) => x.name)).toContain(tag);
    await kombo.ats.removeCandidateTag({ candidate_id: person.id, body: { tag: { name: tag } } });
    expect(emu.state.candidate(person.remote_id ?? '')?.tags).not.toContain(tag);
  }, 120_000);

  it('creates an application in the chosen stage', async () => {
    const [job] = await walk(kombo.ats.getJobs({ statuses: ['OPEN'] }));
    const stage = job?.stages[1];
    const email = `ada.${dialect.name}@example.net`;
    const res = await kombo.ats.createApplication({ job_id: job?.id ?? '', body: { stage_id: stage?.id, candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: email } } });
    expect(res.data).toMatchObject({ outcome: 'PENDING', job_id: job?.id, current_stage: { id: stage?.id } });
    expect(emu.state.candidates.find((c) => c.email === email)).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' });

    const other = `grace.${dialect.name}@example.net`;
    const created = await kombo.ats.createCandidate({ candidate: { first_name: 'Grace', last_name: 'Hopper', email_address: other }, application: { job_id: job?.id ?? '' } });
    expect(created.data.first_name).toBe('Grace');
    expect(emu.state.applications.filter((a) => a.candidateId === emu.state.candidates.find((c) => c.email === other)?.id)).toHaveLength(1);

    // Screening answers go to Teamtailor as the candidate's answers to the job's questions.
    const asking = (await walk(kombo.ats.getJobs({ statuses: ['OPEN'] }))).find((j) => j.screening_questions.some((q) => q.format?.type === 'MULTI_SELECT') && j.screening_questions.some((q) => q.format?.type === 'NUMBER'));
    const answers = (asking?.screening_questions ?? []).flatMap((q): Array<{ question_id: string; answer: string | string[] | number | boolean }> => {
      const f = q.format;
      if (f?.type === 'MULTI_SELECT') return [{ question_id: q.id, answer: [f.options[2]?.id ?? ''] }];
      if (f?.type === 'SINGLE_SELECT') return [{ question_id: q.id, answer: f.options[1]?.id ?? '' }];
      if (f?.type === 'NUMBER') return [{ question_id: q.id, answer: 4 }];
      if (f?.type === 'BOOLEAN') return [{ question_id: q.id, answer: true }];
      if (f?.type === 'TEXT') return [{ question_id: q.id, answer: 'Because of the mission.' }];
      return [];
    });
    const answerer = `alan.${dialect.name}@example.net`;
    const answered = await kombo.ats.createApplication({ job_id: asking?.id ?? '', body: { candidate: { first_name: 'Alan', last_name: 'Turing', email_address: answerer }, screening_question_answers: answers } });
    const alan = emu.state.candidates.find((c) => c.email === answerer);
    const stored = emu.state.answers.filter((a) => a.candidateId === alan?.id);
    expect(stored).toHaveLength(answers.length);
    for (const a of stored) {
      const q = emu.state.question(a.questionId);
      if (q?.questionType === 'Range') expect(a.range).toBe(4);
      if (q?.questionType === 'Choice' && q.multiple) expect(a.choices).toEqual([13]);
      if (q?.questionType === 'Choice' && !q.multiple) expect(a.choices).toEqual([22]);
    }
    expect((await readApplication(kombo, answered.data.id)).screening_question_answers?.length).toBe(answers.length);

    const closed = (await walk(kombo.ats.getJobs({ statuses: ['ARCHIVED', 'DRAFT'] })))[0];
    const refused = await kombo.ats.createApplication({ job_id: closed?.id ?? '', body: { candidate: { first_name: 'A', last_name: 'B', email_address: `ab.${dialect.name}@example.net` } } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ error: { code: 'ATS.JOB_CLOSED' } });
    const again = await kombo.ats.createApplication({ job_id: job?.id ?? '', body: { candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: email } } }).catch((e: unknown) => e);
    expect(again).toMatchObject({ error: { code: 'ATS.APPLICATION_ALREADY_EXISTS' } });
  }, 120_000);

  it('absorbs 429s and 5xx during a delta sync, picks up changes; a full sync drops deleted records', async () => {
    const changed = emu.state.candidates.find((c) => !used.has(c.id));
    expect((await admin('POST', `/candidates/${changed?.id}/update`, { tags: ['Changed in Teamtailor'] })).status).toBe(200);
    await admin('POST', '/faults', { throttleNext: 3, failNext: 2, retryAfterSeconds: 1 });
    await sync('DELTA');
    expect(emu.faults.config).toMatchObject({ throttleNext: 0, failNext: 0 });
    const [candidate] = await walk(kombo.ats.getCandidates({ remote_ids: [changed?.id ?? ''] }));
    expect(candidate?.tags.map((x) => x.name)).toContain('Changed in Teamtailor');

    const gone = emu.state.candidates.find((c) => !used.has(c.id) && c.id !== changed?.id);
    expect((await admin('DELETE', `/candidates/${gone?.id}`)).status).toBe(200);
    await sync('FULL');
    const [deleted] = await walk(kombo.ats.getCandidates({ remote_ids: [gone?.id ?? ''], include_deleted: true }));
    expect(deleted?.remote_deleted_at).toBeTruthy();
    expect((await walk(kombo.ats.getCandidates({}))).length).toBe(emu.state.candidates.length);
  }, 180_000);
});
