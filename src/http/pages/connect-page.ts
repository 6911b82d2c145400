/**
 * The hosted connect page behind every connection link (`/connect/{token}`), made to run inside
 * @kombo-api/connect's `showKomboConnect(link)`: that function shows the link in a full-window,
 * transparent iframe and waits for a `postMessage` from it — `{type: "success", data:
 * {activation_token}}` resolves its promise, `{type: "close"}` rejects it as cancelled
 * (`assets/connect.js` sends them). Opened directly (a MAGIC_LINK), the page works on its own.
 *
 * Steps: tool picker (unless the link fixes the tool) → the tool's credential form, from its
 * manifest, with help on where to find each value → verification with the vendor → success.
 * Plain HTML forms: it works without JavaScript too, apart from talking to the embedding window.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { submitConnectFlow, toolOfSubmission, type FlowResult } from '../../integrations/connect-flow.js';
import { resolveConnectLink, type LinkState } from '../../integrations/connect-links.js';
import type { Connector, CredentialField } from '../../connectors/connector.js';
import { credentialAlternatives } from '../../connectors/credential-rules.js';
import type { ConnectLinkRow, IntegrationRow } from '../../storage/database.js';
import { findIntegration } from '../../storage/repositories/integrations.repository.js';
import { publicBase } from '../public-url.js';
import type { AppEnv } from '../services.js';
import { escapeHtml as e } from './html.js';
import { CONNECT_HEADERS, uiPage } from './ui-html.js';

/** From /connect/{token} to the site root. */
const ROOT = '../';
const MAX_FIELD_LENGTH = 8192;

type Status = 200 | 400 | 404 | 409 | 410 | 500;

function respond(c: Context<AppEnv>, status: Status, title: string, main: string): Response {
  const body = `<div class="backdrop"><main class="card" aria-labelledby="title">${main}</main></div>`;
  return c.html(uiPage({ title, body, root: ROOT, script: 'connect.js', bodyClass: 'connect' }), status, CONNECT_HEADERS);
}

const closeButton = '<button type="button" class="icon-button" data-close hidden aria-label="Close">&times;</button>';

function header(title: string, subtitle: string | null, tool: Connector | null): string {
  const icon = tool ? `<img class="tool-icon" src="${ROOT}assets/tools/${encodeURIComponent(tool.manifest.id)}/icon.svg" alt="" width="40" height="40">` : '';
  const sub = subtitle ? `<p class="subtitle">${e(subtitle)}</p>` : '';
  return `<header class="card-head">${icon}<div class="card-title"><h1 id="title">${e(title)}</h1>${sub}</div>${closeButton}</header>`;
}

function messagePage(c: Context<AppEnv>, status: Status, title: string, text: string): Response {
  return respond(c, status, title, `${header(title, null, null)}<p>${text}</p><div class="actions"><button type="button" class="secondary" data-close hidden>Close</button></div>`);
}

function closedLinkPage(c: Context<AppEnv>, state: Exclude<LinkState, { kind: 'open' }>): Response {
  if (state.kind === 'invalid') {
    return messagePage(c, 404, 'This link is not valid', 'Check that the whole link was copied, or ask whoever sent it for a new one.');
  }
  const { link } = state;
  if (state.kind === 'expired') {
    const lifetime = link.link_type === 'MAGIC_LINK' ? 'one year' : 'one hour';
    return messagePage(c, 410, 'This link has expired', `Connection links work for ${lifetime}; this one expired on ${e(humanDate(link.expires_at))}. Ask whoever sent it for a new one.`);
  }
  const toolId = link.integration_tool ?? link.integration_id?.split(':')[0] ?? null;
  const tool = toolId ? c.var.services.connectorFor(toolId)?.manifest.label : null;
  const when = link.used_at ? ` on ${e(humanDate(link.used_at))}` : '';
  return messagePage(
    c,
    410,
    'This link was already used',
    `${tool ? `${e(tool)} was` : 'A tool was'} ${link.relink_integration_id ? 'reconnected' : 'connected'} with it${when}. Each link works once; ask whoever sent it for a new link if needed.`,
  );
}

