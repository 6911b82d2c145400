/**
 * Test controls under `/__admin` (never authenticated, never rate limited): inspect the account,
 * change or delete opportunities behind the connector's back, and mint, revoke or expire credentials.
 */
import type { Context, Hono } from 'hono';
import type { CredentialStore } from './auth.js';
import { badRequest, notFound } from './errors.js';
import type { RateLimitConfig } from './limits.js';
import { deletedJson, opportunityJson } from './serialize.js';
import type { LeverState } from './state.js';
import { ORIGINS, type Origin } from './types.js';

export interface AdminDeps {
  state: LeverState;
  now: () => number;
  credentials: CredentialStore;
  rateLimit: RateLimitConfig;
}

async function json(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('Admin body must be JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest('Admin body must be a JSON object');
  return parsed as Record<string, unknown>;
}

const strings = (v: unknown, name: string): string[] => {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw badRequest(`${name} must be an array of strings`);
  return v as string[];
};

export function registerLeverAdmin(app: Hono, { state, now, credentials, rateLimit }: AdminDeps): void {
  app.get('/__admin/state', (c) => {
    const opps = state.opportunities;
    return c.json({
      seed: state.seed,
      size: state.size,
      now: now(),
      apiKeys: [...credentials.keys.values()],
      oauthTokens: [...credentials.tokens.values()],
      defaultPerformAs: state.accountOwner.id,
      rateLimit,
      counts: {
        users: state.users.length,
        postings: state.postings.length,
        contacts: state.contactCount,
        opportunities: opps.length,
        confidentialOpportunities: opps.filter((o) => o.confidential).length,
        nullUpdatedAt: opps.filter((o) => o.updatedAt === null).length,
        deletedOpportunities: state.deleted.length,
      },
      stages: state.stages,
      archiveReasons: state.archiveReasons,
    });
  });

  /** Changes fields of an opportunity and bumps `updatedAt` (or sets it, when `updatedAt` is given). */
  app.post('/__admin/opportunities/:id', async (c) => {
    const opp = state.opportunitiesById.get(c.req.param('id'));
    if (!opp) throw notFound('No such opportunity');
    const patch = await json(c);
    const contact = state.mutableContact(opp.contactId);
    const t = now();
    for (const [field, value] of Object.entries(patch)) {
      switch (field) {
        case 'stage': {
          const index = typeof value === 'string' ? state.stageIndex(value) : -1;
          if (index < 0 || typeof value !== 'string') throw badRequest('stage must be a stage id');
          opp.stage = value;
          state.addStageChange(opp, { toStageId: value, toStageIndex: index, updatedAt: t, userId: state.accountOwner.id });
          opp.lastAdvancedAt = t;
          break;
        }
        case 'tags':
          opp.tags = strings(value, field);
          break;
        case 'sources':
          opp.sources = strings(value, field);
          break;
        case 'followers':
          opp.followers = strings(value, field);
          break;
        case 'origin':
          if (!ORIGINS.includes(value as Origin)) throw badRequest('origin must be a Lever origin');
          opp.origin = value as Origin;
          break;
        case 'owner':
          if (value !== null && (typeof value !== 'string' || !state.usersById.has(value))) throw badRequest('owner must be a user id or null');
          opp.owner = value;
          break;
        case 'confidentiality':
          if (value !== 'confidential' && value !== 'non-confidential') throw badRequest('confidentiality must be confidential or non-confidential');
          opp.confidential = value === 'confidential';
          break;
        case 'archived': {
          const a = value as { reason?: unknown; archivedAt?: unknown } | null;
          if (a !== null && (typeof a !== 'object' || typeof a.reason !== 'string')) throw badRequest('archived must be {reason, archivedAt?} or null');
          opp.archived = a === null ? null : { reason: a.reason as string, archivedAt: typeof a.archivedAt === 'number' ? a.archivedAt : t };
          break;
        }
        case 'snoozedUntil':
          if (value !== null && typeof value !== 'number') throw badRequest('snoozedUntil must be a number or null');
          opp.snoozedUntil = value;
          break;
        case 'name':
        case 'headline':
        case 'location':
          if (typeof value !== 'string' || !contact) throw badRequest(`${field} must be a string`);
          contact[field] = value;
          break;
        case 'emails':
          if (!contact) throw badRequest('opportunity has no contact');
          contact.emails = strings(value, field);
          state.indexEmails(contact);
          break;
        case 'links':
          if (!contact) throw badRequest('opportunity has no contact');
          contact.links = strings(value, field);
          break;
        case 'updatedAt':
          break;
        default:
          throw badRequest(`Unsupported field: ${field}`);
      }
    }
    if ('updatedAt' in patch) {
      if (patch.updatedAt !== null && typeof patch.updatedAt !== 'number') throw badRequest('updatedAt must be a number or null');
      opp.updatedAt = patch.updatedAt;
    } else state.touch(opp, t);
    return c.json({ data: opportunityJson(state, opp, new Set()) });
  });

  /** Deletes an opportunity: it leaves `/opportunities` and shows in `/opportunities/deleted`. */
  app.delete('/__admin/opportunities/:id', (c) => {
    const by = c.req.query('deleted_by') ?? state.accountOwner.id;
    const record = state.deleteOpportunity(c.req.param('id'), by === '' ? null : by, now());
    if (!record) throw notFound('No such opportunity');
    return c.json({ data: deletedJson(record) });
  });

  app.post('/__admin/api-keys', async (c) => {
    const body = await json(c);
    return c.json({ api_key: credentials.createKey(body.confidentialAccess !== false) }, 201);
  });

  app.post('/__admin/oauth-tokens', async (c) => {
    const body = await json(c);
    const scopes = body.scopes === undefined ? 'all' : strings(body.scopes, 'scopes');
    const ttl = body.expiresInSeconds;
    if (ttl !== undefined && typeof ttl !== 'number') throw badRequest('expiresInSeconds must be a number');
    const expiresAt = ttl === undefined ? null : now() + ttl * 1000;
    return c.json({ access_token: credentials.createToken(scopes, expiresAt, body.confidentialAccess !== false), expiresAt }, 201);
  });

  /** `{"api_key": "..."}` or `{"access_token": "..."}`: later requests with it get 401. */
  app.post('/__admin/credentials/revoke', async (c) => {
    const body = await json(c);
    const record =
      typeof body.api_key === 'string' ? credentials.keys.get(body.api_key) : typeof body.access_token === 'string' ? credentials.tokens.get(body.access_token) : undefined;
    if (!record) throw notFound('No such credential');
    record.revoked = true;
    return c.json({ revoked: true });
  });

  /** `{"access_token": "..."}`: the token expires now (401 "Access token expired" from then on). */
  app.post('/__admin/credentials/expire', async (c) => {
    const body = await json(c);
    const record = typeof body.access_token === 'string' ? credentials.tokens.get(body.access_token) : undefined;
    if (!record) throw notFound('No such access token');
    record.expiresAt = now();
    return c.json({ expired: true, expiresAt: record.expiresAt });
  });
}
