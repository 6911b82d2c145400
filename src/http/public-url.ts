import type { Context } from 'hono';
import type { AppEnv } from './services.js';

/** The base of links we hand out: PUBLIC_URL when configured, else the address the caller used. */
export function publicBase(c: Context<AppEnv>): string {
  return c.var.services.config.publicUrl ?? new URL(c.req.url).origin;
}
