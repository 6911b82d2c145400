/**
 * Teamtailor's company webhooks end to end, beyond the shared vendor-webhook suite: Teamtailor
 * generates the signature key, so deliveries are refused until the customer gives it to us
 * (`PUT /integrations/{id}/inbound-webhook/vendor-secret`); a job edit and deletions arrive by
 * webhook alone (polling off), deletions read back as 404 and stored deleted; the deprecated v1
 * signature works when the admin picked it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamtailorEmulator } from '../../emulators/teamtailor/app.js';
import { DIALECTS } from '../setup/dialects.js';
import { teamtailorCase } from './vendor-webhooks/cases.js';
import { stageOf, startVendorRig, type VendorRig } from './vendor-webhooks/harness.js';

describe.each(DIALECTS)('Teamtailor webhooks on $name', (dialect) => {
  let rig: VendorRig;
  let emu: TeamtailorEmulator;
  let signatureKey = '';
  beforeAll(async () => {
    // The admin adds the webhook in Teamtailor but has not given us its key yet.
    rig = await startVendorRig(
      {
        ...teamtailorCase,
        async registerByHand(url, endpoint) {
          const res = await fetch(`${url}/__admin/company-webhooks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url: endpoint.url, events: endpoint.events }) });
          signatureKey = ((await res.json()) as { signature_key: string }).signature_key;
        },
      },
      dialect,
    );
    emu = rig.emu as TeamtailorEmulator;
  });
  afterAll(async () => {
    await rig?.close();
  });

  const settle = async () => {
    await rig.emu.webhooks.settle();
    await rig.t.server.services.inbound.settle();
  };
  const giveKey = (body: unknown) => rig.api(`/v1/integrations/${encodeURIComponent(rig.integrationId)}/inbound-webhook/vendor-secret`, { method: 'PUT', body: JSON.stringify(body) });
  const admin = (path: string, method = 'POST', body: unknown = {}) =>
    fetch(`${rig.emulator.url}/__admin${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: method === 'DELETE' ? null : JSON.stringify(body) });
  const changes = async () => {
    const res = await rig.api(`/v1/integrations/${encodeURIComponent(rig.integrationId)}/changes?page_size=1000`);
    return ((await res.json()) as { data: { results: Array<{ model: string; remote_id: string; type: string }> } }).data.results;
  };
  const moveOne = async (n: number) => {
    const move = await teamtailorCase.moveStage(rig.emulator.url, rig.emu, n);
    await settle();
    return { move, stage: await stageOf(rig, move.applicationRemoteId) };
  };

  it('refuses deliveries until the signing key is given, then keeps the data fresh by webhook', async () => {
    expect((await rig.endpoint()).vendor_secret).toBe('MISSING');
    const before = await moveOne(0);
    expect(emu.webhooks.attempts.at(-1)?.status).toBe(404);
    expect(before.stage).not.toBe(before.move.stageRemoteId);

    const blank = await giveKey({ secret: '  ' });
    expect(blank.status).toBe(400);
    expect(((await blank.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'PLATFORM.INPUT_INVALID', message: expect.stringContaining('secret') });
    const given = await giveKey({ secret: signatureKey });
    expect(given.status).toBe(200);
    expect(((await given.json()) as { data: { vendor_secret: string; secret: string | null } }).data).toMatchObject({ vendor_secret: 'SET', secret: null });

    const after = await moveOne(1);
    expect(emu.webhooks.attempts.at(-1)?.status).toBe(200);
    expect(after.stage).toBe(after.move.stageRemoteId);
  });

  it('refreshes a job edited in Teamtailor', async () => {
    const job = emu.state.jobs[0];
    if (!job) throw new Error('no job');
    await admin(`/jobs/${job.id}/update`, 'POST', { title: 'Principal gardener' });
    await settle();
    const res = await rig.api(`/v1/ats/jobs?remote_ids=${encodeURIComponent(job.id)}`, { headers: { 'X-Integration-Id': rig.integrationId } });
    const names = ((await res.json()) as { data: { results: Array<{ remote_id: string; name: string }> } }).data.results.filter((j) => j.remote_id === job.id).map((j) => j.name);
    expect(names).toEqual(['Principal gardener']);
  });

  it('stores a deleted candidate and its applications as deleted (the refresh finds them gone)', async () => {
    const cand = emu.state.candidates.find((c) => emu.state.applications.some((a) => a.candidateId === c.id));
    if (!cand) throw new Error('no candidate with applications');
    const apps = emu.state.applications.filter((a) => a.candidateId === cand.id).map((a) => a.id);
    const runs = await rig.syncRuns();
    expect((await admin(`/candidates/${cand.id}`, 'DELETE')).status).toBe(200);
    await settle();
    const deleted = (await changes()).filter((e) => e.type === 'DELETED').map((e) => `${e.model}:${e.remote_id}`);
    expect(deleted).toEqual(expect.arrayContaining([`candidates:${cand.id}`, ...apps.map((id) => `applications:${id}`)]));
    expect(await rig.syncRuns()).toBe(runs);
  });

  it('keeps the key through disable and enable (the webhook in Teamtailor is unchanged)', async () => {
    const toggle = (value: boolean) => rig.api(`/v1/integrations/${encodeURIComponent(rig.integrationId)}/enabled`, { method: 'PUT', body: JSON.stringify({ value }) });
    expect((await toggle(false)).status).toBe(200);
    expect((await toggle(true)).status).toBe(200);
    await rig.t.server.services.runner.idle();
    expect(await rig.endpoint()).toMatchObject({ status: 'MANUAL', vendor_secret: 'SET' });
    const moved = await moveOne(3);
    expect(moved.stage).toBe(moved.move.stageRemoteId);
  });

  it('verifies the deprecated v1 signature when the admin chose it', async () => {
    for (const hook of emu.companyWebhooks.hooks.values()) await admin(`/company-webhooks/${hook.id}`, 'DELETE');
    const endpoint = await rig.endpoint();
    const res = await admin('/company-webhooks', 'POST', { url: endpoint.url, events: endpoint.events, signature_version: 'v1' });
    expect((await giveKey({ secret: ((await res.json()) as { signature_key: string }).signature_key })).status).toBe(200);
    const moved = await moveOne(4);
    expect(emu.webhooks.attempts.at(-1)?.status).toBe(200);
    expect(moved.stage).toBe(moved.move.stageRemoteId);
  });
});
