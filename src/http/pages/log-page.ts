import type { OpenAPIHono } from '@hono/zod-openapi';
import { findRequestLog } from '../../storage/repositories/request-logs.repository.js';
import type { AppEnv } from '../services.js';
import { escapeHtml as e } from './html.js';
import { DASHBOARD_HEADERS, uiPage } from './ui-html.js';

/** From /logs/{id} to the site root. */
const ROOT = '../';

/**
 * The page every error's `log_url` opens. Its id is random and unguessable. Without a sign-in it
 * shows the request line (query values that may be personal masked when logged) and what the
 * error answer said; its duration and integration are for the operator, in the dashboard behind
 * the API key.
 */
export function registerLogPage(app: OpenAPIHono<AppEnv>): void {
  app.get('/logs/:id', async (c) => {
    const id = c.req.param('id');
    const log = id.includes('\u0000') ? undefined : await findRequestLog(c.var.services.db.kysely, id);
    const frame = (title: string, inner: string, status: 200 | 404) =>
      c.html(uiPage({ title, body: `<main id="main" class="dash log-page">${inner}</main>`, root: ROOT, bodyClass: 'dashboard' }), status, DASHBOARD_HEADERS);
    if (!log) {
      return frame('Request not found', '<div class="page-head"><h1>Request not found</h1></div><section class="panel"><p>No request with this id was logged.</p></section>', 404);
    }
    const rows: Array<[string, string]> = [
      ['Time', log.created_at],
      ['Request', `${log.method} ${log.path}`],
      ['HTTP status', String(log.status)],
      ['Error code', log.code ?? '(none)'],
      ['Message', log.message ?? ''],
      ['Request id', log.id],
    ];
    const facts = rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${k === 'Request id' || k === 'Request' ? `<code>${e(v)}</code>` : e(v)}</dd>`).join('');
    const details =
      '<section class="panel"><h2>Request details</h2>' +
      '<p class="help">How long the request took and which integration it concerned are shown to the operator of this server, signed in to the dashboard.</p>' +
      `<p><a class="button secondary" href="${ROOT}dashboard#/logs/${encodeURIComponent(log.id)}">Open in the dashboard</a></p></section>`;
    return frame(
      `Request ${log.id}`,
      `<div class="page-head"><h1>Request log</h1></div><section class="panel"><dl class="facts">${facts}</dl></section>${details}`,
      200,
    );
  });
}
