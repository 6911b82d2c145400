/**
 * OAuth access tokens for vendor APIs: the client-credentials grant (a token per client, no user)
 * and the refresh-token grant (a token renewed with a refresh token the vendor may rotate). The
 * token is kept in the integration's connector state, renewed `marginMs` before it expires (when
 * the vendor said when), and renewed at most once at a time per integration however many requests
 * wait for it. A vendor refusing the grant is INTEGRATION.AUTHENTICATION_INVALID: the credentials
 * need a human, a retry will not help.
 *
 * @example
 * const tokens = new OAuthTokens(ctx, { vendor: 'Acme', tokenUrl, issuedFor: clientId, store: jsonTokenStore('acme.oauth'), marginMs: 60_000,
 *   grant: () => ({ form: new URLSearchParams({ grant_type: 'client_credentials' }) }), refused: (status, said) => `Acme refused a token (HTTP ${status})${said}` });
 * const header = `Bearer ${await tokens.accessToken()}`;
 */
import { z } from 'zod';
import { VendorAuthError } from '../../lib/errors.js';
import type { ConnectorContext, ConnectorState } from '../connector.js';
import type { VendorAuth } from './http.js';
import { vendorParser } from './parse.js';
import { vendorErrorFromResponse, vendorMessage, vendorNetworkError } from './vendor-errors.js';

export interface StoredToken {
  accessToken: string;
  /** The rotated refresh token, when the vendor sent one. */
  refreshToken: string | null;
  /** Epoch ms; null when the vendor did not say. */
  expiresAt: number | null;
  /** Which credentials (and endpoint) the token was issued for; a token for others is ignored. */
  issuedFor: string;
}

/** Where a token lives in the connector state (the layout is part of what existing installs hold). */
export interface TokenStore {
  read(state: ConnectorState): Promise<StoredToken | null>;
  write(state: ConnectorState, token: StoredToken): Promise<void>;
}

/** One JSON value `{token, expiresAt, key}` under `key`. */
export function jsonTokenStore(key: string): TokenStore {
  const shape = z.object({ token: z.string(), expiresAt: z.number(), key: z.string() });
  return {
    async read(state) {
      const raw = await state.get(key);
      if (!raw) return null;
      let value: unknown = null;
      try {
        value = JSON.parse(raw) as unknown;
      } catch {
        return null;
      }
      const parsed = shape.safeParse(value);
      return parsed.success ? { accessToken: parsed.data.token, refreshToken: null, expiresAt: parsed.data.expiresAt, issuedFor: parsed.data.key } : null;
    },
    async write(state, token) {
      await state.set(key, JSON.stringify({ token: token.accessToken, expiresAt: token.expiresAt ?? 0, key: token.issuedFor }));
    },
  };
}

/** One state value per field under `<prefix>.access_token`, `.refresh_token`, `.expires_at`, `.renewed_from`. */
export function splitTokenStore(prefix: string): TokenStore {
  const keys = { token: `${prefix}.access_token`, refresh: `${prefix}.refresh_token`, expiresAt: `${prefix}.expires_at`, origin: `${prefix}.renewed_from` };
  return {
    async read(state) {
      const [issuedFor, accessToken, refreshToken, expiresAt] = [await state.get(keys.origin), await state.get(keys.token), await state.get(keys.refresh), await state.get(keys.expiresAt)];
      if (issuedFor === null || accessToken === null) return null;
      const at = Number(expiresAt ?? Number.NaN);
      return { accessToken, refreshToken, expiresAt: Number.isFinite(at) ? at : null, issuedFor };
    },
    async write(state, token) {
      await state.set(keys.origin, token.issuedFor);
      await state.set(keys.token, token.accessToken);
      await state.set(keys.expiresAt, token.expiresAt === null ? null : String(token.expiresAt));
      // A vendor that does not rotate sends no new refresh token: the one we have stays valid.
      if (token.refreshToken) await state.set(keys.refresh, token.refreshToken);
    },
  };
}