const humanDate = (iso: string) => new Date(iso).toUTCString().replace(' GMT', ' UTC');

const subtitleOf = (organization: string) => `for ${organization}`;

/** The Sandbox is for the operator's own tests: end customers see it only with CONNECT_SANDBOX=1. */
const offeredInPicker = (c: Context<AppEnv>, tool: Connector) => tool.manifest.category === 'ATS' && (!tool.manifest.demo || c.var.services.config.connectSandbox);

/** The link's fixed tool (the operator chose it, Sandbox included), or the one picked if the picker offers it. */
function chosenTool(c: Context<AppEnv>, link: ConnectLinkRow, picked: string): Connector | undefined {
  const tool = toolOfSubmission(c.var.services, link, picked);
  if (tool && link.integration_tool === null && !offeredInPicker(c, tool)) return undefined;
  return tool;
}

function pickerPage(c: Context<AppEnv>, link: ConnectLinkRow): Response {
  const tools = c.var.services.connectors().filter((t) => offeredInPicker(c, t));
  const items = tools
    .map((t) => {
      const id = encodeURIComponent(t.manifest.id);
      return `<li><a class="tool-choice" href="?tool=${id}"><img src="${ROOT}assets/tools/${id}/icon.svg" alt="" width="32" height="32"><span>${e(t.manifest.label)}</span><span class="chevron" aria-hidden="true">&rsaquo;</span></a></li>`;
    })
    .join('');
  const main =
    header('Connect your applicant tracking system', subtitleOf(link.end_user_organization_name), null) +
    `<p id="pick-hint">Which system does ${e(link.end_user_organization_name)} use?</p>` +
    `<ul class="tool-list" aria-labelledby="pick-hint">${items}</ul>` +
    '<p class="fine">You will be asked for an API key or similar credentials next. They are checked with the tool before anything is saved.</p>';
  return respond(c, 200, 'Connect your applicant tracking system', main);
}

/**
 * One input. `mark` says what the label tells: required, optional, or required for its
 * alternative (then not `required` in HTML: another alternative may be the one filled).
 */
function credentialInput(field: CredentialField, values: Record<string, string>, mark: 'required' | 'optional' | 'alternative'): string {
  const id = `f-${field.key}`;
  const help = `h-${field.key}`;
  // Secrets are never sent back to the browser, not even after a failed attempt.
  const value = field.secret ? '' : (values[field.key] ?? '');
  const note = { required: '<span class="required">(required)</span>', optional: '<span class="optional">(optional)</span>', alternative: '<span class="required">(required for this option)</span>' }[mark];
  return (
    `<div class="field"><label for="${e(id)}">${e(field.label)} ${note}</label>` +
    `<input id="${e(id)}" name="cred.${e(field.key)}" type="${field.secret ? 'password' : 'text'}" value="${e(value)}" autocomplete="off" autocapitalize="off" spellcheck="false" maxlength="${MAX_FIELD_LENGTH}"` +
    `${mark === 'required' ? ' required aria-required="true"' : ''} aria-describedby="${e(help)}">` +
    `<p class="help" id="${e(help)}">${e(field.help)}</p></div>`
  );
}

