/**
 * Ready-made SQL for the statements a sync runs hundreds of thousands of times.
 *
 * The query builder compiles every statement anew, visiting one node per bound value: for a
 * 2,000-value insert that costs more than the database takes to run it, and the resulting text
 * (tens of kilobytes) is then hashed again to find the prepared statement. Here the text is built
 * once per shape and reused as the same string, and the values are passed as they are.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database } from './database.js';

/** A Kysely instance or a transaction of one. */
type Executor = Kysely<Database>;

/** `$1, $2, …` (PostgreSQL) or `?` (SQLite), asked of the dialect's own compiler once per executor. */
const numberedCache = new WeakMap<object, boolean>();
export function usesNumberedPlaceholders(db: Executor): boolean {
  let numbered = numberedCache.get(db);
  if (numbered === undefined) {
    numbered = sql`${0}`.compile(db).sql.startsWith('$');
    numberedCache.set(db, numbered);
  }
  return numbered;
}

const texts = new Map<string, string>();
/** The texts `statementText` built: a bounded set of shapes, each naming its columns. */
const builtTexts = new Set<string>();

/** Whether `text` is one of the shapes `statementText` built (worth preparing once per connection). */
export const isBuiltStatement = (text: string): boolean => builtTexts.has(text);

/**
 * The statement text for one shape, built once: `build` receives a placeholder factory and writes
 * the SQL with it. `shape` must name everything that changes the text (the row count, mostly).
 */
export function statementText(db: Executor, shape: string, build: (placeholder: () => string) => string): string {
  const numbered = usesNumberedPlaceholders(db);
  const key = `${numbered ? '$' : '?'}${shape}`;
  let text = texts.get(key);
  if (text === undefined) {
    let n = 0;
    text = build(numbered ? () => `$${++n}` : () => '?');
    texts.set(key, text);
    builtTexts.add(text);
  }
  return text;
}

/** `(?, ?, ?), (?, ?, ?)`: `rows` tuples of `width` placeholders. */
export function tuples(placeholder: () => string, rows: number, width: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < width; c++) row.push(placeholder());
    out.push(`(${row.join(', ')})`);
  }
  return out.join(', ');
}

/** `?, ?, ?`: a list of `count` placeholders (for `IN (…)`). */
export function list(placeholder: () => string, count: number): string {
  return Array.from({ length: count }, placeholder).join(', ');
}

export async function runCompiled<R>(db: Executor, text: string, parameters: unknown[]): Promise<readonly R[]> {
  const result = await db.executeQuery<R>(CompiledQuery.raw(text, parameters));
  return result.rows;
}

/**
 * Splits `total` items into statement sizes: as many `max`-sized ones as fit, then powers of two
 * for the rest. Each statement shape is prepared once, so the sizes are kept to a few dozen.
 */
export function chunkSizes(total: number, max: number): number[] {
  const sizes: number[] = [];
  let left = total;
  while (left >= max) {
    sizes.push(max);
    left -= max;
  }
  for (let size = 1 << Math.floor(Math.log2(Math.max(left, 1))); left > 0; size >>= 1) {
    if (size <= left) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

/**
 * `values` in slices of at most `max` for an `IN (…)` list. A short slice is padded with its own
 * last value up to a power of two (a repeat changes nothing in an `IN`), so there are few shapes.
 */
export function* paddedSlices<T>(values: readonly T[], max: number): Generator<T[]> {
  for (let i = 0; i < values.length; i += max) {
    const slice = values.slice(i, i + max);
    const size = slice.length === max ? max : Math.min(max, 2 ** Math.ceil(Math.log2(slice.length)));
    const last = slice[slice.length - 1] as T;
    while (slice.length < size) slice.push(last);
    yield slice;
  }
}
