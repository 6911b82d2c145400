/**
 * The connector cursor handed to the sync engine: a vendor's own paging position (a token, a URL,
 * an offset) wrapped with the model it belongs to, as base64url JSON. The engine treats it as
 * opaque; a cursor that this connector did not issue for this model is refused as input error, so
 * a cursor can never make one listing continue another.
 *
 * @example
 * const cursors = listingCursor('Lever', z.object({ v: z.literal(1), model: z.string(), offset: z.string() }));
 * const next = cursors.encode({ v: 1, model, offset: '0.123' });
 * cursors.decode(next, model); // → { v: 1, model, offset: '0.123' }
 */
import type { z } from 'zod';
import { VendorError } from '../../lib/errors.js';

export interface ListingCursor<T> {
  encode(position: T): string;
  /** The position in a cursor this connector issued for `model`; REMOTE.INPUT_INVALID otherwise. */
  decode(cursor: string, model: string): T;
}

/**
 * A cursor codec for one vendor. `schema` describes the position; `modelOf` says which field names
 * the model (vendors have used `model` and `m`).
 */
export function listingCursor<S extends z.ZodType>(vendor: string, schema: S, modelOf: (position: z.infer<S>) => unknown): ListingCursor<z.infer<S>> {
  return {
    encode: (position) => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url'),
    decode(cursor, model) {
      let value: unknown = null;
      try {
        value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
      } catch {
        value = null;
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success || modelOf(parsed.data) !== model) {
        throw new VendorError('REMOTE.INPUT_INVALID', `Invalid ${vendor} cursor for ${model}: not one this connector issued for this listing.`);
      }
      return parsed.data;
    },
  };
}
