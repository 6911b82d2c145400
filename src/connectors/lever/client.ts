/**
 * HTTP towards Lever's Data API v1 through the engine's polite `ctx.fetch` (rate limit, retries
 * on 429/5xx, timeouts). Authentication is an API key (HTTP Basic, key as user name, blank
 * password) or an OAuth access token (Bearer), refreshed with the refresh token when Lever says
 * it expired. Failed answers become typed errors (`vendor-errors.ts`); answers are parsed from
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
import { vendorErrorFromResponse, vendorNetworkError } from '../kit/vendor-errors.js';
import { createEnvelopeSchema, listEnvelopeSchema, oneEnvelopeSchema, tokenSchema } from './vendor-schemas.js';

export const LEVER = 'Lever';
export const DEFAULT_BASE_URL = 'https://api.lever.co/v1';
/** Lever's largest page. */
export const PAGE_LIMIT = 100;

export type QueryValue = string | number | boolean | readonly string[] | undefined | null;
export type Query = Readonly<Record<string, QueryValue>>;

export interface RequestOptions {
  query?: Query;
  json?: unknown;
  form?: FormData;
  /** Answer null instead of throwing on 404 (a record deleted while we walk). */
  allowNotFound?: boolean;
  /** `Accept` header; JSON unless downloading a file. */
  accept?: string;
}

/** Renewed tokens, kept with the credential access token they replace (other credentials ignore them). */
const STATE = { token: 'oauth.access_token', refresh: 'oauth.refresh_token', expiresAt: 'oauth.expires_at', origin: 'oauth.renewed_from' } as const;
/** One refresh at a time per integration, shared by concurrent requests. */
const refreshing = new Map<string, Promise<string>>();

/** Where Lever's OAuth tokens are refreshed for a base URL (custom base URLs: their origin). */
export function tokenUrlFor(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.hostname === 'api.sandbox.lever.co') return 'https://sandbox-lever.auth0.com/oauth/token';
  if (url.hostname === 'lever.co' || url.hostname.endsWith('.lever.co')) return 'https://auth.lever.co/oauth/token';
  return `${url.origin}/oauth/token`;
}

