/**
 * HTTP towards Greenhouse Harvest v3 through the engine's polite `ctx.fetch` (rate limit, retries
 * on 429/5xx with Retry-After, timeouts).
 *
 * - Auth: OAuth 2.0 client credentials (`POST https://auth.greenhouse.io/token`, HTTP Basic
 *   `client_id:client_secret`, form body `grant_type=client_credentials` and `sub=<user id>`).
 *   The access token (1 h) is cached in `ctx.state` and replaced 5 minutes before it expires, or
 *   at once when Harvest answers 401 (one retry). With a custom base URL the token endpoint is
 *   `<base>/token`.
 * - Lists: bare JSON arrays, `per_page` ≤ 500, the next page only in `Link: <…?cursor=…>; rel="next"`,
 *   and a cursor request carries no other parameter. `*_ids`/`ids` filters take ≤ 50 ids.
 * - Failures become typed errors (`kit/vendor-errors.ts`); bodies are parsed with `vendor-schemas.ts`.
 *
 * @example
 * const gh = new HarvestClient(ctx);
 * const { items, next } = await gh.page('candidates', candidateSchema, { query: { updated_at: 'gte|2026-01-01T00:00:00Z' } });
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { VendorAuthError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import { sendToVendor, type VendorAuth } from '../kit/http.js';
import { jsonTokenStore, OAuthTokens } from '../kit/oauth.js';
import { collectPages, nextLink } from '../kit/paging.js';
import { vendorParser } from '../kit/parse.js';

export const GREENHOUSE = 'Greenhouse';
export const DEFAULT_API_URL = 'https://harvest.greenhouse.io';
export const DEFAULT_TOKEN_URL = 'https://auth.greenhouse.io/token';
/** Harvest's largest page. */
export const PER_PAGE = 500;
/** Harvest's limit on `ids` and `*_ids` list filters. */
export const MAX_IDS = 50;
/** Tokens are replaced this long before they expire. */
export const TOKEN_MARGIN_MS = 5 * 60_000;
/** Where the token is kept in the connector state. */
const TOKEN_KEY = 'greenhouse.oauth';

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** Where tokens come from: Greenhouse's auth host, or `<base>/token` when the API host is replaced. */
export function tokenUrlFor(baseUrl: string | null): string {
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}/token` : DEFAULT_TOKEN_URL;
}

export { nextLink };

export const parseWith = vendorParser(GREENHOUSE);

export function chunks<T>(items: readonly T[], size = MAX_IDS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class HarvestClient {
  readonly base: string;
  readonly tokenUrl: string;
  readonly auth: VendorAuth;
  private readonly tokens: OAuthTokens;

  /**
   * `actAs`: a Greenhouse user id the calls are made as (a write's `On-Behalf-Of`). Harvest v3 has
   * no such header: the token's `sub` names the acting user, so such a client gets its own token.
   */
  constructor(
    readonly ctx: ConnectorContext,
    private readonly actAs: string | null = null,
  ) {
    this.base = (ctx.baseUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
    this.tokenUrl = tokenUrlFor(ctx.baseUrl);
    const c = ctx.credentials;
    const user = (actAs ?? c['user_id'] ?? '').trim();
    this.tokens = new OAuthTokens(ctx, {
      vendor: GREENHOUSE,
      tokenUrl: this.tokenUrl,
      // Which credentials, user and endpoint the token was issued for.
      issuedFor: createHash('sha256').update(JSON.stringify([c['client_id'] ?? '', c['client_secret'] ?? '', user, this.tokenUrl])).digest('hex').slice(0, 32),
      // One token for the configured user, one per acting user.
      store: jsonTokenStore(actAs === null ? TOKEN_KEY : `${TOKEN_KEY}.as.${actAs}`),
      marginMs: TOKEN_MARGIN_MS,
      defaultExpiresInSeconds: 3600,
      grant: () => {
        const { client_id: id, client_secret: secret } = c;
        if (!id?.trim() || !secret?.trim()) throw new VendorAuthError(`${GREENHOUSE} needs a Client ID and a Client Secret (Harvest V3 OAuth credentials).`);
        if (user && !/^\d+$/.test(user)) {
          if (actAs !== null) throw new VendorError('REMOTE.INPUT_INVALID', `On-Behalf-Of must be the numeric id of a ${GREENHOUSE} user; got "${user}".`);
          throw new VendorAuthError(`The ${GREENHOUSE} user ID must be the numeric id of a Greenhouse user; got "${user}".`);
        }
        const form = new URLSearchParams({ grant_type: 'client_credentials' });
        if (user) form.set('sub', user);
        // As Greenhouse documents it: Basic base64("<client_id>:<client_secret>"), the values as issued.
        return { form, headers: { Authorization: `Basic ${Buffer.from(`${id.trim()}:${secret.trim()}`).toString('base64')}` } };
      },
      // The credentials work for the configured user; a refusal for an acting user is about that user.
      refused: (status, said) =>
        status === 400 && actAs !== null
          ? new VendorError('REMOTE.INPUT_INVALID', `${GREENHOUSE} refused to act as user ${actAs} (On-Behalf-Of)${said}.`)
          : `${GREENHOUSE} refused to issue an access token (HTTP ${status})${said}.`,
    });
    this.auth = { renews: true, headers: async (renew) => ({ Authorization: `Bearer ${await this.token(renew)}` }) };
  }

  /** A live access token: the kept one, or a new one when it is missing, about to expire, or `fresh` is asked for. */
  token(fresh = false): Promise<string> {
    return this.tokens.accessToken({ renew: fresh });
  }

  /** Sends one request with the bearer token; a 401 gets one new token and one retry. Throws on any failure. */
  send(method: string, url: string, body?: unknown): Promise<Response> {
    return sendToVendor(this.ctx, { vendor: GREENHOUSE, auth: this.auth }, { method, url, ...(body === undefined ? {} : { json: body }) });
  }

  url(path: string, query: Query = {}): string {
    const url = new URL(`${this.base}/v3/${path.replace(/^\/+/, '')}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  /** A write (or any single call) whose JSON answer is returned as it came; null for an empty body (204). */
  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await this.send(method, this.url(path), body);
    const text = await res.text();
    if (!text.trim()) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${GREENHOUSE} answered ${method} ${path} with a body that is not JSON.`);
    }
  }

  /**
   * One page of `GET /v3/<resource>`. Without a cursor the query (filters) and `per_page` are sent;
   * with one, only the cursor (Harvest refuses anything next to it). `next` is the next cursor.
   */
  async page<S extends z.ZodType>(
    resource: string,
    schema: S,
    options: { query?: Query; cursor?: string | null },
  ): Promise<{ items: z.infer<S>[]; next: string | null }> {
    const url = options.cursor
      ? options.cursor.startsWith('url:')
        ? options.cursor.slice(4)
        : this.url(resource, { cursor: options.cursor })
      : this.url(resource, { per_page: PER_PAGE, ...options.query });
    const res = await this.send('GET', url);
    const body: unknown = await res.json().catch(() => null);
    if (!Array.isArray(body)) throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${GREENHOUSE} answered GET /v3/${resource} without a JSON array.`);
    const items = body.map((item, i) => parseWith(schema, item, `GET /v3/${resource} (item ${i})`));
    const link = nextLink(res.headers.get('link'));
    const cursor = link && URL.canParse(link) ? new URL(link).searchParams.get('cursor') : null;
    return { items, next: link ? (cursor ?? `url:${link}`) : null };
  }

  /** Every record of a listing, following every page. */
  all<S extends z.ZodType>(resource: string, schema: S, query: Query = {}): Promise<z.infer<S>[]> {
    return collectPages((cursor: string | null) => this.page(resource, schema, cursor ? { cursor } : { query }), { vendor: GREENHOUSE, what: `GET /v3/${resource}` });
  }

  /** Every record whose `filter` (an `ids` or `*_ids` parameter) is one of `ids`, 50 ids per request. */
  async byIds<S extends z.ZodType>(resource: string, schema: S, filter: string, ids: Iterable<number>, query: Query = {}): Promise<z.infer<S>[]> {
    const unique = [...new Set(ids)];
    const out: z.infer<S>[] = [];
    for (const part of chunks(unique)) out.push(...(await this.all(resource, schema, { ...query, [filter]: part.join(',') })));
    if (filter !== 'ids') return out;
    // Never trust a filter blindly: a record that is not one of the ids asked for is not returned.
    const wanted = new Set(unique);
    return out.filter((item: unknown) => typeof item === 'object' && item !== null && 'id' in item && typeof item.id === 'number' && wanted.has(item.id));
  }
}
