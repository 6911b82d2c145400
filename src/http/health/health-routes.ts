/**
 * Probes for load balancers and orchestrators, outside /v1 and without an API key:
 * `GET /health` says the process answers; `GET /ready` that it can serve (see readiness.ts).
 * They are probe answers, not API errors, so a failing `/ready` is a plain 503 with the checks.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../services.js';
import { checkReadiness } from './readiness.js';

export function registerHealthRoutes(app: Hono<AppEnv>): void {
  app.get('/health', (c) => c.json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' }));
  app.get('/ready', async (c) => {
    const { db, config } = c.var.services;
    const readiness = await checkReadiness(db, config.sync.staleAfterMs);
    return c.json({ status: readiness.ready ? 'ready' : 'not_ready', checks: readiness.checks }, readiness.ready ? 200 : 503, { 'Cache-Control': 'no-store' });
  });
}
