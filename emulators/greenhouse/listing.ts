/**
 * The Harvest v3 list engine shared by every `GET /v3/<collection>`:
 * - bare JSON array body, highest id first (keyset pagination on the primary key);
 * - `per_page` 1..500 (default 100), `ids` and `*_ids` comma lists of at most 50 integers,
 *   date filters in pipe syntax (`updated_at=gte|2024-01-01T00:00:00Z|lt|...`), booleans, enums,
 *   `fields` (sparse field list);
 * - the next page only in `Link: <...?cursor=...>; rel="next"`; the cursor is an opaque URL-safe
 *   base64 payload carrying the first request's filters, and a request carrying `cursor` must carry
 *   no other query parameter (422 otherwise).
 */
import type { Context } from 'hono';
import { HarvestError, fieldError, unprocessable, type FieldError } from './errors.js';
import type { Table } from './store.js';

export interface Source<R> {
  desc(before?: number): Iterable<R>;
  get(id: number): R | undefined;
}

export type Filter<R> =
  | { kind: 'ids'; match: (r: R, ids: ReadonlySet<number>) => boolean; index?: (id: number) => Iterable<R> }
  | { kind: 'date'; get: (r: R) => number | null }
  | { kind: 'bool'; get: (r: R) => boolean | null }
  | { kind: 'enum'; values: readonly string[]; match: (r: R, v: string) => boolean }
  | { kind: 'int'; match: (r: R, v: number) => boolean }
  | { kind: 'string'; match: (r: R, v: string) => boolean };

export interface ListSpec<R extends { id: number }> {
  resource: string;
  source: Source<R>;
  createdAt: (r: R) => number;
  updatedAt: (r: R) => number;
  filters?: Record<string, Filter<R>>;
  serialize: (r: R) => Record<string, unknown>;
}

export const DEFAULT_PER_PAGE = 100;
export const MAX_PER_PAGE = 500;
export const MAX_IDS = 50;

interface CursorPayload {
  r: string;
  q: Record<string, string>;
  a: number;
}

const encodeCursor = (p: CursorPayload) => Buffer.from(JSON.stringify(p)).toString('base64url');

function decodeCursor(raw: string, resource: string): CursorPayload {
  const invalid = unprocessable(fieldError('cursor', 'is not a valid cursor for this endpoint'));
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid;
  const p = parsed as Partial<CursorPayload>;
  if (p.r !== resource || typeof p.a !== 'number' || typeof p.q !== 'object' || p.q === null) throw invalid;
  return { r: p.r, q: p.q, a: p.a };
}

const DATE_OPS = ['gte', 'lte', 'gt', 'lt'] as const;

/** `gte|2024-01-01T00:00:00Z|lt|2024-02-01T00:00:00Z` -> predicate on epoch ms. */
export function parseDateFilter(name: string, raw: string): (t: number | null) => boolean {
  const parts = raw.split('|');
  const bad = unprocessable(fieldError(name, 'must be operator|timestamp pairs with operators gte, lte, gt, lt'));
  if (parts.length < 2 || parts.length % 2 !== 0) throw bad;
  const checks: ((t: number) => boolean)[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const op = parts[i] ?? '';
    const at = Date.parse(parts[i + 1] ?? '');
    if (!(DATE_OPS as readonly string[]).includes(op) || Number.isNaN(at)) throw bad;
    checks.push(op === 'gte' ? (t) => t >= at : op === 'lte' ? (t) => t <= at : op === 'gt' ? (t) => t > at : (t) => t < at);
  }
  return (t) => t !== null && checks.every((check) => check(t));
}

export function parseIdList(name: string, raw: string): number[] {
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^\d{1,15}$/.test(p))) throw unprocessable(fieldError(name, 'must be a comma separated list of integers'));
  if (parts.length > MAX_IDS) throw unprocessable(fieldError(name, `accepts at most ${MAX_IDS} ids`));
  return parts.map(Number);
}

interface Compiled<R> {
  perPage: number;
  fields: string[] | null;
  preds: ((r: R) => boolean)[];
  seeds: Iterable<R>[] | null;
}

function compile<R extends { id: number }>(spec: ListSpec<R>, q: Record<string, string>): Compiled<R> {
  const errors: FieldError[] = [];
  const out: Compiled<R> = { perPage: DEFAULT_PER_PAGE, fields: null, preds: [], seeds: null };
  const filters: Record<string, Filter<R>> = {
    ids: { kind: 'ids', match: (r, ids) => ids.has(r.id), index: (id) => { const r = spec.source.get(id); return r ? [r] : []; } },
    created_at: { kind: 'date', get: spec.createdAt },
    updated_at: { kind: 'date', get: spec.updatedAt },
    ...spec.filters,
  };
  for (const [name, raw] of Object.entries(q)) {
    try {
      if (name === 'per_page') {
        const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
        if (!(n >= 1 && n <= MAX_PER_PAGE)) throw unprocessable(fieldError('per_page', `must be an integer between 1 and ${MAX_PER_PAGE}`));
        out.perPage = n;
      } else if (name === 'fields') {
        const list = raw.split(',').map((f) => f.trim());
        if (list.length > MAX_IDS || list.some((f) => !/^[a-z]+(_[a-z]+)*$/i.test(f))) throw unprocessable(fieldError('fields', 'must be a comma separated list of field names'));
        out.fields = list;
      } else {
        const f = filters[name];
        if (!f) continue;
        out.preds.push(predicate(name, f, raw, out));
      }
    } catch (e) {
      if (e instanceof HarvestError && e.status === 422) errors.push(...(e.errors ?? []));
      else throw e;
    }
  }
  if (errors.length > 0) throw unprocessable(...errors);
  return out;
}

