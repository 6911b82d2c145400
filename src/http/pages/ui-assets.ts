/**
 * The static files of our pages (connect page, dashboard): one stylesheet, two small vanilla
 * scripts and an icon, read from `assets/` beside this file and served by us under /assets/ui/ (no CDN).
 */
import fs from 'node:fs';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../services.js';

const FILES: Record<string, string> = {
  'ui.css': 'text/css; charset=utf-8',
  'connect.js': 'text/javascript; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'icon.svg': 'image/svg+xml',
};

const cache = new Map<string, string>();

function read(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = fs.readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
    cache.set(name, text);
  }
  return text;
}

export function registerUiAssets(app: OpenAPIHono<AppEnv>): void {
  app.get('/assets/ui/:file', (c) => {
    const name = c.req.param('file');
    const type = FILES[name];
    if (!type) return c.notFound();
    return c.body(read(name), 200, { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
  });
}
