/**
 * HTTP towards Ashby's public API through the engine's polite `ctx.fetch` (rate limit, retries on
 * 429/5xx with Retry-After). Ashby is RPC style: every call is `POST /<category>.<method>` with a
 * JSON body, reads included. Auth is HTTP Basic with the API key as user name and a blank password.
 *
 * Ashby answers business errors with HTTP 200 and `success: false`; every answer's `success` is
 * checked and failures become typed errors (never a success): `*_not_found`, `invalid_input` and
 * the like are REMOTE.INPUT_INVALID with Ashby's message, an existing application
 * ATS.APPLICATION_ALREADY_EXISTS, a job that takes no applications ATS.JOB_CLOSED, a missing module
 * permission INTEGRATION.PERMISSION_MISSING. HTTP 401 (no key) and 403 (wrong or deactivated key)
 * are INTEGRATION.AUTHENTICATION_INVALID.
 *
 * @example
 * const ashby = new AshbyClient(ctx);
 * const job = await ashby.call('job.info', { id }, jobSchema);
 * const page = await ashby.page('candidate.list', { limit: 100 });
 */
import type { z } from 'zod';
import { AppError, ApplicationExistsError, JobClosedError, VendorAuthError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import { apiKeyBasic, discard, fetchSigned, sendToVendor, type VendorAuth } from '../kit/http.js';
import { collectPages } from '../kit/paging.js';
import { safeJson, vendorParser } from '../kit/parse.js';
import { vendorErrorFromResponse, vendorNetworkError } from '../kit/vendor-errors.js';
import { envelopeSchema, type AshbyEnvelope } from './vendor-schemas.js';

export const ASHBY = 'Ashby';
export const DEFAULT_BASE_URL = 'https://api.ashbyhq.com';
/** The page size asked for (Ashby caps `limit` at 100 and may answer fewer). */
export const PAGE_LIMIT = 100;

/** A business error (`success: false`) with Ashby's `errorInfo.code`. */
export class AshbyBusinessError extends VendorError {
  constructor(
    readonly ashbyCode: string,
    message: string,
    code: 'REMOTE.INPUT_INVALID' | 'REMOTE.UNKNOWN_HTTP_ERROR' | 'REMOTE.SERVICE_UNAVAILABLE' | 'REMOTE.RATE_LIMIT_EXCEEDED' = 'REMOTE.INPUT_INVALID',
  ) {
    super(code, message, { vendorStatus: 200 });
  }
}

/** The sync token was refused: it expired, is not valid, or the incremental run would be too large. Fall back to a full listing. */
export const SYNC_TOKEN_REFUSALS: readonly string[] = ['sync_token_expired', 'sync_token_invalid', 'incremental_sync_too_large'];
export const isSyncTokenRefusal = (err: unknown): err is AshbyBusinessError => err instanceof AshbyBusinessError && SYNC_TOKEN_REFUSALS.includes(err.ashbyCode);

/** The page cursor was refused (it expired or is not valid): the listing starts again from its first page. */
export const CURSOR_REFUSALS: readonly string[] = ['next_cursor_expired', 'invalid_next_cursor'];
export const isCursorRefusal = (err: unknown): err is AshbyBusinessError => err instanceof AshbyBusinessError && CURSOR_REFUSALS.includes(err.ashbyCode);

/** Ashby's error code in an answer: `errorInfo.code`, or the first of the older `errors` list. */
function ashbyCode(envelope: Pick<AshbyEnvelope, 'errors' | 'errorInfo'>): string | null {
  return envelope.errorInfo?.code ?? (typeof envelope.errors?.[0] === 'string' ? envelope.errors[0] : null);
}

/**
 * The list RPCs whose documented request body has `limit` (beside `cursor` and `syncToken`): only
 * these are sent `limit`. Ashby's request schemas give `archiveReason.list` and `source.list` only
 * `includeArchived`, `interviewStage.list` only `interviewPlanId` and `jobPosting.list` only its
 * filters (`location`, `department`, `listedOnly`, `jobBoardId`), so they get no `limit`: a strict
 * server may refuse an unknown field. Any list is still followed while it answers
 * `moreDataAvailable` with a `nextCursor`.
 */
export const LIMIT_METHODS: ReadonlySet<string> = new Set([
  'candidate.list',
  'application.list',
  'job.list',
  'interviewSchedule.list',
  'offer.list',
  'user.list',
  'interview.list',
  'candidateTag.list',
  'location.list',
  'department.list',
]);

/** Reads only: they may be repeated after a 5xx or a dropped connection although they are POSTs. */
const READ_METHOD = /\.(list|info|search)$/;

/** The typed error for an answer with `success: false`. */
export function businessError(method: string, envelope: Pick<AshbyEnvelope, 'errors' | 'errorInfo'>): AppError {
  const code = ashbyCode(envelope) ?? 'unknown_error';
  const detail = envelope.errorInfo?.message ?? envelope.errors?.filter((e): e is string => typeof e === 'string').join('; ') ?? code;
  const message = `${ASHBY} refused ${method} (${code}): ${detail}`;
  if (code === 'missing_endpoint_permission') return new AppError('INTEGRATION.PERMISSION_MISSING', message);
  if (/already_exists|duplicate/.test(code)) return new ApplicationExistsError(message);
  if (/^job_(not_open|closed|archived|not_accepting)/.test(code)) return new JobClosedError(message);
  if (/rate_limit|concurrent_limit/.test(code)) return new AshbyBusinessError(code, message, 'REMOTE.RATE_LIMIT_EXCEEDED');
  if (/internal|unavailable|timeout/.test(code)) return new AshbyBusinessError(code, message, 'REMOTE.SERVICE_UNAVAILABLE');
  return new AshbyBusinessError(code, message);
}

export const parseWith = vendorParser(ASHBY);

export interface AshbyPage {
  items: unknown[];
  more: boolean;
  nextCursor: string | null;
  syncToken: string | null;
}

/**
 * Ashby's reading of a failed answer: 401 and 403 are the key's fault (a 403 may also be a
 * missing module permission), and sync-token and cursor refusals keep their code when they come
 * with an HTTP error status.
 */
async function failure(res: Response, method: string): Promise<AppError> {
  if (res.status === 401) {
    await discard(res);
    return new VendorAuthError(`${ASHBY} rejected the request without valid credentials (HTTP 401): send an API key.`);
  }
  if (res.status === 403) {
    const text = await res.text().catch(() => '');
    const parsed = envelopeSchema.safeParse(safeJson(text));
    // A missing module permission is a 403 too; its code may come as errorInfo, in `errors` or as text.
    if ((parsed.success && ashbyCode(parsed.data) === 'missing_endpoint_permission') || text.includes('missing_endpoint_permission')) {
      return businessError(method, { errorInfo: { code: 'missing_endpoint_permission', message: parsed.success ? (parsed.data.errorInfo?.message ?? text) : text } });
    }
    return new VendorAuthError(`${ASHBY} rejected the API key (HTTP 403: wrong or deactivated key)${parsed.success && parsed.data.errorInfo?.message ? `: ${parsed.data.errorInfo.message}` : ''}`);
  }
  const refused = envelopeSchema.safeParse(safeJson(await res.clone().text().catch(() => '')));
  const code = refused.success ? ashbyCode(refused.data) : null;
  if (refused.success && code && (SYNC_TOKEN_REFUSALS.includes(code) || CURSOR_REFUSALS.includes(code))) {
    await discard(res);
    return businessError(method, refused.data);
  }
  return vendorErrorFromResponse(res, ASHBY);
}

export class AshbyClient {
  readonly base: string;
  readonly auth: VendorAuth;

  constructor(readonly ctx: ConnectorContext) {
    this.base = (ctx.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.auth = { renews: false, headers: async () => ({ Authorization: this.authorization() }) };
  }

  private authorization(): string {
    const key = this.ctx.credentials['api_key']?.trim();
    if (!key) throw new VendorAuthError('Ashby needs an API key (api_key).');
    return apiKeyBasic(key);
  }

  /** One RPC; answers the success envelope or throws the typed error. Every RPC is a POST: the method name says whether it only reads. */
  async envelope(method: string, body: Record<string, unknown> | FormData): Promise<AshbyEnvelope> {
    const channel = { vendor: ASHBY, auth: this.auth, failure: (res: Response) => failure(res, method) };
    const payload = body instanceof FormData ? { form: body } : { json: body };
    const read = READ_METHOD.test(method);
    const request = { method: 'POST', url: `${this.base}/${method}`, accept: 'application/json; version=1', read, callerConfirmsWrite: true, ...payload };
    const res = await sendToVendor(this.ctx, channel, request);
    const json = safeJson(await res.text());
    if (json === undefined) throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${ASHBY} answered ${method} with something other than JSON.`);
    const envelope = parseWith(envelopeSchema, json, method);
    if (!envelope.success) throw businessError(method, envelope);
    if (!read) this.ctx.vendorWrote?.();
    return envelope;
  }

  /** An RPC whose `results` is one record (or object) of the schema. */
  async call<S extends z.ZodType>(method: string, body: Record<string, unknown> | FormData, schema: S): Promise<z.infer<S>> {
    const envelope = await this.envelope(method, body);
    return parseWith(schema, envelope.results, method);
  }

  /** One page of a list RPC (results unparsed; the caller parses per item); `limit: 100` only where Ashby documents it. */
  async page(method: string, body: Record<string, unknown>): Promise<AshbyPage> {
    const envelope = await this.envelope(method, LIMIT_METHODS.has(method) ? { limit: PAGE_LIMIT, ...body } : body);
    const items = envelope.results ?? [];
    if (!Array.isArray(items)) throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${ASHBY} answered ${method} without a list of results.`);
    const more = envelope.moreDataAvailable === true;
    if (more && !envelope.nextCursor) throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${ASHBY} said more data is available for ${method} but gave no cursor.`);
    return { items, more, nextCursor: envelope.nextCursor ?? null, syncToken: envelope.syncToken ?? null };
  }

  /** Every page of a (small) list, parsed; empty pages with `moreDataAvailable` are followed. */
  all<S extends z.ZodType>(method: string, body: Record<string, unknown>, schema: S): Promise<z.infer<S>[]> {
    return collectPages(
      async (cursor: string | null) => {
        const page = await this.page(method, cursor ? { ...body, cursor } : body);
        return { items: page.items.map((item, i) => parseWith(schema, item, `${method} (item ${i})`)), next: page.more ? page.nextCursor : null };
      },
      { vendor: ASHBY, what: method, maxPages: 10_000 },
    );
  }

  /** POSTs a multipart form to a presigned upload URL (no credentials: the URL is the authorisation); any 2xx is success. */
  async postForm(url: string, form: FormData): Promise<void> {
    let res: Response;
    try {
      res = await this.ctx.fetch(url, { method: 'POST', body: form, ...(this.ctx.signal ? { signal: this.ctx.signal } : {}) });
    } catch (err) {
      if (this.ctx.signal?.aborted) throw err;
      throw vendorNetworkError(err, ASHBY);
    }
    if (res.status === 401 || res.status === 403) {
      // A refused presigned URL (expired, or a field missing from its policy) says nothing about the API key.
      const text = await res.text().catch(() => '');
      throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${ASHBY}'s upload URL refused the file (HTTP ${res.status})${text.trim() && !text.trim().startsWith('<') ? `: ${text.trim().slice(0, 300)}` : ''}`, { vendorStatus: res.status });
    }
    if (!res.ok) throw await vendorErrorFromResponse(res, ASHBY);
    await res.body?.cancel().catch(() => undefined);
  }

  /** Downloads a signed file URL (no credentials: the URL is the authorisation). */
  download(url: string): Promise<{ contentType: string | null; body: Uint8Array }> {
    return fetchSigned(this.ctx, ASHBY, url);
  }
}
