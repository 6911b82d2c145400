/**
 * HTTP towards Recruitee's ATS API through the engine's polite `ctx.fetch`. Auth: `Authorization:
 * Bearer <personal API token>`. Every route lives below `/c/{company_id}` on
 * `https://api.recruitee.com` (or the integration's `base_url`, which replaces that host).
 *
 * Lists are `limit`/`offset`: the docs warn that `/candidates` without both answers every row at
 * once, so a `limit` is always sent; a page shorter than the limit is the last one.
 */
import type { z } from 'zod';
import { VendorAuthError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import { fetchSigned, fixedAuth, sendToVendor, type VendorAuth } from '../kit/http.js';
import { collectPages, urlWithQuery, type PageOf, type Query } from '../kit/paging.js';
import { readJson, vendorParser } from '../kit/parse.js';

export const RECRUITEE = 'Recruitee';
export const DEFAULT_BASE_URL = 'https://api.recruitee.com';
/** Rows per page: third parties use 100–500 and one documents 1000 as the largest; 100 keeps answers small. */
export const PAGE_LIMIT = 100;

export const parseWith = vendorParser(RECRUITEE);

export interface RequestOptions {
  query?: Query;
  json?: unknown;
  form?: FormData;
  allowNotFound?: boolean;
}

/** The company id as the customer typed it: numeric ids are safest (candidate routes refuse slugs). */
export function companyOf(ctx: Pick<ConnectorContext, 'credentials'>): string {
  const id = ctx.credentials['company_id']?.trim() ?? '';
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(id)) throw new VendorAuthError('Recruitee needs the company id (company_id), shown under Settings → Apps and plugins → Personal API tokens.');
  return id;
}

export class RecruiteeClient {
  readonly base: string;
  readonly auth: VendorAuth;

  constructor(readonly ctx: ConnectorContext) {
    this.base = `${(ctx.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '')}/c/${encodeURIComponent(companyOf(ctx))}`;
    this.auth = fixedAuth(() => ({ Authorization: `Bearer ${this.ctx.credentials['api_token']?.trim() ?? ''}` }));
  }

  checkCredentials(): void {
    if (!this.ctx.credentials['api_token']?.trim()) throw new VendorAuthError('Recruitee needs a personal API token (api_token).');
  }

  send(method: string, path: string, options: RequestOptions = {}): Promise<Response | null> {
    const { query, ...request } = options;
    return sendToVendor(this.ctx, { vendor: RECRUITEE, auth: this.auth }, { method, url: urlWithQuery(this.base, path, query ?? {}), ...request });
  }

  /** A JSON answer parsed with `schema`; null for a 404 with `allowNotFound`. */
  async json<S extends z.ZodType>(method: string, path: string, schema: S, options: RequestOptions = {}): Promise<z.infer<S> | null> {
    const what = `${method} ${path}`;
    const res = await this.send(method, path, options);
    if (!res) return null;
    return parseWith(schema, await readJson(res, RECRUITEE, what), what);
  }

  /** Like `json`, for answers that must be there. */
  async must<S extends z.ZodType>(method: string, path: string, schema: S, options: RequestOptions = {}): Promise<z.infer<S>> {
    const found = await this.json(method, path, schema, options);
    if (found === null) throw new VendorError('REMOTE.INPUT_INVALID', `${RECRUITEE} has nothing at ${path}.`, { vendorStatus: 404 });
    return found;
  }

  /** One `limit`/`offset` page of the list under `key`; the position is the offset. */
  async page<S extends z.ZodType>(path: string, key: string, schema: S, offset: number | null, query: Query = {}): Promise<PageOf<z.infer<S>, number>> {
    const what = `GET ${path}`;
    const res = await this.send('GET', path, { query: { ...query, limit: PAGE_LIMIT, offset: offset ?? 0 } });
    const body = (res ? await readJson(res, RECRUITEE, what) : null) as Record<string, unknown> | null;
    const list = body?.[key];
    if (!Array.isArray(list)) throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${RECRUITEE} answered ${what} without a "${key}" list.`);
    const items = list.map((item, i) => parseWith(schema, item, `${what} (item ${i})`));
    return { items, next: list.length < PAGE_LIMIT ? null : (offset ?? 0) + PAGE_LIMIT };
  }

  all<S extends z.ZodType>(path: string, key: string, schema: S, query: Query = {}): Promise<z.infer<S>[]> {
    return collectPages((offset: number | null) => this.page(path, key, schema, offset, query), { vendor: RECRUITEE, what: `GET ${path}` });
  }

  /** A pre-signed file link (S3 in production): fetched without our token. */
  download(url: string): Promise<{ contentType: string | null; body: Uint8Array }> {
    return fetchSigned(this.ctx, RECRUITEE, url);
  }
}
