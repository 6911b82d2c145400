/**
 * The connect flow and the operator dashboard in a real browser: Debian's Chromium
 * (/usr/bin/chromium, never a downloaded one) driven by playwright-core.
 *
 * A host page of ours (node:http on 127.0.0.1) loads @kombo-api/connect's bundle from node_modules
 * and calls showKomboConnect(link) with a link from our API. In the iframe the test picks Lever,
 * is refused with a wrong key (nothing is stored, connection-flow-failed is sent), then connects
 * with the right key against the Lever emulator; the host receives the activation token, which is
 * exchanged with the official SDK (1.1.3 and 1.3.4). After the first sync the dashboard shows the integration and its
 * run. Cancel, used and expired links are covered too. Every request not to 127.0.0.1 is blocked
 * and must never be attempted. Screenshots go to test-artifacts/.
 *
 * Without /usr/bin/chromium the file is skipped locally (apt-get install -y chromium); in CI it fails.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamtailorEmulator } from '../../emulators/teamtailor/app.js';
import { createLeverEmulator, type LeverEmulator } from '../../emulators/lever/app.js';
import { serveEmulator, type RunningEmulator } from '../../emulators/shared/serve.js';
import { sdkDialects, type KomboClient } from '../setup/sdks.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';
import { startReceiver, type Receiver } from '../setup/webhook-receiver.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium && process.env['CI']) {
  throw new Error(`The browser tests must run in CI, but ${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium).`);
}
if (!hasChromium) console.warn(`Skipping the browser tests: ${CHROMIUM} is missing. Install it with "apt-get install -y chromium" to run them.`);

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const CONNECT_BUNDLE = fileURLToPath(new URL('../../node_modules/@kombo-api/connect/dist/index.js', import.meta.url));
const SECRET = 'browser-webhook-secret-1234';

const HOST_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme HR (host page)</title>
<script src="/kombo-connect.js"></script></head><body>
<h1>Acme HR</h1><p>This page stands in for a customer's app that embeds the connect flow.</p>
<button id="connect" type="button">Connect your ATS</button>
<script src="/host.js"></script></body></html>`;

/** Records every message the page receives and what showKomboConnect() settles with. */
const HOST_SCRIPT = `
window.messages = [];
window.outcome = null;
window.addEventListener('message', function (event) { window.messages.push(event.data); });
document.getElementById('connect').addEventListener('click', function () {
  var link = new URLSearchParams(location.search).get('link');
  window.outcome = null;
  KomboConnect.showKomboConnect(link).then(
    function (token) { window.outcome = { token: token }; },
    function (err) { window.outcome = { error: err.name, message: err.message }; }
  );
});`;

interface HostServer {
  url: string;
  close(): Promise<void>;
}

