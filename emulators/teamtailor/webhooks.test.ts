/** The Teamtailor emulator's company webhooks, checked against partner.teamtailor.com/company_webhooks. */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../test/setup/virtual-clock.js';
import { createTeamtailorEmulator, TEAMTAILOR_KEY } from './app.js';

const API = { Authorization: `Token token=${TEAMTAILOR_KEY}`, 'X-Api-Version': '20240404', 'Content-Type': 'application/vnd.api+json' };
const hex = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('Teamtailor emulator: company webhooks', () => {
  let server: http.Server;
  let url = '';
  let answer = 200;
  const received: Received[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function setup() {
    const clock = new VirtualClock();
    const emu = createTeamtailorEmulator({ seed: 3, size: 12, rateLimitPerSecond: Infinity, now: clock.now, sleep: (ms) => clock.sleep(ms) });
    const call = (path: string, init: RequestInit = {}) => emu.app.request(`http://tt.test${path}`, init);
    const addHook = async (body: Record<string, unknown>) => {
      const res = await call('/__admin/company-webhooks', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, hook: (await res.json()) as { id: string; signature_key: string; signature_version: string } };
    };
    const deliveries = async (from: number) => {
      await emu.webhooks.settle();
      return received.slice(from).map((r) => ({ ...r, json: JSON.parse(r.body) as { payload: { event_name: string; data: { id: string; type: string; attributes?: Record<string, unknown> } }; signature: string } }));
    };
    return { clock, emu, call, addHook, deliveries };
  }

  it('adds a webhook only for an HTTPS URL (loopback aside) and hands out the signature key it generated', async () => {
    const { addHook } = setup();
    expect((await addHook({ url: 'http://example.com/hook' })).status).toBe(422);
    const { status, hook } = await addHook({ url, label: 'unified-ats' });
    expect(status).toBe(201);
    expect(hook.signature_key).toMatch(/^[0-9a-f]{64}$/);
    expect(hook.signature_version).toBe('v2');
    expect((await addHook({ url: 'https://hooks.example.com/x' })).hook.signature_key).not.toBe(hook.signature_key);
  });

  it('signs v2: TT-Signature = base64("t=<unix>,v2=" + hex HMAC of "<t>." + the payload as sent), repeated in the body', async () => {
    const { emu, clock, call, addHook, deliveries } = setup();
    const { hook } = await addHook({ url });
    const from = received.length;
    const app = emu.state.applications[0];
    const stage = emu.state.stagesOf(app?.jobId ?? '').find((s) => s.id !== app?.stageId);
    if (!app || !stage) throw new Error('seed without a movable application');
    const sentAfter = clock.now();
    const res = await call(`/v1/job-applications/${app.id}`, { method: 'PATCH', headers: API, body: JSON.stringify({ data: { id: app.id, type: 'job-applications', relationships: { stage: { data: { type: 'stages', id: stage.id } } } } }) });
    expect(res.status).toBe(200);
    const [delivery, ...more] = await deliveries(from);
    expect(more).toEqual([]);
    if (!delivery) throw new Error('nothing delivered');
    const header = String(delivery.headers['tt-signature']);
    expect(delivery.json.signature).toBe(header);
    const decoded = Buffer.from(header, 'base64').toString('utf8');
    // The time signed is the sending time (the clock may have passed a second since).
    const t = Number(/^t=(\d+),/.exec(decoded)?.[1]);
    expect(t).toBeGreaterThanOrEqual(Math.floor(sentAfter / 1000));
    expect(t).toBeLessThanOrEqual(Math.floor(clock.now() / 1000));
    const payloadText = delivery.body.slice('{"payload":'.length, delivery.body.lastIndexOf(',"signature"'));
    expect(decoded).toBe(`t=${t},v2=${hex(hook.signature_key, `${t}.${payloadText}`)}`);
    expect(delivery.json.payload.event_name).toBe('job_application.update');
    expect(delivery.json.payload.data).toMatchObject({ id: app.id, type: 'job-applications', attributes: { stage_name: stage.name, job_id: app.jobId, rejected_at: null } });
  });

  it('signs v1: base64 of the hex HMAC of the record id', async () => {
    const { emu, addHook, deliveries } = setup();
    const { hook } = await addHook({ url, signature_version: 'v1', events: ['job.update'] });
    const from = received.length;
    const job = emu.state.jobs[0];
    if (!job) throw new Error('no job');
    await emu.app.request(`http://tt.test/__admin/jobs/${job.id}/update`, { method: 'POST', body: '{"title":"Staff engineer"}', headers: { 'Content-Type': 'application/json' } });
    const [delivery] = await deliveries(from);
    expect(delivery?.json.payload).toMatchObject({ event_name: 'job.update', data: { id: job.id, type: 'jobs', attributes: { title: 'Staff engineer' } } });
    expect(delivery?.headers['tt-signature']).toBe(Buffer.from(hex(hook.signature_key, job.id)).toString('base64'));
  });

  it('sends candidate.update for the documented fields only (a tag change sends nothing), and only the subscribed events', async () => {
    const { emu, call, addHook, deliveries } = setup();
    await addHook({ url, events: ['candidate.update', 'candidate.create'] });
    const cand = emu.state.candidates[0];
    if (!cand) throw new Error('no candidate');
    const patch = (attributes: Record<string, unknown>) => call(`/v1/candidates/${cand.id}`, { method: 'PATCH', headers: API, body: JSON.stringify({ data: { id: cand.id, type: 'candidates', attributes } }) });
    const from = received.length;
    expect((await patch({ tags: ['x', 'y'] })).status).toBe(200);
    expect(await deliveries(from)).toEqual([]);
    expect((await patch({ 'first-name': 'Grace' })).status).toBe(200);
    const sent = await deliveries(from);
    expect(sent.map((d) => d.json.payload.event_name)).toEqual(['candidate.update']);
    expect(sent[0]?.json.payload.data.attributes?.['first-name']).toBe('Grace');
    // Not subscribed: a deleted application sends nothing to this webhook.
    const before = received.length;
    await call(`/__admin/job-applications/${emu.state.applications[0]?.id ?? ''}`, { method: 'DELETE' });
    expect(await deliveries(before)).toEqual([]);
  });

  it('sends destroy events with {id, type} only; deleting a candidate sends its applications’ too', async () => {
    const { emu, call, addHook, deliveries } = setup();
    await addHook({ url });
    const cand = emu.state.candidates.find((c) => emu.state.applications.some((a) => a.candidateId === c.id));
    if (!cand) throw new Error('no candidate with applications');
    const apps = emu.state.applications.filter((a) => a.candidateId === cand.id).map((a) => a.id);
    const from = received.length;
    await call(`/__admin/candidates/${cand.id}`, { method: 'DELETE' });
    const sent = (await deliveries(from)).map((d) => d.json.payload);
    expect(sent).toEqual([...apps.map((id) => ({ event_name: 'job_application.destroy', data: { id, type: 'job-applications' } })), { event_name: 'candidate.destroy', data: { id: cand.id, type: 'candidates' } }]);
  });

  it('does not retry a failed delivery (Teamtailor only logs it)', async () => {
    const { emu, addHook, deliveries } = setup();
    await addHook({ url, events: ['job.destroy'] });
    const from = received.length;
    answer = 500;
    try {
      await emu.app.request(`http://tt.test/__admin/jobs/${emu.state.jobs[0]?.id ?? ''}`, { method: 'DELETE' });
      expect(await deliveries(from)).toHaveLength(1);
      expect(emu.webhooks.attempts.map((a) => [a.attempt, a.status])).toEqual([[1, 500]]);
    } finally {
      answer = 200;
    }
  });
});
