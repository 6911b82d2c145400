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

export const JSON_HEADERS = { 'Content-Type': 'application/json' } as const;

export function jsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>;
}

/** Text whose shape is known from where it came from (say where in a comment at the call). */
export function trustJsonText<T>(text: string): JsonText<T> {
  return text as JsonText<T>;
}

/** The text as a JSON response, typed as an answer of `T` with this status. */
export function respondJson<T, S extends ContentfulStatusCode>(
  c: Context,
  text: JsonText<T>,
  status: S,
  headers: Record<string, string> = {},
): Response & TypedResponse<JSONParsed<T>, S, 'json'> {
  const res: Response = c.body(text, status, { ...JSON_HEADERS, ...headers });
  // The brand is erased at run time: the response carries the text, the type what it encodes.
  return res as Response & TypedResponse<JSONParsed<T>, S, 'json'>;
}
