/** The SmartRecruiters emulator answers as the documentation says (auth, lists, limits, errors, writes, webhooks). */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startCallbackServer } from '../../test/setup/callback-server.js';
import { createSmartRecruitersEmulator, SR_API_KEY, SR_CLIENT_ID, SR_CLIENT_SECRET } from './app.js';

const make = (rate = Infinity) => {
  let t = 1_700_000_000_000;
  const emu = createSmartRecruitersEmulator({ seed: 3, size: 25, rateLimitPerSecond: rate, now: () => t });
  const call = (path: string, init: RequestInit = {}, key: string | null = SR_API_KEY) =>
    emu.app.request(path, { ...init, headers: { ...(key ? { 'X-SmartToken': key } : {}), ...(init.headers as Record<string, string> | undefined) } });
  return { emu, call, advance: (ms: number) => (t += ms) };
};

describe('SmartRecruiters emulator', () => {
  it('refuses a missing or wrong key with the documented error body', async () => {
    const { call } = make();
    for (const key of [null, 'nope']) {
      const res = await call('/candidates', {}, key);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ message: expect.any(String), errors: [{ code: 'UNAUTHORIZED' }] });
    }
  });

  it('issues expiring bearer tokens for OAuth client credentials', async () => {
    const { emu, advance } = make();
    const token = async (secret: string) =>
      emu.app.request('/identity/oauth/token', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `grant_type=client_credentials&client_id=${SR_CLIENT_ID}&client_secret=${secret}` });
    expect((await token('wrong')).status).toBe(401);
    const answer = (await (await token(SR_CLIENT_SECRET)).json()) as { access_token: string; token_type: string; expires_in: number };
    expect(answer).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
    const bearer = { headers: { Authorization: `Bearer ${answer.access_token}` } };
    expect((await emu.app.request('/jobs', bearer)).status).toBe(200);
    advance(1801_000);
    expect((await emu.app.request('/jobs', bearer)).status).toBe(401);
  });

  it('pages candidates with nextPageId/pageId and a Link header, and checks limit and updatedAfter', async () => {
    const { call } = make();
    const first = await call('/candidates?limit=10');
    const body = (await first.json()) as { limit: number; totalFound: number; content: Array<{ id: string; primaryAssignment: unknown }>; nextPageId: string };
    expect(body).toMatchObject({ limit: 10, totalFound: 25 });
    expect(body.content).toHaveLength(10);
    expect(first.headers.get('link')).toMatch(/rel="next"/);
    const ids = new Set(body.content.map((c) => c.id));
    let next: string | undefined = body.nextPageId;
    while (next) {
      const page = (await (await call(`/candidates?limit=10&pageId=${next}`)).json()) as { content: Array<{ id: string }>; nextPageId?: string };
      for (const c of page.content) ids.add(c.id);
      next = page.nextPageId;
    }
    expect(ids.size).toBe(25);
    expect((await call('/candidates?limit=101')).status).toBe(400);
    expect((await call('/candidates?updatedAfter=yesterday')).status).toBe(400);
    expect((await call('/candidates?updatedAfter=2099-01-01T00:00:00.000Z')).status).toBe(200);
  });

  it('throttles past 10 requests a second with the X-RateLimit headers', async () => {
    const { call, advance } = make(10);
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await call('/jobs'));
    const refused = answers.find((r) => r.status === 429);
    expect(refused?.headers.get('x-ratelimit-limit')).toBe('10');
    expect(refused?.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused?.headers.get('x-ratelimit-concurrent-limit')).toBe('8');
    advance(1000);
    expect((await call('/jobs')).status).toBe(200);
  });

  it('validates status changes against the hiring process and the reasons', async () => {
    const { emu, call } = make();
    const cand = emu.state.candidates[0];
    const path = `/candidates/${cand?.id}/jobs/${cand?.assignments[0]?.jobId}/status`;
    const put = (body: unknown) => call(path, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put({ status: 'INTERVIEW', subStatus: 'Nope' })).status).toBe(400);
    expect((await put({ status: 'REJECTED' })).status).toBe(400);
    expect((await put({ status: 'REJECTED', reason: emu.state.rejectionReasons[0]?.id })).status).toBe(204);
    expect(cand?.assignments[0]).toMatchObject({ status: 'REJECTED', reasonOfRejection: emu.state.rejectionReasons[0] });
    const history = (await (await call(`${path.replace(/\/status$/, '')}/status/history`)).json()) as { content: Array<{ status: string }> };
    expect(history.content[0]?.status).toBe('REJECTED');
  });

  it('refuses HTML in message shares and links them to candidates', async () => {
    const { emu, call } = make();
    const id = emu.state.candidates[1]?.id ?? '';
    const post = (content: string) => call('/messages/shares', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ content, shareWith: { everyone: true } }) });
    expect((await post(`#[CANDIDATE:${id}] <b>bold</b>`)).status).toBe(400);
    const ok = await post(`#[CANDIDATE:${id}] plain note`);
    expect(ok.status).toBe(201);
    expect(emu.state.shares.at(-1)?.candidateIds).toEqual([id]);
  });

  it('serves an application’s screening answers and the company’s system roles', async () => {
    const { emu, call } = make();
    const cand = emu.state.candidates[0];
    const jobId = cand?.assignments[0]?.jobId ?? '';
    const res = await call(`/candidates/${cand?.id}/jobs/${jobId}/screening-answers`);
    const body = (await res.json()) as { totalFound: number; content: Array<{ id: string; records: Array<{ fields: Array<{ values: unknown[] }> }> }> };
    expect(body.totalFound).toBe(cand?.assignments[0]?.screeningAnswers.length);
    expect(body.content[0]?.records[0]?.fields[0]?.values.length).toBeGreaterThan(0);
    expect((await call(`/candidates/${cand?.id}/jobs/no-such-job/screening-answers`)).status).toBe(404);
    const roles = (await (await call('/user-api/v201804/system-roles')).json()) as { content: Array<{ id: string; name: string }> };
    expect(roles.content).toContainEqual({ id: 'ADMINISTRATOR', name: 'Administrator' });
    const user = (await (await call(`/user-api/v201804/users/${emu.state.users[0]?.id}`)).json()) as { systemRole: { id: string } };
    expect(roles.content.map((r) => r.id)).toContain(user.systemRole.id);
  });

  it('creates webhook subscriptions inactive, activates them only through the X-Hook-Secret handshake, and lists them as bare arrays', async () => {
    const { call } = make();
    let echo = false;
    const hook = await startCallbackServer(() => echo);
    try {
      const json = { 'Content-Type': 'application/json' };
      const bad = await call('/webhooks-api/v201907/subscriptions', { method: 'POST', headers: json, body: JSON.stringify({ callbackUrl: hook.url, events: [{ name: 'no.such.event', version: 'v1' }] }) });
      expect(bad.status).toBe(400);
      const created = await call('/webhooks-api/v201907/subscriptions', { method: 'POST', headers: json, body: JSON.stringify({ callbackUrl: hook.url, events: [{ name: 'application.status.updated', version: 'v1' }] }) });
      const sub = (await created.json()) as { id: string; status: string };
      expect(sub).toMatchObject({ callbackUrl: hook.url, status: 'inactive', events: [{ name: 'application.status.updated', version: 'v1' }] });
      // The callback does not echo the secret: activation fails and the subscription stays inactive.
      const refused = await call(`/webhooks-api/v201907/subscriptions/${sub.id}/activation`, { method: 'PUT' });
      expect(refused.status).toBe(400);
      expect(hook.received[0]?.headers['x-hook-secret']).toMatch(/^[0-9a-f]+$/);
      echo = true;
      expect((await call(`/webhooks-api/v201907/subscriptions/${sub.id}/activation`, { method: 'PUT' })).status).toBe(204);
      const list = (await (await call('/webhooks-api/v201907/subscriptions')).json()) as unknown;
      expect(list).toEqual([{ id: sub.id, callbackUrl: hook.url, events: [{ name: 'application.status.updated', version: 'v1' }], status: 'active' }]);
      expect((await call(`/webhooks-api/v201907/subscriptions/${sub.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await call(`/webhooks-api/v201907/subscriptions/${sub.id}`)).status).toBe(404);
    } finally {
      await hook.close();
    }
  });

  it('signs deliveries with every unexpired secret key (v1 over timestamp.body.event-id.event-name.event-version.link) and logs the callbacks', async () => {
    const { emu, call, advance } = make();
    const hook = await startCallbackServer(() => true);
    try {
      const json = { 'Content-Type': 'application/json' };
      const sub = (await (await call('/webhooks-api/v201907/subscriptions', { method: 'POST', headers: json, body: JSON.stringify({ callbackUrl: hook.url, events: [{ name: 'application.status.updated', version: 'v1' }, { name: 'candidate.updated', version: 'v1' }] }) })).json()) as { id: string };
      const base = `/webhooks-api/v201907/subscriptions/${sub.id}`;
      expect((await call(`${base}/secret-key`)).status).toBe(404);
      const first = ((await (await call(`${base}/secret-key`, { method: 'POST' })).json()) as { secretKey: string }).secretKey;
      const second = ((await (await call(`${base}/secret-key`, { method: 'POST' })).json()) as { secretKey: string }).secretKey;
      expect(((await (await call(`${base}/secret-key`)).json()) as { secretKey: string }).secretKey).toBe(second);
      expect((await call(`${base}/activation`, { method: 'PUT' })).status).toBe(204);

      const cand = emu.state.candidates.find((c) => c.assignments.some((a) => a.status === 'NEW'));
      const app = cand?.assignments.find((a) => a.status === 'NEW');
      if (!cand || !app) throw new Error('no NEW application');
      const moved = await call(`/candidates/${cand.id}/jobs/${app.jobId}/status`, { method: 'PUT', headers: json, body: JSON.stringify({ status: 'IN_REVIEW' }) });
      expect(moved.status).toBe(204);
      await emu.webhooks.settle();
      const delivery = hook.received.at(-1);
      if (!delivery) throw new Error('nothing delivered');
      const h = (name: string) => String(delivery.headers[name] ?? '');
      expect(JSON.parse(delivery.body)).toEqual({ job_id: app.jobId, candidate_id: cand.id });
      expect([h('event-name'), h('event-version')]).toEqual(['application.status.updated', 'v1']);
      expect(h('link')).toMatch(new RegExp(`^<http://localhost/candidates/${cand.id}/jobs/${app.jobId}>; rel=self$`));
      const text = [h('smartrecruiters-timestamp'), delivery.body, h('event-id'), h('event-name'), h('event-version'), h('link')].join('.');
      const sign = (key: string) => `v1=${createHmac('sha256', key).update(text).digest('hex')}`;
      expect(h('smartrecruiters-signature')).toBe(`${sign(first)};${sign(second)}`);

      // A replaced key signs 24 hours more; events not subscribed are not sent.
      advance(24 * 3_600_000 + 1);
      await call(`/candidates/${cand.id}/tags`, { method: 'POST', headers: json, body: JSON.stringify({ tags: ['webhook'] }) });
      await call(`/jobs/${app.jobId}/candidates`, { method: 'POST', headers: json, body: JSON.stringify({ firstName: 'New', lastName: 'Person', email: 'new.person@example.com' }) });
      await emu.webhooks.settle();
      const last = hook.received.at(-1);
      expect(last?.headers['event-name']).toBe('candidate.updated');
      expect(String(last?.headers['smartrecruiters-signature'])).not.toContain(';');

      const log = (await (await call(`${base}/callbacks-log`)).json()) as Array<{ status: string; requestDetails: { url: string; body: string } }>;
      expect(log.map((l) => l.status)).toEqual(['SUCCESS', 'SUCCESS']);
      expect(log[1]?.requestDetails).toMatchObject({ url: hook.url, body: delivery.body });
    } finally {
      await hook.close();
    }
  });
});
