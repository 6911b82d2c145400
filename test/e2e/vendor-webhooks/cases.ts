/**
 * Per vendor: how to start its emulator, create the integration, register the webhook by hand where
 * the vendor has no API for it, and move one application to another stage through the emulator's
 * admin helper (a change "behind our back" that the vendor announces by webhook). Shared by the
 * end-to-end test and `npm run bench:webhooks`.
 */
import { createAshbyEmulator } from '../../../emulators/ashby/app.js';
import { createGreenhouseEmulator } from '../../../emulators/greenhouse/app.js';
import { createLeverEmulator } from '../../../emulators/lever/app.js';
import { createTeamtailorEmulator } from '../../../emulators/teamtailor/app.js';
import { createSmartRecruitersEmulator } from '../../../emulators/smartrecruiters/app.js';
import { createWorkableEmulator } from '../../../emulators/workable/app.js';
import type { Emulator } from '../../../emulators/shared/emulator.js';
import type { WebhookSender } from '../../../emulators/shared/webhook-sender.js';
import type { Clock } from '../../../src/lib/clock.js';
import type { InboundWebhook } from '../../../src/model/integration.js';

export type WebhookEmulator = Emulator & { webhooks: WebhookSender };

export interface StageMove {
  /** Our application's remote id. */
  applicationRemoteId: string;
  /** The remote id of the stage it moves to. */
  stageRemoteId: string;
}

export interface VendorCase {
  tool: string;
  emulator(clock: Clock & { sleep(ms: number): Promise<void> }): WebhookEmulator;
  integration(emulatorUrl: string, emu: WebhookEmulator): Record<string, unknown>;
  /**
   * Manual registration: what the customer does in the vendor's settings with our URL and secret;
   * where the vendor generates the signing key, the customer then gives it to us (`giveVendorSecret`).
   */
  registerByHand?(emulatorUrl: string, endpoint: InboundWebhook, ours: { giveVendorSecret(secret: string): Promise<void> }): Promise<void>;
  /** A delivery changed so its signature no longer holds (default: the hex signatures in body and header zeroed, a byte appended). */
  tamper?(delivery: { headers: Record<string, string>; body: string }): { headers: Record<string, string>; body: string };
  /** Webhooks the vendor has registered for us right now (api registration), for lifecycle checks. */
  registeredCount?(emu: WebhookEmulator): number;
  /** Moves the `n`-th application to another stage through the emulator's admin helper. */
  moveStage(emulatorUrl: string, emu: WebhookEmulator, n: number): Promise<StageMove>;
}

