/** Listing Acme: users and tags, each paged with Acme's cursor wrapped in the connector cursor. */
import { z } from 'zod';
import { VendorError } from '../../../src/lib/errors.js';
import type { ConnectorContext, ListOptions, Page } from '../../../src/connectors/connector.js';
import { listingCursor } from '../../../src/connectors/kit/cursor.js';
import type { SourceModel, SourceRecordMap } from '../../../src/connectors/source-records.js';
import { AcmeClient } from './client.js';
import { mapTag, mapUser } from './mapping.js';
import { tagSchema, userSchema } from './vendor-schemas.js';


const cursors = listingCursor('Acme', z.object({ v: z.literal(1), model: z.string(), c: z.string() }), (c) => c.model);

async function slice<M extends SourceModel>(client: AcmeClient, model: M, cursor: string | null): Promise<{ records: SourceRecordMap[M][]; next: string | null }> {
  switch (model) {
    case 'users': {
      const page = await client.page('/users', userSchema, cursor);
      return { records: page.items.map(mapUser) as SourceRecordMap[M][], next: page.next };
    }
    case 'tags': {
      const page = await client.page('/tags', tagSchema, cursor);
      return { records: page.items.map(mapTag) as SourceRecordMap[M][], next: page.next };
    }
    default:
      throw new VendorError('REMOTE.INPUT_INVALID', `The Acme connector has no model "${String(model)}".`);
  }
}

export async function listAcme<M extends SourceModel>(ctx: ConnectorContext, model: M, options: ListOptions): Promise<Page<M>> {
  const client = new AcmeClient(ctx);
  client.checkCredentials();
  const result = await slice(client, model, options.cursor === null ? null : cursors.decode(options.cursor, model).c);
  return { records: result.records, next: result.next === null ? null : cursors.encode({ v: 1, model, c: result.next }) };
}

export async function verifyAcme(ctx: ConnectorContext): Promise<void> {
  const client = new AcmeClient(ctx);
  client.checkCredentials();
  await client.page('/users', userSchema, null, { limit: 1 });
}
