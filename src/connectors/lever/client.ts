/**
 * HTTP towards Lever's Data API v1 through the engine's polite `ctx.fetch` (rate limit, retries
 * on 429/5xx, timeouts). Authentication is an API key (HTTP Basic, key as user name, blank
 * password) or an OAuth access token (Bearer), refreshed with the refresh token when Lever says
 * it expired. Failed answers become typed errors (`kit/vendor-errors.ts`); answers are parsed from
 * `unknown` with the zod schemas in `vendor-schemas.ts`.
 *
 * @example
 * const lever = new LeverClient(ctx);
 * const page = await lever.page('/opportunities', { expand: 'applications' }, null);
 * const user = await lever.one('GET', '/users/abc', userSchema);
 */
import type { z } from 'zod';
import { VendorAuthError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import { apiKeyBasic, discard, sendToVendor, type VendorAuth } from '../kit/http.js';
import { OAuthTokens, splitTokenStore } from '../kit/oauth.js';
import { collectPages, urlWithQuery, type Query } from '../kit/paging.js';
import { readJson, vendorParser } from '../kit/parse.js';
import { createEnvelopeSchema, listEnvelopeSchema, oneEnvelopeSchema } from './vendor-schemas.js';

export const LEVER = 'Lever';
export const DEFAULT_BASE_URL = 'https://api.lever.co/v1';
/** Lever's largest page. */
export const PAGE_LIMIT = 100;

export type { Query, QueryValue } from '../kit/paging.js';

export interface RequestOptions {
  query?: Query;
  json?: unknown;
  form?: FormData;
  /** Answer null instead of throwing on 404 (a record deleted while we walk). */
  allowNotFound?: boolean;
  /** `Accept` header; JSON unless downloading a file. */
  accept?: string;
}

/** Where Lever's OAuth tokens are refreshed for a base URL (custom base URLs: their origin). */
export function tokenUrlFor(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.hostname === 'api.sandbox.lever.co') return 'https://sandbox-lever.auth0.com/oauth/token';
  if (url.hostname === 'lever.co' || url.hostname.endsWith('.lever.co')) return 'https://auth.lever.co/oauth/token';
  return `${url.origin}/oauth/token`;
}

/** The `next` token is handed out already percent-encoded: send it as it is unless it is not URL-safe. */
const offsetParam = (offset: string) => (/^[A-Za-z0-9%._~-]*$/.test(offset) ? offset : encodeURIComponent(offset));

export const parseWith = vendorParser(LEVER);

export class LeverClient {
  readonly base: string;
  /** Renewed tokens, kept with the credentials they were renewed from (other credentials ignore them). */
  private readonly tokens: OAuthTokens;
  readonly auth: VendorAuth;

