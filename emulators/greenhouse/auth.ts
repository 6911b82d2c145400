/**
 * OAuth 2.0 client credentials (`POST /token`, standing in for https://auth.greenhouse.io/token),
 * bearer-token checks on every `/v3` route, and the per-credential rate limiter.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { TokenBucket } from '../shared/rate-limit.js';
import { errorResponse, oauthError } from './errors.js';
import type { GreenhouseState } from './store.js';

export const ACCESS_TOKEN_TTL_SECONDS = 3600;
/** Length of the window the X-RateLimit-* headers describe (Harvest v3 uses 30 s windows). */
export const RATE_WINDOW_SECONDS = 30;

export interface TokenRecord {
  clientId: string;
  userId: number;
  expiresAt: number;
}

export class TokenStore {
  private readonly issued = new Map<string, TokenRecord>();

  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  issue(clientId: string, userId: number): { token: string; record: TokenRecord } {
    const now = this.now();
    const record: TokenRecord = { clientId, userId, expiresAt: now + ACCESS_TOKEN_TTL_SECONDS * 1000 };
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: String(userId), client_id: clientId, iat: Math.floor(now / 1000), exp: Math.floor(record.expiresAt / 1000), jti: randomUUID() })}`;
    const token = `${head}.${createHmac('sha256', this.secret).update(head).digest('base64url')}`;
    this.issued.set(token, record);
    return { token, record };
  }

  /** The record of a live token, `'expired'`, or `undefined` for a token this emulator never issued. */
  check(token: string): TokenRecord | 'expired' | undefined {
    const record = this.issued.get(token);
    if (!record) return undefined;
    return record.expiresAt <= this.now() ? 'expired' : record;
  }

  expireAll(): number {
    let n = 0;
    for (const record of this.issued.values()) {
      if (record.expiresAt > this.now()) n++;
      record.expiresAt = 0;
    }
    return n;
  }

  counts(): { issued: number; active: number } {
    const now = this.now();
    return { issued: this.issued.size, active: [...this.issued.values()].filter((r) => r.expiresAt > now).length };
  }
}

const tokenOf = new WeakMap<Request, TokenRecord>();

/** The token the current `/v3` request authenticated with. */
export function currentToken(c: Context): TokenRecord {
  const record = tokenOf.get(c.req.raw);
  if (!record) throw new Error('route reached without authentication');
  return record;
}

export function registerTokenEndpoint(app: Hono, s: GreenhouseState, tokens: TokenStore, client: { id: string; secret: string }): void {
  app.post('/token', async (c) => {
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header('Authorization') ?? '');
    const decoded = basic?.[1] ? Buffer.from(basic[1], 'base64').toString('utf8') : '';
    const sep = decoded.indexOf(':');
    const [id, secret] = sep < 0 ? ['', ''] : [decodeURIComponent(decoded.slice(0, sep)), decodeURIComponent(decoded.slice(sep + 1))];
    if (id !== client.id || secret !== client.secret) {
      const res = oauthError(401, 'invalid_client', 'Client authentication failed (HTTP Basic client_id:client_secret expected).');
      res.headers.set('WWW-Authenticate', 'Basic realm="Greenhouse"');
      return res;
    }
    const type = c.req.header('Content-Type') ?? '';
    if (!type.includes('application/x-www-form-urlencoded')) {
      return oauthError(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(await c.req.text());
    const grant = form.get('grant_type');
    if (!grant) return oauthError(400, 'invalid_request', 'grant_type is required.');
    if (grant !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', `grant_type ${grant} is not supported for these credentials.`);
    const sub = form.get('sub');
    let userId = s.serviceUserId;
    if (sub !== null && sub !== '') {
      const user = /^\d+$/.test(sub) ? s.users.get(Number(sub)) : undefined;
      if (!user || user.deactivated) return oauthError(400, 'invalid_request', 'sub must be the id of an active Greenhouse user.');
      userId = user.id;
    }
    const { token } = tokens.issue(id, userId);
    c.header('Cache-Control', 'no-store');
    return c.json({ access_token: token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS });
  });
}

export function bearerAuth(tokens: TokenStore): MiddlewareHandler {
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '');
    const unauthorized = (why: string) => {
      const res = errorResponse(401, [why]);
      res.headers.set('WWW-Authenticate', 'Bearer realm="Harvest"');
      return res;
    };
    if (!match?.[1]) return unauthorized('An OAuth access token is required (Authorization: Bearer <token>).');
    const record = tokens.check(match[1]);
    if (record === undefined) return unauthorized('The access token is invalid.');
    if (record === 'expired') return unauthorized('The access token has expired.');
    tokenOf.set(c.req.raw, record);
    return next();
  };
}

/** Token bucket per credential; `Infinity` turns limiting (and its headers) off. */
export function rateLimit(ratePerSecond: number, now: () => number = Date.now): MiddlewareHandler {
  if (!Number.isFinite(ratePerSecond)) return async (_c, next) => next();
  const limit = Math.max(1, Math.ceil(ratePerSecond * RATE_WINDOW_SECONDS));
  const bucket = new TokenBucket(ratePerSecond, limit, now);
  return async (c, next) => {
    const key = currentToken(c).clientId;
    const wait = bucket.take(key);
    const remaining = bucket.remaining(key);
    const reset = Math.ceil(now() / 1000 + (limit - remaining) / ratePerSecond);
    const headers: Record<string, string> = { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(remaining), 'X-RateLimit-Reset': String(reset) };
    if (wait > 0) {
      const res = errorResponse(429);
      for (const [k, v] of Object.entries({ ...headers, 'Retry-After': String(wait) })) res.headers.set(k, v);
      return res;
    }
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
}
