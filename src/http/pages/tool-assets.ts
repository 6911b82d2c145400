import type { OpenAPIHono } from '@hono/zod-openapi';
import { toolSvg } from '../../integrations/tool-assets.js';
import type { AppEnv } from '../services.js';

const VARIANTS = { 'logo.svg': 'logo', 'icon.svg': 'icon', 'icon-black.svg': 'icon-black' } as const;

export function registerToolAssets(app: OpenAPIHono<AppEnv>): void {
  app.get('/assets/tools/:tool/:file', (c) => {
    const variant = VARIANTS[c.req.param('file') as keyof typeof VARIANTS];
    const connector = c.var.services.connectorFor(c.req.param('tool'));
    if (!variant || !connector) return c.notFound();
    return c.body(toolSvg(connector.manifest.id, connector.manifest.label, variant), 200, {
      'Content-Type': 'image/svg+xml',
      'Cache-Control': 'public, max-age=86400',
    });
  });
}
