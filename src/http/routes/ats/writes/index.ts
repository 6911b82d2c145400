import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../services.js';

/** The ATS write actions (contract §4). */
export function registerWriteRoutes(app: OpenAPIHono<AppEnv>): void {
  void app;
}
