/**
 * HTTP towards SmartRecruiters' customer API through the engine's polite `ctx.fetch`.
 *
 * - Auth: an API key in `X-SmartToken`, or OAuth client credentials (`POST /identity/oauth/token`,
 *   form body, about 30 minutes per token) sent as `Authorization: Bearer`; the token is kept in the
 *   connector state and renewed a minute before it expires, or at once on a 401.
 * - Lists come in two forms: `{limit, offset, totalFound, content}` and the cursor form whose
 *   `nextPageId` goes back as `pageId`; a page position here is `p:<pageId>` or `o:<offset>`, so a
 *   listing follows whichever the endpoint answered with.
 * - Some collections are unpaged `{totalFound, content}` (attachments, hiring team, configuration).
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { VendorAuthError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import { fixedAuth, sendToVendor, type VendorAuth, type VendorRequest } from '../kit/http.js';
import { jsonTokenStore, OAuthTokens } from '../kit/oauth.js';
import { collectPages, urlWithQuery, type PageOf, type Query } from '../kit/paging.js';
import { readJson, vendorParser } from '../kit/parse.js';
import { contentEnvelope, listEnvelope } from './vendor-schemas.js';

export const SMARTRECRUITERS = 'SmartRecruiters';
export const DEFAULT_BASE_URL = 'https://api.smartrecruiters.com';
/** The largest page SmartRecruiters serves. */
export const PAGE_LIMIT = 100;
const TOKEN_MARGIN_MS = 60_000;

export const parseWith = vendorParser(SMARTRECRUITERS);

/** The candidate list allows one request at a time per credential; its pages queue per integration. */
const CANDIDATE_LIST = '/candidates';
const queues = new Map<string, Promise<unknown>>();

function oneAtATime<T>(key: string, run: () => Promise<T>): Promise<T> {
  const before = queues.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(run);
  const tail = mine.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return mine;
}

function credentialAuth(ctx: ConnectorContext, base: string): VendorAuth {
  const c = ctx.credentials;
  const key = c['api_key']?.trim();
  if (key) return fixedAuth(() => ({ 'X-SmartToken': key }));
  const clientId = c['client_id']?.trim() ?? '';
  const secret = c['client_secret']?.trim() ?? '';
  const tokenUrl = `${base}/identity/oauth/token`;
  const tokens = new OAuthTokens(ctx, {
    vendor: SMARTRECRUITERS,
    tokenUrl,
    issuedFor: createHash('sha256').update(JSON.stringify([clientId, secret, tokenUrl])).digest('hex').slice(0, 32),
    store: jsonTokenStore('smartrecruiters.oauth'),
    marginMs: TOKEN_MARGIN_MS,
    defaultExpiresInSeconds: 1800,
    grant: () => ({ form: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }) }),
    refused: (status, said) => `SmartRecruiters refused the OAuth client credentials (HTTP ${status})${said}`,
  });
  return tokens.bearer();
}

export class SmartRecruitersClient {
  readonly base: string;
  readonly auth: VendorAuth;

  constructor(readonly ctx: ConnectorContext) {
    this.base = (ctx.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.auth = credentialAuth(ctx, this.base);
  }

  checkCredentials(): void {
    const c = this.ctx.credentials;
    if (c['api_key']?.trim()) return;
    if (c['client_id']?.trim() && c['client_secret']?.trim()) return;
    throw new VendorAuthError('SmartRecruiters needs an API key (api_key), or an OAuth client id and secret (client_id, client_secret).');
  }

  send(request: Omit<VendorRequest, 'url'> & { path: string; query?: Query }): Promise<Response | null> {
    const { path, query, ...rest } = request;
    return sendToVendor(this.ctx, { vendor: SMARTRECRUITERS, auth: this.auth }, { ...rest, url: urlWithQuery(this.base, path, query) });
  }

  /** A JSON answer parsed with `schema`; null on 404 with `allowNotFound`. */
  async json<S extends z.ZodType>(method: string, path: string, schema: S, options: { query?: Query; json?: unknown; form?: FormData; allowNotFound?: boolean } = {}): Promise<z.infer<S> | null> {
    const what = `${method} ${path}`;
    const res = await this.send({ method, path, ...options });
    if (!res) return null;
    return parseWith(schema, await readJson(res, SMARTRECRUITERS, what), what);
  }

  /** A request whose answer we do not read (status changes answer 204). */
  async call(method: string, path: string, options: { json?: unknown; form?: FormData } = {}): Promise<void> {
    const res = await this.send({ method, path, ...options });
    await res?.body?.cancel().catch(() => undefined);
  }

  /** One page from a position (`p:<pageId>`, `o:<offset>`; null: the first page). */
  async page<S extends z.ZodType>(path: string, schema: S, position: string | null, query: Query = {}): Promise<PageOf<z.infer<S>, string>> {
    const what = `GET ${path}`;
    const at = position === null ? {} : position.startsWith('p:') ? { pageId: position.slice(2) } : { offset: Number(position.slice(2)) };
    const read = () => this.json('GET', path, listEnvelope, { query: { limit: PAGE_LIMIT, ...query, ...at } });
    const body = path === CANDIDATE_LIST ? await oneAtATime(`${this.ctx.integrationId}:${this.base}`, read) : await read();
    const items = (body?.content ?? []).map((item, i) => parseWith(schema, item, `${what} (item ${i})`));
    let next: string | null = null;
    if (body?.nextPageId) next = `p:${body.nextPageId}`;
    else if (body && typeof body.totalFound === 'number' && typeof body.offset === 'number' && items.length > 0 && body.offset + items.length < body.totalFound) next = `o:${body.offset + items.length}`;
    return { items, next };
  }

  all<S extends z.ZodType>(path: string, schema: S, query: Query = {}): Promise<z.infer<S>[]> {
    return collectPages((position: string | null) => this.page(path, schema, position, query), { vendor: SMARTRECRUITERS, what: `GET ${path}` });
  }

  /** An unpaged `{totalFound, content}` collection; empty when the parent is gone (404). */
  async content<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>[]> {
    const body = await this.json('GET', path, contentEnvelope, { allowNotFound: true });
    const items = body === null ? [] : Array.isArray(body) ? body : body.content;
    return items.map((item, i) => parseWith(schema, item, `GET ${path} (item ${i})`));
  }
}
