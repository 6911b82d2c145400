/**
 * Workable end to end: the Workable emulator with its documented 10 requests per 10 s for account
 * tokens, and the real server with ALLOW_CUSTOM_BASE_URLS=1. The integration is created over HTTP
 * (subdomain + token, base_url on the emulator), synced at Workable's pace, then driven with the
 * official SDK (1.1.3 and 1.3.4, test/setup/sdks.ts): lists validate and match the emulator, people are grouped
 * across jobs, each write lands in the emulator, 429s and 5xx are absorbed, deltas pick up changes.
 * The data is small on purpose: every request costs a second at Workable's rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkableEmulator, type WorkableEmulator } from '../../emulators/workable/app.js';
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

describe.each(sdkDialects())('Workable end to end on $name', ({ sdk, dialect }) => {
  const { KomboAtsError } = sdk;
  let emu: WorkableEmulator;
  let workable: RunningEmulator;
  let t: TestServer;
  let kombo: KomboClient;
  let integrationId: string;
  let e2e: ConnectorE2E;
  const used = new Set<string>();
  /** Workable's pacing (10 requests per 10 s) and retry waits pass in virtual time, on the server and the emulator alike. */
  const clock = new VirtualClock();
  const clockStarted = clock.now();

  const admin = (method: string, path: string, body?: unknown) => emulatorAdmin(workable.url)(method, path, body);
  const record = (id: string | null | undefined) => {
    const found = emu.state.candidate(id ?? '');
    if (!found) throw new Error(`no Workable candidate ${String(id)}`);
    return found;
  };

  const sync = (type: 'FULL' | 'DELTA') => syncAndExpectSuccess(e2e, type);
  const freshApplication = () =>
    freshApplicationOf(kombo, used, { accept: (a) => emu.state.job(a.job?.remote_id ?? '')?.state === 'published', markRemoteIds: false });
  const readApplication = (id: string) => readApplicationOf(kombo, id);
  const readCandidate = (id: string) => readCandidateOf(kombo, id);

  beforeAll(async () => {
    emu = createWorkableEmulator({ seed: 6, size: 5, now: clock.now });
    e2e = await startConnectorE2E(dialect, emu, {
      clock,
      sdk,
      integration: (url) => ({ tool: 'workable', credentials: emu.credentials, base_url: `${url}/acme/spi/v3`, end_user: { organization_name: 'Acme' } }),
    });
    ({ emulator: workable, t, kombo, integrationId } = e2e);
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('refuses a wrong token before storing anything', async () => {
    const res = await postIntegration(t, { tool: 'workable', credentials: { subdomain: 'acme', api_key: 'wrong' }, base_url: `${workable.url}/acme/spi/v3`, end_user: { organization_name: 'Acme' } });
    expect(res.status).toBe(400);
  });

  it('syncs within the 10-per-10 s limit and serves every list with the emulator’s counts', async () => {
    const s = emu.state;
    // The first sync was paced: its requests (all but the refused token's) took at least a second apart in virtual time.
    const synced = emu.faults.requests.length - 1;
    expect(synced).toBeGreaterThan(10);
    expect(clock.now() - clockStarted).toBeGreaterThanOrEqual((synced - 1) * 1000);
    const counts = {
      applications: (await walk(kombo.ats.getApplications({ page_size: 4 }))).length,
      candidates: (await walk(kombo.ats.getCandidates({ page_size: 4 }))).length,
      jobs: (await walk(kombo.ats.getJobs({}))).length,
      users: (await walk(kombo.ats.getUsers({}))).length,
      tags: (await walk(kombo.ats.getTags({}))).length,
      reasons: (await walk(kombo.ats.getRejectionReasons({}))).length,
      interviews: (await walk(kombo.ats.getInterviews({}))).length,
      offers: (await walk(kombo.ats.getOffers({}))).length,
    };
    expect(counts).toEqual({
      applications: s.candidates.length,
      candidates: new Set(s.candidates.map((c) => c.email?.toLowerCase() ?? c.id)).size,
      jobs: s.jobs.length,
      users: s.members.length,
      tags: new Set(s.candidates.flatMap((c) => c.tags)).size,
      reasons: s.reasons.length,
      interviews: s.events.length,
      offers: s.candidates.filter((c) => c.offer).length,
    });
    const apps = await walk(kombo.ats.getApplications({ page_size: 250 }));
    for (const app of apps) {
      const r = record(app.remote_id);
      expect(app.outcome).toBe(r.hired_at ? 'HIRED' : r.disqualified ? 'DECLINED' : 'PENDING');
      expect(app.current_stage?.remote_id).toBe(r.stage_slug);
    }
  });

  it('is set up with the write actions Workable supports', async () => {
    const details = await kombo.general.getIntegrationDetails({ integration_id: integrationId });
    const coverage = Object.fromEntries(details.data.write_actions.map((a) => [a.id, a.coverage_status]));
    expect(coverage['ats_import_tracked_application']).toBe('UNSUPPORTED');
    expect(Object.values(coverage).filter((c) => c === 'SUPPORTED')).toHaveLength(11);
    const err = await kombo.ats.importTrackedApplication({ greenhouse: { id_type: 'application_id', application_id: '1' }, tracked_at: null }).catch((e: unknown) => e);
    expect(err).toMatchObject({ error: { code: 'INTEGRATION.ACTION_NOT_AVAILABLE' } });
  });

  it('moves, rejects, comments, links and attaches', async () => {
    const app = await freshApplication();
    const job = (await walk(kombo.ats.getJobs({ ids: [app.job_id ?? ''] })))[0];
    const target = job?.stages.find((s) => s.remote_id === 'interview' && s.id !== app.current_stage_id) ?? job?.stages.find((s) => s.remote_id === 'assessment');
    await kombo.ats.moveApplicationToStage({ application_id: app.id, body: { stage_id: target?.id ?? '' } });
    expect(record(app.remote_id).stage_slug).toBe(target?.remote_id);
    expect((await readApplication(app.id)).current_stage?.id).toBe(target?.id);

    await kombo.ats.addApplicationNote({ application_id: app.id, body: { content: 'Great systems round.', content_type: 'PLAIN_TEXT' } });
    const link = await kombo.ats.addApplicationResultLink({ application_id: app.id, body: { label: 'Coding test', url: 'https://assess.example/r/42', details: { custom_field_name_prefix: 'Acme:', attributes: [{ key: 'Score', value: '87%' }] } } });
    expect(link.warnings.map((w) => w.message).join(' ')).toMatch(/note/);
    expect(record(app.remote_id).comments.map((c) => c.body)).toEqual(expect.arrayContaining(['Great systems round.', 'Coding test\nhttps://assess.example/r/42\nAcme: Score: 87%']));
    await kombo.ats.addApplicationAttachment({ application_id: app.id, body: { attachment: { name: 'Assessment.pdf', type: 'OTHER', content_type: 'application/pdf', data: b64('%PDF-1.4 assessment') } } });
    expect(record(app.remote_id).files.map((f) => f.name)).toContain('Assessment.pdf');
    const files = await kombo.ats.getApplicationAttachments({ application_id: app.id });
    const added = files.data.results.find((f) => f.file_name === 'Assessment.pdf');
    expect(await (await fetch(added?.data_url ?? '')).text()).toBe('%PDF-1.4 assessment');

    const other = await freshApplication();
    const [reason] = await walk(kombo.ats.getRejectionReasons({}));
    await kombo.ats.rejectApplication({ application_id: other.id, body: { rejection_reason_id: reason?.id ?? '', note: 'Went another way.' } });
    expect(record(other.remote_id)).toMatchObject({ disqualified: true, disqualification_reason: reason?.name });
    expect(await readApplication(other.id)).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: reason?.name });
  }, 120_000);

  it('writes as remote_fields.workable.on_behalf_of_user_remote_id, and says where Workable has no member to take', async () => {
    const app = await freshApplication();
    const admin = emu.state.members.find((m) => m.role === 'admin' && m.active);
    const member = emu.state.members.find((m) => m.active && m.id !== admin?.id);
    const res = await kombo.ats.addApplicationNote({
      application_id: app.id,
      body: { content: 'Noted on behalf.', content_type: 'PLAIN_TEXT', remote_fields: { workable: { on_behalf_of_user_remote_id: member?.id ?? '' } } },
    });
    expect(res.warnings).toEqual([]);
    expect(record(app.remote_id).comments.find((c) => c.body === 'Noted on behalf.')?.member_id).toBe(member?.id);

    const tagged = await kombo.ats.addCandidateTag({
      candidate_id: app.candidate_id ?? '',
      body: { tag: { name: `Behalf ${dialect.name}` }, remote_fields: { workable: { on_behalf_of_user_remote_id: member?.id ?? '' } } },
    });
    expect(tagged.warnings.map((w) => w.message)).toEqual(['remote_fields.workable.on_behalf_of_user_remote_id was not applied: Workable uses no such field when adding a tag.']);
  }, 120_000);

  it('adds and removes tags by replacing the whole list', async () => {
    const person = await readCandidate((await freshApplication()).candidate_id ?? '');
    const before = record(person.remote_id).tags;
    const tag = `VIP ${dialect.name}`;
    await kombo.ats.addCandidateTag({ candidate_id: person.id, body: { tag: { name: tag } } });
    expect(record(person.remote_id).tags).toEqual([...before, tag]);
    expect((await readCandidate(person.id)).tags.map((x) => x.name)).toContain(tag);
    await kombo.ats.removeCandidateTag({ candidate_id: person.id, body: { tag: { name: tag.toUpperCase() } } });
    expect(record(person.remote_id).tags).toEqual(before);
  }, 120_000);

  it('creates an application with a CV, and refuses closed jobs', async () => {
    const job = (await walk(kombo.ats.getJobs({ statuses: ['OPEN'] })))[0];
    const email = `ada.${dialect.name}@example.net`;
    const res = await kombo.ats.createApplication({
      job_id: job?.id ?? '',
      body: {
        stage_id: job?.stages.find((s) => s.remote_id === 'applied')?.id,
        candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: email, title: 'Countess', location: { city: 'London', country: 'gb' } },
        attachments: [{ name: 'Ada_CV.pdf', type: 'CV', content_type: 'application/pdf', data: b64('%PDF-1.4 Ada') }],
      },
    });
    expect(res.data).toMatchObject({ outcome: 'PENDING', job_id: job?.id, current_stage: { remote_id: 'applied' } });
    expect(record(res.data.remote_id)).toMatchObject({ firstname: 'Ada', lastname: 'Lovelace', email, headline: 'Countess', stage_slug: 'applied' });
    expect(record(res.data.remote_id).files.map((f) => f.name)).toEqual(['Ada_CV.pdf']);
    const closed = (await walk(kombo.ats.getJobs({ statuses: ['CLOSED', 'DRAFT', 'ARCHIVED'] })))[0];
    const refused = await kombo.ats.createApplication({ job_id: closed?.id ?? '', body: { candidate: { first_name: 'A', last_name: 'B', email_address: `ab.${dialect.name}@example.net` } } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ error: { code: 'ATS.JOB_CLOSED' } });
  }, 120_000);

  it('absorbs 429s and 5xx during a delta sync and picks up changes', async () => {
    const changed = emu.state.candidates.find((c) => !used.has(c.id));
    expect((await admin('POST', `/candidates/${changed?.id}/update`, { tags: [...(changed?.tags ?? []), 'Changed in Workable'] })).status).toBe(200);
    await admin('POST', '/faults', { throttleNext: 3, failNext: 2, retryAfterSeconds: 1 });
    await sync('DELTA');
    expect(emu.faults.config).toMatchObject({ throttleNext: 0, failNext: 0 });
    const [app] = await walk(kombo.ats.getApplications({ remote_ids: [changed?.id ?? ''] }));
    expect((await readCandidate(app?.candidate_id ?? '')).tags.map((x) => x.name)).toContain('Changed in Workable');
  }, 180_000);
});
