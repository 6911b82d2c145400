/**
 * The connect page as the operator configures it: without CONNECT_SANDBOX the picker does not
 * offer the Sandbox (a link the operator made for it still works); required fields are marked;
 * Lever's two ways in (API key or OAuth tokens) are shown as a choice of one, and a submission
 * with neither, by form or API, says which alternative is needed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGreenhouseEmulator } from '../../emulators/greenhouse/app.js';
import { serveEmulator } from '../../emulators/shared/serve.js';
import { createTeamtailorEmulator } from '../../emulators/teamtailor/app.js';
import { DIALECTS } from '../setup/dialects.js';
import { call, dataOf, expectError } from '../setup/http-client.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';

const dialect = DIALECTS[0];
if (!dialect) throw new Error('no dialect');

async function getPage(url: string): Promise<{ status: number; html: string }> {
  const res = await fetch(url);
  return { status: res.status, html: await res.text() };
}

async function postForm(url: string, fields: Record<string, string>): Promise<{ status: number; html: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  return { status: res.status, html: await res.text() };
}

describe('connect page forms and the Sandbox switch', () => {
  let off: TestServer;
  let on: TestServer;

  const newLink = async (t: TestServer, tool: string | null = null) =>
    String(
      dataOf(
        await call(t, 'POST', '/v1/connect/create-link', {
          json: { end_user_email: 'it@acme.example', end_user_organization_name: 'Acme', integration_category: 'ATS', integration_tool: tool },
        }),
      )['link'],
    );

  beforeAll(async () => {
    [off, on] = await Promise.all([startTestServer(dialect, { SANDBOX: '0' }), startTestServer(dialect, { SANDBOX: '0', CONNECT_SANDBOX: '1' })]);
  });
  afterAll(async () => {
    await off?.close();
    await on?.close();
  });

  it('offers the Sandbox in the picker only with CONNECT_SANDBOX=1', async () => {
    const hidden = await getPage(await newLink(off));
    expect(hidden.status).toBe(200);
    expect(hidden.html).toContain('href="?tool=lever"');
    expect(hidden.html).not.toContain('?tool=sandbox');
    expect(hidden.html).not.toContain('Sandbox');
    const shown = await getPage(await newLink(on));
    expect(shown.html).toContain('href="?tool=sandbox"');
  });

  it('does not let a picker link be used for the Sandbox by hand, but opens a link made for it', async () => {
    const link = await newLink(off);
    const typed = await getPage(`${link}?tool=sandbox`);
    expect(typed.html).toContain('Connect your applicant tracking system');
    expect(typed.html).not.toContain('id="f-size"');
    const posted = await postForm(link, { tool: 'sandbox', 'cred.size': '3' });
    expect(posted.html).not.toContain('Sandbox is connected');
    expect((await call(off, 'GET', '/v1/integrations')).text).not.toContain('sandbox:');

    const fixed = await getPage(await newLink(off, 'sandbox'));
    expect(fixed.html).toContain('Connect Sandbox');
    expect(fixed.html).toContain('id="f-size"');
  });

  it("marks required and optional fields, and shows Lever's API key or OAuth tokens as a choice of one", async () => {
    const link = await newLink(off);
    const greenhouse = await getPage(`${link}?tool=greenhouse`);
    expect(greenhouse.html).toMatch(/<label for="f-client_id">Client ID <span class="required">\(required\)<\/span><\/label>/);
    expect(greenhouse.html).toMatch(/id="f-client_id"[^>]* required aria-required="true"/);

    const lever = await getPage(`${link}?tool=lever`);
    expect(lever.html).toContain('<legend>Sign in with one of these <span class="required">(required)</span></legend>');
    expect(lever.html).toContain('Fill in API key or OAuth tokens, not both.');
    expect(lever.html).toContain('<legend>Option 1: API key</legend>');
    expect(lever.html).toContain('<legend>Option 2: OAuth tokens</legend>');
    expect(lever.html).toMatch(/<label for="f-api_key">API key <span class="required">\(required for this option\)<\/span>/);
    expect(lever.html).toMatch(/<label for="f-refresh_token">OAuth refresh token <span class="optional">\(optional\)<\/span>/);
    expect(lever.html).toMatch(/<label for="f-perform_as">Act as user <span class="optional">\(optional\)<\/span>/);
    // Either alternative may be the one filled, so no input of theirs is required in HTML.
    expect(lever.html).not.toMatch(/id="f-(api_key|access_token)"[^>]* required/);

    const neither = await postForm(link, { tool: 'lever', 'cred.perform_as': 'u1' });
    expect(neither.status).toBe(400);
    expect(neither.html).toContain('Lever needs one of: API key or OAuth tokens.');
  });

  it("logs a failed connection with the time the vendor's check took", async () => {
    // A vendor that takes a while to refuse: the failure log's duration must include the wait.
    const slowRefusal = createServer((_req, res) => {
      setTimeout(() => res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"invalid_client"}'), 150);
    });
    await new Promise<void>((resolve) => slowRefusal.listen(0, '127.0.0.1', resolve));
    const custom = await startTestServer(dialect, { SANDBOX: '0', ALLOW_CUSTOM_BASE_URLS: '1' });
    try {
      const link = await newLink(custom, 'greenhouse');
      const base = `http://127.0.0.1:${(slowRefusal.address() as AddressInfo).port}`;
      const refused = await postForm(link, { tool: 'greenhouse', 'cred.client_id': 'id', 'cred.client_secret': 'wrong', base_url: base });
      expect(refused.status).toBe(400);
      const logs = dataOf(await call(custom, 'GET', '/v1/request-logs?path=%2Fconnect')) as { results: Array<{ duration_ms: number; status: number }> };
      expect(logs.results).toHaveLength(1);
      expect(logs.results[0]?.status).toBe(400);
      expect(logs.results[0]?.duration_ms).toBeGreaterThanOrEqual(150);
    } finally {
      await custom.close();
      slowRefusal.close();
    }
  });

  it('shows where a tool without a webhook API needs its settings filled: our URL and secret, and they work', async () => {
    const emu = createGreenhouseEmulator({ seed: 3, size: 4 });
    const greenhouse = await serveEmulator(emu);
    const custom = await startTestServer(dialect, { SANDBOX: '0', ALLOW_CUSTOM_BASE_URLS: '1' });
    try {
      const link = await newLink(custom, 'greenhouse');
      const done = await postForm(link, {
        tool: 'greenhouse',
        'cred.client_id': emu.credentials['client_id'] ?? '',
        'cred.client_secret': emu.credentials['client_secret'] ?? '',
        base_url: greenhouse.url,
      });
      expect(done.status).toBe(200);
      expect(done.html).toContain('Greenhouse is connected');
      expect(done.html).toContain('<h2 id="vendor-webhook-title">Optional: changes within seconds</h2>');
      const url = /<code id="vendor-webhook-url">([^<]+)<\/code>/.exec(done.html)?.[1] ?? '';
      const secret = /<code id="vendor-webhook-secret">([^<]+)<\/code>/.exec(done.html)?.[1] ?? '';
      expect(url).toMatch(new RegExp(`^${custom.url}/v1/vendor-webhooks/[A-Za-z0-9_-]{40,}$`));
      expect(secret.length).toBeGreaterThanOrEqual(20);
      // Entered in Greenhouse's settings (the emulator's stand-in for them), the ping it sends on save is accepted.
      const saved = await fetch(`${greenhouse.url}/__admin/web_hooks`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'unified-ats', url, secret_key: secret }),
      });
      expect(((await saved.json()) as { active: boolean }).active).toBe(true);
    } finally {
      await custom.close();
      await greenhouse.close();
    }
  });

  it('takes the signing key a tool generates itself (Teamtailor) on the page that showed the steps, and deliveries then pass', async () => {
    const emu = createTeamtailorEmulator({ seed: 3, size: 4, rateLimitPerSecond: Infinity });
    const teamtailor = await serveEmulator(emu);
    const custom = await startTestServer(dialect, { SANDBOX: '0', ALLOW_CUSTOM_BASE_URLS: '1' });
    try {
      const link = await newLink(custom, 'teamtailor');
      const done = await postForm(link, { tool: 'teamtailor', 'cred.api_key': emu.credentials['api_key'] ?? '', base_url: `${teamtailor.url}/v1` });
      expect(done.status).toBe(200);
      expect(done.html).toContain('Teamtailor is connected');
      const url = /<code id="vendor-webhook-url">([^<]+)<\/code>/.exec(done.html)?.[1] ?? '';
      expect(url).toMatch(new RegExp(`^${custom.url}/v1/vendor-webhooks/[A-Za-z0-9_-]{40,}$`));
      // No secret of ours to copy: Teamtailor makes the key, entered in the form below the steps.
      expect(done.html).not.toContain('id="vendor-webhook-secret"');
      expect(done.html).toContain('<input id="f-webhook-key" name="webhook_key" type="password"');
      const added = await fetch(`${teamtailor.url}/__admin/company-webhooks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url, events: ['job_application.update'] }) });
      const key = ((await added.json()) as { signature_key: string }).signature_key;
      const emptyKey = await postForm(link, { webhook_key: ' ' });
      expect(emptyKey.status).toBe(400);
      const saved = await postForm(link, { webhook_key: key });
      expect(saved.status).toBe(200);
      expect(saved.html).toContain('Signing key saved');
      expect(saved.html).toContain('a key is saved already');
      // Teamtailor's next delivery is verified with it.
      const app = emu.state.applications[0];
      await fetch(`${teamtailor.url}/__admin/job-applications/${app?.id ?? ''}/update`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      await emu.webhooks.settle();
      expect(emu.webhooks.attempts.map((a) => a.status)).toEqual([200]);
      // A link that connected something else (or none) takes no key.
      const other = await postForm(await newLink(custom, 'teamtailor'), { webhook_key: key });
      expect(other.status).toBe(410);
    } finally {
      await custom.close();
      await teamtailor.close();
    }
  });

  it('refuses an API-created Lever integration without either alternative, naming them', async () => {
    const answer = await call(off, 'POST', '/v1/integrations', { json: { tool: 'lever', credentials: { perform_as: 'u1' }, end_user: { organization_name: 'Acme' } } });
    expectError(answer, 400, 'PLATFORM.INPUT_INVALID', /credentials.*Lever needs one of: API key or OAuth tokens\./);
  });
});
