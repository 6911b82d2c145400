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
import { vendorErrorFromResponse, vendorNetworkError } from '../kit/vendor-errors.js';
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

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${WORKABLE} answered ${what} in an unexpected shape (${where}: ${issue?.message ?? 'invalid'}).`);
}

/** The account's API root: the configured base URL, else the subdomain's. */
export function baseUrlOf(ctx: Pick<ConnectorContext, 'baseUrl' | 'credentials'>): string {
  if (ctx.baseUrl) return ctx.baseUrl.replace(/\/+$/, '');
  const sub = ctx.credentials['subdomain']?.trim().toLowerCase() ?? '';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(sub)) throw new VendorAuthError('Workable needs the account subdomain (subdomain), e.g. "acme" for https://acme.workable.com.');
  return `https://${sub}.workable.com/spi/v3`;
}

/**
 * A `paging.next` URL re-rooted onto the base URL: the part after the base path (or after
 * `/spi/v3`) with its query, on the base's origin.
 */
export function followNext(base: string, next: string): string {
  const b = new URL(base);
  const n = new URL(next, base);
  const basePath = b.pathname.replace(/\/+$/, '');
  let rest: string;
  if (basePath && (n.pathname === basePath || n.pathname.startsWith(`${basePath}/`))) rest = n.pathname.slice(basePath.length);
  else {
    const at = n.pathname.indexOf('/spi/v3');
    rest = at >= 0 ? n.pathname.slice(at + '/spi/v3'.length) : n.pathname;
  }
  return `${b.origin}${basePath}${rest}${n.search}`;
}

export class WorkableClient {
  readonly base: string;

  constructor(readonly ctx: ConnectorContext) {
    this.base = baseUrlOf(ctx);
  }

  checkCredentials(): void {
    if (!this.ctx.credentials['api_key']?.trim()) throw new VendorAuthError('Workable needs an API access token (api_key).');
  }

  url(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null) params.append(name, String(value));
    const search = params.toString();
    return `${this.base}${path}${search ? `?${search}` : ''}`;
  }

  private signal(): { signal?: AbortSignal } {
    return this.ctx.signal ? { signal: this.ctx.signal } : {};
  }

  /** One request to a full URL (on our base); null on 404 with `allowNotFound`. */
  async sendUrl(method: string, url: string, options: RequestOptions = {}): Promise<Response | null> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.ctx.credentials['api_key']?.trim() ?? ''}`, Accept: 'application/json' };
    const init: RequestInit = { method, headers, ...this.signal() };
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.json);
    }
    let res: Response;
    try {
      res = await this.ctx.fetch(url, init);
    } catch (err) {
      if (this.ctx.signal?.aborted) throw err;
      throw vendorNetworkError(err, WORKABLE);
    }
    if (res.status === 404 && options.allowNotFound) {
      await res.body?.cancel().catch(() => undefined);
      return null;
    }
    if (!res.ok) throw await vendorErrorFromResponse(res, WORKABLE);
    if (method !== 'GET') this.ctx.vendorWrote?.();
    return res;
  }

  send(method: string, path: string, options: RequestOptions = {}): Promise<Response | null> {
    return this.sendUrl(method, this.url(path, options.query), options);
  }

  private async body(res: Response, what: string): Promise<unknown> {
    const text = await res.text();
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${WORKABLE} answered ${what} with something other than JSON.`);
    }
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
  async all<S extends z.ZodType>(path: string, key: string, query: Query, schema: S): Promise<z.infer<S>[]> {
    const out: z.infer<S>[] = [];
    let url: string | null = null;
    for (let pages = 0; pages < 100_000; pages++) {
      const page: { items: z.infer<S>[]; next: string | null } = await this.page(path, key, query, url, schema);
      out.push(...page.items);
      if (!page.next) return out;
      url = page.next;
    }
    throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${WORKABLE} kept answering GET ${path} with more pages.`);
  }

  /** A pre-signed file link (S3 in production): fetched without our token. */
  async download(url: string): Promise<{ contentType: string | null; body: Uint8Array }> {
    let res: Response;
    try {
      res = await this.ctx.fetch(url, { method: 'GET', ...this.signal() });
    } catch (err) {
      throw vendorNetworkError(err, WORKABLE);
    }
    if (!res.ok) throw await vendorErrorFromResponse(res, WORKABLE);
    return { contentType: res.headers.get('content-type'), body: new Uint8Array(await res.arrayBuffer()) };
  }
}
