/**
 * The connection flow's API on every dialect, driven with the official SDK (1.1.3 and 1.3.4, see
 * test/setup/sdks.ts): create-link,
 * integration-by-token, relink, setup-link and tools, their error cases, and the hosted connect
 * page over plain HTTP (the browser test drives it through @kombo-api/connect): picker, form,
 * a wrong key (nothing stored, connection-flow-failed), success, single use, expiry, relink.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allConnectors } from '../../src/connectors/registry.js';
import { isGeneralError, sdkDialects, type Kombo113, type Kombo134, type KomboClient, type KomboGeneralError, type Sdk, webhookParses } from '../setup/sdks.js';
import { startTestServer, type TestServer } from '../setup/test-server.js';
import { startReceiver, type Receiver } from '../setup/webhook-receiver.js';

const SECRET = 'connect-webhook-secret-123';
/** Other connectors are added over time: the tests follow the registry. */
const TOOLS = allConnectors().map((c) => c.manifest.id);

async function generalErrorOf(sdk: Sdk, promise: Promise<unknown>): Promise<KomboGeneralError> {
  try {
    await promise;
  } catch (err) {
    if (isGeneralError(sdk, err)) return err;
    throw err;
  }
  throw new Error('expected a KomboGeneralError');
}

/** A create-link request both SDK versions take. */
type LinkRequest = Parameters<Kombo113['connect']['createConnectionLink']>[0] & Parameters<Kombo134['connect']['createConnectionLink']>[0];

interface Page {
  status: number;
  html: string;
  headers: Headers;
}

async function getPage(url: string): Promise<Page> {
  const res = await fetch(url);
  return { status: res.status, html: await res.text(), headers: res.headers };
}

async function postForm(url: string, fields: Record<string, string>): Promise<Page> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

const activationTokenOf = (html: string): string => {
  const match = /data-activation-token="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`no activation token in the page: ${html.slice(0, 400)}`);
  return match[1];
};

