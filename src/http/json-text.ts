/**
 * Answers whose JSON is written as text (stored views concatenated into a page, a write answer
 * kept for idempotent replays) but still typed: `JsonText<T>` is text known to encode a `T`, and
 * `respondJson` turns it into the typed response `@hono/zod-openapi` checks against the route's
 * response schema. So a handler that serves text still has its answer checked by the compiler.
 *
 * The only places text becomes `JsonText<T>` without `jsonText(value)` are marked `trustJsonText`
 * with the reason the text has that shape (a view the composer wrote for that model; an answer
 * this route stored).
 *
 * @example
 * return respondJson(c, jsonText({ status: 'success' as const, data: {} }), 200);
 */
import type { Context } from 'hono';
import type { TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';

declare const encodes: unique symbol;

/** JSON text of a `T`. */
export type JsonText<T> = string & { readonly [encodes]: T };

/** JSON of a `T` as UTF-8 bytes (see `trustJsonPieces`). */
export type JsonBytes<T> = Buffer<ArrayBuffer> & { readonly [encodes]: T };

export const JSON_HEADERS = { 'Content-Type': 'application/json' } as const;

export function jsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>;
}

/** Text whose shape is known from where it came from (say where in a comment at the call). */
export function trustJsonText<T>(text: string): JsonText<T> {
  return text as JsonText<T>;
}

/**
 * Characters joined into one string before it is encoded. A page's text as one string would be a
 * few hundred KB: V8 allocates strings that large directly in its old generation, which only a
 * full collection frees. Strings this small are allocated young and die there; the bytes live
 * outside the heap.
 */
const CHUNK_CHARS = 32 * 1024;

/**
 * The concatenation of `pieces` as UTF-8 bytes, whose shape is known from where the pieces came
 * from (say where in a comment at the call, as for `trustJsonText`).
 */
export function trustJsonPieces<T>(pieces: readonly string[]): JsonBytes<T> {
  const chunks: Array<Buffer<ArrayBuffer>> = [];
  let from = 0;
  let chars = 0;
  for (let i = 0; i < pieces.length; i++) {
    chars += (pieces[i] as string).length;
    if (chars >= CHUNK_CHARS || i === pieces.length - 1) {
      chunks.push(Buffer.from(pieces.slice(from, i + 1).join('')));
      from = i + 1;
      chars = 0;
    }
  }
  return (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)) as JsonBytes<T>;
}

/** The text (or bytes) as a JSON response, typed as an answer of `T` with this status. */
export function respondJson<T, S extends ContentfulStatusCode>(
  c: Context,
  text: JsonText<T> | JsonBytes<T>,
  status: S,
  headers: Record<string, string> = {},
): Response & TypedResponse<JSONParsed<T>, S, 'json'> {
  const res: Response = c.body(text, status, { ...JSON_HEADERS, ...headers });
  // The brand is erased at run time: the response carries the text, the type what it encodes.
  return res as Response & TypedResponse<JSONParsed<T>, S, 'json'>;
}
