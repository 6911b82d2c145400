/**
 * Account routes: jobs (`pageId` or the older `offset`, `updatedAfter`), a job's hiring team,
 * users (the dated users API, cursor only), the configuration lists, and message shares (notes),
 * whose `#[CANDIDATE:id]` and `@[USER:id]` tokens link a note to a candidate and mention users.
 */
import type { Context, Hono } from 'hono';
import { instantParam, jsonBody, paged, SrHttpError } from './http.js';
import { jobDetail, jobRow, SYSTEM_ROLES, systemRoleOf, userRow } from './serialize.js';
import type { SmartRecruitersState } from './state.js';

const origin = (c: Context) => new URL(c.req.url).origin;

export function accountRoutes(app: Hono, state: SmartRecruitersState): void {
  app.get('/jobs', (c) => {
    const after = instantParam(c, 'updatedAfter');
    if (c.req.query('pageId') && c.req.query('sort') !== 'job_id') throw new SrHttpError(400, 'INVALID_PARAMETER', 'pageId needs sort=job_id');
    const rows = state.jobs.filter((j) => after === undefined || Date.parse(j.updatedOn) > after);
    const sorted = c.req.query('sort') === 'job_id' ? [...rows].sort((a, b) => a.id.localeCompare(b.id)) : rows;
    return paged(c, sorted, (j) => jobRow(origin(c), j), { defaultLimit: 10, offset: true, totals: true, cursor: c.req.query('sort') === 'job_id' });
  });
  const job = (c: Context) => {
    const found = state.job(c.req.param('id') ?? '');
    if (!found) throw new SrHttpError(404, 'NOT_FOUND', 'Job not found');
    return found;
  };
  app.get('/jobs/:id', (c) => c.json(jobDetail(origin(c), job(c))));
  app.get('/jobs/:id/hiring-team', (c) => {
    const team = job(c).hiringTeam.map((m) => ({ id: m.id, role: m.role, actions: {} }));
    return c.json({ totalFound: team.length, content: team });
  });

  app.get('/user-api/v201804/users', (c) => {
    const after = instantParam(c, 'updatedAfter');
    const rows = state.users.filter((u) => after === undefined || Date.parse(u.updatedOn) > after);
    return paged(c, rows, userRow, { defaultLimit: 100, offset: false, totals: false });
  });
  // The company's system roles (built-in ones; the users API names each user's).
  app.get('/user-api/v201804/system-roles', (c) => c.json({ content: Object.keys(SYSTEM_ROLES).map(systemRoleOf) }));
  app.get('/user-api/v201804/users/:id', (c) => {
    const user = state.users.find((u) => u.id === c.req.param('id'));
    if (!user) throw new SrHttpError(404, 'NOT_FOUND', 'User not found');
    return c.json(userRow(user));
  });

  const reasons = (list: () => ReadonlyArray<{ id: string; label: string }>) => (c: Context) => c.json({ totalFound: list().length, content: list() });
  app.get('/configuration/rejection-reasons', reasons(() => state.rejectionReasons));
  app.get('/configuration/withdrawal-reasons', reasons(() => state.withdrawalReasons));
  app.get('/configuration/hiring-processes', (c) => c.json({ totalFound: state.processes.length, content: state.processes.map(({ id, name, active }) => ({ id, name, active })) }));
  app.get('/configuration/hiring-processes/:id', (c) => {
    const process = state.processes.find((p) => p.id === c.req.param('id'));
    if (!process) throw new SrHttpError(404, 'NOT_FOUND', 'Hiring process not found');
    return c.json(process);
  });

  app.post('/messages/shares', async (c) => {
    const body = await jsonBody(c);
    const content = body['content'];
    if (typeof content !== 'string' || !content.trim()) throw new SrHttpError(400, 'INVALID_BODY', 'content is required');
    if (/<[a-z/][^>]*>/i.test(content)) throw new SrHttpError(400, 'INVALID_CONTENT', 'content must be plain text (no HTML tags)');
    const candidateIds = [...content.matchAll(/#\[CANDIDATE:([^\]]+)\]/g)].map((m) => m[1] ?? '');
    const userIds = [...content.matchAll(/@\[USER:([^\]]+)\]/g)].map((m) => m[1] ?? '');
    const unknown = candidateIds.find((id) => !state.candidate(id));
    if (unknown) throw new SrHttpError(400, 'INVALID_CONTENT', `Unknown candidate ${unknown}`);
    if (body['shareWith'] === undefined) throw new SrHttpError(400, 'INVALID_BODY', 'shareWith is required');
    const share = { id: state.newId(), content, candidateIds, userIds, shareWith: body['shareWith'] };
    state.shares.push(share);
    return c.json({ id: share.id, shareRequired: false }, 201);
  });
}