  constructor(readonly ctx: ConnectorContext) {
    this.base = (ctx.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    const c = ctx.credentials;
    this.tokens = new OAuthTokens(ctx, {
      vendor: LEVER,
      tokenUrl: tokenUrlFor(this.base),
      issuedFor: `${c['access_token'] ?? ''}|${c['refresh_token'] ?? ''}`,
      store: splitTokenStore('oauth'),
      marginMs: 60_000,
      // Lever rotates refresh tokens: the newest one kept wins over the one in the credentials.
      grant: (kept) => ({
        form: new URLSearchParams({ grant_type: 'refresh_token', client_id: c['client_id'] ?? '', client_secret: c['client_secret'] ?? '', refresh_token: kept?.refreshToken ?? c['refresh_token'] ?? '' }),
      }),
      refused: (status, said) => `Lever refused to refresh the OAuth access token (HTTP ${status})${said}`,
    });
    this.auth = { renews: this.canRefresh, headers: async (renew) => ({ Authorization: await this.authorization(renew) }) };
  }

  private get credentials(): Record<string, string> {
    return this.ctx.credentials;
  }

  get usesApiKey(): boolean {
    return Boolean(this.credentials['api_key']?.trim());
  }

  private get canRefresh(): boolean {
    return !this.usesApiKey && ['refresh_token', 'client_id', 'client_secret'].every((k) => Boolean(this.credentials[k]?.trim()));
  }

  /** Throws VendorAuthError when neither an API key nor an access token is configured. */
  checkCredentials(): void {
    if (this.usesApiKey || this.credentials['access_token']?.trim() || this.canRefresh) return;
    throw new VendorAuthError('Lever needs an API key (api_key) or an OAuth access token (access_token, optionally with refresh_token, client_id and client_secret).');
  }

  /** The `Authorization` header value (also used by passthrough requests); `renew` refreshes the OAuth token first. */
  async authorization(renew = false): Promise<string> {
    const key = this.credentials['api_key']?.trim();
    if (key) return apiKeyBasic(key);
    const initial = this.credentials['access_token']?.trim() ?? '';
    if (!this.canRefresh) return `Bearer ${(await this.tokens.kept())?.accessToken ?? initial}`;
    return `Bearer ${await this.tokens.accessToken({ renew, initial })}`;
  }

  url(path: string, query: Query = {}, offset: string | null = null): string {
    const url = urlWithQuery(this.base, path, query);
    if (!offset) return url;
    return `${url}${url.includes('?') ? '&' : '?'}offset=${offsetParam(offset)}`;
  }

  /** One request; 401 with a refreshable OAuth token refreshes once and repeats it. */
  send(method: string, path: string, options: RequestOptions = {}, offset: string | null = null): Promise<Response | null> {
    const { query, ...request } = options;
    return sendToVendor(this.ctx, { vendor: LEVER, auth: this.auth }, { method, url: this.url(path, query, offset), ...request });
  }

  private body(res: Response, what: string): Promise<unknown> {
    return readJson(res, LEVER, what);
  }

  /** A single record answered as `{data}` (GET, and writes that return the record). */
  async one<S extends z.ZodType>(method: string, path: string, schema: S, options: RequestOptions = {}): Promise<z.infer<S>> {
    const what = `${method} ${path}`;
    const res = await this.send(method, path, options);
    if (!res) throw new VendorError('REMOTE.INPUT_INVALID', `${LEVER} has no ${path}.`, { vendorStatus: 404 });
    const envelope = parseWith(oneEnvelopeSchema, await this.body(res, what), what);
    return parseWith(schema, envelope.data, what);
  }

  /**
   * A write whose answer should carry the changed record as `{data}`; null when it does not (an
   * empty or differently shaped answer), so the caller reads the record instead.
   */
  async write<S extends z.ZodType>(method: string, path: string, schema: S, options: RequestOptions = {}): Promise<z.infer<S> | null> {
    const res = await this.send(method, path, options);
    if (!res) throw new VendorError('REMOTE.INPUT_INVALID', `${LEVER} has no ${path}.`, { vendorStatus: 404 });
    const text = await res.text().catch(() => '');
    let body: unknown = null;
    try {
      body = text.trim() ? (JSON.parse(text) as unknown) : null;
    } catch {
      return null;
    }
    const envelope = oneEnvelopeSchema.safeParse(body);
    const parsed = envelope.success ? schema.safeParse(envelope.data.data) : null;
    return parsed?.success ? (parsed.data as z.infer<S>) : null;
  }

  /** `POST /opportunities`: `{deduped, data}`. */
  async create<S extends z.ZodType>(path: string, schema: S, options: RequestOptions): Promise<{ deduped: boolean; data: z.infer<S> }> {
    const what = `POST ${path}`;
    const res = await this.send('POST', path, options);
    if (!res) throw new VendorError('REMOTE.INPUT_INVALID', `${LEVER} has no ${path}.`, { vendorStatus: 404 });
    const envelope = parseWith(createEnvelopeSchema, await this.body(res, what), what);
    return { deduped: envelope.deduped ?? false, data: parseWith(schema, envelope.data, what) };
  }

  /** A request whose answer we do not need (204 or a record we ignore). */
  async call(method: string, path: string, options: RequestOptions = {}): Promise<void> {
    const res = await this.send(method, path, options);
    if (res) await discard(res);
  }

  /** One page of a list; `null` when the parent is gone (with `allowNotFound`). */
  async page<S extends z.ZodType>(
    path: string,
    query: Query,
    offset: string | null,
    schema: S,
    options: { limit?: number; allowNotFound?: boolean } = {},
  ): Promise<{ items: z.infer<S>[]; next: string | null } | null> {
    const what = `GET ${path}`;
    const res = await this.send('GET', path, { query: { ...query, limit: options.limit ?? PAGE_LIMIT }, ...(options.allowNotFound ? { allowNotFound: true } : {}) }, offset);
    if (!res) return null;
    const envelope = parseWith(listEnvelopeSchema, await this.body(res, what), what);
    const items = envelope.data.map((item, i) => parseWith(schema, item, `${what} (item ${i})`));
    const next = (envelope.hasNext ?? true) && envelope.next ? envelope.next : null;
    return { items, next };
  }

  /** Every page of a list. */
  all<S extends z.ZodType>(path: string, query: Query, schema: S, options: { allowNotFound?: boolean } = {}): Promise<z.infer<S>[]> {
    return collectPages((offset: string | null) => this.page(path, query, offset, schema, options), { vendor: LEVER, what: `GET ${path}` });
  }

  /** Downloads a file's bytes (file download URLs are API URLs needing the same credentials). */
  async download(path: string): Promise<{ contentType: string | null; body: Uint8Array } | null> {
    const res = await this.send('GET', path, { allowNotFound: true, accept: '*/*' });
    if (!res) return null;
    return { contentType: res.headers.get('content-type'), body: new Uint8Array(await res.arrayBuffer()) };
  }
}
