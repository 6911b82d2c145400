import type { OpenAPIHono } from '@hono/zod-openapi';
import { findRequestLog } from '../../storage/repositories/request-logs.repository.js';
import type { AppEnv } from '../services.js';
import { escapeHtml, page } from './html.js';

/** The page every error's `log_url` opens. Its id is random and unguessable; it holds no secrets. */
export function registerLogPage(app: OpenAPIHono<AppEnv>): void {
  app.get('/logs/:id', async (c) => {
    const id = c.req.param('id');
    const log = id.includes('\u0000') ? undefined : await findRequestLog(c.var.services.db.kysely, id);
    if (!log) return c.html(page('Request not found', '<h1>Request not found</h1><p>No request with this id was logged.</p>'), 404);
    const rows: Array<[string, string]> = [
      ['Time', log.created_at],
      ['Request', `${log.method} ${log.path}`],
      ['HTTP status', String(log.status)],
      ['Error code', log.code ?? '(none)'],
      ['Message', log.message ?? ''],
      ['Integration', log.integration_id ?? '(none)'],
      ['Request id', log.id],
    ];
    const body = `<h1>Request log</h1><dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl><p><a href="../dashboard">Dashboard</a></p>`;
    return c.html(page(`Request ${log.id}`, body));
  });
}
