/**
 * Personio end to end: the Personio emulator (its rate limits on) and the real server with
 * ALLOW_CUSTOM_BASE_URLS=1. Integrations are created over HTTP (client id and secret, with and
 * without the Recruiting API key), synced in virtual time, then driven with the official SDK (1.1.3
 * and 1.3.4): lists match the emulator, phases become stages and outcomes, the one write lands in
 * Personio with its files uploaded first, every other write is refused as Personio's API limit
 * (details, the tool catalogue and the action restrictions say so), deltas pick up changes and full
 * syncs drop deleted candidates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonioEmulator, type PersonioEmulator } from '../../emulators/personio/app.js';
import type { RunningEmulator } from '../../emulators/shared/serve.js';
import { b64, emulatorAdmin, postIntegration, readApplication, startConnectorE2E, syncAndExpectSuccess, walk, type ConnectorE2E } from '../setup/connector-e2e.js';
import { sdkDialects, type KomboClient } from '../setup/sdks.js';
import { VirtualClock } from '../setup/virtual-clock.js';
import type { TestServer } from '../setup/test-server.js';

describe.each(sdkDialects())('Personio end to end on $name', ({ sdk, dialect }) => {
  let emu: PersonioEmulator;
  let personio: RunningEmulator;
  let t: TestServer;
  let kombo: KomboClient;
  let integrationId: string;
  let e2e: ConnectorE2E;
  const clock = new VirtualClock();

  const admin = (method: string, path: string, body?: unknown) => emulatorAdmin(personio.url)(method, path, body);
  const sync = (type: 'FULL' | 'DELTA') => syncAndExpectSuccess(e2e, type);
  const readsOnly = () => ({ client_id: emu.credentials['client_id'] ?? '', client_secret: emu.credentials['client_secret'] ?? '' });
  const refusal = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e as { error?: { code?: string; message?: string } });

  beforeAll(async () => {
    emu = createPersonioEmulator({ seed: 8, size: 14, requestsPerMinute: 30, now: clock.now });
    e2e = await startConnectorE2E(dialect, emu, {
      clock,
      sdk,
      integration: (url) => ({ tool: 'personio', credentials: emu.credentials, base_url: url, end_user: { organization_name: 'Acme GmbH' } }),
    });
    ({ emulator: personio, t, kombo, integrationId } = e2e);
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('refuses a wrong secret, and a Recruiting API key without its company id, before storing anything', async () => {
    for (const credentials of [{ ...readsOnly(), client_secret: 'wrong' }, { ...readsOnly(), recruiting_api_key: emu.credentials['recruiting_api_key'] }]) {
      const res = await postIntegration(t, { tool: 'personio', credentials, base_url: personio.url, end_user: { organization_name: 'Acme GmbH' } });
      expect(res.status).toBe(400);
    }
  });

  it('serves every list with the emulator’s counts, phases as stages and outcomes', async () => {
    const s = emu.state;
    const apps = await walk(kombo.ats.getApplications({ page_size: 5 }));
    expect({
      applications: apps.length,
      candidates: (await walk(kombo.ats.getCandidates({ page_size: 5 }))).length,
      jobs: (await walk(kombo.ats.getJobs({}))).length,
      users: (await walk(kombo.ats.getUsers({}))).length,
    }).toEqual({ applications: s.applications.length, candidates: s.candidates.length, jobs: s.jobs.length, users: new Set(s.jobs.flatMap((j) => j.hiring_team.map((m) => m.id))).size });
    for (const app of apps) {
      const stored = s.application(app.remote_id ?? '');
      const stage = stored?.stage;
      const kind = stage?.type === 'system' ? stage.kind : 'custom';
      expect(app.outcome).toBe(kind === 'rejected' || kind === 'withdrawn' ? 'DECLINED' : kind === 'accepted' ? 'HIRED' : 'PENDING');
      expect(app.current_stage?.remote_id).toBe(stage?.type === 'system' ? `system:${stage.kind}` : String(stage?.id));
    }
    const [user] = await walk(kombo.ats.getUsers({}));
    expect(s.persons.find((p) => String(p.id) === user?.remote_id)).toMatchObject({ first_name: user?.first_name, email: user?.email });
  });

  it('declares the one write Personio allows; the details, the tool catalogue and the action restrictions agree', async () => {
    const details = await kombo.general.getIntegrationDetails({ integration_id: integrationId });
    const coverage = Object.fromEntries(details.data.write_actions.map((a) => [a.id, a.coverage_status]));
    expect(Object.entries(coverage).filter(([, c]) => c === 'SUPPORTED').map(([id]) => id).sort()).toEqual(['ats_create_application', 'ats_create_candidate']);
    expect(Object.values(coverage).filter((c) => c === 'UNSUPPORTED')).toHaveLength(10);
    const tools = await kombo.general.getTools({ category: 'ats' });
    const entry = tools.data.tools.find((x) => x.id === 'personio');
    expect(Object.fromEntries((entry?.coverage.write_actions ?? []).map((a) => [a.id, a.coverage_status]))).toEqual(coverage);
    const restrictions = async (action: string) =>
      (await (await fetch(`${t.url}/v1/ats/actions/${action}`, { headers: { Authorization: `Bearer ${t.apiKey}`, 'X-Integration-Id': integrationId } })).json()) as {
        data: { attachment_restrictions: { types: Record<string, { is_supported: boolean; max_file_size_bytes?: number; accepted_mime_types?: string[] }> } };
      };
    expect(Object.values((await restrictions('ats_add_application_attachment')).data.attachment_restrictions.types).every((x) => !x.is_supported)).toBe(true);
    const cv = (await restrictions('ats_create_application')).data.attachment_restrictions.types['CV'];
    expect(cv).toMatchObject({ is_supported: true });
    expect(cv?.accepted_mime_types).toContain('application/pdf');
    expect(cv?.max_file_size_bytes).toBeLessThanOrEqual(20 * 1024 * 1024);
  });

  it('refuses every other write as INTEGRATION.ACTION_NOT_AVAILABLE naming Personio’s API limit, sending nothing', async () => {
    const [app] = await walk(kombo.ats.getApplications({ page_size: 1, outcomes: ['PENDING'] }));
    const before = emu.faults.requests.length;
    const refusals = await Promise.all([
      refusal(kombo.ats.moveApplicationToStage({ application_id: app?.id ?? '', body: { stage_id: app?.current_stage_id ?? '' } })),
      refusal(kombo.ats.addApplicationNote({ application_id: app?.id ?? '', body: { content: 'Hi', content_type: 'PLAIN_TEXT' } })),
      refusal(kombo.ats.addCandidateTag({ candidate_id: app?.candidate_id ?? '', body: { tag: { name: 'VIP' } } })),
      refusal(kombo.ats.addApplicationAttachment({ application_id: app?.id ?? '', body: { attachment: { name: 'A.pdf', type: 'OTHER', content_type: 'application/pdf', data: b64('%PDF-1.4') } } })),
    ]);
    for (const err of refusals) {
      expect(err).toMatchObject({ error: { code: 'INTEGRATION.ACTION_NOT_AVAILABLE' } });
      expect(err?.error?.message).toMatch(/Personio's public API .*creates applications/);
    }
    expect(emu.faults.requests.length).toBe(before);
  });

  it('creates an application in a chosen phase with its CV uploaded first, and a candidate through it; refuses unpublished jobs', async () => {
    const published = emu.state.jobs.find((j) => j.status === 'published' && j.category_id !== null);
    const [job] = await walk(kombo.ats.getJobs({ remote_ids: [String(published?.id)] }));
    const stage = job?.stages.find((x) => x.name === 'Coding challenge' || x.name === 'Case interview');
    const email = `ada.${dialect.name}@example.net`;
    const res = await kombo.ats.createApplication({
      job_id: job?.id ?? '',
      body: {
        stage_id: stage?.id,
        candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: email, phone_number: '+44 20 0000 0000', company: 'Analytical Engines' },
        attachments: [{ name: 'Ada_CV.pdf', type: 'CV', content_type: 'application/pdf', data: b64('%PDF-1.4 Ada') }],
        remote_fields: { personio: { application: { message: 'Found you on the careers page', tags: ['Inbound'] } } },
      },
    });
    expect(res.data).toMatchObject({ outcome: 'PENDING', job_id: job?.id, current_stage: { remote_id: stage?.remote_id } });
    expect(res.warnings.map((w) => w.message).join(' ')).toMatch(/company.*|does not return files/);
    const created = emu.state.application(res.data.remote_id ?? '');
    expect(created).toMatchObject({ stage: { type: 'custom', id: Number(stage?.remote_id) }, message: 'Found you on the careers page', tags: ['Inbound'] });
    expect(created?.files.map((f) => [f.category, emu.state.documents.find((d) => d.uuid === f.uuid)?.data.toString()])).toEqual([['cv', '%PDF-1.4 Ada']]);
    expect(emu.state.candidate(created?.candidate_id ?? '')).toMatchObject({ email, phone: '+44 20 0000 0000' });
    expect((await readApplication(kombo, res.data.id)).candidate?.email_addresses?.[0]?.email_address).toBe(email);

    const grace = await kombo.ats.createCandidate({ candidate: { first_name: 'Grace', last_name: 'Hopper', email_address: `grace.${dialect.name}@example.com` }, application: { job_id: job?.id ?? '' } });
    expect(grace.data).toMatchObject({ first_name: 'Grace', last_name: 'Hopper' });
    expect(grace.data.applications).toHaveLength(1);

    const again = await refusal(kombo.ats.createApplication({ job_id: job?.id ?? '', body: { candidate: { first_name: 'Ada', last_name: 'Lovelace', email_address: email } } }));
    expect(again).toMatchObject({ error: { code: 'ATS.APPLICATION_ALREADY_EXISTS' } });
    const [closed] = await walk(kombo.ats.getJobs({ statuses: ['CLOSED', 'ARCHIVED'] }));
    const refused = await refusal(kombo.ats.createApplication({ job_id: closed?.id ?? '', body: { candidate: { first_name: 'A', last_name: 'B', email_address: `ab.${dialect.name}@example.net` } } }));
    expect(refused).toMatchObject({ error: { code: 'ATS.JOB_CLOSED' } });
  }, 120_000);

  it('answers INTEGRATION.ACTION_NOT_AVAILABLE for creating without the Recruiting API key, reads still working', async () => {
    const res = await postIntegration(t, { tool: 'personio', credentials: readsOnly(), base_url: personio.url, end_user: { organization_name: 'Read-only GmbH' } });
    expect(res.status, await res.clone().text()).toBe(200);
    const id = ((await res.json()) as { data: { id: string } }).data.id;
    await t.server.services.runner.idle();
    const readOnly = sdk.client({ api_key: t.apiKey, integration_id: id, server_url: `${t.url}/v1` });
    // The tool can create applications; this integration cannot, and its details say so.
    const details = await readOnly.general.getIntegrationDetails({ integration_id: id });
    expect(details.data.write_actions.find((a) => a.id === 'ats_create_application')).toMatchObject({ coverage_status: 'SUPPORTED', is_available: false });
    const full = await kombo.general.getIntegrationDetails({ integration_id: integrationId });
    expect(full.data.write_actions.find((a) => a.id === 'ats_create_application')).toMatchObject({ coverage_status: 'SUPPORTED', is_available: true });
    const [job] = await walk(readOnly.ats.getJobs({ statuses: ['OPEN'] }));
    const before = emu.state.applications.length;
    const err = await refusal(readOnly.ats.createApplication({ job_id: job?.id ?? '', body: { candidate: { first_name: 'No', last_name: 'Key', email_address: `nokey.${dialect.name}@example.net` } } }));
    expect(err).toMatchObject({ error: { code: 'INTEGRATION.ACTION_NOT_AVAILABLE' } });
    expect(err?.error?.message).toMatch(/Recruiting API key and Company ID \(recruiting_api_key, company_id\)/);
    expect(emu.state.applications.length).toBe(before);
  }, 120_000);

  it('absorbs 429s and 5xx during a delta sync and picks up changes; a full sync drops a deleted candidate', async () => {
    const changed = emu.state.candidates.find((c) => !c.email.includes('example.net') && !c.email.includes('example.com'));
    const app = emu.state.applicationsOf(changed?.id ?? '')[0];
    expect((await admin('POST', `/candidates/${changed?.id}/update`, { phone: '+49 30 555 0101' })).status).toBe(200);
    expect((await admin('POST', `/applications/${app?.id}/move`, { type: 'system', kind: 'rejected' })).status).toBe(200);
    await admin('POST', '/faults', { throttleNext: 3, failNext: 2, retryAfterSeconds: 1 });
    const waitsBefore = clock.waits.length;
    await sync('DELTA');
    expect(emu.faults.config).toMatchObject({ throttleNext: 0, failNext: 0 });
    // The Retry-After of the 429s was waited on the virtual clock, not in real time.
    expect(clock.waits.slice(waitsBefore).some((ms) => ms >= 1000)).toBe(true);
    const [person] = await walk(kombo.ats.getCandidates({ remote_ids: [changed?.id ?? ''] }));
    expect((person?.phone_numbers ?? []).map((p) => p.phone_number)).toContain('+49 30 555 0101');
    const [moved] = await walk(kombo.ats.getApplications({ remote_ids: [app?.id ?? ''] }));
    expect(moved).toMatchObject({ outcome: 'DECLINED', current_stage: { remote_id: 'system:rejected' } });
    expect(moved?.rejected_at).not.toBeNull();

    expect((await admin('DELETE', `/candidates/${changed?.id}`)).status).toBe(200);
    await sync('FULL');
    const [gone] = await walk(kombo.ats.getCandidates({ remote_ids: [changed?.id ?? ''], include_deleted: true }));
    expect(gone?.remote_deleted_at).not.toBeNull();
  }, 180_000);
});
