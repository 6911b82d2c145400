/**
 * Lever end to end: the Lever emulator (its documented 10 requests/s limit on) and the real server
 * with ALLOW_CUSTOM_BASE_URLS=1. The integration is created over HTTP, synced, then driven with the
 * official SDK (1.1.3 and 1.3.4, test/setup/sdks.ts): every list validates and matches the emulator's counts,
 * outcomes follow the archive reasons, each write lands in the emulator (checked through its API)
 * and shows in the next read, throttling is absorbed, and deletions show after delta and full syncs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeverEmulator, type LeverEmulator } from '../../emulators/lever/app.js';
import { interviewsOf, offersOf, resumesOf } from '../../emulators/lever/children.js';
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

type Json = Record<string, unknown>;

describe.each(sdkDialects())('Lever end to end on $name', ({ sdk, dialect }) => {
  const { KomboAtsError } = sdk;
  let emu: LeverEmulator;
  let lever: RunningEmulator;
  let t: TestServer;
  let kombo: KomboClient;
  let integrationId: string;
  let e2e: ConnectorE2E;
  /** A second key, so our checks do not eat into the connector's rate limit. */
  let checkKey: string;
  const used = new Set<string>();

  /** GET on the emulator's Lever API. */
  async function leverGet(path: string): Promise<Json> {
    const res = await fetch(`${lever.url}/v1${path}`, { headers: { Authorization: `Basic ${Buffer.from(`${checkKey}:`).toString('base64')}` } });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as Json;
  }
  const leverOpportunity = async (id: string) => (await leverGet(`/opportunities/${id}`))['data'] as Json;
  const admin = (method: string, path: string, body?: unknown) => emulatorAdmin(lever.url)(method, path, body);
  const sync = (type: 'FULL' | 'DELTA') => syncAndExpectSuccess(e2e, type);
  // Our ids and Lever's are marked used, so later tests can avoid these records on either side.
  const freshApplication = () => freshApplicationOf(kombo, used);
  const readApplication = (id: string) => readApplicationOf(kombo, id);
  const readCandidate = (id: string) => readCandidateOf(kombo, id);

  /** Vendor pacing and retry waits pass in virtual time, on the server and the emulators alike. */
  const clock = new VirtualClock();

  beforeAll(async () => {
    emu = createLeverEmulator({ seed: 3, size: 24, rateLimitPerSecond: 10, now: clock.now });
    checkKey = emu.credentialStore.createKey(true);
    e2e = await startConnectorE2E(dialect, emu, {
      clock,
      sdk,
      integration: (url) => ({ tool: 'lever', credentials: { api_key: emu.credentials.api_key }, base_url: `${url}/v1`, end_user: { organization_name: 'Acme' } }),
    });
    ({ emulator: lever, t, kombo, integrationId } = e2e);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('refuses a wrong API key before storing anything', async () => {
    const res = await postIntegration(t, { tool: 'lever', credentials: { api_key: 'wrong' }, base_url: `${lever.url}/v1`, end_user: { organization_name: 'Acme' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Lever rejected them/);
  });

  it('is set up, with the write actions Lever supports', async () => {
    const details = await kombo.general.getIntegrationDetails({ integration_id: integrationId });
    expect(details.data).toMatchObject({ id: integrationId, status: 'ACTIVE', setup_status: 'COMPLETED', tool: { id: 'lever' } });
    const coverage = Object.fromEntries(details.data.write_actions.map((a) => [a.id, a.coverage_status]));
    expect(coverage['ats_import_tracked_application']).toBe('UNSUPPORTED');
    expect(Object.values(coverage).filter((c) => c === 'SUPPORTED')).toHaveLength(11);
  });

  it('serves every list, validated by the SDK, with the emulator’s counts', async () => {
    const s = emu.state;
    const opps = s.opportunities;
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
      applications: opps.length,
      candidates: new Set(opps.map((o) => o.contactId)).size,
      jobs: s.postings.length,
      users: s.users.length,
      roles: 5,
      tags: new Set(opps.flatMap((o) => o.tags)).size,
      stages: s.stages.length,
      reasons: s.archiveReasons.filter((r) => r.type === 'non-hired' && r.status === 'active').length,
      interviews: opps.reduce((n, o) => n + interviewsOf(s, o).length, 0),
      offers: opps.reduce((n, o) => n + offersOf(s, o).length, 0),
    });
    expect(counts.interviews).toBeGreaterThan(0);
  });

  it('maps outcomes from archive reasons: hired reason = HIRED, other reason = DECLINED with its name', async () => {
    const apps = await walk(kombo.ats.getApplications({ page_size: 250 }));
    const seen = new Set<string>();
    for (const app of apps) {
      const opp = emu.state.opportunitiesById.get(app.remote_id ?? '');
      const reason = emu.state.archiveReasons.find((r) => r.id === opp?.archived?.reason);
      const expected = !opp?.archived ? 'PENDING' : reason?.type === 'hired' ? 'HIRED' : 'DECLINED';
      expect(app.outcome, app.remote_id ?? '').toBe(expected);
      expect(app.rejection_reason_name).toBe(expected === 'DECLINED' ? (reason?.text ?? null) : null);
      seen.add(expected);
    }
    expect(seen).toEqual(new Set(['PENDING', 'HIRED', 'DECLINED']));
    const hired = apps.find((a) => a.outcome === 'HIRED');
    expect(hired?.candidate?.id).toBeTruthy();
  });

  it('serves attachments with downloadable files', async () => {
    const withFiles = emu.state.opportunities.find((o) => resumesOf(emu.state, o).length > 0);
    const [candidate] = await walk(kombo.ats.getCandidates({ remote_ids: [withFiles?.contactId ?? ''] }));
    const files = await kombo.ats.getCandidateAttachments({ candidate_id: candidate?.id ?? '' });
    const cv = files.data.results.find((f) => f.type === 'CV');
    expect(cv).toMatchObject({ content_type: 'application/pdf' });
    const download = await fetch(cv?.data_url ?? '');
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('moves an application to a stage, rejects another with a note', async () => {
    // Record ids derive from the (random) integration id, so list order differs per run: pick one not already at Offer.
    const app = await freshApplicationOf(kombo, used, { accept: (a) => a.current_stage?.remote_id !== 'offer' });
    const job = (await walk(kombo.ats.getJobs({ ids: [app.job_id ?? ''] })))[0];
    const target = job?.stages.find((s) => s.remote_id === 'offer');
    expect(target).toBeDefined();
    const moved = await kombo.ats.moveApplicationToStage({ application_id: app.id, body: { stage_id: target?.id ?? '' } });
    expect(moved.warnings).toEqual([]);
    expect((await leverOpportunity(app.remote_id ?? ''))['stage']).toBe('offer');
    expect((await readApplication(app.id)).current_stage).toMatchObject({ id: target?.id, name: 'Offer', index: job?.stages.findIndex((s) => s.id === target?.id) });

    const other = await freshApplication();
    const [reason] = await walk(kombo.ats.getRejectionReasons({}));
    await kombo.ats.rejectApplication({ application_id: other.id, body: { rejection_reason_id: reason?.id ?? '', note: 'Went another way.' } });
    expect((await leverOpportunity(other.remote_id ?? ''))['archived']).toMatchObject({ reason: reason?.remote_id });
    const notes = (await leverGet(`/opportunities/${other.remote_id}/notes`))['data'] as Array<{ fields: Array<{ value: string }> }>;
    expect(notes.map((n) => n.fields[0]?.value)).toContain('Went another way.');
    expect(await readApplication(other.id)).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: reason?.name });
  });

  it('adds notes, result links and attachments', async () => {
    const app = await freshApplication();
    await kombo.ats.addApplicationNote({ application_id: app.id, body: { content: 'Great systems round.', content_type: 'PLAIN_TEXT' } });
    const link = await kombo.ats.addApplicationResultLink({
      application_id: app.id,
      body: { label: 'Coding test', url: 'https://assess.example/r/42', details: { custom_field_name_prefix: 'Acme:', attributes: [{ key: 'Score', value: '87%' }] } },
    });
    expect(link.warnings.map((w) => w.message).join(' ')).toMatch(/links/);
    const notes = ((await leverGet(`/opportunities/${app.remote_id}/notes`))['data'] as Array<{ fields: Array<{ value: string }> }>).map((n) => n.fields[0]?.value);
    expect(notes).toEqual(expect.arrayContaining(['Great systems round.', 'Coding test\nhttps://assess.example/r/42\nAcme: Score: 87%']));
    expect((await leverOpportunity(app.remote_id ?? ''))['links']).toContain('https://assess.example/r/42');
    expect((await readCandidate(app.candidate_id ?? '')).social_media?.map((s) => s.link)).toContain('https://assess.example/r/42');

    await kombo.ats.addApplicationAttachment({
      application_id: app.id,
      body: { attachment: { name: 'Assessment.pdf', type: 'OTHER', content_type: 'application/pdf', data: b64('%PDF-1.4 assessment') } },
    });
    const files = (await leverGet(`/opportunities/${app.remote_id}/files`))['data'] as Array<{ name: string }>;
    expect(files.map((f) => f.name)).toContain('Assessment.pdf');
    const attachments = await kombo.ats.getApplicationAttachments({ application_id: app.id });
    const added = attachments.data.results.find((f) => f.file_name === 'Assessment.pdf');
    expect(added).toMatchObject({ type: 'OTHER', content_type: 'application/pdf' });
    expect(await (await fetch(added?.data_url ?? '')).text()).toBe('%PDF-1.4 assessment');

    const person = await readCandidate((await freshApplication()).candidate_id ?? '');
    await kombo.ats.addCandidateResultLink({ candidate_id: person.id, body: { label: 'Personality test', url: 'https://assess.example/p/7' } });
    await kombo.ats.addCandidateAttachment({ candidate_id: person.id, body: { attachment: { name: 'Portfolio.pdf', type: 'OTHER', content_type: 'application/pdf', data: b64('%PDF-1.4 p') } } });
    const contact = (await leverGet(`/contacts/${person.remote_id}`))['data'] as { emails: string[] };
    expect(contact.emails.length).toBeGreaterThan(0);
    expect((await readCandidate(person.id)).social_media?.map((s) => s.link)).toContain('https://assess.example/p/7');
    const personFiles = await kombo.ats.getCandidateAttachments({ candidate_id: person.id });
    expect(personFiles.data.results.map((f) => f.file_name)).toContain('Portfolio.pdf');
  });

  it('writes a note as remote_fields.lever.perform_as (SDK 1.1.3)', async () => {
    const app = await freshApplication();
    const actor = emu.state.users.filter((u) => u.deactivatedAt === null && u.accessRole !== 'interviewer').at(-1);
    const res = await kombo.ats.addApplicationNote({
      application_id: app.id,
      body: { content: 'Performed as someone.', content_type: 'PLAIN_TEXT', remote_fields: { lever: { perform_as: actor?.id ?? '' } } },
    });
    expect(res.warnings).toEqual([]);
    expect(emu.state.extrasOf(app.remote_id ?? '').notes.find((n) => n.value === 'Performed as someone.')?.user).toBe(actor?.id);
  });

  it('adds and removes tags on every opportunity of the person', async () => {
    const person = await readCandidate((await freshApplication()).candidate_id ?? '');
    const tag = `VIP ${dialect.name}`;
    await kombo.ats.addCandidateTag({ candidate_id: person.id, body: { tag: { name: tag } } });
    const opps = ((await leverGet(`/opportunities?contact_id=${person.remote_id}&confidentiality=all`))['data'] as Array<{ tags: string[] }>);
    for (const o of opps) expect(o.tags).toContain(tag);
    expect((await readCandidate(person.id)).tags.map((x) => x.name)).toContain(tag);
    expect((await walk(kombo.ats.getTags({}))).map((x) => x.name)).toContain(tag);
    await kombo.ats.removeCandidateTag({ candidate_id: person.id, body: { tag: { name: tag.toUpperCase() } } });
    expect((await readCandidate(person.id)).tags.map((x) => x.name)).not.toContain(tag);
  });

  it('creates applications and candidates, with a CV; refuses closed postings and duplicates', async () => {
    const jobs = await walk(kombo.ats.getJobs({ statuses: ['OPEN'] }));
    const job = jobs[0];
    if (!job) throw new Error('no open job');
    const email = `ada.${dialect.name}@example.net`;
    const res = await kombo.ats.createApplication({
      job_id: job.id,
      body: {
        stage_id: job.stages.find((s) => s.remote_id === 'applicant-new')?.id,
        candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: email, company: 'Analytical Engines', title: 'Countess', location: { city: 'London', country: 'gb' } },
        attachments: [{ name: 'Ada_CV.pdf', type: 'CV', content_type: 'application/pdf', data: b64('%PDF-1.4 Ada') }],
        source: { name: 'Careers page' },
      },
    });
    expect(res.data).toMatchObject({ outcome: 'PENDING', job_id: job.id, current_stage: { remote_id: 'applicant-new' } });
    expect(res.data.candidate).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', company: 'Analytical Engines', source: 'Careers page' });
    expect(res.warnings.map((w) => w.message).join(' ')).toMatch(/candidate\.title/);
    const created = await leverOpportunity(res.data.remote_id ?? '');
    expect(created).toMatchObject({ name: 'Ada Lovelace', emails: [email], stage: 'applicant-new', sources: ['Careers page'] });
    const resumes = (await leverGet(`/opportunities/${res.data.remote_id}/resumes`))['data'] as Array<{ file: { name: string } }>;
    expect(resumes.map((r) => r.file.name)).toEqual(['Ada_CV.pdf']);
    const files = await kombo.ats.getCandidateAttachments({ candidate_id: res.data.candidate_id ?? '' });
    expect(files.data.results.map((f) => [f.file_name, f.type])).toEqual([['Ada_CV.pdf', 'CV']]);
    expect((await walk(kombo.ats.getCandidates({ email })))[0]?.applications.map((a) => a.id)).toEqual([res.data.id]);

    const duplicate = await kombo.ats.createApplication({ job_id: job.id, body: { candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: email } } }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(KomboAtsError);
    expect(duplicate).toMatchObject({ error: { code: 'ATS.APPLICATION_ALREADY_EXISTS' } });

    const closed = (await walk(kombo.ats.getJobs({ statuses: ['CLOSED', 'DRAFT'] })))[0];
    expect(closed).toBeDefined();
    {
      const refused = await kombo.ats.createApplication({ job_id: closed?.id ?? '', body: { candidate: { first_name: 'A', last_name: 'B', email_address: `ab.${dialect.name}@example.net` } } }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ error: { code: 'ATS.JOB_CLOSED' } });
    }

    const other = jobs.find((j) => j.id !== job.id) ?? job;
    const candidate = await kombo.ats.createCandidate({
      candidate: { first_name: 'Grace', last_name: 'Hopper', email_address: `grace.${dialect.name}@example.net`, phone_number: '+1 555 0100' },
      application: { job_id: other.id },
    });
    expect(candidate.data).toMatchObject({ first_name: 'Grace', last_name: 'Hopper', phone_numbers: [{ phone_number: '+1 555 0100' }] });
    expect(candidate.data.applications.map((a) => a.job?.id)).toEqual([other.id]);
  });

  it('answers INTEGRATION.ACTION_NOT_AVAILABLE for what Lever cannot do', async () => {
    const err = await kombo.ats.importTrackedApplication({ greenhouse: { id_type: 'application_id', application_id: '1' }, tracked_at: null }).catch((e: unknown) => e);
    expect(err).toMatchObject({ error: { code: 'INTEGRATION.ACTION_NOT_AVAILABLE' } });
  });

  it('absorbs a burst of 429s during a sync', async () => {
    const before = emu.faults.requests.length;
    await admin('POST', '/faults', { throttleNext: 4, retryAfterSeconds: 1 });
    await sync('DELTA');
    expect(emu.faults.config.throttleNext).toBe(0);
    expect(emu.faults.requests.length - before).toBeGreaterThan(4);
  });

  it('picks up changes with a delta sync, and deletions after delta and full syncs', async () => {
    // Preferably one Lever never stamped with updatedAt (the case delta syncs must still catch once it changes).
    const unused = emu.state.opportunities.filter((o) => !used.has(o.id));
    const changed = unused.find((o) => o.updatedAt === null) ?? unused[0];
    expect((await admin('POST', `/opportunities/${changed?.id}`, { tags: [...(changed?.tags ?? []), 'Changed in Lever'] })).status).toBe(200);
    // A person whose only opportunity is deleted: their application and, after a full sync, the person go.
    const counts = new Map<string, number>();
    for (const o of emu.state.opportunities) counts.set(o.contactId, (counts.get(o.contactId) ?? 0) + 1);
    const victim = emu.state.opportunities.find((o) => counts.get(o.contactId) === 1 && o.id !== changed?.id && !used.has(o.id) && !used.has(o.contactId));
    expect((await admin('DELETE', `/opportunities/${victim?.id}`)).status).toBe(200);

    await sync('DELTA');
    const [person] = await walk(kombo.ats.getCandidates({ remote_ids: [changed?.contactId ?? ''] }));
    expect(person?.tags.map((x) => x.name)).toContain('Changed in Lever');
    expect(await walk(kombo.ats.getApplications({ remote_ids: [victim?.id ?? ''] }))).toEqual([]);
    const [gone] = await walk(kombo.ats.getApplications({ remote_ids: [victim?.id ?? ''], include_deleted: true }));
    expect(gone?.remote_deleted_at).toBeTruthy();

    await sync('FULL');
    const [still] = await walk(kombo.ats.getApplications({ remote_ids: [victim?.id ?? ''], include_deleted: true }));
    expect(still?.remote_deleted_at).toBeTruthy();
    const [goneCandidate] = await walk(kombo.ats.getCandidates({ remote_ids: [victim?.contactId ?? ''], include_deleted: true }));
    expect(goneCandidate?.remote_deleted_at).toBeTruthy();
    expect((await walk(kombo.ats.getApplications({}))).length).toBe(emu.state.opportunities.length);
  });
});
