/**
 * What every SmartRecruiters route of the emulator shares: the error body of the customer API
 * (`{message, errors:[{code, message}]}`), list envelopes and paging (`limit` 1–100, `offset`,
 * `totalFound`, and the `nextPageId` cursor the client sends back as `pageId`), and the strict
 * `updatedAfter` timestamp check.
 */
import type { Context } from 'hono';

export class SrHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export function srError(c: Context, status: number, code: string, message: string): Response {
  return c.json({ message, errors: [{ code, message }] }, status as 400);
}

/** `limit` as SmartRecruiters takes it: 1–100, `fallback` when absent. */
export function limitOf(c: Context, fallback: number): number {
  const raw = c.req.query('limit');
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new SrHttpError(400, 'INVALID_PARAMETER', 'limit must be between 1 and 100');
  return n;
}

const pageIdOf = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

function offsetOfPageId(pageId: string): number {
  const text = Buffer.from(pageId, 'base64url').toString('utf8');
  const n = Number(text.startsWith('o:') ? text.slice(2) : Number.NaN);
  if (!Number.isInteger(n) || n < 0) throw new SrHttpError(400, 'INVALID_PARAMETER', 'pageId is invalid');
  return n;
}

/**
 * One page of `items`: from `pageId` when given, else `offset` (where the endpoint still takes it).
 * `nextPageId` is present only when more items follow, with a `Link: rel="next"` header beside it.
 */
export function paged<T>(c: Context, items: readonly T[], render: (item: T) => unknown, options: { defaultLimit: number; offset: boolean; totals: boolean; cursor?: boolean }): Response {
  const limit = limitOf(c, options.defaultLimit);
  const pageId = c.req.query('pageId');
  const rawOffset = options.offset ? c.req.query('offset') : undefined;
  const offset = pageId ? offsetOfPageId(pageId) : rawOffset ? Math.max(0, Number(rawOffset) || 0) : 0;
  const slice = items.slice(offset, offset + limit);
  const more = offset + limit < items.length;
  const body: Record<string, unknown> = { limit, ...(options.totals ? { offset, totalFound: items.length } : {}), content: slice.map(render) };
  if (more && options.cursor === false) body['offset'] = offset;
  if (more && options.cursor !== false) {
    const next = pageIdOf(offset + limit);
    body['nextPageId'] = next;
    const url = new URL(c.req.url);
    url.searchParams.set('pageId', next);
    url.searchParams.delete('offset');
    c.header('Link', `<${url.toString()}>; rel="next"`);
  }
  return c.json(body);
}

const STRICT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;

/** `updatedAfter` (documented as `yyyy-MM-ddTHH:mm:ss.SSSZZ`): epoch ms, undefined when absent, 400 when malformed. */
export function instantParam(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  if (!STRICT_TIME.test(raw) || Number.isNaN(Date.parse(raw))) throw new SrHttpError(400, 'INVALID_PARAMETER', `${name} must be a date-time like 2024-05-01T00:00:00.000Z`);
  return Date.parse(raw);
}

export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const body = (await c.req.json().catch(() => null)) as unknown;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new SrHttpError(400, 'INVALID_BODY', 'The request body must be a JSON object');
  return body as Record<string, unknown>;
}

export const link = (origin: string, path: string, method = 'GET') => ({ url: `${origin}${path}`, method });