/** The manifest's fields: alternatives (Lever: API key or OAuth tokens) grouped, with "one of these" said plainly. */
function credentialFields(fields: readonly CredentialField[], values: Record<string, string>): string {
  const alternatives = credentialAlternatives(fields);
  let rendered = false;
  return fields
    .map((field) => {
      if (field.alternative === undefined) return credentialInput(field, values, field.required ? 'required' : 'optional');
      if (rendered) return '';
      rendered = true;
      const names = alternatives.map((a) => a.name);
      const options = alternatives
        .map((a, index) => {
          const mark = (f: CredentialField) => (f.required ? 'alternative' : 'optional');
          const anyOne = a.fields.every((f) => !f.required) && a.fields.length > 1 ? '<p class="help">Fill in what you have; the tool checks the combination.</p>' : '';
          return (
            `${index > 0 ? '<p class="or" aria-hidden="true">or</p>' : ''}` +
            `<fieldset class="alternative"><legend>Option ${index + 1}: ${e(a.name)}</legend>${anyOne}${a.fields.map((f) => credentialInput(f, values, mark(f))).join('')}</fieldset>`
          );
        })
        .join('');
      return (
        `<fieldset class="alternatives" aria-describedby="alt-hint"><legend>Sign in with one of these <span class="required">(required)</span></legend>` +
        `<p class="help" id="alt-hint">Fill in ${e(names.slice(0, -1).join(', '))} or ${e(names[names.length - 1] ?? '')}, not both.</p>${options}</fieldset>`
      );
    })
    .join('');
}

interface FormState {
  values: Record<string, string>;
  baseUrl: string;
  error: { message: string; detail?: string | undefined; logId?: string | undefined } | null;
}

/** Another API address only where the server allows them (ALLOW_CUSTOM_BASE_URLS) and the tool is reached over HTTP. */
const acceptsBaseUrl = (c: Context<AppEnv>, tool: Connector) => c.var.services.config.allowCustomBaseUrls && tool.manifest.defaultBaseUrl !== null;

function formPage(c: Context<AppEnv>, link: ConnectLinkRow, tool: Connector, state: FormState, status: Status): Response {
  const { manifest } = tool;
  const relink = link.relink_integration_id !== null;
  const title = relink ? `Reconnect ${manifest.label}` : `Connect ${manifest.label}`;
  const intro = relink
    ? `<p>The connection to ${e(manifest.label)} needs new credentials. Enter them below; the data stays as it is.</p>`
    : `<p>Enter the credentials ${e(manifest.label)} gives you for this connection.</p>`;
  const error = state.error
    ? `<div class="alert" role="alert" id="form-error"><p><strong>${e(state.error.message)}</strong></p>` +
      (state.error.detail ? `<p class="detail">${e(manifest.label)} said: ${e(state.error.detail)}</p>` : '') +
      (state.error.logId ? `<p class="fine">Reference: <a href="${ROOT}logs/${e(state.error.logId)}" target="_blank" rel="noopener">${e(state.error.logId)}</a></p>` : '') +
      '</div>'
    : '';
  const fields = credentialFields(manifest.credentials, state.values);
  const baseUrl = acceptsBaseUrl(c, tool)
    ? '<div class="field"><label for="f-base-url">API address <span class="optional">(optional)</span></label>' +
      `<input id="f-base-url" name="base_url" type="url" value="${e(state.baseUrl)}" placeholder="${e(manifest.defaultBaseUrl ?? '')}" autocomplete="off" spellcheck="false" aria-describedby="h-base-url">` +
      `<p class="help" id="h-base-url">Only for self-hosted ${e(manifest.label)} servers or test doubles; leave empty for ${e(manifest.label)} itself.</p></div>`
    : '';
  const back = link.integration_tool === null ? '<a class="link-button" href="?">Choose another tool</a>' : '';
  const main =
    header(title, subtitleOf(link.end_user_organization_name), tool) +
    intro +
    error +
    `<form method="post" class="credentials" data-tool-label="${e(manifest.label)}">` +
    `<input type="hidden" name="tool" value="${e(manifest.id)}">` +
    fields +
    baseUrl +
    `<div class="actions"><button type="submit" class="primary">${relink ? 'Reconnect' : 'Connect'}</button>${back}<button type="button" class="secondary" data-close hidden>Cancel</button></div>` +
    '</form>' +
    `<p class="fine">The credentials are checked with ${e(manifest.label)} before anything is saved, and stored encrypted.</p>`;
  return respond(c, status, title, main);
}

