/**
 * The operator dashboard (`/dashboard`): a page shell plus `assets/dashboard.js`, which signs in
 * with an API key (kept in this tab's sessionStorage, sent as Bearer) and drives the JSON API:
 * integrations, sync runs, force sync, enable/disable/delete, connection and reconnection links,
 * webhook endpoints and deliveries. Every error it shows links to its request log (`/logs/{id}`).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../services.js';
import { DASHBOARD_HEADERS, uiPage } from './ui-html.js';

const SHELL =
  '<a class="skip-link" href="#main" data-skip>Skip to content</a>' +
  '<header class="topbar" id="topbar" hidden>' +
  '<a class="brand" href="#/integrations">unified-ats</a>' +
  '<nav aria-label="Main"><ul>' +
  '<li><a href="#/integrations">Integrations</a></li>' +
  '<li><a href="#/connect">Connection links</a></li>' +
  '<li><a href="#/webhooks">Webhooks</a></li>' +
  '<li><a href="#/logs">Request logs</a></li>' +
  '</ul></nav><span class="spacer"></span>' +
  '<button type="button" class="secondary" id="sign-out">Sign out</button>' +
  '</header>' +
  '<main id="main" class="dash" tabindex="-1"><noscript><p>The dashboard needs JavaScript. The API works without it: see /v1/openapi.json.</p></noscript></main>' +
  '<div id="status" role="status" aria-live="polite"></div>';

export function registerDashboardPage(app: OpenAPIHono<AppEnv>): void {
  app.get('/dashboard', (c) =>
    c.html(uiPage({ title: 'unified-ats dashboard', body: SHELL, root: '', script: 'dashboard.js', bodyClass: 'dashboard' }), 200, DASHBOARD_HEADERS),
  );
  // Relative links of the page resolve against /dashboard, so it has exactly one address.
  app.get('/dashboard/', (c) => c.redirect('../dashboard', 301));
  app.get('/', (c) => c.redirect('dashboard', 302));
}
