/**
 * Opportunity writes (hire.lever.co/developer/documentation#create-an-opportunity, #update-stage,
 * #update-archived-state, #update-tags, #update-links, #update-sources). Every write accepts
 * `?perform_as=<userId>`; each returns the whole opportunity in `{data}`.
 */
import type { Hono } from 'hono';
import { readBody, stringList, type Body } from '../body.js';
import { badRequest } from '../errors.js';
import { expandSet, findOpportunity, performAs, type Deps } from '../http.js';
import { opportunityJson } from '../serialize.js';
import type { Opportunity } from '../types.js';
import { registerCreateOpportunity } from './opportunity-create.js';

/** A non-empty list of strings under `name` (400 otherwise). */
function requiredList(body: Body, name: string): string[] {
  const list = stringList(body, name);
  if (!list || list.length === 0) throw badRequest(`Missing required field: ${name} (a non-empty array of strings)`);
  return list;
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));

export function registerOpportunityWrites(api: Hono, deps: Deps): void {
  const { state, now } = deps;
  registerCreateOpportunity(api, deps);

  api.put('/opportunities/:id/stage', async (c) => {
    const opp = findOpportunity(c, state);
    const user = performAs(c, state, false);
    const body = await readBody(c);
    const stageId = body.fields.stage;
    if (typeof stageId !== 'string' || stageId === '') throw badRequest('Missing required field: stage');
    const index = state.stageIndex(stageId);
    if (index < 0) throw badRequest(`Invalid stage: no stage with id ${stageId}`);
    const t = now();
    opp.stage = stageId;
    state.addStageChange(opp, { toStageId: stageId, toStageIndex: index, updatedAt: t, userId: user.id });
    opp.lastAdvancedAt = t;
    state.touch(opp, t);
    return c.json({ data: opportunityJson(state, opp, expandSet(c)) });
  });

  api.put('/opportunities/:id/archived', async (c) => {
    const opp = findOpportunity(c, state);
    performAs(c, state, false);
    const body = await readBody(c);
    if (!('reason' in body.fields)) throw badRequest('Missing required field: reason (an archive reason id, or null to unarchive)');
    const { reason, requisitionId, cleanInterviews } = body.fields;
    if (cleanInterviews !== undefined && typeof cleanInterviews !== 'boolean' && cleanInterviews !== 'true' && cleanInterviews !== 'false') {
      throw badRequest('Invalid cleanInterviews: expected a boolean');
    }
    const t = now();
    if (reason === null || reason === '') {
      if (requisitionId !== undefined && requisitionId !== null) throw badRequest('requisitionId can only be given with a hired archive reason');
      opp.archived = null;
    } else {
      if (typeof reason !== 'string') throw badRequest('Invalid reason: expected an archive reason id or null');
      const found = state.archiveReasons.find((r) => r.id === reason);
      if (!found) throw badRequest(`Invalid reason: no archive reason with id ${reason}`);
      if (found.status !== 'active') throw badRequest(`Invalid reason: archive reason ${reason} is inactive`);
      if (requisitionId !== undefined && requisitionId !== null) {
        if (typeof requisitionId !== 'string') throw badRequest('Invalid requisitionId: expected a string');
        if (found.type !== 'hired') throw badRequest('requisitionId can only be given with a hired archive reason');
      }
      opp.archived = { reason, archivedAt: t };
    }
    state.touch(opp, t);
    return c.json({ data: opportunityJson(state, opp, expandSet(c)) });
  });

  const listWrite = (path: string, field: 'tags' | 'sources' | 'links', apply: (opp: Opportunity, values: string[]) => void) => {
    api.post(`/opportunities/:id/${path}`, async (c) => {
      const opp = findOpportunity(c, state);
      performAs(c, state, false);
      const values = requiredList(await readBody(c), field);
      apply(opp, values);
      state.touch(opp, now());
      return c.json({ data: opportunityJson(state, opp, expandSet(c)) });
    });
  };
  listWrite('addTags', 'tags', (o, v) => (o.tags = union(o.tags, v)));
  listWrite('removeTags', 'tags', (o, v) => (o.tags = minus(o.tags, v)));
  listWrite('addSources', 'sources', (o, v) => (o.sources = union(o.sources, v)));
  listWrite('removeSources', 'sources', (o, v) => (o.sources = minus(o.sources, v)));
  // Links live on the contact (the person), so every opportunity of that person shows them.
  const contactOf = (o: Opportunity) => {
    const contact = state.mutableContact(o.contactId);
    if (!contact) throw new Error(`opportunity ${o.id} has no contact`);
    return contact;
  };
  listWrite('addLinks', 'links', (o, v) => {
    const contact = contactOf(o);
    contact.links = union(contact.links, v);
  });
  listWrite('removeLinks', 'links', (o, v) => {
    const contact = contactOf(o);
    contact.links = minus(contact.links, v);
  });
}
