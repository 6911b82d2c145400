/**
 * Lever list pagination: `limit` (1–100, default 100) and an opaque `offset` token. The token is a
 * percent-encoded JSON array naming the first record of the next page (for opportunities
 * `[1, createdAt, id]`), handed out already encoded in `next`. Clients that URL-encode it again send
 * `%255B...`; both forms are accepted. Keyset tokens keep a walk exact while records change.
 */

export type Key = readonly (string | number)[];

export interface Page<T> {
  data: T[];
  hasNext: boolean;
  next?: string;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 100;

export function parseLimit(raw: string | undefined): number | { error: string } {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw.trim())) return { error: `Invalid limit "${raw}": must be an integer between 1 and ${MAX_LIMIT}` };
  const n = Number(raw.trim());
  if (n < 1 || n > MAX_LIMIT) return { error: `Invalid limit ${n}: must be between 1 and ${MAX_LIMIT}` };
  return n;
}

export function encodeOffset(key: Key): string {
  return encodeURIComponent(JSON.stringify(key));
}

/** Decodes a token sent once- or twice-encoded (the framework already removed one layer). */
export function decodeOffset(raw: string | undefined, arity: number): { key: Key | null } | { error: string } {
  if (raw === undefined || raw === '') return { key: null };
  let text = raw.trim();
  for (let i = 0; i < 3 && !text.startsWith('['); i++) {
    try {
      text = decodeURIComponent(text);
    } catch {
      break;
    }
  }
  const invalid = { error: `Invalid offset "${raw}"` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid;
  }
  if (!Array.isArray(parsed) || parsed.length !== arity) return invalid;
  const key: (string | number)[] = [];
  for (const part of parsed as unknown[]) {
    if (typeof part === 'number' && Number.isFinite(part)) key.push(part);
    else if (typeof part === 'string') key.push(part);
    else return invalid;
  }
  return { key };
}

export function compareKeys(a: Key, b: Key): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y || x === undefined || y === undefined) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    const sx = String(x);
    const sy = String(y);
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return a.length - b.length;
}

export interface PageOptions<T> {
  keyOf: (item: T) => Key;
  /** The order `items` are sorted in (by `keyOf`). */
  desc: boolean;
  limit: number;
  offset: Key | null;
  match?: (item: T) => boolean;
}

/** One page of `items` (already sorted by `keyOf` in the given direction), starting at `offset`. */
export function paginate<T>(items: readonly T[], opts: PageOptions<T>): Page<T> {
  const sign = opts.desc ? -1 : 1;
  let start = 0;
  if (opts.offset) {
    const offset = opts.offset;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const item = items[mid] as T;
      if (sign * compareKeys(opts.keyOf(item), offset) < 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const data: T[] = [];
  for (let i = start; i < items.length; i++) {
    const item = items[i] as T;
    if (opts.match && !opts.match(item)) continue;
    if (data.length === opts.limit) return { data, hasNext: true, next: encodeOffset(opts.keyOf(item)) };
    data.push(item);
  }
  return { data, hasNext: false };
}
