/**
 * Reading vendor answers: schema checks that fail as typed vendor errors, and JSON bodies that
 * may be empty. A vendor answering in an unexpected shape is the vendor's fault, so the error is
 * REMOTE.UNKNOWN_HTTP_ERROR naming where the shape broke, never a crash in our mapping.
 *
 * @example
 * export const parseWith = vendorParser('Lever');
 * const user = parseWith(userSchema, await readJson(res, 'Lever', 'GET /users/1'), 'GET /users/1');
 */
import type { z } from 'zod';
import { VendorError } from '../../lib/errors.js';

export type ParseWith = <S extends z.ZodType>(schema: S, value: unknown, what: string) => z.infer<S>;

/** `parseWith(schema, value, what)` for one vendor: the value, or a VendorError naming the first issue. */
export function vendorParser(vendor: string): ParseWith {
  return (schema, value, what) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${vendor} answered ${what} in an unexpected shape (${where}: ${issue?.message ?? 'invalid'}).`);
  };
}

/** JSON text as a value; undefined for an empty or non-JSON text. */
export function safeJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** An answer's JSON body; null when empty; a VendorError when it is not JSON. */
export async function readJson(res: Response, vendor: string, what: string): Promise<unknown> {
  const text = await res.text();
  if (text.trim() === '') return null;
  const value = safeJson(text);
  if (value === undefined) throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${vendor} answered ${what} with something other than JSON.`);
  return value;
}
