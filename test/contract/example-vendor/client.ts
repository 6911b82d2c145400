/** HTTP towards Acme's API v1: Bearer key, pages with `{data, next_cursor}`. */
import { z } from 'zod';
import { VendorAuthError } from '../../../src/lib/errors.js';
import type { ConnectorContext } from '../../../src/connectors/connector.js';
import { fixedAuth, sendToVendor, type VendorAuth } from '../../../src/connectors/kit/http.js';
import { collectPages, urlWithQuery, type PageOf, type Query } from '../../../src/connectors/kit/paging.js';
import { readJson, vendorParser } from '../../../src/connectors/kit/parse.js';

export const ACME = 'Acme';
export const DEFAULT_BASE_URL = 'https://api.acme.example/v1';
export const parseWith = vendorParser(ACME);

const pageSchema = z.object({ data: z.array(z.unknown()), next_cursor: z.string().nullable() });

export class AcmeClient {
  readonly base: string;
  readonly auth: VendorAuth;

  constructor(readonly ctx: ConnectorContext) {
    this.base = (ctx.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.auth = fixedAuth(() => ({ Authorization: `Bearer ${ctx.credentials['api_key']?.trim() ?? ''}` }));
  }

  checkCredentials(): void {
    if (!this.ctx.credentials['api_key']?.trim()) throw new VendorAuthError('Acme needs an API key (api_key).');
  }

  /** One page of a list from a cursor (null: the first page). */
  async page<S extends z.ZodType>(path: string, schema: S, cursor: string | null, query: Query = {}): Promise<PageOf<z.infer<S>, string>> {
    const what = `GET ${path}`;
    const res = await sendToVendor(this.ctx, { vendor: ACME, auth: this.auth }, { method: 'GET', url: urlWithQuery(this.base, path, { limit: 10, ...query, cursor }) });
    const body = parseWith(pageSchema, await readJson(res, ACME, what), what);
    return { items: body.data.map((item, i) => parseWith(schema, item, `${what} (item ${i})`)), next: body.next_cursor };
  }

  all<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>[]> {
    return collectPages((cursor: string | null) => this.page(path, schema, cursor), { vendor: ACME, what: `GET ${path}` });
  }
}