describe.each(sdkDialects())('connect API and connect page on $name', ({ sdk, dialect }) => {
  const generalError = (promise: Promise<unknown>) => generalErrorOf(sdk, promise);
  let t: TestServer;
  let receiver: Receiver;
  let kombo: KomboClient;

  const countIntegrations = async () => (await t.server.services.db.kysely.selectFrom('integrations').select('id').execute()).length;
  const newLink = async (extra: Partial<LinkRequest> = {}) =>
    (
      await kombo.connect.createConnectionLink({
        end_user_email: 'it@acme.example',
        end_user_organization_name: 'Acme GmbH',
        end_user_origin_id: 'acme-1',
        integration_category: 'ATS',
        ...extra,
      })
    ).data.link;

  beforeAll(async () => {
    receiver = await startReceiver(SECRET);
    // The flow below connects the Sandbox through the picker, which offers it only with CONNECT_SANDBOX=1
    // (test/e2e/connect-page-forms.test.ts covers the picker without it).
    t = await startTestServer(dialect, { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: SECRET, CONNECT_SANDBOX: '1' });
    kombo = sdk.client({ api_key: t.apiKey, server_url: `${t.url}/v1` });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('creates links for ATS and explains why the SDK default (HRIS) is refused', async () => {
    const link = await newLink();
    expect(link).toMatch(new RegExp(`^${t.url}/connect/[A-Za-z0-9_-]{43}$`));
    expect(await newLink()).not.toBe(link);

    const hris = await generalError(kombo.connect.createConnectionLink({ end_user_email: 'it@acme.example', end_user_organization_name: 'Acme' }));
    expect(hris.statusCode).toBe(400);
    expect(hris.data$.error.code).toBe('PLATFORM.INPUT_INVALID');
    expect(hris.message).toMatch(/integration_category/);
    expect(hris.message).toMatch(/ATS/);
    expect(hris.message).toMatch(/sends "HRIS"/);
    expect(hris.data$.error.log_url).toMatch(/\/logs\//);

    const tool = await generalError(newLink({ integration_tool: 'workday' }));
    expect(tool.data$.error.code).toBe('PLATFORM.INPUT_INVALID');
    expect(tool.message).toMatch(/integration_tool.*"workday"/);
    expect(tool.message).toContain(`available tools: ${TOOLS.join(', ')}.`);

    const email = await generalError(newLink({ end_user_email: 'not an email' }));
    expect(email.message).toMatch(/end_user_email/);
    const mapping = await generalError(newLink({ enable_field_mapping: true }));
    expect(mapping.message).toMatch(/enable_field_mapping/);
    const scope = await generalError(newLink({ scope_config_id: 'other' }));
    expect(scope.message).toMatch(/scope_config_id/);
    expect(await newLink({ scope_config_id: 'default', language: 'de' })).toMatch(/\/connect\//);

    const noKey = await generalError(sdk.client({ server_url: `${t.url}/v1`, api_key: 'wrong-key-000000000000' }).connect.createConnectionLink({ end_user_email: 'a@b.co', end_user_organization_name: 'A', integration_category: 'ATS' }));
    expect(noKey.statusCode).toBe(401);
    expect(noKey.data$.error.code).toBe('PLATFORM.AUTHENTICATION_INVALID');
  });

  it('gives EMBEDDED links one hour and MAGIC_LINK links one year', async () => {
    const db = t.server.services.db.kysely;
    await newLink({ link_type: 'EMBEDDED' });
    const embedded = await db.selectFrom('connect_links').selectAll().orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(Date.parse(embedded.expires_at) - Date.parse(embedded.created_at)).toBe(3_600_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await newLink({ link_type: 'MAGIC_LINK' });
    const magic = await db.selectFrom('connect_links').selectAll().orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(magic.link_type).toBe('MAGIC_LINK');
    expect(Date.parse(magic.expires_at) - Date.parse(magic.created_at)).toBe(365 * 86_400_000);
    // Only the hash of the token is stored.
    const rows = await db.selectFrom('connect_links').select('token_hash').execute();
    for (const row of rows) expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('runs the flow: picker, form, wrong key (nothing stored), success, token exchange, first sync', async () => {
    const link = await newLink();
    const picker = await getPage(link);
    expect(picker.status).toBe(200);
    expect(picker.headers.get('content-security-policy')).toMatch(/frame-ancestors \*/);
    expect(picker.headers.get('cache-control')).toBe('no-store');
    for (const tool of TOOLS) expect(picker.html).toContain(`href="?tool=${tool}"`);
    expect(picker.html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);

    const form = await getPage(`${link}?tool=sandbox&sdkv=1.3.0`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('<label for="f-size">Size');
    expect(form.html).toContain('id="f-size" name="cred.size"');
    expect(form.html).toContain('aria-describedby="h-size"');
    expect(form.html).toContain('Number of candidates to generate');

    const before = await countIntegrations();
    const failedBefore = receiver.received.filter((r) => r.type === 'connection-flow-failed').length;
    const wrong = await postForm(link, { tool: 'sandbox', 'cred.size': 'lots', 'cred.seed': '3' });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('role="alert"');
    expect(wrong.html).toContain('Sandbox did not accept these credentials. Check them and try again.');
    expect(wrong.html).toMatch(/Sandbox said: The sandbox &quot;size&quot; must be a whole number/);
    expect(wrong.html).toContain('value="3"');
    expect(await countIntegrations()).toBe(before);
    await receiver.waitFor((r) => r.filter((x) => x.type === 'connection-flow-failed').length > failedBefore);
    const failed = receiver.received.filter((r) => r.type === 'connection-flow-failed').at(-1);
    expect(failed?.signatureValid).toBe(true);
    expect(failed?.body.data).toMatchObject({
      integration_tool: 'sandbox',
      integration_category: 'ATS',
      end_user: { organization_name: 'Acme GmbH', creator_email: 'it@acme.example', origin_id: 'acme-1' },
    });
    expect(webhookParses('connectionFlowFailedWebhookPayloadFromJSON', failed?.raw ?? '')).toBe(true);
    const logUrl = String(failed?.body.data['log_url']);
    expect(logUrl).toMatch(new RegExp(`^${t.url}/logs/`));
    const log = await getPage(logUrl);
    expect(log.status).toBe(200);
    expect(log.html).toMatch(/Sandbox rejected them/);
    expect(log.html).not.toContain(link.split('/').at(-1) ?? 'no token');

    const ok = await postForm(link, { tool: 'sandbox', 'cred.size': '12', 'cred.seed': '3' });
    expect(ok.status).toBe(200);
    expect(ok.html).toContain('Sandbox is connected');
    const token = activationTokenOf(ok.html);
    expect(await countIntegrations()).toBe(before + 1);

    const exchanged = await kombo.connect.getIntegrationByToken({ token });
    expect(exchanged.data).toMatchObject({
      tool: 'sandbox',
      end_user_origin_id: 'acme-1',
      end_user_organization_name: 'Acme GmbH',
      end_user_email: 'it@acme.example',
    });
    const id = exchanged.data.id;
    expect(id).toMatch(/^sandbox:/);
    expect(['FINAL_SYNC_PENDING', 'COMPLETED']).toContain(exchanged.data.setup_status);
    await receiver.waitFor((r) => r.some((x) => x.type === 'integration-created' && x.body.data['id'] === id));
    const createdEvent = receiver.received.find((x) => x.type === 'integration-created' && x.body.data['id'] === id);
    expect(webhookParses('integrationCreatedWebhookPayloadFromJSON', createdEvent?.raw ?? '')).toBe(true);
    expect(createdEvent?.body.data).toMatchObject({ tool: 'sandbox', category: 'ATS', end_user: { organization_name: 'Acme GmbH', creator_email: 'it@acme.example', origin_id: 'acme-1' } });

    await t.server.services.runner.idle();
    const details = await kombo.general.getIntegrationDetails({ integration_id: id });
    expect(details.data).toMatchObject({ id, status: 'ACTIVE', setup_status: 'COMPLETED', end_user: { creator_email: 'it@acme.example' } });

    // Single use: the token once, the link once.
    const again = await generalError(kombo.connect.getIntegrationByToken({ token }));
    expect(again.statusCode).toBe(400);
    expect(again.message).toMatch(/exchanged already/);
    const used = await getPage(link);
    expect(used.status).toBe(410);
    expect(used.html).toContain('This link was already used');
    expect(used.html).toContain('Sandbox was connected with it on');
    const resubmit = await postForm(link, { tool: 'sandbox', 'cred.size': '12' });
    expect(resubmit.status).toBe(410);
    expect(await countIntegrations()).toBe(before + 1);
  });

  it('answers unknown, expired and foreign tokens clearly', async () => {
    const unknown = await generalError(kombo.connect.getIntegrationByToken({ token: 'no-such-token' }));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.data$.error.code).toBe('PLATFORM.INPUT_INVALID');

    const link = await newLink({ integration_tool: 'sandbox' });
    const page = await getPage(link);
    expect(page.html).toContain('Connect Sandbox');
    expect(page.html).not.toContain('Choose another tool');
    // A fixed tool wins over the form's choice.
    const ok = await postForm(link, { tool: 'lever', 'cred.size': '5' });
    const token = activationTokenOf(ok.html);
    await t.server.services.db.kysely.updateTable('connect_activation_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    const expired = await generalError(kombo.connect.getIntegrationByToken({ token }));
    expect(expired.statusCode).toBe(400);
    expect(expired.message).toMatch(/expired/);

    const notALink = await getPage(`${t.url}/connect/not-a-real-link`);
    expect(notALink.status).toBe(404);
    expect(notALink.html).toContain('This link is not valid');

    const old = await newLink();
    const before = await countIntegrations();
    await t.server.services.db.kysely
      .updateTable('connect_links')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('used_at', 'is', null)
      .execute();
    const expiredPage = await getPage(old);
    expect(expiredPage.status).toBe(410);
    expect(expiredPage.html).toContain('This link has expired');
    expect(expiredPage.html).toContain('one hour');
    const late = await postForm(old, { tool: 'sandbox', 'cred.size': '5' });
    expect(late.status).toBe(410);
    expect(await countIntegrations()).toBe(before);
  });

  it('lets only one of two simultaneous submissions through', async () => {
    const link = await newLink({ integration_tool: 'sandbox' });
    const before = await countIntegrations();
    const answers = await Promise.all([postForm(link, { 'cred.size': '4' }), postForm(link, { 'cred.size': '4' })]);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 200).map((a) => a.status)).toEqual([expect.any(Number)]);
    expect(await countIntegrations()).toBe(before + 1);
    await t.server.services.runner.idle();
  });

  it('relinks an integration: new credentials, ACTIVE again, state-changed webhook, a sync', async () => {
    const created = await postForm(await newLink({ integration_tool: 'sandbox' }), { 'cred.size': '6' });
    const { data } = await kombo.connect.getIntegrationByToken({ token: activationTokenOf(created.html) });
    await t.server.services.runner.idle();
    const db = t.server.services.db.kysely;
    await db.updateTable('integrations').set({ status: 'INVALID' }).where('id', '=', data.id).execute();

    const relink = await kombo.general.createReconnectionLink({ integration_id: data.id, body: {} });
    expect(relink.data.link).toMatch(new RegExp(`^${t.url}/connect/`));
    const form = await getPage(relink.data.link);
    expect(form.html).toContain('Reconnect Sandbox');
    expect(form.html).toContain('for Acme GmbH');

    const wrong = await postForm(relink.data.link, { 'cred.size': '-1' });
    expect(wrong.status).toBe(400);
    expect((await db.selectFrom('integrations').select('status').where('id', '=', data.id).executeTakeFirstOrThrow()).status).toBe('INVALID');

    const ok = await postForm(relink.data.link, { 'cred.size': '9' });
    expect(ok.status).toBe(200);
    expect(ok.html).toContain('Sandbox is reconnected');
    const again = await kombo.connect.getIntegrationByToken({ token: activationTokenOf(ok.html) });
    expect(again.data.id).toBe(data.id);
    await receiver.waitFor((r) => r.some((x) => x.type === 'integration-state-changed' && x.body.data['integration_id'] === data.id && x.body.data['state'] === 'ACTIVE'));
    const changed = receiver.received.find((x) => x.type === 'integration-state-changed' && x.body.data['integration_id'] === data.id);
    expect(webhookParses('integrationStateChangedWebhookPayloadFromJSON', changed?.raw ?? '')).toBe(true);
    await t.server.services.runner.idle();
    const details = await kombo.general.getIntegrationDetails({ integration_id: data.id });
    expect(details.data.status).toBe('ACTIVE');
    const candidates = await sdk.client({ api_key: t.apiKey, server_url: `${t.url}/v1`, integration_id: data.id }).ats.getCandidates({ page_size: 250 });
    expect(candidates.result.data.results).toHaveLength(9);
    expect(await countIntegrations()).toBeGreaterThan(0);

    const missing = await generalError(kombo.general.createReconnectionLink({ integration_id: 'sandbox:nope', body: {} }));
    expect(missing.statusCode).toBe(404);
    expect(missing.data$.error.code).toBe('PLATFORM.INTEGRATION_NOT_FOUND');
    const magic = await kombo.general.createReconnectionLink({ integration_id: data.id, body: { link_type: 'MAGIC_LINK', language: 'fr' } });
    expect(magic.data.link).toMatch(/\/connect\//);
  });

  it('refuses setup links: there are no setup-flow steps', async () => {
    const setup = await generalError(kombo.general.createSetupLink({ integration_id: t.sandboxId, body: { link_type: 'EMBEDDED' } }));
    expect(setup.statusCode).toBe(400);
    expect(setup.data$.error.code).toBe('PLATFORM.INPUT_INVALID');
    expect(setup.message).toMatch(/no setup-flow steps/);
    expect(setup.message).toMatch(/relink/);
    const missing = await generalError(kombo.general.createSetupLink({ integration_id: 'sandbox:nope', body: { link_type: 'EMBEDDED' } }));
    expect(missing.data$.error.code).toBe('PLATFORM.INTEGRATION_NOT_FOUND');
  });

  it('lists our tools with assets we serve and coverage from the manifests', async () => {
    const { data } = await kombo.general.getTools({ category: 'ats' });
    expect(data.tools.map((tool) => tool.id)).toEqual(TOOLS);
    expect(TOOLS).toEqual(expect.arrayContaining(['sandbox', 'lever', 'greenhouse']));
    for (const tool of data.tools) {
      for (const url of [tool.assets.logo_url, tool.assets.icon_url, tool.assets.icon_black_url]) {
        expect(url.startsWith(`${t.url}/assets/tools/${tool.id}/`)).toBe(true);
        const res = await fetch(url);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('image/svg+xml');
        expect(await res.text()).toMatch(/^<svg /);
      }
      expect(tool.coverage.read_models.map((m) => m.id)).toContain('ats_candidates');
      expect(tool.coverage.write_actions).toHaveLength(12);
    }
    const sandbox = data.tools.find((tool) => tool.id === 'sandbox');
    const details = await kombo.general.getIntegrationDetails({ integration_id: t.sandboxId });
    expect(sandbox?.coverage.write_actions.map((a) => [a.id, a.coverage_status])).toEqual(details.data.write_actions.map((a) => [a.id, a.coverage_status]));
    expect(sandbox?.coverage.read_models.map((m) => [m.id, m.coverage_status])).toEqual(details.data.read_models.map((m) => [m.id, m.coverage_status]));
    const lever = data.tools.find((tool) => tool.id === 'lever');
    expect(lever?.coverage.write_actions.find((a) => a.id === 'ats_import_tracked_application')?.coverage_status).toBe('UNSUPPORTED');

    for (const category of ['hris', 'assessment', 'lms'] as const) {
      expect((await kombo.general.getTools({ category })).data.tools).toEqual([]);
    }
    const res = await fetch(`${t.url}/v1/tools/crm`, { headers: { Authorization: `Bearer ${t.apiKey}` } });
    expect(res.status).toBe(400);
  });
});
