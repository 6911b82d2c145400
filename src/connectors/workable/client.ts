/**
 * HTTP towards Workable's SPI v3 through the engine's polite `ctx.fetch` (rate limit, retries on
 * 429/5xx with backoff, timeouts). Auth: `Authorization: Bearer <account token>`. Base URL:
 * `https://<subdomain>.workable.com/spi/v3`, or the integration's `base_url`.
 *
 * Workable's 429s carry no `Retry-After`, only `X-Rate-Limit-Reset` (epoch seconds, next 10 s
 * window) and `X-RateLimit-Reset` (the 2000/minute budget), each with its `Remaining`: the polite
 * fetch waits for the reset of the window that is used up (see `parseRateLimitReset`).
 *
 * Lists follow `paging.next`, the absolute URL Workable returns, but always on the configured
 * host: its path and query are re-rooted onto the base URL, so a next URL never leads elsewhere.
 */
import type { z } from 'zod';
import { VendorAuthError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import { fetchSigned, fixedAuth, sendToVendor, type VendorAuth } from '../kit/http.js';
import { collectPages, onBase, urlWithQuery } from '../kit/paging.js';
import { readJson, vendorParser } from '../kit/parse.js';
import { pagingSchema } from './vendor-schemas.js';

export const WORKABLE = 'Workable';
/** Workable's largest page. */
export const PAGE_LIMIT = 100;

export type Query = Readonly<Record<string, string | number | boolean | undefined | null>>;

export interface RequestOptions {
  query?: Query;
  json?: unknown;
  /** Answer null instead of throwing on 404. */
  allowNotFound?: boolean;
}

export const parseWith = vendorParser(WORKABLE);

/** The account's API root: the configured base URL, else the subdomain's. */
export function baseUrlOf(ctx: Pick<ConnectorContext, 'baseUrl' | 'credentials'>): string {
  if (ctx.baseUrl) return ctx.baseUrl.replace(/\/+$/, '');
  const sub = ctx.credentials['subdomain']?.trim().toLowerCase() ?? '';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(sub)) throw new VendorAuthError('Workable needs the account subdomain (subdomain), e.g. "acme" for https://acme.workable.com.');
  return `https://${sub}.workable.com/spi/v3`;
}

/** A `paging.next` URL re-rooted onto the base URL (see `onBase`); Workable's own URLs have their API below `/spi/v3`. */
export const followNext = (base: string, next: string): string => onBase(base, next, '/spi/v3');

export class WorkableClient {
  readonly base: string;
  readonly auth: VendorAuth;

  constructor(readonly ctx: ConnectorContext) {
    this.base = baseUrlOf(ctx);
    this.auth = fixedAuth(() => ({ Authorization: `Bearer ${this.ctx.credentials['api_key']?.trim() ?? ''}` }));
  }

  checkCredentials(): void {
    if (!this.ctx.credentials['api_key']?.trim()) throw new VendorAuthError('Workable needs an API access token (api_key).');
  }

  url(path: string, query: Query = {}): string {
    return urlWithQuery(this.base, path, query);
  }

  /** One request to a full URL (on our base); null on 404 with `allowNotFound`. */
  sendUrl(method: string, url: string, options: RequestOptions = {}): Promise<Response | null> {
    const { query: _query, ...request } = options;
    return sendToVendor(this.ctx, { vendor: WORKABLE, auth: this.auth }, { method, url, ...request });
  }

  send(method: string, path: string, options: RequestOptions = {}): Promise<Response | null> {
    return this.sendUrl(method, this.url(path, options.query), options);
  }

  private body(res: Response, what: string): Promise<unknown> {
    return readJson(res, WORKABLE, what);
  }

  /** A JSON answer parsed with `schema`; null for a 404 with `allowNotFound`. */
  async json<S extends z.ZodType>(method: string, path: string, schema: S, options: RequestOptions = {}): Promise<z.infer<S> | null> {
    const what = `${method} ${path}`;
    const res = await this.send(method, path, options);
    if (!res) return null;
    return parseWith(schema, await this.body(res, what), what);
  }

  /** A request whose answer we do not need (Workable's actions answer 200 with an empty body). */
  async call(method: string, path: string, options: RequestOptions = {}): Promise<unknown> {
    const res = await this.send(method, path, options);
    if (!res) return null;
    const text = await res.text().catch(() => '');
    try {
      return text.trim() ? (JSON.parse(text) as unknown) : null;
    } catch {
      return null;
    }
  }

  /**
   * One page of a list: `url` is null for the first page (built from path and query), else a
   * `paging.next` URL as Workable gave it (re-rooted on our base).
   */
  async page<S extends z.ZodType>(path: string, key: string, query: Query, url: string | null, schema: S): Promise<{ items: z.infer<S>[]; next: string | null }> {
    const target = url === null ? this.url(path, { limit: PAGE_LIMIT, ...query }) : followNext(this.base, url);
    const what = `GET ${path}`;
    const res = await this.sendUrl('GET', target);
    const body = (res ? await this.body(res, what) : null) as Record<string, unknown> | null;
    const list = body?.[key];
    if (!Array.isArray(list)) throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${WORKABLE} answered ${what} without a "${key}" list.`);
    const items = list.map((item, i) => parseWith(schema, item, `${what} (item ${i})`));
    const next = parseWith(pagingSchema, body?.['paging'], what)?.next ?? null;
    return { items, next: next && next !== url ? next : null };
  }

  /** Every page of a list. */
  all<S extends z.ZodType>(path: string, key: string, query: Query, schema: S): Promise<z.infer<S>[]> {
    return collectPages((url: string | null) => this.page(path, key, query, url, schema), { vendor: WORKABLE, what: `GET ${path}` });
  }

  /** A pre-signed file link (S3 in production): fetched without our token. */
  download(url: string): Promise<{ contentType: string | null; body: Uint8Array }> {
    return fetchSigned(this.ctx, WORKABLE, url);
  }
}
