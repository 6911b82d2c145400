/**
 * HTTP towards Personio through the engine's polite `ctx.fetch`, on `https://api.personio.de` (or
 * the integration's `base_url`, which replaces that host). Two APIs with two credentials:
 *
 * - v2 (every read): OAuth client credentials. `POST /v2/auth/token`, form-encoded
 *   `grant_type=client_credentials&client_id&client_secret`, answers an expiring Bearer token
 *   (no refresh token); it is kept in the connector state and renewed a minute before it expires,
 *   or at once on a 401. Lists page with `limit` and `cursor`; the next page is `_meta.links.next.href`
 *   (absent on the last page), followed verbatim but kept on our base URL.
 * - v1 Recruiting API (creating applications, the one write): `Authorization: Bearer <recruiting
 *   API key>` plus `X-Company-ID` on every call. Its refusals name reasons (`errors.applicant-already-exists`…)
 *   that `recruitingFailure` turns into our typed errors.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ActionNotAvailableError, AppError, ApplicationExistsError, JobClosedError, VendorAuthError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import { fixedAuth, sendToVendor, type VendorAuth, type VendorRequest } from '../kit/http.js';
import { jsonTokenStore, OAuthTokens } from '../kit/oauth.js';
import { collectPages, onBase, urlWithQuery, type PageOf, type Query } from '../kit/paging.js';
import { readJson, vendorParser } from '../kit/parse.js';
import { vendorErrorFromResponse } from '../kit/vendor-errors.js';
import { listEnvelope } from './vendor-schemas.js';

export const PERSONIO = 'Personio';
export const DEFAULT_BASE_URL = 'https://api.personio.de';
/** Rows per v2 page: the documented default (the largest is 200). */
export const PAGE_LIMIT = 100;
/** `/v2/persons` serves at most 50 rows a page. */
export const PERSONS_LIMIT = 50;
const TOKEN_MARGIN_MS = 60_000;

export const parseWith = vendorParser(PERSONIO);

const credential = (ctx: Pick<ConnectorContext, 'credentials'>, key: string): string => ctx.credentials[key]?.trim() ?? '';

/** Whether the integration holds the Recruiting API key and company id that creating applications needs. */
export function hasRecruitingKey(ctx: Pick<ConnectorContext, 'credentials'>): boolean {
  return credential(ctx, 'recruiting_api_key') !== '' && credential(ctx, 'company_id') !== '';
}

/** INTEGRATION.ACTION_NOT_AVAILABLE unless the integration can create applications. */
export function requireRecruitingKey(ctx: Pick<ConnectorContext, 'credentials'>): void {
  if (hasRecruitingKey(ctx)) return;
  throw new ActionNotAvailableError(
    "Creating applications in Personio goes through its Recruiting API, which needs the Recruiting API key and the company id; this integration was connected without them (Personio's v2 API, which the client id and secret open, cannot write). Reconnect it with recruiting_api_key and company_id.",
  );
}

function v2Auth(ctx: ConnectorContext, base: string): VendorAuth {
  const clientId = credential(ctx, 'client_id');
  const secret = credential(ctx, 'client_secret');
  const tokenUrl = `${base}/v2/auth/token`;
  const tokens = new OAuthTokens(ctx, {
    vendor: PERSONIO,
    tokenUrl,
    issuedFor: createHash('sha256').update(JSON.stringify([clientId, secret, tokenUrl])).digest('hex').slice(0, 32),
    store: jsonTokenStore('personio.oauth'),
    marginMs: TOKEN_MARGIN_MS,
    // Personio documents no lifetime for v2 tokens; an hour is assumed when `expires_in` is missing.
    defaultExpiresInSeconds: 3600,
    grant: () => ({ form: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }) }),
    refused: (status, said) => `Personio refused the API client id and secret (HTTP ${status})${said}`,
  });
  return tokens.bearer();
}

/** The reasons inside a v1 Recruiting API error body (`errors[].errors[].reason`, or `errors[].detail`). */
export function recruitingReasons(body: unknown): string[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) => {
    const item = (e ?? {}) as { field?: unknown; errors?: unknown; detail?: unknown };
    const field = typeof item.field === 'string' ? `${item.field}: ` : '';
    if (Array.isArray(item.errors)) return item.errors.map((x: unknown) => `${field}${String((x as { reason?: unknown } | null)?.reason ?? '')}`);
    return typeof item.detail === 'string' ? [item.detail] : [];
  });
}