function predicate<R>(name: string, f: Filter<R>, raw: string, out: Compiled<R>): (r: R) => boolean {
  switch (f.kind) {
    case 'ids': {
      const ids = new Set(parseIdList(name, raw));
      if (f.index) {
        const index = f.index;
        (out.seeds ??= []).push([...ids].flatMap((id) => [...index(id)]));
      }
      return (r) => f.match(r, ids);
    }
    case 'date': {
      const test = parseDateFilter(name, raw);
      return (r) => test(f.get(r));
    }
    case 'bool': {
      if (raw !== 'true' && raw !== 'false') throw unprocessable(fieldError(name, 'must be true or false'));
      const want = raw === 'true';
      return (r) => f.get(r) === want;
    }
    case 'enum':
      if (!f.values.includes(raw)) throw unprocessable(fieldError(name, `must be one of: ${f.values.join(', ')}`));
      return (r) => f.match(r, raw);
    case 'int': {
      if (!/^\d{1,15}$/.test(raw)) throw unprocessable(fieldError(name, 'must be an integer'));
      const n = Number(raw);
      return (r) => f.match(r, n);
    }
    case 'string':
      return (r) => f.match(r, raw);
  }
}

/** Candidate rows, highest id first, with id < `before`. Uses the smallest id index when one applies. */
function* candidates<R extends { id: number }>(spec: ListSpec<R>, seeds: Iterable<R>[] | null, before: number | undefined): Generator<R> {
  if (!seeds) {
    yield* spec.source.desc(before);
    return;
  }
  const sets = seeds.map((s) => [...s]);
  const smallest = sets.reduce((a, b) => (b.length < a.length ? b : a));
  const unique = new Map(smallest.map((r) => [r.id, r]));
  const rows = [...unique.values()].filter((r) => before === undefined || r.id < before).sort((a, b) => b.id - a.id);
  yield* rows;
}

function pickFields(obj: Record<string, unknown>, fields: string[] | null): Record<string, unknown> {
  if (!fields) return obj;
  const out: Record<string, unknown> = { id: obj.id };
  for (const f of fields) if (f in obj) out[f] = obj[f];
  return out;
}

/** Handles one list request end to end. */
export function listResponse<R extends { id: number }>(c: Context, spec: ListSpec<R>): Response {
  const url = new URL(c.req.url);
  const params = [...url.searchParams.entries()];
  let query: Record<string, string>;
  let before: number | undefined;
  if (url.searchParams.has('cursor')) {
    if (params.length !== 1) throw unprocessable('cursor cannot be combined with other query parameters; request the Link URL unchanged');
    const cursor = decodeCursor(url.searchParams.get('cursor') ?? '', spec.resource);
    query = cursor.q;
    before = cursor.a;
  } else {
    query = Object.fromEntries(params);
  }
  const plan = compile(spec, query);
  const page: R[] = [];
  let more = false;
  for (const row of candidates(spec, plan.seeds, before)) {
    if (!plan.preds.every((p) => p(row))) continue;
    if (page.length === plan.perPage) {
      more = true;
      break;
    }
    page.push(row);
  }
  const body = page.map((r) => pickFields(spec.serialize(r), plan.fields));
  const res = c.json(body);
  const last = page[page.length - 1];
  if (more && last) {
    const next = encodeCursor({ r: spec.resource, q: query, a: last.id });
    res.headers.set('Link', `<${url.origin}${url.pathname}?cursor=${next}>; rel="next"`);
  }
  return res;
}

/** A read-only source of child rows derived from a parent table; child id = parent id * factor + index. */
export function childSource<P extends { id: number }, C extends { id: number }>(parents: Table<P>, factor: number, expand: (p: P) => C[]): Source<C> {
  return {
    *desc(before?: number) {
      const parentBefore = before === undefined ? undefined : Math.floor((before - 1) / factor) + 1;
      for (const p of parents.desc(parentBefore)) {
        const kids = expand(p);
        for (let i = kids.length - 1; i >= 0; i--) {
          const kid = kids[i];
          if (kid && (before === undefined || kid.id < before)) yield kid;
        }
      }
    },
    get(id: number) {
      const parent = parents.get(Math.floor(id / factor));
      return parent ? expand(parent).find((k) => k.id === id) : undefined;
    },
  };
}
