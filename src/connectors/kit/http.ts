/**
 * The one request loop towards a vendor, through the integration's polite `ctx.fetch` (rate
 * limit, retries on 429/5xx, timeouts): authentication headers, a JSON or form body, the abort
 * signal, a network failure as REMOTE.SERVICE_UNAVAILABLE, one renewal and retry on 401 when the
 * authentication can renew, `null` for a 404 the caller expects, every other failure through
 * `vendorErrorFromResponse` (or the vendor's own reading of a failure), and `ctx.vendorWrote()` once
 * a request that is not a read succeeded (see `ConnectorContext.vendorWrote`).
 *
 * @example
 * const res = await sendToVendor(ctx, { vendor: 'Workable', auth }, { method: 'GET', url, allowNotFound: true });
 */
import type { AppError } from '../../lib/errors.js';
import { asRead } from '../../lib/polite-fetch.js';
import type { ConnectorContext } from '../connector.js';
import { vendorErrorFromResponse, vendorNetworkError } from './vendor-errors.js';

/** How a vendor's requests are authenticated. */
export interface VendorAuth {
  /** Headers for one request; `renew` asks for new credentials (after a 401). */
  headers(renew: boolean): Promise<Record<string, string>>;
  /** Whether a 401 is worth one renewal and retry. */
  readonly renews: boolean;
}

export interface VendorChannel {
  vendor: string;
  auth: VendorAuth;
  /** Reads a failed answer into the typed error (default `vendorErrorFromResponse`). */
  failure?: (res: Response, vendor: string) => Promise<AppError>;
}

export interface VendorRequest {
  method: string;
  url: string;
  json?: unknown;
  /** The media type of a `json` body; `application/json` unless the vendor wants its own (JSON:API). */
  jsonType?: string;
  form?: FormData;
  /** `Accept` header; JSON unless said otherwise. */
  accept?: string;
  /** More fixed headers (a vendor's API version). */
  headers?: Record<string, string>;
  /** Answer null instead of throwing on 404 (a record deleted while we walk). */
  allowNotFound?: boolean;
  /** Whether the request only reads; default: GET does. A read may be retried even as a POST. */
  read?: boolean;
  /**
   * The caller tells `ctx.vendorWrote()` itself, for vendors whose successful HTTP answer may
   * still be a refusal (an RPC answering 200 with `success: false`).
   */
  callerConfirmsWrite?: boolean;
}

const signalOf = (ctx: ConnectorContext): { signal?: AbortSignal } => (ctx.signal ? { signal: ctx.signal } : {});

/** Drops an answer's body we do not read (frees the connection). */
export async function discard(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => undefined);
}

/** Sends one request; see the module comment for what happens to each answer. */
export function sendToVendor(ctx: ConnectorContext, channel: VendorChannel, request: VendorRequest & { allowNotFound?: false }): Promise<Response>;
export function sendToVendor(ctx: ConnectorContext, channel: VendorChannel, request: VendorRequest): Promise<Response | null>;
export async function sendToVendor(ctx: ConnectorContext, channel: VendorChannel, request: VendorRequest): Promise<Response | null> {
  const read = request.read ?? request.method === 'GET';
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = { ...(await channel.auth.headers(attempt > 0)), Accept: request.accept ?? 'application/json', ...request.headers };
    let body: RequestInit['body'] | undefined;
    if (request.form) body = request.form;
    else if (request.json !== undefined) {
      headers['Content-Type'] = request.jsonType ?? 'application/json';
      body = JSON.stringify(request.json);
    }
    const init: RequestInit = { method: request.method, headers, ...(body === undefined ? {} : { body }), ...signalOf(ctx) };
    let res: Response;
    try {
      res = await ctx.fetch(request.url, read && request.method !== 'GET' ? asRead(init) : init);
    } catch (err) {
      if (ctx.signal?.aborted) throw err;
      throw vendorNetworkError(err, channel.vendor);
    }
    if (res.status === 401 && attempt === 0 && channel.auth.renews) {
      await discard(res);
      continue;
    }
    if (res.status === 404 && request.allowNotFound) {
      await discard(res);
      return null;
    }
    if (!res.ok) throw await (channel.failure ?? vendorErrorFromResponse)(res, channel.vendor);
    if (!read && !request.callerConfirmsWrite) ctx.vendorWrote?.();
    return res;
  }
}

/**
 * Fetches a URL that is its own authorisation (a pre-signed file link): no credentials, any
 * failure typed. A download changes nothing at the vendor.
 */
export async function fetchSigned(ctx: ConnectorContext, vendor: string, url: string): Promise<{ contentType: string | null; body: Uint8Array }> {
  let res: Response;
  try {
    res = await ctx.fetch(url, { method: 'GET', ...signalOf(ctx) });
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    throw vendorNetworkError(err, vendor);
  }
  if (!res.ok) throw await vendorErrorFromResponse(res, vendor);
  return { contentType: res.headers.get('content-type'), body: new Uint8Array(await res.arrayBuffer()) };
}

/** HTTP Basic with an API key as user name and a blank password (Lever, Ashby and others). */
export function apiKeyBasic(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
}

/** Authentication that never renews: the same headers every time. */
export function fixedAuth(headers: () => Record<string, string>): VendorAuth {
  return { renews: false, headers: async () => headers() };
}
