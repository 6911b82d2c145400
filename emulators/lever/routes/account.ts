/**
 * Account-wide reads (hire.lever.co/developer/documentation#postings, #stages, #archive-reasons,
 * #users, #tags, #sources, #contacts).
 */
import type { Context, Hono } from 'hono';
import { principalOf } from '../auth.js';
import { badRequest, notFound } from '../errors.js';
import { confidentialityFilter, expandSet, listJson, page, queryBool, queryList, type Deps } from '../http.js';
import { contactJson, postingJson, userJson } from '../serialize.js';
import { postingKey, userKey, type LeverState } from '../state.js';
import type { Posting } from '../types.js';

/** Counts of a free-text label (tag or source) over live opportunities, alphabetically. */
function labelCounts(state: LeverState, pick: (o: { tags: string[]; sources: string[] }) => string[]): { text: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const o of state.opportunities) for (const label of pick(o)) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].map(([text, count]) => ({ text, count })).sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

const POSTING_STATES = ['published', 'internal', 'closed', 'draft', 'pending', 'rejected'];

function postingMatch(c: Context): (p: Posting) => boolean {
  const confidential = confidentialityFilter(c);
  const states = queryList(c, 'state');
  for (const s of states) if (!POSTING_STATES.includes(s)) throw badRequest(`Invalid state "${s}": expected one of ${POSTING_STATES.join(', ')}`);
  const sets = {
    state: new Set(states),
    team: new Set(queryList(c, 'team')),
    department: new Set(queryList(c, 'department')),
    location: new Set(queryList(c, 'location')),
    commitment: new Set(queryList(c, 'commitment')),
    level: new Set(queryList(c, 'level')),
    tag: new Set(queryList(c, 'tag')),
    distributionChannel: new Set(queryList(c, 'distributionChannel')),
  };
  const ok = (set: Set<string>, value: string | null) => set.size === 0 || (value !== null && set.has(value));
  return (p) =>
    confidential(p.confidential) &&
    ok(sets.state, p.state) &&
    ok(sets.team, p.team) &&
    ok(sets.department, p.department) &&
    ok(sets.commitment, p.commitment) &&
    ok(sets.level, p.level) &&
    (sets.location.size === 0 || p.allLocations.some((l) => sets.location.has(l)) || sets.location.has(p.location)) &&
    (sets.tag.size === 0 || p.tags.some((t) => sets.tag.has(t))) &&
    (sets.distributionChannel.size === 0 || p.distributionChannels.some((d) => sets.distributionChannel.has(d)));
}

export function registerAccountReads(api: Hono, { state }: Deps): void {
  api.get('/postings', (c) => {
    const expand = expandSet(c);
    const result = page(c, state.postings, { keyOf: postingKey, arity: 2, desc: true, match: postingMatch(c) });
    return listJson(c, result, (p) => postingJson(state, p, expand));
  });
  api.get('/postings/:id', (c) => {
    const p = state.postingsById.get(c.req.param('id'));
    if (!p || (p.confidential && !principalOf(c).confidentialAccess)) throw notFound("That posting doesn't exist on your account");
    return c.json({ data: postingJson(state, p, expandSet(c)) });
  });

  api.get('/stages', (c) => listJson(c, page(c, state.stages, { keyOf: (s) => [state.stages.indexOf(s)], arity: 1, desc: false }), (s) => ({ id: s.id, text: s.text })));
  api.get('/stages/:id', (c) => {
    const s = state.stages.find((x) => x.id === c.req.param('id'));
    if (!s) throw notFound("That stage doesn't exist on your account");
    return c.json({ data: { id: s.id, text: s.text } });
  });

  api.get('/archive_reasons', (c) => {
    const type = c.req.query('type');
    if (type !== undefined && type !== 'hired' && type !== 'non-hired') throw badRequest(`Invalid type "${type}": expected hired or non-hired`);
    const reasons = state.archiveReasons;
    const result = page(c, reasons, { keyOf: (r) => [reasons.indexOf(r)], arity: 1, desc: false, match: (r) => type === undefined || r.type === type });
    return listJson(c, result, (r) => ({ ...r }));
  });
  api.get('/archive_reasons/:id', (c) => {
    const r = state.archiveReasons.find((x) => x.id === c.req.param('id'));
    if (!r) throw notFound("That archive reason doesn't exist on your account");
    return c.json({ data: { ...r } });
  });

  api.get('/users', (c) => {
    const includeDeactivated = queryBool(c, 'includeDeactivated') === true;
    const emails = new Set(queryList(c, 'email').map((e) => e.toLowerCase()));
    const roles = new Set(queryList(c, 'accessRole'));
    const directory = new Set(queryList(c, 'external_directory_id'));
    const result = page(c, state.users, {
      keyOf: userKey,
      arity: 2,
      desc: false,
      match: (u) =>
        (includeDeactivated || u.deactivatedAt === null) &&
        (emails.size === 0 || emails.has(u.email.toLowerCase())) &&
        (roles.size === 0 || roles.has(u.accessRole)) &&
        (directory.size === 0 || (u.externalDirectoryId !== null && directory.has(u.externalDirectoryId))),
    });
    return listJson(c, result, userJson);
  });
  api.get('/users/:id', (c) => {
    const u = state.usersById.get(c.req.param('id'));
    if (!u) throw notFound("That user doesn't exist on your account");
    return c.json({ data: userJson(u) });
  });

  const labels = (path: string, pick: (o: { tags: string[]; sources: string[] }) => string[]) =>
    api.get(path, (c) => listJson(c, page(c, labelCounts(state, pick), { keyOf: (l) => [l.text], arity: 1, desc: false }), (l) => l));
  labels('/tags', (o) => o.tags);
  labels('/sources', (o) => o.sources);

  api.get('/contacts/:id', (c) => {
    const contact = state.contact(c.req.param('id'));
    if (!contact) throw notFound("That contact doesn't exist on your account");
    return c.json({ data: contactJson(contact) });
  });
}
