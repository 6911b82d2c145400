/**
 * HTTP towards Teamtailor's public API v1 (JSON:API) through the integration's polite `ctx.fetch`.
 * Every request carries `Authorization: Token token=<key>` and the pinned `X-Api-Version`, without
 * which Teamtailor answers 406. Bodies go as `application/vnd.api+json`.
 *
 * Regions: EU keys live on `api.teamtailor.com`, North American ones on `api.na.teamtailor.com`;
 * a key does not work on the other host, so the region is part of the credentials.
 *
 * Lists page with `page[number]`/`page[size]` (at most 30) and follow `links.next`, moved onto our
 * base URL so a next link never sends the key elsewhere. Teamtailor's 429 carries
 * `X-Rate-Limit-Reset` (seconds left in the window), which the polite fetch waits out.
 */
import type { z } from 'zod';
import { VendorAuthError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import { fetchSigned, fixedAuth, sendToVendor, type VendorAuth } from '../kit/http.js';
import { collectPages, onBase, urlWithQuery, type PageOf, type Query } from '../kit/paging.js';
import { readJson, vendorParser } from '../kit/parse.js';
import { listDocumentSchema, singleDocumentSchema, type TtResource } from './vendor-schemas.js';

export const TEAMTAILOR = 'Teamtailor';
/** The API version we speak; pinned so a new Teamtailor version never changes our answers unseen. */
export const API_VERSION = '20240404';
export const JSONAPI = 'application/vnd.api+json';
/** Teamtailor's largest page. */
export const PAGE_SIZE = 30;
export const REGION_BASES: Readonly<Record<string, string>> = { eu: 'https://api.teamtailor.com/v1', na: 'https://api.na.teamtailor.com/v1' };

export const parseWith = vendorParser(TEAMTAILOR);

/** A page of resources with the document's included records. */
export interface TtPage {
  data: TtResource[];
  included: TtResource[];
}

export function baseUrlOf(ctx: Pick<ConnectorContext, 'baseUrl' | 'credentials'>): string {
  if (ctx.baseUrl) return ctx.baseUrl.replace(/\/+$/, '');
  const region = (ctx.credentials['region']?.trim().toLowerCase() || 'eu').replace(/^us$/, 'na');
  const base = REGION_BASES[region];
  if (!base) throw new VendorAuthError('Teamtailor region must be "eu" (api.teamtailor.com) or "na" (api.na.teamtailor.com).');
  return base;
}

export class TeamtailorClient {
  readonly base: string;
  readonly auth: VendorAuth;

  constructor(readonly ctx: ConnectorContext) {
    this.base = baseUrlOf(ctx);
    this.auth = fixedAuth(() => ({ Authorization: `Token token=${ctx.credentials['api_key']?.trim() ?? ''}`, 'X-Api-Version': API_VERSION }));
  }

  checkCredentials(): void {
    if (!this.ctx.credentials['api_key']?.trim()) throw new VendorAuthError('Teamtailor needs an API key (api_key) with Admin scope and read/write permission.');
  }

  private send(method: string, url: string, json?: unknown, allowNotFound = false): Promise<Response | null> {
    return sendToVendor(this.ctx, { vendor: TEAMTAILOR, auth: this.auth }, { method, url, accept: JSONAPI, ...(json === undefined ? {} : { json, jsonType: JSONAPI }), allowNotFound });
  }

  /** One page: the first from path and query, the next ones from `links.next`. */
  async page(path: string, query: Query, next: string | null): Promise<PageOf<TtPage, string>> {
    const url = next === null ? urlWithQuery(this.base, path, { ...query, 'page[size]': PAGE_SIZE }) : onBase(this.base, next, '/v1');
    const what = `GET ${path}`;
    const res = await this.send('GET', url);
    const doc = parseWith(listDocumentSchema, res ? await readJson(res, TEAMTAILOR, what) : null, what);
    const following = doc.links?.next ?? null;
    return { items: [{ data: doc.data, included: doc.included ?? [] }], next: following && following !== next ? following : null };
  }

  /** Every page of a list, merged. */
  async all(path: string, query: Query = {}): Promise<TtPage> {
    const pages = await collectPages((next: string | null) => this.page(path, query, next), { vendor: TEAMTAILOR, what: `GET ${path}` });
    return { data: pages.flatMap((p) => p.data), included: pages.flatMap((p) => p.included) };
  }

  /** One resource (null for 404) with its included records. */
  async one(path: string, query: Query = {}): Promise<TtPage | null> {
    const what = `GET ${path}`;
    const res = await this.send('GET', urlWithQuery(this.base, path, query), undefined, true);
    if (!res) return null;
    const doc = parseWith(singleDocumentSchema, await readJson(res, TEAMTAILOR, what), what);
    return { data: [doc.data], included: doc.included ?? [] };
  }

  /** A write with a JSON:API body; answers the resource Teamtailor returns. */
  async write(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<TtResource> {
    const what = `${method} ${path}`;
    const res = await this.send(method, `${this.base}${path}`, body);
    return parseWith(singleDocumentSchema, res ? await readJson(res, TEAMTAILOR, what) : null, what).data;
  }

  /** A pre-signed file link (S3): fetched without our key. */
  download(url: string): Promise<{ contentType: string | null; body: Uint8Array }> {
    return fetchSigned(this.ctx, TEAMTAILOR, url);
  }
}

/** A resource's attributes read with `schema`. */
export function attributesOf<S extends z.ZodType>(resource: TtResource, schema: S): z.infer<S> {
  return parseWith(schema, resource.attributes, `${resource.type} ${resource.id}`);
}

/** The id a to-one relationship points at (its linkage; present for relationships we `include`). */
export function relatedId(resource: TtResource, name: string): string | null {
  const data = resource.relationships[name]?.data;
  return data && !Array.isArray(data) ? data.id : null;
}

export function relatedIds(resource: TtResource, name: string): string[] {
  const data = resource.relationships[name]?.data;
  return Array.isArray(data) ? data.map((d) => d.id) : data ? [data.id] : [];
}

/** Included records by `type:id`. */
export function indexIncluded(included: readonly TtResource[]): Map<string, TtResource> {
  return new Map(included.map((r) => [`${r.type}:${r.id}`, r]));
}