async function successPage(c: Context<AppEnv>, result: Extract<FlowResult, { ok: true }>, tool: Connector): Promise<Response> {
  const label = tool.manifest.label;
  const title = result.relinked ? `${label} is reconnected` : `${label} is connected`;
  const main =
    `<div id="connect-success" data-activation-token="${e(result.activationToken)}">` +
    header(title, subtitleOf(result.integration.organization_name), tool) +
    `<p class="success"><span class="check" aria-hidden="true">&#10003;</span> The first sync has started; the data will be available shortly.</p>` +
    (await manualWebhookSteps(c, result.integration, label)) +
    '<p class="standalone-only">You can close this window now.</p></div>';
  return respond(c, 200, title, main);
}

/**
 * Where the tool has no API to register webhooks: the steps, the URL and the secret to enter there;
 * where the tool generates the signing key itself, a field to give it to us (while the link lasts).
 */
async function manualWebhookSteps(c: Context<AppEnv>, integration: IntegrationRow, label: string): Promise<string> {
  const endpoint = await c.var.services.inbound.endpoint(integration);
  if (!endpoint || endpoint.mode !== 'manual') return '';
  const keyForm =
    endpoint.vendor_secret === null
      ? ''
      : `<form method="post" class="webhook-key" id="vendor-webhook-key-form"><div class="field">` +
        `<label for="f-webhook-key">Signing key from ${e(label)}</label>` +
        `<input id="f-webhook-key" name="webhook_key" type="password" required autocomplete="off" autocapitalize="off" spellcheck="false" maxlength="${MAX_FIELD_LENGTH}" aria-describedby="h-webhook-key">` +
        `<p class="help" id="h-webhook-key">${e(label)} generates it when you save the webhook; ${endpoint.vendor_secret === 'SET' ? 'a key is saved already, a new one replaces it' : 'until it is entered here, its webhooks are refused'}.</p></div>` +
        '<div class="actions"><button type="submit" class="secondary">Save the signing key</button></div></form>';
  return (
    `<section id="vendor-webhook" aria-labelledby="vendor-webhook-title"><h2 id="vendor-webhook-title">Optional: changes within seconds</h2>` +
    `<p class="help">${e(endpoint.instructions)}</p><dl class="facts">` +
    `<dt>URL</dt><dd><code id="vendor-webhook-url">${e(endpoint.url)}</code></dd>` +
    (endpoint.secret ? `<dt>Secret key</dt><dd><code id="vendor-webhook-secret">${e(endpoint.secret)}</code></dd>` : '') +
    `<dt>Events</dt><dd>${e(endpoint.events.join(', '))}</dd></dl>` +
    keyForm +
    `<p class="help">Without it, ${e(label)} data is still refreshed by regular syncs.</p></section>`
  );
}

/**
 * The signing key a tool generated for its webhook (`secretFrom: 'vendor'`), entered on the page that
 * showed the steps (posted to the same link): accepted for the integration the link connected, while
 * the link has not expired.
 */
async function submitWebhookKey(c: Context<AppEnv>, token: string, key: string): Promise<Response> {
  const { services } = c.var;
  const state = await resolveConnectLink(services.db.kysely, token);
  const link = state.kind === 'used' ? state.link : null;
  const integration = link?.integration_id && Date.parse(link.expires_at) > Date.now() ? await findIntegration(services.db.kysely, link.environment_id, link.integration_id) : undefined;
  const endpoint = integration?.status === 'ACTIVE' ? await services.inbound.endpoint(integration) : null;
  if (!integration || !endpoint?.vendor_secret) {
    return messagePage(c, 410, 'This link can no longer be used', 'Give the signing key to whoever sent the link: they can enter it in their dashboard.');
  }
  const tool = services.connectorFor(integration.tool);
  const label = tool?.manifest.label ?? integration.tool;
  if (key) await services.inbound.setVendorSecret(integration, key);
  const title = key ? 'Signing key saved' : 'No signing key entered';
  const main =
    `<div id="webhook-key-result">${header(title, subtitleOf(integration.organization_name), tool ?? null)}` +
    (key ? `<p class="success"><span class="check" aria-hidden="true">&#10003;</span> ${e(label)}’s webhooks are now verified with it.</p>` : '') +
    (await manualWebhookSteps(c, integration, label)) +
    '<p class="standalone-only">You can close this window now.</p></div>';
  return respond(c, key ? 200 : 400, title, main);
}