/** A failed v1 Recruiting API answer as our typed error. */
export async function recruitingFailure(res: Response, vendor: string): Promise<AppError> {
  const raw = await res.clone().text().catch(() => '');
  let body: unknown = null;
  try {
    body = JSON.parse(raw) as unknown;
  } catch {
    body = null;
  }
  const reasons = recruitingReasons(body);
  const said = reasons.length ? `: ${reasons.join('; ')}` : '';
  if (reasons.some((r) => r.endsWith('errors.applicant-already-exists'))) return new ApplicationExistsError(`${vendor} already has an application with this email address for the job${said}`);
  if (reasons.some((r) => r.endsWith('errors.job-position.not-published'))) return new JobClosedError(`The ${vendor} job is not published, so it takes no applications${said}`);
  if (res.status === 401) return new VendorAuthError(`${vendor} did not recognise the Recruiting API key or the company id (HTTP 401)${said}`);
  if (res.status === 403) return new AppError('INTEGRATION.PERMISSION_MISSING', `${vendor}'s Recruiting API is not enabled for this company (HTTP 403)${said}`);
  if ((res.status === 400 || res.status === 413 || res.status === 422) && reasons.length) return new VendorError('REMOTE.INPUT_INVALID', `${vendor} rejected the request (HTTP ${res.status})${said}`, { vendorStatus: res.status });
  return vendorErrorFromResponse(res, vendor);
}

type Send = Omit<VendorRequest, 'url'> & { path: string; query?: Query };
type SendOnly = Omit<Send, 'allowNotFound'>;

export class PersonioClient {
  readonly base: string;
  /** The v2 API's authentication (OAuth client credentials). */
  readonly auth: VendorAuth;

  constructor(readonly ctx: ConnectorContext) {
    this.base = (ctx.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.auth = v2Auth(ctx, this.base);
  }

  checkCredentials(): void {
    if (!credential(this.ctx, 'client_id') || !credential(this.ctx, 'client_secret')) {
      throw new VendorAuthError('Personio needs API credentials for reads: the client id and secret (client_id, client_secret).');
    }
    const key = credential(this.ctx, 'recruiting_api_key') !== '';
    const company = credential(this.ctx, 'company_id') !== '';
    if (key !== company) throw new VendorAuthError('Personio needs the Recruiting API key and the company id together (recruiting_api_key, company_id), or neither.');
    if (company && !/^\d+$/.test(credential(this.ctx, 'company_id'))) throw new VendorAuthError('The Personio company id (company_id) is a number.');
  }

  /** A v2 request. */
  send(request: Send): Promise<Response | null> {
    const { path, query, ...rest } = request;
    return sendToVendor(this.ctx, { vendor: PERSONIO, auth: this.auth }, { ...rest, url: urlWithQuery(this.base, path, query) });
  }

  /** A v2 record (`{_data: {...}}` or bare) parsed with `schema`; null for a 404. */
  async one<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S> | null> {
    const what = `GET ${path}`;
    const res = await this.send({ method: 'GET', path, allowNotFound: true });
    if (!res) return null;
    const body = (await readJson(res, PERSONIO, what)) as { _data?: unknown } | null;
    return parseWith(schema, body && typeof body === 'object' && '_data' in body ? body._data : body, what);
  }

  /** One v2 list page: the first from `path` and `query`, later ones from the `next` link Personio handed out. */
  async page<S extends z.ZodType>(path: string, schema: S, next: string | null, query: Query = {}): Promise<PageOf<z.infer<S>, string>> {
    const what = `GET ${path}`;
    const url = next === null ? urlWithQuery(this.base, path, query) : onBase(this.base, next, '');
    const res = await sendToVendor(this.ctx, { vendor: PERSONIO, auth: this.auth }, { method: 'GET', url });
    const body = parseWith(listEnvelope, await readJson(res, PERSONIO, what), what);
    const items = body._data.map((item, i) => parseWith(schema, item, `${what} (item ${i})`));
    const href = body._meta?.links?.next?.href ?? null;
    // A next link without rows would loop on an empty listing; it ends the walk instead.
    return { items, next: href && items.length > 0 ? href : null };
  }

  all<S extends z.ZodType>(path: string, schema: S, query: Query = {}): Promise<z.infer<S>[]> {
    return collectPages((next: string | null) => this.page(path, schema, next, query), { vendor: PERSONIO, what: `GET ${path}` });
  }

  /** A v1 Recruiting API request (`Authorization: Bearer <recruiting key>` and `X-Company-ID`). */
  recruiting(request: SendOnly): Promise<Response> {
    requireRecruitingKey(this.ctx);
    const auth = fixedAuth(() => ({ Authorization: `Bearer ${credential(this.ctx, 'recruiting_api_key')}`, 'X-Company-ID': credential(this.ctx, 'company_id') }));
    const { path, query, ...rest } = request;
    return sendToVendor(this.ctx, { vendor: PERSONIO, auth, failure: recruitingFailure }, { ...rest, allowNotFound: false, url: urlWithQuery(this.base, path, query) });
  }
}
