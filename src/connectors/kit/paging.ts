/**
 * Walking a vendor listing page by page. Vendors page in different styles: a cursor or offset
 * token in the body (Lever, Ashby), a next URL in the body (Workable) or in a `Link` header
 * (Greenhouse). The vendor's client knows how to ask for one page from a position and where the
 * next position is; `collectPages` is the one loop around that, with the guards every vendor
 * needs (a page that points at itself ends the walk, a listing that never ends fails).
 *
 * @example
 * const all = await collectPages((offset) => lever.page('/users', {}, offset, userSchema), { vendor: 'Lever', what: 'GET /users' });
 */
import { VendorError } from '../../lib/errors.js';

/** One page: its items and the position of the next page (null: the last page). */
export interface PageOf<T, P> {
  items: T[];
  next: P | null;
}

export interface CollectOptions {
  vendor: string;
  /** The listing in messages, e.g. `GET /users`. */
  what: string;
  /** More pages than this is a vendor looping (default 100,000). */
  maxPages?: number;
}

/** Every item of a listing from its first page; a `null` page (the parent is gone) ends it. */
export async function collectPages<T, P>(fetchPage: (position: P | null) => Promise<PageOf<T, P> | null>, options: CollectOptions): Promise<T[]> {
  const out: T[] = [];
  let position: P | null = null;
  for (let pages = 0; pages < (options.maxPages ?? 100_000); pages++) {
    const page: PageOf<T, P> | null = await fetchPage(position);
    if (!page) return out;
    out.push(...page.items);
    if (page.next === null || page.next === position) return out;
    position = page.next;
  }
  throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${options.vendor} kept answering ${options.what} with more pages.`);
}

/** The `rel="next"` URL of a `Link` header (RFC 8288), if any. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,\s*(?=<)/)) {
    const match = /^<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (match?.[1] && /rel\s*=\s*"?next"?/i.test(match[2] ?? '')) return match[1];
  }
  return null;
}

/**
 * A next-page URL the vendor handed out, moved onto our base URL: its path below the base path
 * (or below `apiRoot` when the vendor names its own host) and its query, on the base's origin.
 * A vendor's next link can so never send our credentials to another host.
 */
export function onBase(base: string, next: string, apiRoot: string): string {
  const b = new URL(base);
  const n = new URL(next, base);
  const basePath = b.pathname.replace(/\/+$/, '');
  let rest: string;
  if (basePath && (n.pathname === basePath || n.pathname.startsWith(`${basePath}/`))) rest = n.pathname.slice(basePath.length);
  else {
    const at = n.pathname.indexOf(apiRoot);
    rest = at >= 0 ? n.pathname.slice(at + apiRoot.length) : n.pathname;
  }
  return `${b.origin}${basePath}${rest}${n.search}`;
}

export type QueryValue = string | number | boolean | readonly string[] | undefined | null;
export type Query = Readonly<Record<string, QueryValue>>;

/** `base + path` with the query's set values (arrays repeat the parameter). */
export function urlWithQuery(base: string, path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(name, v);
    else params.append(name, String(value));
  }
  const search = params.toString();
  return `${base}${path}${search ? `?${search}` : ''}`;
}
