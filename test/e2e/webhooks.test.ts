/**
 * Outgoing webhooks end to end on every dialect: signed with X-Kombo-Signature, shaped as the
 * payload parsers of both SDK versions expect, retried when the receiver fails, every attempt stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../setup/dialects.js';
import { webhookParses } from '../setup/sdks.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';
import { startReceiver, type Receiver } from '../setup/webhook-receiver.js';

const SECRET = 'whsec_test_0123456789';

/** Whether the payload parses with the parser of both SDK versions (1.1.3 and 1.3.4). */
const parses = webhookParses;

describe.each(DIALECTS)('webhooks on $name', (dialect) => {
  let t: TestServer;
  let receiver: Receiver;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${t.url}${path}`, { ...init, headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });

  beforeAll(async () => {
    receiver = await startReceiver(SECRET);
    t = await startTestServer(dialect, { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET }, { webhookRetryDelaysMs: [200, 200, 200] });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('announces the seeded integration and its first sync, signed and in Kombo shapes', async () => {
    await receiver.waitFor((r) => r.some((x) => x.type === 'sync-finished') && r.some((x) => x.type === 'data-changed'));
    for (const hook of receiver.received) expect(hook.signatureValid, hook.type).toBe(true);
    const created = receiver.received.find((r) => r.type === 'integration-created');
    expect(created?.body.data).toMatchObject({ id: t.sandboxId, tool: 'sandbox', category: 'ATS' });
    expect(parses('integrationCreatedWebhookPayloadFromJSON', created?.raw ?? '')).toBe(true);
    const finished = receiver.received.find((r) => r.type === 'sync-finished');
    expect(finished?.body.data).toMatchObject({ integration_id: t.sandboxId, sync_state: 'SUCCEEDED', integration_category: 'ATS' });
    expect(parses('syncFinishedWebhookPayloadFromJSON', finished?.raw ?? '')).toBe(true);
    const changed = receiver.received.find((r) => r.type === 'data-changed');
    expect(parses('dataChangedWebhookPayloadFromJSON', changed?.raw ?? '')).toBe(true);
    const names = (changed?.body.data['changed_models'] as Array<{ name: string }>).map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['ats_candidates', 'ats_applications', 'ats_jobs']));
  });

  it('sends no data-changed for a sync that changed nothing, but a sync-finished', async () => {
    const before = receiver.received.length;
    const res = await api('/v1/force-sync', { method: 'POST', headers: { 'X-Integration-Id': t.sandboxId }, body: '{"type":"FULL"}' });
    const syncId = ((await res.json()) as { data: { sync_id: string } }).data.sync_id;
    await receiver.waitFor((r) => r.some((x) => x.type === 'sync-finished' && x.body.data['sync_id'] === syncId));
    await t.server.services.runner.idle();
    expect(receiver.received.slice(before).map((r) => r.type)).toEqual(['sync-finished']);
  });

  it('retries a failing receiver with backoff and records every attempt', async () => {
    receiver.failNext(2);
    const hitsBefore = receiver.hits();
    const disabled = await api(`/v1/integrations/${encodeURIComponent(t.sandboxId)}/enabled`, { method: 'PUT', body: '{"value":false}' });
    expect(disabled.status).toBe(200);
    await receiver.waitFor((r) => r.some((x) => x.type === 'integration-state-changed' && x.body.data['state'] === 'INACTIVE'));
    expect(receiver.hits() - hitsBefore).toBe(3);
    const hook = receiver.received.find((x) => x.type === 'integration-state-changed');
    expect(parses('integrationStateChangedWebhookPayloadFromJSON', hook?.raw ?? '')).toBe(true);

    const endpoints = (await (await api('/v1/webhooks')).json()) as { data: { results: Array<{ id: string; url: string }> } };
    const endpoint = endpoints.data.results.find((e) => e.url === receiver.url);
    const deliveries = (await (await api(`/v1/webhooks/${endpoint?.id}/deliveries`)).json()) as {
      data: { results: Array<{ id: string; type: string; state: string; attempts: number; attempt_log: Array<{ status: number | null }> }> };
    };
    const delivery = deliveries.data.results.find((d) => d.type === 'integration-state-changed');
    expect(delivery).toMatchObject({ state: 'DELIVERED', attempts: 3 });
    expect(delivery?.attempt_log.map((a) => a.status)).toEqual([500, 500, 200]);

    const redeliver = await api(`/v1/webhooks/deliveries/${delivery?.id}/redeliver`, { method: 'POST' });
    expect(redeliver.status).toBe(200);
    await receiver.waitFor((r) => r.filter((x) => x.type === 'integration-state-changed').length === 2);
    await api(`/v1/integrations/${encodeURIComponent(t.sandboxId)}/enabled`, { method: 'PUT', body: '{"value":true}' });
    await t.server.services.runner.idle();
  });

  it('gives up after the last retry and marks the delivery FAILED', async () => {
    receiver.failNext(100);
    const created = await api('/v1/integrations', { method: 'POST', body: JSON.stringify({ tool: 'sandbox', credentials: { size: '3' }, end_user: { organization_name: 'Doomed' } }) });
    const id = ((await created.json()) as { data: { id: string } }).data.id;
    const endpoint = ((await (await api('/v1/webhooks')).json()) as { data: { results: Array<{ id: string; url: string }> } }).data.results.find((e) => e.url === receiver.url);
    const deadline = Date.now() + 15_000;
    let failed: { attempts: number } | undefined;
    while (!failed && Date.now() < deadline) {
      const list = (await (await api(`/v1/webhooks/${endpoint?.id}/deliveries?limit=200`)).json()) as { data: { results: Array<{ type: string; state: string; attempts: number }> } };
      failed = list.data.results.find((d) => d.type === 'integration-created' && d.state === 'FAILED');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(failed?.attempts).toBe(4);
    receiver.failNext(0);
    await t.server.services.runner.idle();
    await api(`/v1/integrations/${encodeURIComponent(id)}`, { method: 'DELETE', body: '{}' });
    await receiver.waitFor((r) => r.some((x) => x.type === 'integration-deleted' && x.body.data['id'] === id));
    const deleted = receiver.received.find((x) => x.type === 'integration-deleted' && x.body.data['id'] === id);
    expect(parses('integrationDeletedWebhookPayloadFromJSON', deleted?.raw ?? '')).toBe(true);
  });

  it('manages endpoints: a second endpoint gets its own signed copy; bad URLs are refused', async () => {
    const second = await startReceiver('second-secret-123456');
    try {
      const added = await api('/v1/webhooks', { method: 'POST', body: JSON.stringify({ url: second.url, secret: 'second-secret-123456' }) });
      expect(added.status).toBe(200);
      const endpointId = ((await added.json()) as { data: { id: string } }).data.id;
      await api('/v1/force-sync', { method: 'POST', headers: { 'X-Integration-Id': t.sandboxId }, body: '{}' });
      await second.waitFor((r) => r.some((x) => x.type === 'sync-finished'));
      expect(second.received.every((r) => r.signatureValid)).toBe(true);
      expect((await api(`/v1/webhooks/${endpointId}`, { method: 'DELETE' })).status).toBe(200);
      expect((await api(`/v1/webhooks/${endpointId}`, { method: 'DELETE' })).status).toBe(404);
      const bad = await api('/v1/webhooks', { method: 'POST', body: JSON.stringify({ url: 'ftp://example.com' }) });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/url/);
      await t.server.services.runner.idle();
    } finally {
      await second.close();
    }
  });
});