async function startHost(): Promise<HostServer> {
  const bundle = fs.readFileSync(CONNECT_BUNDLE, 'utf8');
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(HOST_PAGE);
    else if (path === '/kombo-connect.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
    else if (path === '/host.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(HOST_SCRIPT);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Outcome {
  token?: string;
  error?: string;
  message?: string;
}

const outcomeOf = async (page: Page): Promise<Outcome> => {
  await page.waitForFunction('window.outcome !== null', undefined, { timeout: 20_000 });
  return (await page.evaluate('window.outcome')) as Outcome;
};
const messagesOf = async (page: Page): Promise<unknown[]> => (await page.evaluate('window.messages')) as unknown[];

/** A short description of the focused element: what a keyboard user lands on. */
const focused = async (page: Page): Promise<string> =>
  (await page.evaluate(
    "(() => { const el = document.activeElement; if (!el || el === document.body) return ''; return (el.getAttribute('aria-label') || el.textContent || el.getAttribute('id') || el.tagName).trim(); })()",
  )) as string;

describe.skipIf(!hasChromium).each(sdkDialects())('connect flow and dashboard in Chromium on $name (skipped without /usr/bin/chromium outside CI)', ({ sdk, dialect }) => {
  let t: TestServer;
  let emu: LeverEmulator;
  let lever: RunningEmulator;
  let receiver: Receiver;
  let host: HostServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let kombo: KomboClient;
  const blocked: string[] = [];
  const pageErrors: string[] = [];
  let usedLink = '';
  let integrationId = '';

  const shot = async (target: Page, name: string) => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await target.screenshot({ path: `${ARTIFACTS}${name}-${dialect.name}.png`, fullPage: true });
  };
  const countIntegrations = async () => (await t.server.services.db.kysely.selectFrom('integrations').select('id').execute()).length;
  const newLink = async (tool: 'lever' | 'sandbox' | null = null) =>
    (
      await kombo.connect.createConnectionLink({
        end_user_email: 'it@acme.example',
        end_user_organization_name: 'Acme Inc.',
        end_user_origin_id: 'acme-42',
        integration_category: 'ATS',
        integration_tool: tool,
      })
    ).data.link;
  /** Opens a link through @kombo-api/connect on the host page and returns its iframe. */
  const openConnect = async (link: string): Promise<FrameLocator> => {
    await page.goto(`${host.url}/?link=${encodeURIComponent(link)}`);
    await page.click('#connect');
    await page.waitForSelector('iframe');
    return page.frameLocator('iframe');
  };

  beforeAll(async () => {
    emu = createLeverEmulator({ seed: 5, size: 12, rateLimitPerSecond: Infinity });
    lever = await serveEmulator(emu);
    receiver = await startReceiver(SECRET);
    t = await startTestServer(dialect, { ALLOW_CUSTOM_BASE_URLS: '1', WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET });
    host = await startHost();
    kombo = sdk.client({ api_key: t.apiKey, server_url: `${t.url}/v1` });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Nothing may leave the machine: every request not to 127.0.0.1 is refused and recorded.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      blocked.push(url.href);
      return route.abort();
    });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await t?.close();
    await receiver?.close();
    await lever?.close();
  });

  it('connects Lever through showKomboConnect: a wrong key is refused and stores nothing, the right one yields the activation token', async () => {
    const link = await newLink();
    const frame = await openConnect(link);
    await expect.poll(() => frame.getByRole('heading', { name: 'Connect your applicant tracking system' }).isVisible()).toBe(true);
    await expect.poll(() => frame.getByText('for Acme Inc.').isVisible()).toBe(true);
    await shot(page, 'connect-1-picker');

    // The Sandbox is the operator's: without CONNECT_SANDBOX=1 end customers are not offered it.
    expect(await frame.locator('.tool-choice').count()).toBeGreaterThan(1);
    expect(await frame.locator('.tool-choice', { hasText: 'Sandbox' }).count()).toBe(0);
    // With the keyboard: the picker has focus on its first tool; Tab moves on, Shift+Tab back, Enter opens.
    expect(await frame.locator(':focus').textContent()).toMatch(/^Lever/);
    await page.keyboard.press('Tab');
    expect(await frame.locator(':focus').textContent()).not.toMatch(/^Lever/);
    await page.keyboard.press('Shift+Tab');
    expect(await frame.locator(':focus').textContent()).toMatch(/^Lever/);
    await page.keyboard.press('Enter');
    await expect.poll(() => frame.getByRole('heading', { name: 'Connect Lever' }).isVisible()).toBe(true);
    // Labelled fields with the manifest's help on where to find the key.
    const apiKey = frame.getByLabel('API key');
    expect(await frame.locator(':focus').getAttribute('id')).toBe('f-api_key');
    expect(await apiKey.getAttribute('type')).toBe('password');
    expect(await apiKey.getAttribute('aria-describedby')).toBe('h-api_key');
    await expect.poll(() => frame.getByText('Settings › Integrations and API › API Credentials').isVisible()).toBe(true);
    // Key or OAuth tokens: one of the two, said in words and grouped.
    await expect.poll(() => frame.getByText('Fill in API key or OAuth tokens, not both.').isVisible()).toBe(true);
    expect(await frame.locator('fieldset.alternative legend').allTextContents()).toEqual(['Option 1: API key', 'Option 2: OAuth tokens']);
    expect(await frame.locator('label[for="f-api_key"]').textContent()).toBe('API key (required for this option)');
    await shot(page, 'connect-1b-lever-form');

    const before = await countIntegrations();
    await apiKey.fill('not-the-right-key');
    await frame.getByLabel('API address').fill(`${lever.url}/v1`);
    await frame.getByRole('button', { name: 'Connect' }).click();
    const alert = frame.getByRole('alert');
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.textContent()).toMatch(/Lever did not accept these credentials\. Check them and try again\.Lever said: .*401/);
    expect(await countIntegrations()).toBe(before);
    expect(await frame.getByLabel('API key').inputValue()).toBe('');
    expect(await frame.getByLabel('API address').inputValue()).toBe(`${lever.url}/v1`);
    await receiver.waitFor((r) => r.some((x) => x.type === 'connection-flow-failed' && x.body.data['integration_tool'] === 'lever'));
    await shot(page, 'connect-2-wrong-key');

    await frame.getByLabel('API key').fill(emu.credentials.api_key ?? '');
    await frame.getByLabel('API key').press('Enter');
    const outcome = await outcomeOf(page);
    expect(outcome.error, outcome.message).toBeUndefined();
    const token = outcome.token ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await messagesOf(page)).toContainEqual({ type: 'success', data: { activation_token: token } });
    expect(await page.locator('iframe').count()).toBe(0);

    const exchanged = await kombo.connect.getIntegrationByToken({ token });
    expect(exchanged.data).toMatchObject({ tool: 'lever', end_user_organization_name: 'Acme Inc.', end_user_origin_id: 'acme-42', end_user_email: 'it@acme.example' });
    integrationId = exchanged.data.id;
    expect(await countIntegrations()).toBe(before + 1);
    await t.server.services.runner.idle();
    const details = await kombo.general.getIntegrationDetails({ integration_id: integrationId });
    expect(details.data).toMatchObject({ status: 'ACTIVE', setup_status: 'COMPLETED' });
    const jobs = await sdk.client({ api_key: t.apiKey, server_url: `${t.url}/v1`, integration_id: integrationId }).ats.getJobs({ page_size: 250 });
    expect(jobs.result.data.results.length).toBeGreaterThan(0);
    usedLink = link;
  });

  it('posts {type: "close"} when the user cancels, by button or Escape', async () => {
    const frame = await openConnect(await newLink('sandbox'));
    await expect.poll(() => frame.getByRole('heading', { name: 'Connect Sandbox' }).isVisible()).toBe(true);
    await shot(page, 'connect-3-fixed-tool');
    await frame.getByRole('button', { name: 'Cancel' }).click();
    const cancelled = await outcomeOf(page);
    expect(cancelled.error).toBe('KomboConnectCancelledError');
    expect(await messagesOf(page)).toEqual([{ type: 'close' }]);
    expect(await page.locator('iframe').count()).toBe(0);

    // On a phone the dialog takes the whole screen and nothing is wider than it.
    await page.setViewportSize({ width: 390, height: 844 });
    const again = await openConnect(await newLink('sandbox'));
    await expect.poll(() => again.getByLabel('Size').isVisible()).toBe(true);
    const connectFrame = page.frames().find((f) => f.url().includes('/connect/'));
    expect(await connectFrame?.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(page, 'connect-5-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await again.getByLabel('Size').press('Escape');
    expect((await outcomeOf(page)).error).toBe('KomboConnectCancelledError');
  });

  it('shows a clear page for a used or an expired link', async () => {
    const used = await openConnect(usedLink);
    await expect.poll(() => used.getByRole('heading', { name: 'This link was already used' }).isVisible()).toBe(true);
    await expect.poll(() => used.getByText('Lever was connected with it on').isVisible()).toBe(true);
    await shot(page, 'connect-4-used-link');
    await used.getByRole('button', { name: 'Close' }).first().click();
    expect((await outcomeOf(page)).error).toBe('KomboConnectCancelledError');

    const link = await newLink();
    await t.server.services.db.kysely
      .updateTable('connect_links')
      .set({ expires_at: new Date(Date.now() - 60_000).toISOString() })
      .where('used_at', 'is', null)
      .execute();
    const expired = await openConnect(link);
    await expect.poll(() => expired.getByRole('heading', { name: 'This link has expired' }).isVisible()).toBe(true);
    await expect.poll(() => expired.getByText('Connection links work for one hour').isVisible()).toBe(true);
  });

  it('shows the integration and its run on the dashboard, force-syncs, and is usable with the keyboard', async () => {
    const dash = await context.newPage();
    dash.on('pageerror', (err) => pageErrors.push(err.message));
    await dash.goto(`${t.url}/dashboard`);
    // Signing in with the keyboard alone: the key field has focus.
    expect(await focused(dash)).toBe('api-key');
    await dash.keyboard.type(t.apiKey);
    await dash.keyboard.press('Enter');
    const row = dash.locator(`tr[data-integration-id="${integrationId}"]`);
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('Lever');
    expect(rowText).toContain('Acme Inc.');
    expect(rowText).toContain('active');
    expect(rowText).toContain('completed');
    expect(rowText).toMatch(/synced/);
    expect(await dash.evaluate("sessionStorage.getItem('unified-ats.api-key')")).toBe(t.apiKey);
    expect(await context.cookies()).toEqual([]);
    await shot(dash, 'dashboard-1-integrations');

    await row.getByRole('link', { name: /Open Lever/ }).click();
    await dash.getByRole('heading', { name: 'Lever · Acme Inc.' }).waitFor();
    // Lever's webhooks to us were registered through its API on connect: status and URL, no secret to copy.
    const inbound = dash.locator('#inbound-webhook');
    await inbound.waitFor();
    expect(await inbound.textContent()).toMatch(/Statusregistered/);
    expect(await dash.locator('#inbound-webhook-url').textContent()).toMatch(new RegExp(`^${t.url}/v1/vendor-webhooks/[A-Za-z0-9_-]{40,}$`));
    expect(await dash.locator('#inbound-webhook-secret').count()).toBe(0);
    const runs = dash.locator('tr[data-run-id]');
    await expect.poll(() => runs.count()).toBe(1);
    expect(await runs.first().textContent()).toMatch(/FULL.*succeeded.*\d+ created, 0 updated, 0 deleted, 0 unchanged/);

    await dash.getByRole('button', { name: 'Force sync' }).click();
    await expect.poll(() => dash.locator('#status').textContent()).toMatch(/Sync queued|already queued/);
    await t.server.services.runner.idle();
    await expect.poll(() => runs.count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(async () => (await runs.first().textContent()) ?? '', { timeout: 15_000 }).toMatch(/succeeded.*0 created, 0 updated, 0 deleted, \d+ unchanged/);
    await runs.first().locator('summary').click();
    await shot(dash, 'dashboard-2-integration');

    // Keyboard: Tab from the top reaches the skip link, the navigation and every action.
    await dash.evaluate('document.activeElement && document.activeElement.blur()');
    await dash.evaluate('window.scrollTo(0, 0)');
    const reached: string[] = [];
    for (let i = 0; i < 25; i++) {
      await dash.keyboard.press('Tab');
      reached.push(await focused(dash));
    }
    for (const control of ['Skip to content', 'Integrations', 'Connection links', 'Webhooks', 'Request logs', 'Sign out', 'Force sync', 'Disable', 'Delete', 'Create reconnection link']) {
      expect(reached, `Tab order: ${reached.join(' | ')}`).toContain(control);
    }
    // Enter on a focused nav link navigates; focus moves to the new view's heading.
    await dash.getByRole('link', { name: 'Connection links' }).focus();
    await dash.keyboard.press('Enter');
    await dash.getByRole('heading', { name: 'Connection links' }).waitFor();
    expect(await focused(dash)).toBe('Connection links');

    // A connection link from the dashboard.
    await dash.getByLabel('Organization name').fill('Globex');
    await dash.getByLabel('End user email').fill('ops@globex.example');
    await dash.getByLabel('Tool', { exact: true }).selectOption('sandbox');
    await dash.getByRole('button', { name: 'Create link' }).click();
    await expect.poll(() => dash.getByLabel('Connection link', { exact: true }).inputValue()).toMatch(new RegExp(`^${t.url}/connect/`));
    const created = await dash.getByLabel('Connection link', { exact: true }).inputValue();
    const createdPage = await getText(created);
    expect(createdPage).toContain('Connect Sandbox');
    expect(createdPage).toContain('for Globex');

    // The phone-sized viewport: nothing wider than the screen.
    await dash.setViewportSize({ width: 390, height: 844 });
    await dash.goto(`${t.url}/dashboard#/integrations`);
    await row.waitFor();
    expect(await dash.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(dash, 'dashboard-3-phone');
    await dash.goto(`${t.url}/dashboard#/integrations/${encodeURIComponent(integrationId)}`);
    await dash.getByRole('button', { name: 'Force sync' }).waitFor();
    expect(await dash.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(dash, 'dashboard-4-phone-integration');
    await dash.setViewportSize({ width: 1280, height: 800 });
    await dash.close();
  });

  it('disables, enables and deletes an integration, and redelivers a webhook from the dashboard', async () => {
    const res = await fetch(`${t.url}/v1/integrations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ tool: 'sandbox', credentials: { size: '3' }, end_user: { organization_name: 'Disposable Ltd' } }),
    });
    const disposable = ((await res.json()) as { data: { id: string } }).data.id;
    await t.server.services.runner.idle();

    const dash = await context.newPage();
    dash.on('pageerror', (err) => pageErrors.push(err.message));
    // Still signed in: the key is in this tab's sessionStorage only, so a new tab asks again.
    await dash.goto(`${t.url}/dashboard#/integrations/${encodeURIComponent(disposable)}`);
    await dash.getByLabel('API key').fill(t.apiKey);
    await dash.getByRole('button', { name: 'Sign in' }).click();
    await dash.getByRole('heading', { name: 'Sandbox · Disposable Ltd' }).waitFor();

    await dash.getByRole('button', { name: 'Disable' }).click();
    await dash.getByRole('button', { name: 'Enable' }).waitFor();
    expect((await kombo.general.getIntegrationDetails({ integration_id: disposable })).data.status).toBe('INACTIVE');
    expect(await dash.getByRole('button', { name: 'Force sync' }).isDisabled()).toBe(true);
    await dash.getByRole('button', { name: 'Enable' }).click();
    await dash.getByRole('button', { name: 'Disable' }).waitFor();
    expect((await kombo.general.getIntegrationDetails({ integration_id: disposable })).data.status).toBe('ACTIVE');
    await t.server.services.runner.idle();

    const relink = dash.getByRole('button', { name: 'Create reconnection link' });
    await relink.click();
    await expect.poll(() => dash.getByLabel('Reconnection link', { exact: true }).inputValue()).toMatch(/\/connect\//);
    expect(await getText(await dash.getByLabel('Reconnection link', { exact: true }).inputValue())).toContain('Reconnect Sandbox');

    dash.once('dialog', (dialog) => void dialog.accept());
    await dash.getByRole('button', { name: 'Delete' }).click();
    await dash.getByRole('heading', { name: 'Integrations' }).waitFor();
    await expect.poll(() => dash.locator(`tr[data-integration-id="${disposable}"]`).count()).toBe(0);
    await expect.poll(async () => (await kombo.general.getIntegrationDetails({ integration_id: disposable }).then(() => 'found', () => 'gone'))).toBe('gone');

    await dash.getByRole('link', { name: 'Webhooks' }).click();
    await dash.getByRole('heading', { name: 'Webhooks' }).waitFor();
    expect(await dash.locator('main').textContent()).toContain(receiver.url);
    await dash.getByRole('link', { name: `Deliveries to ${receiver.url}` }).click();
    await dash.getByRole('heading', { name: 'Deliveries' }).waitFor();
    const delivered = dash.locator('tr', { hasText: 'integration-created' }).first();
    await delivered.waitFor();
    expect(await delivered.textContent()).toMatch(/delivered/);
    const hits = receiver.hits();
    await delivered.getByRole('button', { name: /Redeliver/ }).click();
    await expect.poll(() => dash.locator('#status').textContent()).toMatch(/queued again/);
    await expect.poll(() => receiver.hits(), { timeout: 15_000 }).toBeGreaterThan(hits);
    await shot(dash, 'dashboard-5-deliveries');

    await dash.getByRole('link', { name: 'Request logs' }).click();
    const failed = receiver.received.find((r) => r.type === 'connection-flow-failed');
    const logUrl = String(failed?.body.data['log_url']);
    await dash.getByLabel('Request log id or log_url').fill(logUrl);
    await dash.getByRole('button', { name: 'Open log' }).click();
    await dash.getByRole('heading', { name: 'Request log', exact: true }).waitFor();
    expect(await dash.locator('body').textContent()).toMatch(/Lever rejected them/);
    // Signed in, the log shows which request it was.
    const facts = (await dash.locator('#log-facts').textContent()) ?? '';
    expect(facts).toMatch(/RequestPOST \/connectHTTP status400Duration\d+ msError codeINTEGRATION\.AUTHENTICATION_INVALID/);
    await shot(dash, 'logs-2-dashboard-log');

    // The list: newest first, filtered by status and path, each row opening its log.
    await dash.getByRole('link', { name: 'All requests' }).click();
    await dash.getByRole('heading', { name: 'Request logs', exact: true }).waitFor();
    const logRows = dash.locator('tr[data-log-id]');
    await expect.poll(() => logRows.count()).toBeGreaterThan(1);
    const times = await dash.locator('tr[data-log-id] time').evaluateAll((els) => els.map((el) => el.getAttribute('datetime') ?? ''));
    expect(times).toEqual([...times].sort().reverse());
    await shot(dash, 'logs-1-list');
    await dash.getByLabel('Status').fill('404');
    await dash.getByLabel('Path contains').fill('/v1/integrations/');
    await dash.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(async () => (await logRows.allTextContents()).every((text) => /404/.test(text) && text.includes('/v1/integrations/'))).toBe(true);
    await expect.poll(() => logRows.count()).toBeGreaterThan(0);
    await logRows.first().getByRole('link', { name: /Open request log/ }).click();
    await dash.getByRole('heading', { name: 'Request log', exact: true }).waitFor();
    expect(await dash.locator('#log-facts').textContent()).toMatch(/HTTP status404/);

    // The public page behind log_url: readable, the request line and what the answer said; duration and integration only behind the sign-in.
    await dash.goto(logUrl);
    await dash.getByRole('heading', { name: 'Request log', exact: true }).waitFor();
    const publicText = (await dash.locator('main').textContent()) ?? '';
    expect(publicText).toMatch(/Lever rejected them/);
    expect(publicText).toMatch(/RequestPOST \/connect/);
    expect(publicText).not.toMatch(/Duration/);
    expect(await dash.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
    await shot(dash, 'logs-3-public-page');
    await dash.close();
  });

  it('shows why setup is pending, orders integrations newest first, and replaces a view that cannot load', async () => {
    // A first sync that cannot read anything: setup stays pending and the retry is scheduled.
    const res = await fetch(`${t.url}/v1/integrations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ tool: 'sandbox', credentials: { size: '3', fail_rate_500: '1' }, end_user: { organization_name: 'Broken Co' } }),
    });
    const broken = ((await res.json()) as { data: { id: string } }).data.id;
    await t.server.services.runner.idle();

    const dash = await context.newPage();
    dash.on('pageerror', (err) => pageErrors.push(err.message));
    await dash.goto(`${t.url}/dashboard#/integrations`);
    await dash.getByLabel('API key').fill(t.apiKey);
    await dash.getByRole('button', { name: 'Sign in' }).click();
    const row = dash.locator(`tr[data-integration-id="${broken}"]`);
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('never synced last run: failed');
    expect(rowText).toMatch(/final sync pending retry /);
    // Newest first: the integration just created heads the list.
    const ids = await dash.locator('tr[data-integration-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-integration-id')));
    expect(ids[0]).toBe(broken);
    const created = await Promise.all(ids.map(async (id) => (await kombo.general.getIntegrationDetails({ integration_id: id ?? '' })).data.created_at));
    expect(created.map((d) => new Date(d).getTime())).toEqual(created.map((d) => new Date(d).getTime()).sort((a, b) => b - a));
    await shot(dash, 'dashboard-6-setup-pending-list');

    await row.getByRole('link', { name: /Open Sandbox/ }).click();
    await dash.getByRole('heading', { name: 'Sandbox · Broken Co' }).waitFor();
    // Ten models failing alike are one error line with its count and models, not ten.
    const errorLines = dash.locator('tr[data-run-id] .error-groups li');
    await expect.poll(() => errorLines.count()).toBe(1);
    expect(await errorLines.first().textContent()).toMatch(/^10× Sandbox answered HTTP 500: .*· users, roles, tags, .*attachments Details$/);
    // Each line opens the run's error details: the code, the count, the models, when, and what to do.
    await errorLines.first().getByRole('link', { name: 'Details of error 1 of this run' }).click();
    await dash.getByRole('heading', { name: 'Sync run' }).waitFor();
    const detail = dash.locator('#error-0');
    expect(await detail.locator('h2').textContent()).toBe('Error 1: REMOTE.UNKNOWN_HTTP_ERROR');
    const detailText = (await detail.textContent()) ?? '';
    expect(detailText).toMatch(/Sandbox answered HTTP 500/);
    expect(detailText).toMatch(/Occurred10 times/);
    expect(detailText).toMatch(/Modelsusers, roles, tags, .*attachments/);
    expect(detailText).toContain('The next sync tries again');
    expect(await dash.evaluate('document.activeElement && document.activeElement.id')).toBe('error-0');
    await shot(dash, 'dashboard-7b-sync-error-details');
    await dash.getByRole('link', { name: 'Back to the integration' }).click();
    await dash.getByRole('heading', { name: 'Sandbox · Broken Co' }).waitFor();
    const reason = (await dash.locator('#setup-pending-reason').textContent()) ?? '';
    expect(reason).toMatch(/^The first sync failed: .*500.*Reads answer SETUP_SYNC_PENDING until a sync succeeds; retried at \d{4}-\d\d-\d\dT.* \(1 failed attempt so far\)\.$/);
    await shot(dash, 'dashboard-7-setup-pending');

    // An unknown id: the previous integration leaves the screen, a not-found page takes its place.
    await dash.goto(`${t.url}/dashboard#/integrations/${encodeURIComponent('sandbox:does-not-exist')}`);
    await dash.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await dash.getByRole('heading', { name: 'Sandbox · Broken Co' }).count()).toBe(0);
    expect(await dash.locator('#view-error').textContent()).toMatch(/sandbox:does-not-exist|not found/i);
    await shot(dash, 'dashboard-8-not-found');
    // A force-sync error toast on one page is gone on the next.
    await dash.goto(`${t.url}/dashboard#/integrations/${encodeURIComponent(broken)}`);
    await dash.getByRole('heading', { name: 'Sandbox · Broken Co' }).waitFor();
    await dash.evaluate("document.getElementById('status').innerHTML = '<div class=\"toast error\">Simulated failure</div>'");
    await dash.getByRole('link', { name: 'Webhooks' }).click();
    await dash.getByRole('heading', { name: 'Webhooks' }).waitFor();
    expect(await dash.locator('#status').textContent()).toBe('');
    await dash.close();
  });

  it('shows a running sync live: records and pages per model, then its retries and 429 waits', async () => {
    const res = await fetch(`${t.url}/v1/integrations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json' },
      // Slow pages keep the run going long enough to watch; 429s with a short Retry-After are retried.
      body: JSON.stringify({ tool: 'sandbox', credentials: { size: '3', seed: '7', slow_ms: '600', fail_rate_429: '0.4', retry_after_seconds: '0.05' }, end_user: { organization_name: 'Slow Co' } }),
    });
    const slow = ((await res.json()) as { data: { id: string } }).data.id;
    const dash = await context.newPage();
    dash.on('pageerror', (err) => pageErrors.push(err.message));
    await dash.goto(`${t.url}/dashboard#/integrations/${encodeURIComponent(slow)}`);
    await dash.getByLabel('API key').fill(t.apiKey);
    await dash.getByRole('button', { name: 'Sign in' }).click();
    await dash.getByRole('heading', { name: 'Sandbox · Slow Co' }).waitFor();
    const live = dash.locator('tr[data-run-id] .progress-list li');
    await expect.poll(() => live.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await live.first().textContent()).toMatch(/^users: \d+ records, \d+ pages?( \(reading…\))?$/);
    await shot(dash, 'dashboard-9-live-progress');
    await t.server.services.runner.idle();
    const run = dash.locator('tr[data-run-id]').first();
    const runs = (await (await fetch(`${t.url}/v1/integrations/${encodeURIComponent(slow)}/syncs`, { headers: { Authorization: `Bearer ${t.apiKey}` } })).json()) as {
      data: { results: Array<{ progress: { retries: number; rate_limit_waits: number; models: Record<string, { records: number }> } }> };
    };
    const progress = runs.data.results[0]?.progress;
    expect(progress?.rate_limit_waits).toBeGreaterThan(0);
    expect(progress?.retries).toBeGreaterThanOrEqual(progress?.rate_limit_waits ?? 0);
    // Once the page has polled the finished run, it shows the final counts.
    await expect.poll(async () => (await run.textContent()) ?? '', { timeout: 15_000 }).toMatch(/(succeeded|partially failed)/);
    expect(await run.textContent()).toMatch(new RegExp(`${progress?.retries} retr(y|ies), ${progress?.rate_limit_waits} rate-limit \\(429\\) waits?`));
    await shot(dash, 'dashboard-10-finished-run');
    await dash.close();
  });

  it('takes the signing key Teamtailor generated in the webhook panel', async () => {
    const ttEmu = createTeamtailorEmulator({ seed: 2, size: 3, rateLimitPerSecond: Infinity });
    const teamtailor = await serveEmulator(ttEmu);
    try {
      const api = (path: string, init: RequestInit = {}) => fetch(`${t.url}/v1${path}`, { ...init, headers: { Authorization: `Bearer ${t.apiKey}`, 'Content-Type': 'application/json' } });
      const res = await api('/integrations', { method: 'POST', body: JSON.stringify({ tool: 'teamtailor', credentials: ttEmu.credentials, base_url: `${teamtailor.url}/v1`, end_user: { organization_name: 'Tailored AB' } }) });
      const id = ((await res.json()) as { data: { id: string } }).data.id;
      await t.server.services.runner.idle();
      const dash = await context.newPage();
      dash.on('pageerror', (err) => pageErrors.push(err.message));
      await dash.goto(`${t.url}/dashboard#/integrations/${encodeURIComponent(id)}`);
      await dash.getByLabel('API key').fill(t.apiKey);
      await dash.getByRole('button', { name: 'Sign in' }).click();
      await dash.getByRole('heading', { name: 'Teamtailor · Tailored AB' }).waitFor();
      const inbound = dash.locator('#inbound-webhook');
      expect(await inbound.textContent()).toMatch(/Signing keymissing/);
      expect(await dash.locator('#inbound-webhook-secret').count()).toBe(0);
      await dash.getByLabel('Teamtailor signing key').fill('key-from-teamtailor-settings');
      await dash.getByRole('button', { name: 'Save key' }).click();
      await dash.getByRole('button', { name: 'Replace key' }).waitFor();
      expect(await dash.locator('#inbound-webhook').textContent()).toMatch(/Signing keyset/);
      const details = (await (await api(`/integrations/${encodeURIComponent(id)}`)).json()) as { data: { inbound_webhook: { vendor_secret: string } } };
      expect(details.data.inbound_webhook.vendor_secret).toBe('SET');
      await shot(dash, 'dashboard-5-vendor-key');
      await dash.close();
    } finally {
      await teamtailor.close();
    }
  });

  it('made no request off this machine and raised no script error', () => {
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

async function getText(url: string): Promise<string> {
  return (await fetch(url)).text();
}
