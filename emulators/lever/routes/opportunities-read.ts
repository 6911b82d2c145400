/**
 * GET /opportunities, /opportunities/deleted, /opportunities/:id
 * (hire.lever.co/developer/documentation#list-all-opportunities, #list-deleted-opportunities,
 * #retrieve-a-single-opportunity).
 */
import type { Context, Hono } from 'hono';
import { badRequest } from '../errors.js';
import { confidentialityFilter, expandSet, findOpportunity, inRange, listJson, page, queryBool, queryList, queryMs, type Deps } from '../http.js';
import { deletedJson, opportunityJson } from '../serialize.js';
import { deletedKey, opportunityKey, type LeverState } from '../state.js';
import { ORIGINS, type Opportunity } from '../types.js';

type Filter = (o: Opportunity) => boolean;

/** A filter on a repeatable parameter: a record matches if it matches any value (OR). */
function anyOf(c: Context, name: string, test: (o: Opportunity, values: ReadonlySet<string>) => boolean): Filter | null {
  const values = queryList(c, name).filter((v) => v !== '');
  if (values.length === 0) return null;
  const set = new Set(values);
  return (o) => test(o, set);
}

function range(c: Context, name: string, value: (o: Opportunity) => number | null | undefined): Filter | null {
  const start = queryMs(c, `${name}_start`);
  const end = queryMs(c, `${name}_end`);
  if (start === undefined && end === undefined) return null;
  return (o) => inRange(value(o), start, end);
}

/** `email`: opportunities of the contacts owning any of the (canonicalised) addresses. */
function emailFilter(c: Context, state: LeverState): Filter | null {
  const emails = queryList(c, 'email').filter((e) => e !== '');
  if (emails.length === 0) return null;
  const contactIds = new Set(emails.map((e) => state.contactByEmail(e)?.id).filter((id): id is string => id !== undefined));
  return (o) => contactIds.has(o.contactId);
}

function opportunityFilters(c: Context, state: LeverState, now: number): Filter[] {
  for (const origin of queryList(c, 'origin')) if (!(ORIGINS as readonly string[]).includes(origin)) throw badRequest(`Invalid origin "${origin}": expected one of ${ORIGINS.join(', ')}`);
  const confidential = confidentialityFilter(c);
  const archived = queryBool(c, 'archived');
  const snoozed = queryBool(c, 'snoozed');
  const filters: (Filter | null)[] = [
    (o) => confidential(o.confidential),
    anyOf(c, 'tag', (o, v) => o.tags.some((t) => v.has(t))),
    emailFilter(c, state),
    anyOf(c, 'origin', (o, v) => v.has(o.origin)),
    anyOf(c, 'source', (o, v) => o.sources.some((s) => v.has(s))),
    anyOf(c, 'stage_id', (o, v) => v.has(o.stage)),
    anyOf(c, 'posting_id', (o, v) => o.postingId !== null && v.has(o.postingId)),
    anyOf(c, 'archived_posting_id', (o, v) => o.archived !== null && o.postingId !== null && v.has(o.postingId)),
    anyOf(c, 'archive_reason_id', (o, v) => o.archived !== null && v.has(o.archived.reason)),
    anyOf(c, 'contact_id', (o, v) => v.has(o.contactId)),
    anyOf(c, 'location', (o, v) => o.opportunityLocation !== null && v.has(o.opportunityLocation)),
    range(c, 'created_at', (o) => o.createdAt),
    range(c, 'updated_at', (o) => o.updatedAt),
    range(c, 'advanced_at', (o) => o.lastAdvancedAt),
    range(c, 'archived_at', (o) => o.archived?.archivedAt),
    archived === undefined ? null : (o) => (o.archived !== null) === archived,
    snoozed === undefined ? null : (o) => (o.snoozedUntil !== null && o.snoozedUntil > now) === snoozed,
  ];
  return filters.filter((f): f is Filter => f !== null);
}

export function registerOpportunityReads(api: Hono, { state, now }: Deps): void {
  api.get('/opportunities/deleted', (c) => {
    const start = queryMs(c, 'deleted_at_start');
    const end = queryMs(c, 'deleted_at_end');
    const result = page(c, state.deleted, { keyOf: deletedKey, arity: 2, desc: true, match: (d) => inRange(d.deletedAt, start, end) });
    return listJson(c, result, deletedJson);
  });

  api.get('/opportunities', (c) => {
    const filters = opportunityFilters(c, state, now());
    const expand = expandSet(c);
    const result = page(c, state.opportunities, { keyOf: opportunityKey, arity: 3, desc: true, match: (o) => filters.every((f) => f(o)) });
    return listJson(c, result, (o) => opportunityJson(state, o, expand));
  });

  api.get('/opportunities/:id', (c) => c.json({ data: opportunityJson(state, findOpportunity(c, state), expandSet(c)) }));
}
