/**
 * Ashby's wire conventions for the emulator: the success and error envelopes (business errors
 * are HTTP 200 with `success: false`), request ids, opaque cursors and sync tokens, and the
 * generic cursor listing with `moreDataAvailable`, empty pages and a `syncToken` on the last page.
 */
import type { Context } from 'hono';
import type { AshbyState, Collection, Json } from './state.js';

export class AshbyBusinessError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let requestCounter = 0;
export const requestId = () => `01JSJ8${String(++requestCounter).padStart(20, '0')}`;

export function errorEnvelope(code: string, message: string): Json {
  return { success: false, errors: [code], errorInfo: { code, message, requestId: requestId(), meta: {} } };
}

/** An error in Ashby's envelope; HTTP 200 for business errors, the status otherwise. */
export function ashbyError(c: Context, status: number, message: string, code?: string): Response {
  const fallback = status === 401 || status === 403 ? 'unauthenticated' : status === 429 ? 'rate_limit_exceeded' : status === 404 ? 'not_found' : 'internal_error';
  return c.json(errorEnvelope(code ?? fallback, message), status as 200);
}

export interface ListingConfig {
  /** Largest page the server hands out, whatever `limit` says. */
  pageCap: number;
  /** Answer the first page of every listing empty, with `moreDataAvailable: true` (Ashby does this). */
  emptyFirstPage: boolean;
  /** An incremental listing with more changed records than this fails with `incremental_sync_too_large`. */
  incrementalLimit: number;
  /** A page cursor this many ms old (or older) is refused with `next_cursor_expired` (0: every cursor; Infinity: never). */
  cursorTtlMs: number;
}

interface CursorState {
  /** Offset into the listing. */
  o: number;
  /** The change sequence when the listing started (the sync token issued at its end). */
  s: number;
  /** When the cursor was issued (ms since the epoch). */
  i?: number;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function decode(value: unknown): unknown {
  if (typeof value !== 'string' || value === '') return null;
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

/** One page of a collection in Ashby's list envelope. */
export function listPage(state: AshbyState, config: ListingConfig, collection: Collection, body: Json, options: { sync: boolean; filter?: (r: Json) => boolean }): Json {
  const limitRaw = body['limit'];
  if (limitRaw !== undefined && (typeof limitRaw !== 'number' || !Number.isInteger(limitRaw) || limitRaw < 1)) throw new AshbyBusinessError('invalid_input', 'limit must be a positive integer');
  const limit = Math.min(typeof limitRaw === 'number' ? limitRaw : 100, config.pageCap);
  let cursor: CursorState | null = null;
  if (body['cursor'] !== undefined && body['cursor'] !== null) {
    const parsed = decode(body['cursor']) as Partial<CursorState> | null;
    if (!parsed || typeof parsed.o !== 'number' || typeof parsed.s !== 'number') throw new AshbyBusinessError('invalid_next_cursor', 'The cursor cannot be decoded; list again from the first page');
    if (typeof parsed.i === 'number' && state.now() - parsed.i >= config.cursorTtlMs) {
      throw new AshbyBusinessError('next_cursor_expired', 'The cursor has expired; list again from the first page');
    }
    cursor = { o: parsed.o, s: parsed.s };
  }
  let since: number | null = null;
  if (body['syncToken'] !== undefined && body['syncToken'] !== null) {
    if (!options.sync) throw new AshbyBusinessError('invalid_input', `${collection}.list does not support incremental sync`);
    const token = decode(body['syncToken']) as { c?: unknown; s?: unknown; e?: unknown } | null;
    if (!token || token.c !== collection || typeof token.s !== 'number') throw new AshbyBusinessError('sync_token_invalid', 'The sync token is not valid for this endpoint; perform a full sync');
    if (token.e !== state.tokenEpoch) throw new AshbyBusinessError('sync_token_expired', 'The sync token has expired; perform a full sync');
    since = token.s;
  }
  const snapshot = cursor?.s ?? state.seq;
  const stored = [...state.records[collection].values()].filter((r) => !r.deleted && (since === null || r.seq > since) && (options.filter?.(r.data) ?? true));
  if (since !== null && stored.length > config.incrementalLimit) {
    throw new AshbyBusinessError('incremental_sync_too_large', 'Too many records changed since the sync token was issued; perform a full sync');
  }
  if (cursor === null && config.emptyFirstPage && stored.length > 0) {
    return { success: true, results: [], moreDataAvailable: true, nextCursor: encode({ o: 0, s: snapshot, i: state.now() }) };
  }
  const offset = cursor?.o ?? 0;
  const results = stored.slice(offset, offset + limit).map((r) => r.data);
  const more = offset + limit < stored.length;
  return {
    success: true,
    results,
    moreDataAvailable: more,
    ...(more ? { nextCursor: encode({ o: offset + limit, s: snapshot, i: state.now() }) } : {}),
    ...(!more && options.sync ? { syncToken: encode({ c: collection, s: snapshot, e: state.tokenEpoch }) } : {}),
  };
}