/** The `next` token is handed out already percent-encoded: send it as it is unless it is not URL-safe. */
const offsetParam = (offset: string) => (/^[A-Za-z0-9%._~-]*$/.test(offset) ? offset : encodeURIComponent(offset));

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${LEVER} answered ${what} in an unexpected shape (${where}: ${issue?.message ?? 'invalid'}).`);
}

export class LeverClient {
  readonly base: string;

  constructor(readonly ctx: ConnectorContext) {
    this.base = (ctx.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
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

  /** The `Authorization` header value (also used by passthrough requests). */
  async authorization(): Promise<string> {
    const key = this.credentials['api_key']?.trim();
    if (key) return `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
    const renewed = await this.renewed();
    const expiresAt = renewed ? Number((await this.ctx.state.get(STATE.expiresAt)) ?? Number.NaN) : Number.NaN;
    const token = (renewed ? await this.ctx.state.get(STATE.token) : null) ?? this.credentials['access_token']?.trim() ?? '';
    if (this.canRefresh && (!token || (Number.isFinite(expiresAt) && expiresAt - 60_000 < Date.now()))) return `Bearer ${await this.refresh()}`;
    return `Bearer ${token}`;
  }

  /** Whether the state holds tokens renewed from these credentials. */
  private async renewed(): Promise<boolean> {
    return (await this.ctx.state.get(STATE.origin)) === this.credentialKey();
  }

  private credentialKey(): string {
    return `${this.credentials['access_token'] ?? ''}|${this.credentials['refresh_token'] ?? ''}`;
  }

  /** Trades the refresh token for a new access token (Lever rotates refresh tokens: the new one is kept). */
  private refresh(): Promise<string> {
    const id = this.ctx.integrationId;
    let running = refreshing.get(id);
    if (!running) {
      running = this.doRefresh().finally(() => refreshing.delete(id));
      refreshing.set(id, running);
    }
    return running;
  }

  private async doRefresh(): Promise<string> {
    const refreshToken = ((await this.renewed()) ? await this.ctx.state.get(STATE.refresh) : null) ?? this.credentials['refresh_token'] ?? '';
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: this.credentials['client_id'] ?? '',
      client_secret: this.credentials['client_secret'] ?? '',
      refresh_token: refreshToken,
    });
    const url = tokenUrlFor(this.base);
    let res: Response;
    try {
      res = await this.ctx.fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body, ...this.signal() });
    } catch (err) {
      throw vendorNetworkError(err, LEVER);
    }
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      const error = await vendorErrorFromResponse(res, LEVER);
      throw new VendorAuthError(`Lever refused to refresh the OAuth access token: ${error.message}`);
    }
    if (!res.ok) throw await vendorErrorFromResponse(res, LEVER);
    const token = parseWith(tokenSchema, await res.json().catch(() => null), 'the token refresh');
    await this.ctx.state.set(STATE.origin, this.credentialKey());
    await this.ctx.state.set(STATE.token, token.access_token);
    await this.ctx.state.set(STATE.expiresAt, token.expires_in ? String(Date.now() + token.expires_in * 1000) : null);
    if (token.refresh_token) await this.ctx.state.set(STATE.refresh, token.refresh_token);
    return token.access_token;
  }

  private signal(): { signal?: AbortSignal } {
    return this.ctx.signal ? { signal: this.ctx.signal } : {};
  }

  url(path: string, query: Query = {}, offset: string | null = null): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(name, v);
      else params.append(name, String(value));
    }
    const search = params.toString();
    const parts = [search, offset ? `offset=${offsetParam(offset)}` : ''].filter(Boolean).join('&');
    return `${this.base}${path}${parts ? `?${parts}` : ''}`;
  }

  /** One request; 401 with a refreshable OAuth token refreshes once and repeats it. */
  async send(method: string, path: string, options: RequestOptions = {}, offset: string | null = null): Promise<Response | null> {
    const url = this.url(path, options.query, offset);
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { Authorization: await this.authorization(), Accept: options.accept ?? 'application/json' };
      let body: RequestInit['body'] | undefined;
      if (options.form) body = options.form;
      else if (options.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(options.json);
      }
      let res: Response;
      try {
        res = await this.ctx.fetch(url, { method, headers, ...(body === undefined ? {} : { body }), ...this.signal() });
      } catch (err) {
        if (this.ctx.signal?.aborted) throw err;
        throw vendorNetworkError(err, LEVER);
      }
      if (res.status === 401 && attempt === 0 && this.canRefresh) {
        await res.body?.cancel().catch(() => undefined);
        await this.refresh();
        continue;
      }
      if (res.status === 404 && options.allowNotFound) {
        await res.body?.cancel().catch(() => undefined);
        return null;
      }
      if (!res.ok) throw await vendorErrorFromResponse(res, LEVER);
      if (method !== 'GET') this.ctx.vendorWrote?.();
      return res;
    }
  }

  private async body(res: Response, what: string): Promise<unknown> {
    const text = await res.text();
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${LEVER} answered ${what} with something other than JSON.`);
    }
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
    await res?.body?.cancel().catch(() => undefined);
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
  async all<S extends z.ZodType>(path: string, query: Query, schema: S, options: { allowNotFound?: boolean } = {}): Promise<z.infer<S>[]> {
    const out: z.infer<S>[] = [];
    let offset: string | null = null;
    for (let pages = 0; pages < 100_000; pages++) {
      const page: { items: z.infer<S>[]; next: string | null } | null = await this.page(path, query, offset, schema, options);
      if (!page) return out;
      out.push(...page.items);
      if (!page.next || page.next === offset) return out;
      offset = page.next;
    }
    throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${LEVER} kept answering GET ${path} with more pages.`);
  }

  /** Downloads a file's bytes (file download URLs are API URLs needing the same credentials). */
  async download(path: string): Promise<{ contentType: string | null; body: Uint8Array } | null> {
    const res = await this.send('GET', path, { allowNotFound: true, accept: '*/*' });
    if (!res) return null;
    return { contentType: res.headers.get('content-type'), body: new Uint8Array(await res.arrayBuffer()) };
  }
}
