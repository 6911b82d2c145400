/**
 * Teamtailor's answers outside the resources: JSON:API error documents, the key check
 * (`Authorization: Token token=<key>`, scope and permission), the required `X-Api-Version`
 * (406 without it), and the per-key window limit with its `X-Rate-Limit-*` headers.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { TtKey } from './state.js';

export const JSONAPI = 'application/vnd.api+json';

export function jsonApi(c: Context, status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': JSONAPI } });
}

export function apiError(c: Context, status: number, title: string, detail?: string, pointer?: string): Response {
  const error = { title, detail: detail ?? title, status: String(status), code: String(status), ...(pointer ? { source: { pointer } } : {}) };
  return jsonApi(c, status, { errors: [error] });
}

/** Which key sent the request; 401 for a missing or unknown key. */
export function keyCheck(keys: ReadonlyMap<string, TtKey>): MiddlewareHandler {
  return async (c, next) => {
    const match = /^Token token=(.+)$/.exec(c.req.header('authorization') ?? '');
    const key = match?.[1] ? keys.get(match[1].trim()) : undefined;
    if (!key || !match?.[1]) return apiError(c, 401, 'Unauthorized', 'Invalid or missing API key');
    c.set('ttKey' as never, key as never);
    c.set('ttKeyId' as never, match[1].trim() as never);
    return next();
  };
}

/** Teamtailor refuses a request without a dated API version and echoes the one it used. */
export const versionCheck: MiddlewareHandler = async (c, next) => {
  const version = c.req.header('x-api-version') ?? '';
  if (!/^\d{8}$/.test(version)) return apiError(c, 406, 'Invalid/Missing API Version', 'Send X-Api-Version, e.g. 20240404');
  await next();
  c.res.headers.set('X-Api-Version', version);
};

export const keyOf = (c: Context): TtKey => c.get('ttKey' as never) as TtKey;

/** Admin-scope reads (candidates, applications, users, …) and writes need the matching key. */
export function allowed(key: TtKey, type: string, method: string): boolean {
  const publicTypes = new Set(['jobs', 'departments', 'locations', 'roles', 'regions']);
  if (!publicTypes.has(type) && key.scope !== 'admin') return false;
  if (method === 'GET') return key.permission !== 'write';
  if (method === 'POST' && key.permission === 'write') return type === 'jobs' || key.scope === 'admin';
  return key.permission === 'read-write';
}

/**
 * A fixed window per key (Teamtailor counts requests per key over a few seconds); every answer
 * carries the limit, what is left and the seconds until the window resets; over it, 429.
 */
export function windowLimit(limit: number, windowMs: number, now: () => number): MiddlewareHandler {
  const windows = new Map<string, { start: number; used: number }>();
  return async (c, next) => {
    if (!Number.isFinite(limit)) return next();
    const id = c.get('ttKeyId' as never) as string;
    const t = now();
    let w = windows.get(id);
    if (!w || t - w.start >= windowMs) windows.set(id, (w = { start: t, used: 0 }));
    const reset = String(Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)));
    const headers = (res: Response) => {
      res.headers.set('X-Rate-Limit-Limit', String(limit));
      res.headers.set('X-Rate-Limit-Remaining', String(Math.max(0, limit - w.used)));
      res.headers.set('X-Rate-Limit-Reset', reset);
    };
    if (w.used >= limit) {
      const res = apiError(c, 429, 'Too Many Requests', 'Rate limit exceeded');
      headers(res);
      return res;
    }
    w.used++;
    await next();
    headers(c.res);
  };
}
