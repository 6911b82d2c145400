/**
 * One vendor's emulator and the real server with polling switched off (delta and full intervals of
 * 10 000 hours: after the first sync nothing is read unless a webhook asks), a receiver for our
 * signed webhooks, and the measurement of one change: from the emulator's admin helper to the new
 * stage readable through our API *and* announced by a signed `data-changed`.
 */
import { serveEmulator, type RunningEmulator } from '../../../emulators/shared/serve.js';
import type { Clock } from '../../../src/lib/clock.js';
import { recordId } from '../../../src/lib/ids.js';
import type { InboundWebhook } from '../../../src/model/integration.js';
import { VirtualClock } from '../../setup/virtual-clock.js';
import { startReceiver, type Receiver } from '../../setup/webhook-receiver.js';
import { startTestServer, type TestServer } from '../../setup/test-server.js';
import type { Dialect } from '../../setup/dialects.js';
import type { VendorCase, WebhookEmulator } from './cases.js';

export const OUR_SECRET = 'vendor-webhooks-test-secret';

/** A clock the server and the emulator share: virtual in tests, the system's in the benchmark. */
export type RigClock = Clock & { sleep(ms: number): Promise<void> };

export interface VendorRig {
  vendor: VendorCase;
  clock: RigClock;
  emu: WebhookEmulator;
  emulator: RunningEmulator;
  t: TestServer;
  receiver: Receiver;
  integrationId: string;
  api(path: string, init?: RequestInit): Promise<Response>;
  endpoint(): Promise<InboundWebhook>;
  syncRuns(): Promise<number>;
  close(): Promise<void>;
}

export interface RigOptions {
  /** The server's clock; default a virtual one (waits take no real time). */
  clock?: RigClock;
  coalesceMs?: number;
}

export async function startVendorRig(vendor: VendorCase, dialect: Dialect, options: RigOptions = {}): Promise<VendorRig> {
  const clock = options.clock ?? new VirtualClock();
  const emu = vendor.emulator(clock);
  const emulator = await serveEmulator(emu);
  const receiver = await startReceiver(OUR_SECRET);
  const t = await startTestServer(
    dialect,
    { ALLOW_CUSTOM_BASE_URLS: '1', WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: OUR_SECRET, DELTA_SYNC_INTERVAL: '10000h', FULL_SYNC_INTERVAL: '10000h', SANDBOX: '0' },
    { clock, ...(options.coalesceMs === undefined ? {} : { inboundCoalesceMs: options.coalesceMs }) },
  );
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${t.url}${path}`, { ...init, headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
  const created = await api('/v1/integrations', { method: 'POST', body: JSON.stringify(vendor.integration(emulator.url, emu)) });
  if (created.status !== 200) throw new Error(`creating the integration: ${created.status} ${await created.text()}`);
  const integrationId = ((await created.json()) as { data: { id: string } }).data.id;
  await t.server.services.runner.idle();
  const endpoint = async () => {
    const res = await api(`/v1/integrations/${encodeURIComponent(integrationId)}`);
    const details = (await res.json()) as { data: { inbound_webhook: InboundWebhook | null } };
    if (!details.data.inbound_webhook) throw new Error('the integration has no inbound webhook');
    return details.data.inbound_webhook;
  };
  const giveVendorSecret = async (secret: string) => {
    const res = await api(`/v1/integrations/${encodeURIComponent(integrationId)}/inbound-webhook/vendor-secret`, { method: 'PUT', body: JSON.stringify({ secret }) });
    if (res.status !== 200) throw new Error(`giving the vendor's signing key: ${res.status} ${await res.text()}`);
  };
  if (vendor.registerByHand) await vendor.registerByHand(emulator.url, await endpoint(), { giveVendorSecret });
  return {
    vendor,
    clock,
    emu,
    emulator,
    t,
    receiver,
    integrationId,
    api,
    endpoint,
    syncRuns: async () => (await t.server.services.db.kysely.selectFrom('sync_runs').select('id').where('integration_id', '=', integrationId).execute()).length,
    async close() {
      await t.close();
      await emulator.close();
      await receiver.close();
    },
  };
}

const dataChangedFor = (rig: VendorRig) => rig.receiver.received.filter((r) => r.type === 'data-changed' && r.body.data['integration_id'] === rig.integrationId);

/** Reads our application by remote id through the API (no SDK: the rig is shared with the bench). */
export async function stageOf(rig: VendorRig, applicationRemoteId: string): Promise<string | null> {
  const id = recordId(rig.integrationId, 'applications', applicationRemoteId);
  const res = await rig.api(`/v1/ats/applications?ids=${encodeURIComponent(id)}`, { headers: { 'X-Integration-Id': rig.integrationId } });
  const body = (await res.json()) as { data: { results: Array<{ current_stage: { remote_id: string | null } | null }> } };
  return body.data.results[0]?.current_stage?.remote_id ?? null;
}

export interface Measured {
  /** ms on the server's clock from the change at the vendor to both conditions holding. */
  latencyMs: number;
  /** The vendor's id of the application moved. */
  applicationRemoteId: string;
  signed: boolean;
  raw: string;
}

/**
 * Moves one application at the vendor and waits until our API serves the new stage and a signed
 * `data-changed` naming applications arrived; polls every 20 ms of real time, gives up after `timeoutMs`.
 */
export async function measureStageMove(rig: VendorRig, n: number, timeoutMs = 30_000): Promise<Measured> {
  const before = dataChangedFor(rig).length;
  const start = rig.clock.now();
  const move = await rig.vendor.moveStage(rig.emulator.url, rig.emu, n);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const announced = dataChangedFor(rig)
      .slice(before)
      .find((r) => (r.body.data['changed_models'] as Array<{ name: string }>).some((m) => m.name === 'ats_applications'));
    if (announced && (await stageOf(rig, move.applicationRemoteId)) === move.stageRemoteId) {
      return { latencyMs: rig.clock.now() - start, applicationRemoteId: move.applicationRemoteId, signed: announced.signatureValid, raw: announced.raw };
    }
    if (Date.now() > deadline) throw new Error(`${rig.vendor.tool}: change ${n} not visible and announced within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
