/**
 * Lever (Data API v1): reads in `reads.ts`, writes in `writes.ts`, the mapping in `mapping.ts`.
 * See README.md for what maps to what and the decisions behind it.
 */
import type { Connector } from '../connector.js';
import { passthroughVia } from '../kit/passthrough.js';
import { LeverClient } from './client.js';
import { leverManifest } from './manifest.js';
import { downloadLever, listDeletedLever, listLever } from './reads.js';
import { opportunitySchema } from './vendor-schemas.js';
import { leverWebhooks } from './webhooks.js';
import { leverWrites } from './writes.js';

export const leverConnector: Connector = {
  manifest: leverManifest,

  passthrough: passthroughVia([{ id: 'v1', label: 'Lever API v1' }], (ctx) => new LeverClient(ctx)),

  /** One opportunity read: checks the credentials and the scope the sync needs most. */
  async verify(ctx) {
    const client = new LeverClient(ctx);
    client.checkCredentials();
    await client.page('/opportunities', {}, null, opportunitySchema, { limit: 1 });
  },

  list: listLever,
  listDeleted: listDeletedLever,
  downloadAttachment: downloadLever,
  writes: leverWrites,
  webhooks: leverWebhooks,
};