/** Form fields as strings (files and repeated keys are ignored), each at most MAX_FIELD_LENGTH. */
async function formValues(c: Context<AppEnv>): Promise<Record<string, string>> {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = await c.req.parseBody();
  } catch {
    return {};
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') values[key] = value.replace(/\u0000/g, '').slice(0, MAX_FIELD_LENGTH);
  }
  return values;
}

/** Inside the embedding page's iframe a JSON error would strand the user: errors become a page with a close button. */
function guarded(handler: (c: Context<AppEnv>) => Promise<Response>) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    try {
      return await handler(c);
    } catch (err) {
      c.var.services.logger.error({ err }, 'connect page failed');
      return messagePage(c, 500, 'Something went wrong', 'The connection could not be completed because of an error on our side. Nothing was saved; try again in a moment.');
    }
  };
}

async function showLink(c: Context<AppEnv>): Promise<Response> {
  const state = await resolveConnectLink(c.var.services.db.kysely, c.req.param('token') ?? '');
  if (state.kind !== 'open') return closedLinkPage(c, state);
  const { link } = state;
  const tool = chosenTool(c, link, c.req.query('tool') ?? '');
  if (!tool) return pickerPage(c, link);
  const target = link.relink_integration_id ? await findTarget(c, link) : null;
  return formPage(c, link, tool, { values: {}, baseUrl: target?.base_url ?? '', error: null }, 200);
}

async function submitLink(c: Context<AppEnv>): Promise<Response> {
  const { services } = c.var;
  const token = c.req.param('token') ?? '';
  const form = await formValues(c);
  if (form['webhook_key'] !== undefined) return submitWebhookKey(c, token, form['webhook_key'].trim());
  const state = await resolveConnectLink(services.db.kysely, token);
  if (state.kind !== 'open') return closedLinkPage(c, state);
  const { link } = state;
  const tool = chosenTool(c, link, form['tool'] ?? '');
  if (!tool) return pickerPage(c, link);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) if (key.startsWith('cred.')) values[key.slice(5)] = value;
  const baseUrl = form['base_url']?.trim() ?? '';

  const result = await submitConnectFlow(
    { ...services, allowCustomBaseUrls: services.config.allowCustomBaseUrls },
    link,
    { tool: tool.manifest.id, values, base_url: acceptsBaseUrl(c, tool) && baseUrl !== '' ? baseUrl : null },
    publicBase(c),
  );
  if (result.ok) return await successPage(c, result, tool);
  switch (result.kind) {
    case 'used': {
      const now = await resolveConnectLink(services.db.kysely, token);
      return closedLinkPage(c, now.kind === 'open' ? { kind: 'used', link } : now);
    }
    case 'gone':
      return messagePage(c, 410, 'This link can no longer be used', e(result.message));
    case 'busy':
      return formPage(c, link, tool, { values, baseUrl, error: { message: result.message } }, 409);
    default:
      return formPage(c, link, tool, { values, baseUrl, error: { message: result.message, detail: result.detail, logId: result.logId } }, 400);
  }
}

export function registerConnectPage(app: OpenAPIHono<AppEnv>): void {
  app.get('/connect/:token', guarded(showLink));
  app.post('/connect/:token', guarded(submitLink));
}

async function findTarget(c: Context<AppEnv>, link: ConnectLinkRow) {
  return link.relink_integration_id ? findIntegration(c.var.services.db.kysely, link.environment_id, link.relink_integration_id) : undefined;
}
