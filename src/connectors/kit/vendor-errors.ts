/**
 * Turns a vendor's failed HTTP answer into the typed error the API reports (contract §3.2):
 * the vendor refusing our input is REMOTE.INPUT_INVALID with the vendor's own message,
 * throttling is REMOTE.RATE_LIMIT_EXCEEDED, an outage REMOTE.SERVICE_UNAVAILABLE, anything else
 * REMOTE.UNKNOWN_HTTP_ERROR. For connectors that talk HTTP.
 *
 * @example
 * const res = await ctx.fetch(`${base}/notes`, { method: 'POST', body });
 * if (!res.ok) throw await vendorErrorFromResponse(res, manifest.label);
 */
import { AppError, VendorAuthError, VendorError } from '../../lib/errors.js';
import { parseRetryAfter } from '../../lib/polite-fetch.js';

const INPUT_STATUSES = new Set([400, 404, 405, 409, 410, 412, 413, 415, 422]);
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);
const MAX_MESSAGE = 500;

function firstString(...values: unknown[]): string | null {
  for (const value of values) {
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (Array.isArray(value)) {
      const parts = value.map((v) => firstString(v, (v as { message?: unknown } | null)?.message, (v as { detail?: unknown } | null)?.detail)).filter(Boolean);
      if (parts.length) return parts.join('; ');
    }
    if (value && typeof value === 'object') {
      const nested = value as Record<string, unknown>;
      const found = firstString(nested['message'], nested['detail'], nested['description']);
      if (found) return found;
    }
  }
  return null;
}

/** The human-readable message inside a vendor's error body (JSON or short text), if any. */
export function vendorMessage(body: string, contentType: string | null): string | null {
  const text = body.trim();
  if (!text) return null;
  if (contentType?.includes('json') || text.startsWith('{') || text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      const obj = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
      const found = firstString(obj['message'], obj['error_description'], obj['error'], obj['errors'], obj['detail'], obj['title'], parsed);
      return found ? found.slice(0, MAX_MESSAGE) : null;
    } catch {
      // not JSON after all
    }
  }
  if (/^\s*</.test(text)) return null; // an HTML error page says nothing useful
  return text.slice(0, MAX_MESSAGE);
}

const retrySeconds = (response: Response): number | undefined => {
  const ms = parseRetryAfter(response.headers.get('retry-after'));
  return ms === null ? undefined : Math.max(1, Math.ceil(ms / 1000));
};

/** Reads the failed answer's body and classifies it. */
export async function vendorErrorFromResponse(response: Response, vendor: string): Promise<AppError> {
  const body = await response.text().catch(() => '');
  const message = vendorMessage(body, response.headers.get('content-type'));
  const status = response.status;
  const said = message ? `: ${message}` : '';
  if (status === 401) return new VendorAuthError(`${vendor} rejected the credentials (HTTP 401)${said}`);
  if (status === 403) return new AppError('INTEGRATION.PERMISSION_MISSING', `${vendor} refused the action for lack of a permission (HTTP 403)${said}`);
  if (INPUT_STATUSES.has(status)) {
    return new VendorError('REMOTE.INPUT_INVALID', `${vendor} rejected the request (HTTP ${status})${said}`, { vendorStatus: status });
  }
  const retryAfterSeconds = retrySeconds(response);
  const retry = retryAfterSeconds === undefined ? {} : { retryAfterSeconds };
  if (status === 429) {
    return new VendorError('REMOTE.RATE_LIMIT_EXCEEDED', `${vendor} is throttling requests (HTTP 429)${said}`, { vendorStatus: status, ...retry });
  }
  if (UNAVAILABLE_STATUSES.has(status)) {
    return new VendorError('REMOTE.SERVICE_UNAVAILABLE', `${vendor} is unavailable (HTTP ${status})${said}`, { vendorStatus: status, ...retry });
  }
  return new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${vendor} answered HTTP ${status}${said}`, { vendorStatus: status });
}

/** A request that got no answer at all (connection refused, timeout, DNS). */
export function vendorNetworkError(err: unknown, vendor: string): VendorError {
  const cause = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
  return new VendorError('REMOTE.SERVICE_UNAVAILABLE', `${vendor} could not be reached (${cause}).`);
}
