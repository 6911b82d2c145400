/** Request helpers shared by the route modules: query parsing, `perform_as`, lists, bodies. */
import type { Context } from 'hono';
import { principalOf } from './auth.js';
import { badRequest, forbidden, notFound } from './errors.js';
import { decodeOffset, paginate, parseLimit, type Key, type Page } from './pagination.js';
import type { LeverState } from './state.js';
import type { Opportunity, User } from './types.js';

export interface Deps {
  state: LeverState;
  now: () => number;
}

/** All values of a repeatable query parameter (`?tag=a&tag=b`). */
export function queryList(c: Context, name: string): string[] {
  return c.req.queries(name) ?? [];
}

/** `expand` may be repeated or comma-separated. */
export function expandSet(c: Context): Set<string> {
  return new Set(queryList(c, 'expand').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean));
}

export function baseUrl(c: Context): string {
  return new URL(c.req.url).origin;
}

export function queryMs(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw badRequest(`Invalid ${name} "${raw}": expected a timestamp in milliseconds since the epoch`);
  return Number(raw.trim());
}

export function queryBool(c: Context, name: string): boolean | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw badRequest(`Invalid ${name} "${raw}": expected true or false`);
}

/** `start <= value <= end` (both optional, both inclusive); a null value never matches a range. */
export function inRange(value: number | null | undefined, start: number | undefined, end: number | undefined): boolean {
  if (start === undefined && end === undefined) return true;
  if (value === null || value === undefined) return false;
  return (start === undefined || value >= start) && (end === undefined || value <= end);
}

export interface ListSpec<T> {
  keyOf: (t: T) => Key;
  /** Length of the offset token (`keyOf`'s result). */
  arity: number;
  desc: boolean;
  match?: (t: T) => boolean;
}

/** Pages `items` (sorted by `keyOf`) with the request's `limit` and `offset`. */
export function page<T>(c: Context, items: readonly T[], spec: ListSpec<T>): Page<T> {
  const limit = parseLimit(c.req.query('limit'));
  if (typeof limit !== 'number') throw badRequest(limit.error);
  const offset = decodeOffset(c.req.query('offset'), spec.arity);
  if ('error' in offset) throw badRequest(offset.error);
  return paginate(items, { keyOf: spec.keyOf, desc: spec.desc, match: spec.match, limit, offset: offset.key });
}

/** Children of one opportunity: sorted by [createdAt, id] ascending. */
export function childList<T extends { createdAt: number; id: string }>(c: Context, items: T[]): Page<T> {
  items.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return page(c, items, { keyOf: (t) => [t.createdAt, t.id], arity: 2, desc: false });
}

export function listJson<T>(c: Context, result: Page<T>, toJson: (t: T) => unknown): Response {
  const body: { data: unknown[]; hasNext: boolean; next?: string } = { data: result.data.map(toJson), hasNext: result.hasNext };
  if (result.next !== undefined) body.next = result.next;
  return c.json(body);
}

/**
 * The user a write is attributed to: `?perform_as=<userId>`. Required on create; elsewhere it
 * defaults to the account's super admin. An unknown or deactivated user is a 400.
 */
export function performAs(c: Context, state: LeverState, required: boolean): User {
  const id = c.req.query('perform_as');
  if (id === undefined || id === '') {
    if (required) throw badRequest('Missing required query parameter: perform_as');
    return state.accountOwner;
  }
  const user = state.usersById.get(id);
  if (!user) throw badRequest(`Invalid perform_as: no user with id ${id}`);
  if (user.deactivatedAt !== null) throw badRequest(`Invalid perform_as: user ${id} is deactivated`);
  return user;
}

/** The opportunity in `:id`; confidential ones are invisible (404) to credentials without access. */
export function findOpportunity(c: Context, state: LeverState): Opportunity {
  const id = c.req.param('id') ?? '';
  const opp = state.opportunitiesById.get(id);
  if (!opp || (opp.confidential && !principalOf(c).confidentialAccess)) throw notFound("That opportunity doesn't exist on your account");
  return opp;
}

export function requireConfidentialAccess(c: Context): void {
  if (!principalOf(c).confidentialAccess) throw forbidden('This API key does not have access to confidential data');
}

/** `confidentiality` filter (default non-confidential); asking for confidential data needs access. */
export function confidentialityFilter(c: Context): (confidential: boolean) => boolean {
  const values = queryList(c, 'confidentiality');
  for (const v of values) if (!['confidential', 'non-confidential', 'all'].includes(v)) throw badRequest(`Invalid confidentiality "${v}": expected confidential, non-confidential or all`);
  if (values.length === 0) return (confidential) => !confidential;
  if (values.includes('all') || values.includes('confidential')) requireConfidentialAccess(c);
  if (values.includes('all') || (values.includes('confidential') && values.includes('non-confidential'))) return () => true;
  return values.includes('confidential') ? (confidential) => confidential : (confidential) => !confidential;
}
