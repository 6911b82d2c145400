/**
 * Shared setup of the connector end-to-end tests (`test/e2e/<vendor>.test.ts`), vendor-neutral: a
 * vendor emulator served on a port, the real server with ALLOW_CUSTOM_BASE_URLS=1, an integration
 * created over HTTP against the emulator, and a client of the official SDK on it, in the version
 * the test runs with (test/setup/sdks.ts); plus the helpers those tests share (walking every page
 * of a list, emulator admin calls, syncs).
 *
 * @example
 * e2e = await startConnectorE2E(dialect, emu, {
 *   sdk,
 *   integration: (url) => ({ tool: 'acme', credentials: emu.credentials, base_url: url, end_user: { organization_name: 'Acme' } }),
 * });
 * const jobs = await walk(e2e.kombo.ats.getJobs({}));
 */
import { expect } from 'vitest';
import type { Clock } from '../../src/lib/clock.js';
import type { Emulator } from '../../emulators/shared/emulator.js';
import { serveEmulator, type RunningEmulator } from '../../emulators/shared/serve.js';
import type { Dialect } from './dialects.js';
import { walk, type KomboClient, type Sdk } from './sdks.js';
import { startTestServer, type TestServer } from './test-server.js';

export { walk, type Page } from './sdks.js';

export const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A running emulator, the test server and an integration on it, with the SDK client. */
export interface ConnectorE2E {
  emulator: RunningEmulator;
  t: TestServer;
  integrationId: string;
  kombo: KomboClient;
  /** Closes the server, then the emulator. */
  close(): Promise<void>;
}

export interface ConnectorE2EOptions {
  /** The SDK version the client is built with. */
  sdk: Sdk;
  /** The body of `POST /v1/integrations` (tool, credentials, base_url, end_user), given the emulator's URL. */
  integration(emulatorUrl: string): Record<string, unknown>;
  /** Server environment on top of ALLOW_CUSTOM_BASE_URLS=1. */
  env?: Record<string, string>;
  /** The server's clock; pass the emulator's too (its `now`), so both see waited time pass alike. */
  clock?: Clock;
}

/** `POST /v1/integrations` on the test server with the API key. */
export function postIntegration(t: TestServer, body: unknown): Promise<Response> {
  return fetch(`${t.url}/v1/integrations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/**
 * Serves the emulator, starts the server on the dialect, creates the integration over HTTP (it must
 * answer 200), waits for its first sync and builds the SDK client. Whatever started is closed again
 * when a step fails.
 */
export async function startConnectorE2E(dialect: Dialect, emu: Emulator, options: ConnectorE2EOptions): Promise<ConnectorE2E> {
  const emulator = await serveEmulator(emu);
  let t: TestServer | undefined;
  try {
    t = await startTestServer(dialect, { ALLOW_CUSTOM_BASE_URLS: '1', ...options.env }, options.clock ? { clock: options.clock } : {});
    const res = await postIntegration(t, options.integration(emulator.url));
    expect(res.status, await res.clone().text()).toBe(200);
    const integrationId = ((await res.json()) as { data: { id: string } }).data.id;
    await t.server.services.runner.idle();
    const kombo = options.sdk.client({ api_key: t.apiKey, integration_id: integrationId, server_url: `${t.url}/v1` });
    const server = t;
    return {
      emulator,
      t: server,
      integrationId,
      kombo,
      async close() {
        await server.close();
        await emulator.close();
      },
    };
  } catch (err) {
    await t?.close();
    await emulator.close();
    throw err;
  }
}

/** A call on the emulator's admin API (`/__admin<path>`), with `body` sent as JSON when given. */
export function emulatorAdmin(emulatorUrl: string) {
  return (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${emulatorUrl}/__admin${path}`, { method, ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) });
}

export interface LastSync {
  id: string;
  type: string;
  state: string;
  error: string | null;
}

/** The integration's last sync; sync_state is ours (not in the SDK's model), so it is read without the SDK. */
export async function lastSync(e2e: Pick<ConnectorE2E, 't' | 'integrationId'>): Promise<LastSync> {
  const details = await fetch(`${e2e.t.url}/v1/integrations/${encodeURIComponent(e2e.integrationId)}`, { headers: { Authorization: `Bearer ${e2e.t.apiKey}` } });
  return ((await details.json()) as { data: { sync_state: { last_sync: LastSync } } }).data.sync_state.last_sync;
}

/** Triggers a sync through the SDK, waits for it and expects it to have succeeded. */
export async function syncAndExpectSuccess(e2e: Pick<ConnectorE2E, 't' | 'integrationId' | 'kombo'>, type: 'FULL' | 'DELTA'): Promise<void> {
  const res = await e2e.kombo.general.triggerSync({ type });
  await e2e.t.server.services.runner.idle();
  const last = await lastSync(e2e);
  expect(last, JSON.stringify(last)).toMatchObject({ id: res.data.sync_id, type, state: 'SUCCEEDED' });
}

export async function readApplication(kombo: KomboClient, id: string) {
  const [app] = await walk(kombo.ats.getApplications({ ids: [id] }));
  if (!app) throw new Error(`application ${id} not found`);
  return app;
}

export async function readCandidate(kombo: KomboClient, id: string) {
  const [candidate] = await walk(kombo.ats.getCandidates({ ids: [id] }));
  if (!candidate) throw new Error(`candidate ${id} not found`);
  return candidate;
}

export type SdkApplication = Awaited<ReturnType<typeof readApplication>>;

export interface FreshApplicationOptions {
  /** A further condition on the application. */
  accept?(app: SdkApplication): boolean;
  /** Also marks the vendor's ids (application and candidate) as used, so later tests avoid them at the vendor too. Default: true. */
  markRemoteIds?: boolean;
}

/** A pending application with a job whose application and candidate are not in `used`; marks them used. */
export async function freshApplication(kombo: KomboClient, used: Set<string>, options: FreshApplicationOptions = {}): Promise<SdkApplication> {
  const all = await walk(kombo.ats.getApplications({ page_size: 250, outcomes: ['PENDING'] }));
  const app = all.find((a) => a.job_id && !used.has(a.id) && !used.has(a.candidate_id ?? '') && (options.accept?.(a) ?? true));
  if (!app) throw new Error('no unused pending application left');
  const ids = options.markRemoteIds === false ? [app.id, app.candidate_id] : [app.id, app.candidate_id, app.remote_id, app.candidate?.remote_id];
  for (const id of ids) if (id) used.add(id);
  return app;
}
