/**
 * Vendor webhooks end to end, per vendor whose webhooks we support: the emulator sends its
 * documented, signed deliveries when the admin helper changes data; with polling switched off the
 * change is readable through our API and announced by our signed `data-changed` within 10 s at p95
 * (on the server's clock; `npm run bench:webhooks` prints the same on real time). Then the endpoint's
 * manners: registration follows disable, enable and delete; a bad signature, an unknown path and a
 * disabled integration get the same answer; a replayed delivery changes and announces nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../setup/dialects.js';
import { webhookParses } from '../setup/sdks.js';
import { VENDOR_CASES } from './vendor-webhooks/cases.js';
import { measureStageMove, percentile, startVendorRig, type VendorRig } from './vendor-webhooks/harness.js';

const CHANGES = 8;

describe.each(DIALECTS.flatMap((dialect) => VENDOR_CASES.map((vendor) => ({ name: `${vendor.tool} on ${dialect.name}`, vendor, dialect }))))(
  'vendor webhooks: $name',
  ({ vendor, dialect }) => {
    let rig: VendorRig;
    beforeAll(async () => {
      rig = await startVendorRig(vendor, dialect);
    });
    afterAll(async () => {
      await rig?.close();
    });

    const settle = async () => {
      await rig.emu.webhooks.settle();
      await rig.t.server.services.inbound.settle();
    };
    const dataChangedEvents = async () =>
      (await rig.t.server.services.db.kysely.selectFrom('webhook_events').select('id').where('type', '=', 'data-changed').execute()).length;
    const post = (url: string, headers: Record<string, string>, body: string) => fetch(url, { method: 'POST', headers, body });

    it('has its endpoint registered (or shown for registration by hand)', async () => {
      const endpoint = await rig.endpoint();
      expect(endpoint.url).toMatch(/\/v1\/vendor-webhooks\/[A-Za-z0-9_-]{40,}$/);
      expect(endpoint.status).toBe(endpoint.mode === 'api' ? 'REGISTERED' : 'MANUAL');
      // Our secret is shown only where the customer has to enter it; a key the vendor generated was given to us.
      expect(endpoint.secret === null).toBe(endpoint.mode === 'api' || endpoint.vendor_secret === 'SET');
      const vendorMakesKey = rig.t.server.services.connectorFor(vendor.tool)?.webhooks?.secretFrom === 'vendor';
      expect(endpoint.vendor_secret).toBe(vendorMakesKey ? 'SET' : null);
      if (!vendorMakesKey) {
        // Signed with our secret or one issued at registration: there is no vendor key to give.
        const refused = await rig.api(`/v1/integrations/${encodeURIComponent(rig.integrationId)}/inbound-webhook/vendor-secret`, { method: 'PUT', body: '{"secret":"anything"}' });
        expect(refused.status).toBe(400);
        expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'PLATFORM.INPUT_INVALID', message: expect.stringMatching(/^secret: /) });
      }
      if (vendor.registeredCount) expect(vendor.registeredCount(rig.emu)).toBeGreaterThan(0);
    });

    /** Every change-feed entry after `cursor` (undefined: from the start), and the cursor to go on from. */
    const readFeed = async (cursor: string | undefined) => {
      const entries: Array<{ model: string; remote_id: string | null; type: string }> = [];
      let at = cursor;
      for (;;) {
        const query = `page_size=1000${at ? `&cursor=${encodeURIComponent(at)}` : ''}`;
        const body = (await (await rig.api(`/v1/integrations/${encodeURIComponent(rig.integrationId)}/changes?${query}`)).json()) as {
          data: { results: typeof entries; next: string; has_more: boolean };
        };
        entries.push(...body.data.results);
        at = body.data.next;
        if (!body.data.has_more) return { entries, next: at };
      }
    };

    it(`shows ${CHANGES} stage moves through the API and announces them, signed, within 10 s at p95, polling off`, async () => {
      const runsBefore = await rig.syncRuns();
      const feedBefore = (await readFeed(undefined)).next;
      const moved: string[] = [];
      const latencies: number[] = [];
      for (let n = 0; n < CHANGES; n++) {
        const measured = await measureStageMove(rig, n);
        moved.push(measured.applicationRemoteId);
        expect(measured.signed).toBe(true);
        expect(webhookParses('dataChangedWebhookPayloadFromJSON', measured.raw)).toBe(true);
        latencies.push(measured.latencyMs);
      }
      // No sync ran: the webhooks alone brought the changes.
      expect(await rig.syncRuns()).toBe(runsBefore);
      // The change feed has the refreshes: every moved application as UPDATED, nothing created or deleted.
      await settle();
      const feed = (await readFeed(feedBefore)).entries;
      const updatedApplications = new Set(feed.filter((e) => e.model === 'applications' && e.type === 'UPDATED').map((e) => e.remote_id));
      for (const remoteId of moved) expect(updatedApplications.has(remoteId), remoteId).toBe(true);
      expect(feed.filter((e) => e.type !== 'UPDATED')).toEqual([]);
      expect(percentile(latencies, 95)).toBeLessThanOrEqual(10_000);
    });

    it('answers a replayed delivery and announces nothing for it', async () => {
      await settle();
      const last = rig.emu.webhooks.attempts.filter((a) => a.status === 200).at(-1);
      expect(last).toBeDefined();
      if (!last) return;
      const before = await dataChangedEvents();
      const res = await post(last.url, last.headers, last.body);
      expect(res.status).toBe(200);
      await settle();
      await rig.t.server.services.runner.idle();
      expect(await dataChangedEvents()).toBe(before);
    });

    it('gives a bad signature, an unknown path and a disabled integration one and the same answer', async () => {
      await settle();
      const last = rig.emu.webhooks.attempts.filter((a) => a.status === 200).at(-1);
      if (!last) throw new Error('no delivery to tamper with');
      const endpoint = await rig.endpoint();
      const zeroed = { headers: last.headers, body: last.body.replace(/"[0-9a-f]{64}"/, `"${'0'.repeat(64)}"`).replace(/sha256[= ][0-9a-f]{64}/, `sha256=${'0'.repeat(64)}`) + ' ' };
      const forged = vendor.tamper ? vendor.tamper(last) : zeroed;
      const tampered = await post(endpoint.url, forged.headers, forged.body);
      const unknown = await post(endpoint.url.replace(/[^/]+$/, 'x'.repeat(44)), last.headers, last.body);
      const answers = [await describe404(tampered), await describe404(unknown)];
      const disabled = await rig.api(`/v1/integrations/${encodeURIComponent(rig.integrationId)}/enabled`, { method: 'PUT', body: '{"value":false}' });
      expect(disabled.status).toBe(200);
      if (vendor.registeredCount) expect(vendor.registeredCount(rig.emu)).toBe(0);
      answers.push(await describe404(await post(endpoint.url, last.headers, last.body)));
      expect(new Set(answers).size).toBe(1);
      expect(answers[0]).toMatch(/^404 .*no webhook endpoint/);
      // The refusals are logged without the path's token (it is what lets a vendor post there).
      const logs = await rig.t.server.services.db.kysely.selectFrom('request_logs').select('path').where('path', 'like', '%vendor-webhooks%').execute();
      expect(logs.length).toBeGreaterThanOrEqual(3);
      expect(logs.every((l) => l.path === '/v1/vendor-webhooks/***')).toBe(true);

      const enabled = await rig.api(`/v1/integrations/${encodeURIComponent(rig.integrationId)}/enabled`, { method: 'PUT', body: '{"value":true}' });
      expect(enabled.status).toBe(200);
      await rig.t.server.services.runner.idle();
      const again = await rig.endpoint();
      expect(again.url).toBe(endpoint.url);
      expect(again.status).toBe(again.mode === 'api' ? 'REGISTERED' : 'MANUAL');
      if (vendor.registeredCount) expect(vendor.registeredCount(rig.emu)).toBeGreaterThan(0);
    });

    it('removes the vendor webhooks when the integration is deleted, and the path answers 404', async () => {
      const endpoint = await rig.endpoint();
      const deleted = await rig.api(`/v1/integrations/${encodeURIComponent(rig.integrationId)}`, { method: 'DELETE', body: '{}' });
      expect(deleted.status).toBe(200);
      if (vendor.registeredCount) expect(vendor.registeredCount(rig.emu)).toBe(0);
      const res = await post(endpoint.url, { 'Content-Type': 'application/json' }, '{}');
      expect(await describe404(res)).toMatch(/^404 .*no webhook endpoint/);
    });
  },
);

/** Status and error message: what a stranger learns from an answer. */
async function describe404(res: Response): Promise<string> {
  const body = (await res.json()) as { error?: { message?: string } };
  return `${res.status} ${body.error?.message ?? ''}`;
}