/** The token answer of RFC 6749 §5.1 (the fields we use). */
const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.number().positive().optional(), refresh_token: z.string().optional() });

export interface OAuthConfig {
  vendor: string;
  tokenUrl: string;
  /** Identifies the credentials the token belongs to (see `StoredToken.issuedFor`). */
  issuedFor: string;
  store: TokenStore;
  /** Tokens are renewed this long before they expire. */
  marginMs: number;
  /** Assumed lifetime when the vendor gives no `expires_in` (absent: the token has no known end). */
  defaultExpiresInSeconds?: number;
  /** The token request: form body and extra headers (client authentication); may throw VendorAuthError for missing credentials. */
  grant(kept: StoredToken | null): { form: URLSearchParams; headers?: Record<string, string> };
  /**
   * What a refused grant means; `said` is the vendor's message (`: …`) or empty. A message is
   * INTEGRATION.AUTHENTICATION_INVALID; an error of its own is thrown as it is (a grant for an
   * acting user can be refused for that user alone, and the credentials stay good).
   */
  refused(status: number, said: string): string | Error;
}

/** Renewals in flight, per integration and credentials. */
const renewing = new Map<string, Promise<string>>();

export class OAuthTokens {
  constructor(
    private readonly ctx: ConnectorContext,
    private readonly config: OAuthConfig,
  ) {}

  /** The kept token when it was issued for these credentials. */
  async kept(): Promise<StoredToken | null> {
    const kept = await this.config.store.read(this.ctx.state);
    return kept?.issuedFor === this.config.issuedFor ? kept : null;
  }

  /**
   * A token to send: the kept one (else `initial`, a token from the credentials) while it lives;
   * a renewed one when there is none, it is about to expire, or `renew` is asked for.
   */
  async accessToken(options: { renew?: boolean; initial?: string | null } = {}): Promise<string> {
    if (!options.renew) {
      const kept = await this.kept();
      const token = kept?.accessToken ?? options.initial ?? null;
      const expiresAt = kept?.expiresAt ?? null;
      if (token && (expiresAt === null || expiresAt - this.config.marginMs > Date.now())) return token;
    }
    const slot = `${this.ctx.integrationId}:${this.config.issuedFor}`;
    let running = renewing.get(slot);
    if (!running) {
      running = this.renew().finally(() => renewing.delete(slot));
      renewing.set(slot, running);
    }
    return running;
  }

  /** These tokens as request authentication: `Authorization: Bearer …`, renewed once on a 401. */
  bearer(): VendorAuth {
    return { renews: true, headers: async (renew) => ({ Authorization: `Bearer ${await this.accessToken({ renew })}` }) };
  }

  private async renew(): Promise<string> {
    const { vendor } = this.config;
    const grant = this.config.grant(await this.kept());
    let res: Response;
    try {
      res = await this.ctx.fetch(this.config.tokenUrl, {
        method: 'POST',
        headers: { ...grant.headers, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: grant.form.toString(),
        ...(this.ctx.signal ? { signal: this.ctx.signal } : {}),
      });
    } catch (err) {
      if (this.ctx.signal?.aborted) throw err;
      throw vendorNetworkError(err, vendor);
    }
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      const said = vendorMessage(await res.text().catch(() => ''), res.headers.get('content-type'));
      const refusal = this.config.refused(res.status, said ? `: ${said}` : '');
      throw typeof refusal === 'string' ? new VendorAuthError(refusal) : refusal;
    }
    if (!res.ok) throw await vendorErrorFromResponse(res, vendor);
    const answer = vendorParser(vendor)(tokenAnswer, await res.json().catch(() => null), 'the token request');
    const lifetime = answer.expires_in ?? this.config.defaultExpiresInSeconds;
    await this.config.store.write(this.ctx.state, {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token ?? null,
      expiresAt: lifetime === undefined ? null : Date.now() + lifetime * 1000,
      issuedFor: this.config.issuedFor,
    });
    return answer.access_token;
  }
}
