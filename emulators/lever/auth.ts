/**
 * Credentials: API keys (HTTP Basic, key as username, blank password) and OAuth access tokens
 * (`Authorization: Bearer`). Keys carry the "access to confidential data" flag Lever sets when a
 * key is created; tokens carry scopes such as `opportunities:read:admin`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { leverError } from './errors.js';
import { Rng } from './prng.js';

export interface Principal {
  /** The key or token itself: the rate-limit bucket is per credential. */
  credential: string;
  kind: 'api_key' | 'oauth';
  confidentialAccess: boolean;
  scopes: ReadonlySet<string> | 'all';
}

interface KeyRecord {
  key: string;
  confidentialAccess: boolean;
  revoked: boolean;
}

interface TokenRecord {
  token: string;
  scopes: string[] | 'all';
  confidentialAccess: boolean;
  /** Epoch ms, or null for a token that does not expire on its own. */
  expiresAt: number | null;
  revoked: boolean;
}

export class CredentialStore {
  readonly keys = new Map<string, KeyRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  private readonly rng: Rng;

  constructor(
    seed: number,
    private readonly now: () => number,
  ) {
    this.rng = new Rng(seed, 'credentials', 0);
  }

  private random(length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.rng.int(0, alphabet.length - 1)];
    return out;
  }

  createKey(confidentialAccess: boolean): string {
    const key = this.random(48);
    this.keys.set(key, { key, confidentialAccess, revoked: false });
    return key;
  }

  createToken(scopes: string[] | 'all', expiresAt: number | null, confidentialAccess = true): string {
    const token = `lvr_${this.random(60)}`;
    this.tokens.set(token, { token, scopes, confidentialAccess, expiresAt, revoked: false });
    return token;
  }

  /** A principal, or the 401 message. */
  authenticate(header: string | undefined): Principal | string {
    if (!header) return 'Missing authentication: send an API key with HTTP Basic auth or an OAuth Bearer token';
    const space = header.indexOf(' ');
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
    const value = space < 0 ? '' : header.slice(space + 1).trim();
    if (scheme === 'basic') {
      let decoded: string;
      try {
        decoded = Buffer.from(value, 'base64').toString('utf8');
      } catch {
        return 'Invalid API key';
      }
      const colon = decoded.indexOf(':');
      const key = colon < 0 ? decoded : decoded.slice(0, colon);
      const record = this.keys.get(key);
      if (!record || record.revoked) return 'Invalid API key';
      return { credential: key, kind: 'api_key', confidentialAccess: record.confidentialAccess, scopes: 'all' };
    }
    if (scheme === 'bearer') {
      const record = this.tokens.get(value);
      if (!record || record.revoked) return 'Invalid access token';
      if (record.expiresAt !== null && this.now() >= record.expiresAt) return 'Access token expired';
      return { credential: value, kind: 'oauth', confidentialAccess: record.confidentialAccess, scopes: record.scopes === 'all' ? 'all' : new Set(record.scopes) };
    }
    return 'Unsupported authorization scheme: use Basic or Bearer';
  }
}

const principals = new WeakMap<Request, Principal>();

export function principalOf(c: Context): Principal {
  const p = principals.get(c.req.raw);
  if (!p) throw new Error('principalOf called before authentication');
  return p;
}

const SUB_RESOURCES = new Set(['applications', 'notes', 'files', 'resumes', 'interviews', 'panels', 'feedback', 'offers', 'forms', 'referrals']);

/** The OAuth scope a request needs, e.g. `GET /v1/opportunities/:id/notes` -> `notes:read:admin`. */
export function requiredScope(method: string, path: string): string {
  const parts = path.replace(/^\/v1\/?/, '').split('/').filter(Boolean);
  let resource = parts[0] ?? '';
  const sub = parts[2];
  if (resource === 'opportunities' && sub && SUB_RESOURCES.has(sub)) resource = sub;
  return `${resource}:${method === 'GET' || method === 'HEAD' ? 'read' : 'write'}:admin`;
}

/** 401 for missing or bad credentials, 403 for a token without the needed scope. */
export function authenticate(store: CredentialStore): MiddlewareHandler {
  return async (c, next) => {
    const result = store.authenticate(c.req.header('Authorization'));
    if (typeof result === 'string') return leverError(c, 401, result);
    if (result.scopes !== 'all') {
      const scope = requiredScope(c.req.method, c.req.path);
      if (!result.scopes.has(scope)) return leverError(c, 403, `Access token is missing the required scope: ${scope}`);
    }
    principals.set(c.req.raw, result);
    await next();
  };
}
