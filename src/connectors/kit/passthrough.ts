/**
 * Passthrough from a vendor's own facts: the APIs it offers and, per integration, its base URL
 * and authentication (the same the connector's client uses). `src/passthrough/` does the rest:
 * path checks, params, the request through the integration's polite fetch.
 *
 * @example
 * passthrough: passthroughVia([{ id: 'v1', label: 'Acme API v1' }], (ctx) => new AcmeClient(ctx)),
 */
import type { ConnectorContext, ConnectorPassthrough, PassthroughApi } from '../connector.js';
import type { VendorAuth } from './http.js';

export interface PassthroughApiAt extends PassthroughApi {
  /** Path below the client's base URL where this API lives (e.g. `/v3`); absent: the base itself. */
  path?: string;
}

/** What a vendor client exposes for passthrough; `checkCredentials` fails early with a clear message. */
export interface VendorEndpoint {
  readonly base: string;
  readonly auth: VendorAuth;
  checkCredentials?(): void;
}

export function passthroughVia(apis: readonly PassthroughApiAt[], open: (ctx: ConnectorContext) => VendorEndpoint, authHeaders?: readonly string[]): ConnectorPassthrough {
  return {
    apis: apis.map(({ id, label }) => ({ id, label })),
    ...(authHeaders ? { authHeaders } : {}),
    async prepare(ctx, api) {
      const endpoint = open(ctx);
      endpoint.checkCredentials?.();
      const path = apis.find((a) => a.id === api)?.path ?? '';
      return { baseUrl: `${endpoint.base}${path}`, headers: await endpoint.auth.headers(false) };
    },
  };
}