async function admin(url: string, method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${url}/__admin${path}`, { method, ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) });
  if (!res.ok) throw new Error(`${method} /__admin${path}: ${res.status} ${await res.text()}`);
  return res;
}

export const leverCase: VendorCase = {
  tool: 'lever',
  emulator: (clock) => createLeverEmulator({ seed: 7, size: 30, rateLimitPerSecond: 10, now: clock.now, sleep: (ms) => clock.sleep(ms) }),
  integration: (url, emu) => ({ tool: 'lever', credentials: { api_key: emu.credentials['api_key'] }, base_url: `${url}/v1`, end_user: { organization_name: 'Acme' } }),
  registeredCount: (emu) => (emu as ReturnType<typeof createLeverEmulator>).leverWebhooks.hooks.size,
  async moveStage(url, emu, n) {
    const lever = emu as ReturnType<typeof createLeverEmulator>;
    const open = lever.state.opportunities.filter((o) => !o.archived);
    const opp = open[n % open.length];
    if (!opp) throw new Error('no open opportunity');
    const stage = lever.state.stages.find((s) => s.id !== opp.stage);
    if (!stage) throw new Error('no other stage');
    await admin(url, 'POST', `/opportunities/${opp.id}`, { stage: stage.id });
    return { applicationRemoteId: opp.id, stageRemoteId: stage.id };
  },
};

type Json = Record<string, unknown>;

export const ashbyCase: VendorCase = {
  tool: 'ashby',
  emulator: (clock) => createAshbyEmulator({ seed: 7, size: 30, now: clock.now, sleep: (ms) => clock.sleep(ms) }),
  integration: (url, emu) => ({ tool: 'ashby', credentials: { api_key: emu.credentials['api_key'] }, base_url: url, end_user: { organization_name: 'Acme' } }),
  registeredCount: (emu) => (emu as ReturnType<typeof createAshbyEmulator>).ashbyWebhooks.hooks.size,
  async moveStage(url, emu, n) {
    const state = (emu as ReturnType<typeof createAshbyEmulator>).state;
    const active = state.all('application').filter((a) => a['status'] === 'Active' || a['status'] === 'Lead');
    const app = active[n % active.length];
    if (!app) throw new Error('no active application');
    const current = app['currentInterviewStage'] as Json;
    const stage = state.stagesOfPlan(String(current['interviewPlanId'])).find((s) => s['id'] !== current['id'] && (s['type'] === 'Active' || s['type'] === 'PreInterviewScreen'));
    if (!stage) throw new Error('no other stage');
    await admin(url, 'POST', `/application/${String(app['id'])}/update`, { currentInterviewStage: { ...stage } });
    return { applicationRemoteId: String(app['id']), stageRemoteId: String(stage['id']) };
  },
};

export const greenhouseCase: VendorCase = {
  tool: 'greenhouse',
  emulator: (clock) => createGreenhouseEmulator({ seed: 7, size: 30, now: clock.now, sleep: (ms) => clock.sleep(ms) }),
  integration: (url, emu) => ({
    tool: 'greenhouse',
    credentials: { client_id: emu.credentials['client_id'], client_secret: emu.credentials['client_secret'], user_id: emu.credentials['user_id'] },
    base_url: url,
    end_user: { organization_name: 'Acme' },
  }),
  async registerByHand(url, endpoint) {
    if (!endpoint.secret) throw new Error('Greenhouse needs the secret shown');
    const res = await admin(url, 'POST', '/web_hooks', { name: 'unified-ats', url: endpoint.url, secret_key: endpoint.secret });
    const hook = (await res.json()) as { active: boolean };
    if (!hook.active) throw new Error('the ping on save failed');
  },
  async moveStage(url, emu, n) {
    const s = (emu as ReturnType<typeof createGreenhouseEmulator>).state;
    const open = s.applications.rows.filter((a) => a.status === 'in_process' && a.jobId !== null && !a.prospect);
    const app = open[n % open.length];
    if (!app || app.jobId === null) throw new Error('no open application');
    const stage = s.jobStages(app.jobId).find((st) => st.id !== app.stageId);
    if (!stage) throw new Error('no other stage');
    await admin(url, 'POST', `/applications/${app.id}/update`, { stage_id: stage.id });
    return { applicationRemoteId: String(app.id), stageRemoteId: String(stage.id) };
  },
};

export const workableCase: VendorCase = {
  tool: 'workable',
  emulator: (clock) => createWorkableEmulator({ seed: 7, size: 8, now: clock.now, sleep: (ms) => clock.sleep(ms) }),
  integration: (url, emu) => ({ tool: 'workable', credentials: emu.credentials, base_url: `${url}/acme/spi/v3`, end_user: { organization_name: 'Acme' } }),
  registeredCount: (emu) => (emu as ReturnType<typeof createWorkableEmulator>).subscriptions.subscriptions.size,
  async moveStage(url, emu, n) {
    const state = (emu as ReturnType<typeof createWorkableEmulator>).state;
    const open = state.candidates.filter((c) => !c.disqualified && !c.hired_at);
    const cand = open[n % open.length];
    if (!cand) throw new Error('no open candidate');
    const stage = state.job(cand.shortcode)?.stages.find((st) => st.slug !== cand.stage_slug && st.kind !== 'hired');
    if (!stage) throw new Error('no other stage');
    await admin(url, 'POST', `/candidates/${cand.id}/update`, { stage_slug: stage.slug });
    return { applicationRemoteId: cand.id, stageRemoteId: stage.slug };
  },
};

export const teamtailorCase: VendorCase = {
  tool: 'teamtailor',
  emulator: (clock) => createTeamtailorEmulator({ seed: 7, size: 30, now: clock.now, sleep: (ms) => clock.sleep(ms) }),
  integration: (url, emu) => ({ tool: 'teamtailor', credentials: { api_key: emu.credentials['api_key'] }, base_url: `${url}/v1`, end_user: { organization_name: 'Acme' } }),
  async registerByHand(url, endpoint, ours) {
    if (endpoint.secret !== null || endpoint.vendor_secret !== 'MISSING') throw new Error('Teamtailor generates the signing key: ours is not shown');
    const res = await admin(url, 'POST', '/company-webhooks', { label: 'unified-ats', url: endpoint.url, events: endpoint.events, signature_version: 'v2' });
    await ours.giveVendorSecret(((await res.json()) as { signature_key: string }).signature_key);
  },
  // The v2 signature covers the payload: a changed time in the header breaks it.
  tamper: ({ headers, body }) => ({ headers: { ...headers, 'TT-Signature': Buffer.from(Buffer.from(headers['TT-Signature'] ?? '', 'base64').toString().replace(/t=\d+/, 't=1')).toString('base64') }, body }),
  async moveStage(url, emu, n) {
    const state = (emu as ReturnType<typeof createTeamtailorEmulator>).state;
    const open = state.applications.filter((a) => a.rejectedAt === null);
    const app = open[n % open.length];
    if (!app) throw new Error('no open application');
    const stage = state.stagesOf(app.jobId).find((st) => st.id !== app.stageId && st.stageType !== 'Hired');
    if (!stage) throw new Error('no other stage');
    await admin(url, 'POST', `/job-applications/${app.id}/update`, { stage_id: stage.id });
    return { applicationRemoteId: app.id, stageRemoteId: stage.id };
  },
};

export const smartRecruitersCase: VendorCase = {
  tool: 'smartrecruiters',
  emulator: (clock) => createSmartRecruitersEmulator({ seed: 7, size: 30, now: clock.now, sleep: (ms) => clock.sleep(ms) }),
  integration: (url, emu) => ({ tool: 'smartrecruiters', credentials: { api_key: emu.credentials['api_key'] }, base_url: url, end_user: { organization_name: 'Acme' } }),
  registeredCount: (emu) => (emu as ReturnType<typeof createSmartRecruitersEmulator>).subscriptions.active(),
  async moveStage(url, emu, n) {
    const state = (emu as ReturnType<typeof createSmartRecruitersEmulator>).state;
    const open = state.candidates.flatMap((c) => c.assignments.filter((a) => ['NEW', 'IN_REVIEW', 'INTERVIEW'].includes(a.status)).map((a) => ({ c, a })));
    const pick = open[n % open.length];
    if (!pick) throw new Error('no open application');
    // Another (status, sub-status) of the hiring process: our stage `<STATUS>:<subStatus>`.
    const subs = state.process().subStatuses;
    const targets = (['IN_REVIEW', 'INTERVIEW'] as const).flatMap((status) => (subs[status] ?? []).map((subStatus) => ({ status, subStatus })));
    const target = targets.find((t) => t.status !== pick.a.status || t.subStatus !== pick.a.subStatus);
    if (!target) throw new Error('no other stage');
    await admin(url, 'POST', `/candidates/${pick.c.id}/jobs/${pick.a.jobId}/status`, target);
    return { applicationRemoteId: `${pick.c.id}:${pick.a.jobId}`, stageRemoteId: `${target.status}:${target.subStatus}` };
  },
};

export const VENDOR_CASES: readonly VendorCase[] = [leverCase, ashbyCase, greenhouseCase, workableCase, smartRecruitersCase, teamtailorCase];
