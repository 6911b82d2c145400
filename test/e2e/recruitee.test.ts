/**
 * Recruitee end to end: the Recruitee emulator (its per-minute window on) and the real server with
 * ALLOW_CUSTOM_BASE_URLS=1. The integration is created over HTTP (company id + personal token,
 * base_url on the emulator; the connector appends /c/{company_id}), synced at the manifest's pace in
 * virtual time, then driven with the official SDK (1.1.3 and 1.3.4): lists match the emulator,
 * placements carry their outcomes, stages their status and custom fields, each write lands in the
 * emulator, 429s and 5xx are absorbed, deltas pick up changes and full syncs drop deleted candidates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecruiteeEmulator, type RecruiteeEmulator } from '../../emulators/recruitee/app.js';
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

describe.each(sdkDialects())('Recruitee end to end on $name', ({ sdk, dialect }) => {
  let emu: RecruiteeEmulator;
  let recruitee: RunningEmulator;
  let t: TestServer;
  let kombo: KomboClient;
  let integrationId: string;
  let e2e: ConnectorE2E;
  const used = new Set<string>();
  const clock = new VirtualClock();

  const admin = (method: string, path: string, body?: unknown) => emulatorAdmin(recruitee.url)(method, path, body);
  const placement = (id: string | null | undefined) => {
    const found = emu.state.placement(Number(id));
    if (!found) throw new Error(`no Recruitee placement ${String(id)}`);
    return found;
  };
  const sync = (type: 'FULL' | 'DELTA') => syncAndExpectSuccess(e2e, type);
  const freshApplication = () => freshApplicationOf(kombo, used, { accept: (a) => emu.state.offer(Number(a.job?.remote_id))?.status === 'published' });
  const jobPlacements = () => emu.state.placements.filter((p) => emu.state.offer(p.offer_id)?.kind === 'job');

  beforeAll(async () => {
    emu = createRecruiteeEmulator({ seed: 8, size: 14, requestsPerMinute: 30, now: clock.now });
    e2e = await startConnectorE2E(dialect, emu, {
      clock,
      sdk,
      integration: (url) => ({ tool: 'recruitee', credentials: emu.credentials, base_url: url, end_user: { organization_name: 'Acme' } }),
    });
    ({ emulator: recruitee, t, kombo, integrationId } = e2e);
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('refuses a wrong token and an unknown company before storing anything', async () => {
    for (const credentials of [{ ...emu.credentials, api_token: 'wrong' }, { ...emu.credentials, company_id: '12345' }]) {
      const res = await postIntegration(t, { tool: 'recruitee', credentials, base_url: recruitee.url, end_user: { organization_name: 'Acme' } });
      expect(res.status).toBe(400);
    }
  });

  it('serves every list with the emulator’s counts and the placements’ outcomes', async () => {
    const s = emu.state;
    const counts = {
      applications: (await walk(kombo.ats.getApplications({ page_size: 5 }))).length,
      candidates: (await walk(kombo.ats.getCandidates({ page_size: 5 }))).length,
      jobs: (await walk(kombo.ats.getJobs({}))).length,
      users: (await walk(kombo.ats.getUsers({}))).length,
      tags: (await walk(kombo.ats.getTags({}))).length,
      reasons: (await walk(kombo.ats.getRejectionReasons({}))).length,
    };
    expect(counts).toEqual({
      applications: jobPlacements().length,
      candidates: s.candidates.length,
      jobs: s.offers.filter((o) => o.kind === 'job').length,
      users: s.admins.length,
      tags: s.tags.length,
      reasons: s.reasons.length,
    });
    for (const app of await walk(kombo.ats.getApplications({ page_size: 250 }))) {
      const p = placement(app.remote_id);
      const hire = s.offer(p.offer_id)?.template.stages.find((x) => x.id === p.stage_id)?.category === 'hire';
      expect(app.outcome).toBe(p.disqualified_at ? 'DECLINED' : hire || p.hired_at ? 'HIRED' : 'PENDING');
      expect(app.current_stage?.remote_id).toBe(String(p.stage_id));
      if (p.disqualified_at) expect(app.rejection_reason_name).toBe(p.disqualify_reason);
    }
  });

  it('serves stages with status ACTIVE and Recruitee’s own stage fields', async () => {
    const res = await fetch(`${t.url}/v1/ats/jobs?page_size=250`, { headers: { Authorization: `Bearer ${t.apiKey}`, 'X-Integration-Id': integrationId } });
    const jobs = ((await res.json()) as { data: { results: Array<{ stages: Array<{ name: string; status: string | null; custom_fields: Record<string, unknown> | null }> }> } }).data.results;
    const screen = jobs[0]?.stages.find((x) => x.name === 'Phone screen');
    expect(screen).toMatchObject({ status: 'ACTIVE', custom_fields: { category: 'phone_screen', group: 'screening' } });
  });

  it('is set up with the write actions built, and refuses the others', async () => {
    const details = await kombo.general.getIntegrationDetails({ integration_id: integrationId });
    const coverage = Object.fromEntries(details.data.write_actions.map((a) => [a.id, a.coverage_status]));
    expect(coverage['ats_remove_candidate_tag']).toBe('NOT_IMPLEMENTED');
    expect(Object.values(coverage).filter((c) => c === 'SUPPORTED')).toHaveLength(11);
    const app = await freshApplication();
    const err = await kombo.ats.removeCandidateTag({ candidate_id: app.candidate_id ?? '', body: { tag: { name: 'java' } } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ error: { code: 'INTEGRATION.ACTION_NOT_AVAILABLE' } });
  });

  it('moves, rejects, notes, links and attaches', async () => {
    const app = await freshApplication();
    const job = (await walk(kombo.ats.getJobs({ ids: [app.job_id ?? ''] })))[0];
    const target = job?.stages.find((x) => x.name === 'Offer' && x.id !== app.current_stage_id) ?? job?.stages.find((x) => x.name === 'Technical interview');
    await kombo.ats.moveApplicationToStage({ application_id: app.id, body: { stage_id: target?.id ?? '' } });
    expect(String(placement(app.remote_id).stage_id)).toBe(target?.remote_id);
    expect((await readApplication(kombo, app.id)).current_stage?.id).toBe(target?.id);

    const candidateId = Number(app.candidate?.remote_id);
    const notes = () => emu.state.notes.filter((n) => n.candidate_id === candidateId).map((n) => n.body);
    await kombo.ats.addApplicationNote({ application_id: app.id, body: { content: 'Great systems round.', content_type: 'PLAIN_TEXT' } });
    const link = await kombo.ats.addApplicationResultLink({ application_id: app.id, body: { label: 'Coding test', url: 'https://assess.example/r/42', details: { custom_field_name_prefix: 'Acme:', attributes: [{ key: 'Score', value: '87%' }] } } });
    expect(link.warnings.map((w) => w.message).join(' ')).toMatch(/note/);
    expect(notes()).toEqual(expect.arrayContaining(['Great systems round.', 'Coding test\nhttps://assess.example/r/42\nAcme: Score: 87%']));

    await kombo.ats.addApplicationAttachment({ application_id: app.id, body: { attachment: { name: 'Assessment.pdf', type: 'OTHER', content_type: 'application/pdf', data: b64('%PDF-1.4 assessment') } } });
    expect(emu.state.attachments.filter((a) => a.candidate_id === candidateId).map((a) => a.filename)).toContain('Assessment.pdf');
    const files = await kombo.ats.getApplicationAttachments({ application_id: app.id });
    const added = files.data.results.find((f) => f.file_name === 'Assessment.pdf');
    expect(await (await fetch(added?.data_url ?? '')).text()).toBe('%PDF-1.4 assessment');

    const other = await freshApplication();
    const [reason] = await walk(kombo.ats.getRejectionReasons({}));
    await kombo.ats.rejectApplication({ application_id: other.id, body: { rejection_reason_id: reason?.id ?? '', note: 'Went another way.' } });
    expect(placement(other.remote_id)).toMatchObject({ disqualify_reason: reason?.name, disqualify_reason_id: Number(reason?.remote_id) });
    expect(await readApplication(kombo, other.id)).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: reason?.name });
  }, 120_000);

  it('imports a tracked application by its placement id', async () => {
    const app = await freshApplication();
    const res = await kombo.ats.importTrackedApplication({ recruitee: { id_type: 'placement_id', placement_id: app.remote_id ?? '' }, tracked_at: new Date('2026-02-01T10:00:00Z') });
    expect(res.data).toMatchObject({ id: app.id, imported_id: { recruitee: { id_type: 'placement_id', placement_id: app.remote_id } } });
    const missing = await kombo.ats.importTrackedApplication({ recruitee: { id_type: 'placement_id', placement_id: '1' }, tracked_at: null }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ error: { code: 'REMOTE.INPUT_INVALID' } });
  }, 120_000);

  it('adds a tag, creating it in Recruitee', async () => {
    const person = await readCandidate(kombo, (await freshApplication()).candidate_id ?? '');
    const tag = `VIP ${dialect.name}`;
    await kombo.ats.addCandidateTag({ candidate_id: person.id, body: { tag: { name: tag } } });
    expect(emu.state.candidate(Number(person.remote_id))?.tags).toContain(tag);
    expect(emu.state.tags.map((x) => x.name)).toContain(tag);
    expect((await readCandidate(kombo, person.id)).tags.map((x) => x.name)).toContain(tag);
  }, 120_000);

  it('creates an application in a chosen stage with a CV, and refuses closed jobs', async () => {
    const job = (await walk(kombo.ats.getJobs({ statuses: ['OPEN'] })))[0];
    const stage = job?.stages.find((x) => x.name === 'Phone screen');
    const email = `ada.${dialect.name}@example.net`;
    const res = await kombo.ats.createApplication({
      job_id: job?.id ?? '',
      body: {
        stage_id: stage?.id,
        candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: email, phone_number: '+44 20 0000 0000' },
        attachments: [{ name: 'Ada_CV.pdf', type: 'CV', content_type: 'application/pdf', data: b64('%PDF-1.4 Ada') }],
      },
    });
    expect(res.data).toMatchObject({ outcome: 'PENDING', job_id: job?.id, current_stage: { remote_id: stage?.remote_id } });
    const created = placement(res.data.remote_id);
    expect(emu.state.candidate(created.candidate_id)).toMatchObject({ name: 'Ada Lovelace', emails: [email], phones: ['+44 20 0000 0000'] });
    expect(emu.state.attachments.filter((a) => a.candidate_id === created.candidate_id).map((a) => a.filename)).toEqual(['Ada_CV.pdf']);
    const grace = await kombo.ats.createCandidate({
      candidate: { first_name: 'Grace', last_name: 'Hopper', email_address: `grace.${dialect.name}@example.com`, company: 'US Navy' },
      application: { job_id: job?.id ?? '' },
      remote_fields: { recruitee: { candidate: { cover_letter_text: 'Dear team' } } },
    });
    expect(grace.data).toMatchObject({ first_name: 'Grace', last_name: 'Hopper' });
    expect(grace.data.applications).toHaveLength(1);
    expect(emu.state.candidate(Number(grace.data.remote_id))).toMatchObject({ name: 'Grace Hopper', cover_letter: 'Dear team' });
    expect(grace.warnings.map((w) => w.message).join(' ')).toMatch(/company/);
    const closed = (await walk(kombo.ats.getJobs({ statuses: ['CLOSED', 'ARCHIVED'] })))[0];
    const refused = await kombo.ats.createApplication({ job_id: closed?.id ?? '', body: { candidate: { first_name: 'A', last_name: 'B', email_address: `ab.${dialect.name}@example.net` } } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ error: { code: 'ATS.JOB_CLOSED' } });
  }, 120_000);

  it('absorbs 429s and 5xx during a delta sync and picks up changes; a full sync drops a deleted candidate', async () => {
    const changed = emu.state.candidates.find((c) => !used.has(String(c.id)));
    expect((await admin('POST', `/candidates/${changed?.id}/update`, { tags: [...(changed?.tags ?? []), 'Changed in Recruitee'] })).status).toBe(200);
    await admin('POST', '/faults', { throttleNext: 3, failNext: 2, retryAfterSeconds: 1 });
    await sync('DELTA');
    expect(emu.faults.config).toMatchObject({ throttleNext: 0, failNext: 0 });
    const [person] = await walk(kombo.ats.getCandidates({ remote_ids: [String(changed?.id)] }));
    expect(person?.tags.map((x) => x.name)).toContain('Changed in Recruitee');

    expect((await admin('DELETE', `/candidates/${changed?.id}`)).status).toBe(200);
    await sync('FULL');
    const [gone] = await walk(kombo.ats.getCandidates({ remote_ids: [String(changed?.id)], include_deleted: true }));
    expect(gone?.remote_deleted_at).not.toBeNull();
  }, 180_000);
});
