/**
 * Connection links and activation tokens (contract §6): a link opens our connect page for one end
 * user; it expires (EMBEDDED 1 hour, MAGIC_LINK 1 year) and can complete one flow. A finished flow
 * yields an activation token, which the customer's backend exchanges once, within 10 minutes,
 * for the integration. Only hashes of both tokens are stored.
 *
 * @example
 * const { token } = await createConnectLink(db, envId, { link_type: 'EMBEDDED', end_user_organization_name: 'Acme', ... });
 * // hand `${publicBase}/connect/${token}` to showKomboConnect(); later:
 * const state = await resolveConnectLink(db, token); // { kind: 'open', link }
 */
import type { Kysely } from 'kysely';
import { sha256Hex } from '../lib/crypto.js';
import { randomId, randomToken } from '../lib/ids.js';
import type { ConnectLinkRow, Database } from '../storage/database.js';
import {
  deleteExpiredConnectRows,
  findActivationToken,
  findConnectLinkByHash,
  insertConnectLink,
  useActivationToken,
} from '../storage/repositories/connect.repository.js';

export type LinkType = ConnectLinkRow['link_type'];

export const LINK_LIFETIME_MS: Record<LinkType, number> = { EMBEDDED: 3_600_000, MAGIC_LINK: 365 * 86_400_000 };
export const ACTIVATION_TOKEN_LIFETIME_MS = 10 * 60_000;
/** Expired links and tokens are kept this long (the page can still say "expired"), then removed. */
const KEEP_EXPIRED_MS = 30 * 86_400_000;
/** Tokens are 32 random bytes, base64url: 43 characters. Anything much longer is not one of ours. */
const MAX_TOKEN_LENGTH = 128;

export const hashToken = (token: string): string => sha256Hex(`unified-ats:connect:${token}`);

export interface NewConnectLink {
  link_type: LinkType;
  integration_tool: string | null;
  relink_integration_id: string | null;
  end_user_email: string | null;
  end_user_organization_name: string;
  end_user_origin_id: string | null;
  language: string;
  scope_config_id: string | null;
}

export async function createConnectLink(db: Kysely<Database>, environmentId: string, input: NewConnectLink, now = new Date()): Promise<{ token: string; link: ConnectLinkRow }> {
  // Housekeeping on the way: links and tokens long expired are of no use to anyone.
  await deleteExpiredConnectRows(db, new Date(now.getTime() - KEEP_EXPIRED_MS).toISOString());
  const token = randomToken(32);
  const link: ConnectLinkRow = {
    id: randomId(),
    environment_id: environmentId,
    token_hash: hashToken(token),
    integration_category: 'ATS',
    ...input,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + LINK_LIFETIME_MS[input.link_type]).toISOString(),
    claimed_until: null,
    used_at: null,
    integration_id: null,
  };
  await insertConnectLink(db, link);
  return { token, link };
}

export type LinkState =
  | { kind: 'invalid' }
  | { kind: 'expired'; link: ConnectLinkRow }
  | { kind: 'used'; link: ConnectLinkRow }
  | { kind: 'open'; link: ConnectLinkRow };

export async function resolveConnectLink(db: Kysely<Database>, token: string, now = new Date()): Promise<LinkState> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return { kind: 'invalid' };
  const link = await findConnectLinkByHash(db, hashToken(token));
  if (!link) return { kind: 'invalid' };
  if (link.used_at) return { kind: 'used', link };
  if (Date.parse(link.expires_at) <= now.getTime()) return { kind: 'expired', link };
  return { kind: 'open', link };
}

export type Exchange = { kind: 'unknown' | 'expired' | 'used' } | { kind: 'ok'; integrationId: string };

/** Spends an activation token of the environment: once, before it expires. */
export async function exchangeActivationToken(db: Kysely<Database>, environmentId: string, token: string, now = new Date()): Promise<Exchange> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return { kind: 'unknown' };
  const hash = hashToken(token);
  const row = await findActivationToken(db, environmentId, hash);
  if (!row) return { kind: 'unknown' };
  if (row.used_at) return { kind: 'used' };
  if (Date.parse(row.expires_at) <= now.getTime()) return { kind: 'expired' };
  if (!(await useActivationToken(db, hash, now.toISOString()))) return { kind: 'used' };
  return { kind: 'ok', integrationId: row.integration_id };
}
