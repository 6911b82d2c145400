/**
 * Each vendor's documented webhook signature scheme and what its deliveries name, checked on
 * deliveries built here from the documentation (not from our emulators).
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ashbyWebhooks } from './ashby/webhooks.js';
import type { ConnectorWebhooks, InboundDelivery } from './connector-webhooks.js';
import { greenhouseWebhooks } from './greenhouse/webhooks.js';
import { leverWebhooks } from './lever/webhooks.js';
import { smartRecruitersWebhooks } from './smartrecruiters/webhooks.js';
import { teamtailorWebhooks } from './teamtailor/webhooks.js';
import { workableWebhooks } from './workable/webhooks.js';

const hex = (key: string, message: string) => createHmac('sha256', key).update(message).digest('hex');
const delivery = (body: string, headers: Record<string, string> = {}): InboundDelivery => ({ body, headers });
const ok = (hooks: ConnectorWebhooks, d: InboundDelivery, own: string, issued: string[] = []) => hooks.verify(d, { own, issued }).ok;

describe('Lever: signature = hex HMAC(signatureToken, token + triggeredAt), per webhook', () => {
  const tokenOfWebhook = 'sig-token-of-the-stage-change-webhook';
  const body = (data: Record<string, unknown>, token = 'a1b2c3', triggeredAt = 1_772_701_251_908, key = tokenOfWebhook) =>
    JSON.stringify({ triggeredAt, event: 'candidateStageChange', signature: hex(key, `${token}${triggeredAt}`), token, data });
  const data = { opportunityId: 'opp-1', candidateId: 'contact-1', contactId: 'contact-1', fromStageId: 'lead-new', toStageId: 'lead-reached-out' };

  it('verifies with any issued token (one per event), not with our own secret', () => {
    expect(leverWebhooks.verify(delivery(body(data)), { own: 'ours', issued: ['other', tokenOfWebhook] })).toEqual({ ok: true, signedAt: 1_772_701_251_908 });
    expect(ok(leverWebhooks, delivery(body(data, 'a1b2c3', 1, 'ours')), 'ours')).toBe(false);
    const forged = JSON.parse(body(data)) as Record<string, unknown>;
    forged['token'] = 'changed';
    expect(ok(leverWebhooks, delivery(JSON.stringify(forged)), 'ours', [tokenOfWebhook])).toBe(false);
  });
  it('names the opportunity (our application) and the contact (our candidate)', () => {
    expect(leverWebhooks.eventOf(delivery(body(data))).refresh).toEqual([
      { model: 'applications', remote_id: 'opp-1' },
      { model: 'candidates', remote_id: 'contact-1' },
    ]);
  });
});

describe('Ashby: Ashby-Signature: sha256=<hex HMAC of the raw body>', () => {
  const raw = '{"action":"candidateStageChange","data":{"application":{"id":"app-1","candidate":{"id":"cand-1"}}}}';
  it('verifies the raw bytes with our secret', () => {
    expect(ok(ashbyWebhooks, delivery(raw, { 'ashby-signature': `sha256=${hex('s3cret', raw)}` }), 's3cret')).toBe(true);
    expect(ok(ashbyWebhooks, delivery(`${raw} `, { 'ashby-signature': `sha256=${hex('s3cret', raw)}` }), 's3cret')).toBe(false);
    expect(ok(ashbyWebhooks, delivery(raw), 's3cret')).toBe(false);
  });
  it('names the application and its candidate; a ping names nothing; job events catch up', () => {
    expect(ashbyWebhooks.eventOf(delivery(raw))).toEqual({
      refresh: [
        { model: 'applications', remote_id: 'app-1' },
        { model: 'candidates', remote_id: 'cand-1' },
      ],
      catchUp: false,
    });
    expect(ashbyWebhooks.eventOf(delivery('{"action":"ping","data":{}}'))).toEqual({ refresh: [] });
    expect(ashbyWebhooks.eventOf(delivery('{"action":"jobUpdate","data":{"job":{"title":"x"}}}')).catchUp).toBe(true);
  });
});

describe('Greenhouse: Signature: sha256 <hex HMAC of the body as sent, HTML characters escaped>', () => {
  const raw = '{"action":"candidate_stage_change","payload":{"application":{"id":41000123,"candidate":{"id":41000001,"first_name":"\\u003cb\\u003eAda"}}}}';
  it('verifies the escaped bytes, not a re-serialisation', () => {
    const signature = `sha256 ${hex('gh-key', raw)}`;
    expect(ok(greenhouseWebhooks, delivery(raw, { signature }), 'gh-key')).toBe(true);
    expect(ok(greenhouseWebhooks, delivery(JSON.stringify(JSON.parse(raw)), { signature }), 'gh-key')).toBe(false);
  });
  it('names applications and candidates by number, and the applications a deleted candidate had', () => {
    expect(greenhouseWebhooks.eventOf(delivery(raw)).refresh).toEqual([
      { model: 'applications', remote_id: '41000123' },
      { model: 'candidates', remote_id: '41000001' },
    ]);
    const deleted = '{"action":"delete_candidate","payload":{"candidate":{"id":7},"deleted_application_ids":[8,9]}}';
    expect(greenhouseWebhooks.eventOf(delivery(deleted)).refresh.map((r) => `${r.model}:${r.remote_id}`)).toEqual(['candidates:7', 'applications:8', 'applications:9']);
  });
});

describe('Workable: X-Workable-Signature = HMAC-SHA256 of the payload keyed with the account token', () => {
  const raw = '{"id":"3fc9a80f","name":"Ada Lovelace","stage":"Interview","job":{"shortcode":"GROOV001"}}';
  it('verifies with the token issued at registration (hex or base64), not with our own secret', () => {
    expect(ok(workableWebhooks, delivery(raw, { 'x-workable-signature': hex('account-token', raw) }), 'ours', ['account-token'])).toBe(true);
    const b64 = createHmac('sha256', 'account-token').update(raw).digest('base64');
    expect(ok(workableWebhooks, delivery(raw, { 'x-workable-signature': b64 }), 'ours', ['account-token'])).toBe(true);
    expect(ok(workableWebhooks, delivery(raw, { 'x-workable-signature': hex('ours', raw) }), 'ours', ['account-token'])).toBe(false);
  });
  it('names the candidate record, our application', () => {
    expect(workableWebhooks.eventOf(delivery(raw)).refresh).toEqual([{ model: 'applications', remote_id: '3fc9a80f' }]);
  });
});

describe('SmartRecruiters: smartrecruiters-signature v1 = HMAC-SHA256 of timestamp.body.event-id.event-name.event-version.link', () => {
  // The worked example of the secret-key endpoint's documentation, byte for byte.
  const docs = {
    key: 'HeBVky2bccvvkcXPimH8c',
    body: '{"job_id":"jid","candidate_id":"cid"}',
    headers: {
      'content-type': 'application/json',
      'smartrecruiters-signature': 'v1=2e9291f10d44ca10204a4cd81b05d73b6a316b2b605d4e2e0e0b37b40198ce1f',
      'smartrecruiters-timestamp': '1574080897',
      'event-id': '123',
      link: '<http://smartrecruiters.com/endpoint>; rel=self',
      'event-name': 'application.created',
      'event-version': 'v201910',
    },
  };

  it("verifies the documentation's example with the issued secret key, and gives its timestamp (seconds) as signedAt", () => {
    expect(smartRecruitersWebhooks.verify(delivery(docs.body, docs.headers), { own: 'ours', issued: [docs.key] })).toEqual({ ok: true, signedAt: 1_574_080_897_000 });
    expect(ok(smartRecruitersWebhooks, delivery(docs.body, docs.headers), docs.key)).toBe(false);
  });
  it('refuses a change to any signed part: body, event id, name, version, link or timestamp', () => {
    const changed: Array<[string, Record<string, string>]> = [
      [docs.body.replace('jid', 'other'), docs.headers],
      ...(['event-id', 'event-name', 'event-version', 'link', 'smartrecruiters-timestamp'] as const).map((name): [string, Record<string, string>] => [docs.body, { ...docs.headers, [name]: `${docs.headers[name]}x` }]),
    ];
    for (const [body, headers] of changed) expect(ok(smartRecruitersWebhooks, delivery(body, headers), 'ours', [docs.key])).toBe(false);
  });
  it('accepts any of several signatures (one per active key, other schemes skipped); none at all is refused', () => {
    const mine = hex('second-key', `1574080897.${docs.body}.123.application.created.v201910.<http://smartrecruiters.com/endpoint>; rel=self`);
    const headers = { ...docs.headers, 'smartrecruiters-signature': `v2=abcdef;v1=${'0'.repeat(64)};v1=${mine}` };
    expect(ok(smartRecruitersWebhooks, delivery(docs.body, headers), 'ours', ['second-key'])).toBe(true);
    const { 'smartrecruiters-signature': _dropped, ...unsigned } = docs.headers;
    expect(ok(smartRecruitersWebhooks, delivery(docs.body, unsigned), 'ours', [docs.key])).toBe(false);
  });
  it('names the application (candidate × job) and its candidate, candidates and jobs, from the body or else the Link', () => {
    const of = (body: string, headers: Record<string, string>) => smartRecruitersWebhooks.eventOf(delivery(body, headers));
    expect(of(docs.body, { 'event-name': 'application.status.updated' }).refresh).toEqual([
      { model: 'applications', remote_id: 'cid:jid' },
      { model: 'candidates', remote_id: 'cid' },
    ]);
    expect(of('{}', { 'event-name': 'application.status.updated', link: '<https://api.smartrecruiters.com/candidates/c-1/jobs/j-1>; rel=self' }).refresh).toEqual([
      { model: 'applications', remote_id: 'c-1:j-1' },
      { model: 'candidates', remote_id: 'c-1' },
    ]);
    expect(of('{"candidate_id":"c-2"}', { 'event-name': 'candidate.deleted' }).refresh).toEqual([{ model: 'candidates', remote_id: 'c-2' }]);
    expect(of('{"job_id":"j-2"}', { 'event-name': 'job.status.updated' })).toEqual({ refresh: [{ model: 'jobs', remote_id: 'j-2' }], catchUp: false });
    expect(of('{"offer_id":"o-1"}', { 'event-name': 'offer.updated' })).toEqual({ refresh: [], catchUp: true });
  });
  it('answers the activation handshake by echoing X-Hook-Secret, and nothing else', () => {
    expect(smartRecruitersWebhooks.handshake?.(delivery('', { 'x-hook-secret': '4jn8fs9011jj8' }))).toEqual({ headers: { 'X-Hook-Secret': '4jn8fs9011jj8' } });
    expect(smartRecruitersWebhooks.handshake?.(delivery(docs.body, docs.headers))).toBeUndefined();
  });
});

describe('Teamtailor: TT-Signature = base64 of "t=<unix>,v2=<hex HMAC of t + "." + the signed JSON>" (v1: of the hex HMAC of data.id)', () => {
  const key = 'tt-generated-signature-key';
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const payload = '{"event_name":"job_application.update","data":{"id":"90772","type":"job-applications","attributes":{"stage_name":"Interview","rejected_at":null}}}';
  const v2 = (signed: string, t = 1_701_234_567, secret = key) => b64(`t=${t},v2=${hex(secret, `${t}.${signed}`)}`);
  const envelope = (signature: string, p = payload) => `{"payload":${p},"signature":"${signature}"}`;
  const okTT = (d: InboundDelivery, issued: string[] = [key]) => teamtailorWebhooks.verify(d, { own: 'ours-unused', issued });

  it('verifies v2 over the payload bytes as sent, with the signed time', () => {
    const signature = v2(payload);
    expect(okTT(delivery(envelope(signature), { 'tt-signature': signature }))).toEqual({ ok: true, signedAt: 1_701_234_567_000 });
    // The body's own `signature` stands in for a missing header.
    expect(okTT(delivery(envelope(signature))).ok).toBe(true);
  });
  it('verifies v2 over the raw body (the docs since 2025-11), with or without the signature member in it', () => {
    const body = `{"payload":${payload}}`;
    expect(okTT(delivery(body, { 'tt-signature': v2(body) })).ok).toBe(true);
    const signature = v2(body);
    expect(okTT(delivery(envelope(signature), { 'tt-signature': signature })).ok).toBe(true);
  });
  it('never re-serialises: other whitespace or escapes than signed fail, as do another key, time or payload', () => {
    const pretty = JSON.stringify(JSON.parse(payload) as unknown, null, 2);
    const signature = v2(payload);
    expect(okTT(delivery(envelope(signature, pretty), { 'tt-signature': signature })).ok).toBe(false);
    const escaped = payload.replace('Interview', 'Inter\\u0076iew');
    expect(okTT(delivery(envelope(signature, escaped), { 'tt-signature': signature })).ok).toBe(false);
    expect(okTT(delivery(envelope(signature), { 'tt-signature': v2(payload, 1_701_234_567, 'another-key') })).ok).toBe(false);
    expect(okTT(delivery(envelope(signature), { 'tt-signature': v2(payload, 1_701_234_568) })).ok).toBe(true);
    const forgedTime = b64(Buffer.from(signature, 'base64').toString().replace('t=1701234567', 't=1701299999'));
    expect(okTT(delivery(envelope(signature), { 'tt-signature': forgedTime })).ok).toBe(false);
    expect(okTT(delivery(envelope(signature, payload.replace('90772', '90773')), { 'tt-signature': signature })).ok).toBe(false);
  });
  it('verifies only with the key Teamtailor generated (issued), never with our own secret; none given yet: refused', () => {
    const signature = v2(payload, 1_701_234_567, 'ours-unused');
    expect(okTT(delivery(envelope(signature), { 'tt-signature': signature })).ok).toBe(false);
    expect(okTT(delivery(envelope(v2(payload)), { 'tt-signature': v2(payload) }), []).ok).toBe(false);
    expect(teamtailorWebhooks.replayWindowMs).toBeUndefined();
  });
  it('verifies v1 (deprecated): base64 of the lowercase hex HMAC of payload.data.id', () => {
    const v1 = b64(hex(key, '90772'));
    expect(v1).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(okTT(delivery(envelope(v1), { 'tt-signature': v1 }))).toEqual({ ok: true });
    expect(okTT(delivery(envelope(v1, payload.replace('90772', '90773')), { 'tt-signature': v1 })).ok).toBe(false);
    expect(okTT(delivery(envelope(v1), { 'tt-signature': b64(hex('another-key', '90772')) })).ok).toBe(false);
  });
  it('names candidates, jobs and applications by event; other events catch up', () => {
    const of = (event: string, id: string | number = '7') => teamtailorWebhooks.eventOf(delivery(JSON.stringify({ payload: { event_name: event, data: { id, type: 'x' } }, signature: 's' })));
    expect(of('candidate.update').refresh).toEqual([{ model: 'candidates', remote_id: '7' }]);
    expect(of('job.destroy', 12).refresh).toEqual([{ model: 'jobs', remote_id: '12' }]);
    expect(of('job_application.create').refresh).toEqual([{ model: 'applications', remote_id: '7' }]);
    expect(of('job_offer.update')).toEqual({ refresh: [], catchUp: true });
    expect(teamtailorWebhooks.events).toEqual(['candidate.create', 'candidate.update', 'candidate.destroy', 'job.create', 'job.update', 'job.destroy', 'job_application.create', 'job_application.update', 'job_application.destroy']);
  });
});
