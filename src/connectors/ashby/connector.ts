/**
 * Ashby (public API, RPC style): reads in `reads.ts`, writes in `writes.ts`, the mapping in `mapping.ts`.
 * See README.md for what maps to what and the decisions behind it.
 */
import type { Connector } from '../connector.js';
import { passthroughVia } from '../kit/passthrough.js';
import { AshbyClient } from './client.js';
import { ashbyManifest } from './manifest.js';
import { downloadAshby, listAshby } from './reads.js';
import { ashbyWebhooks } from './webhooks.js';
import { ashbyWrites } from './writes.js';

export const ashbyConnector: Connector = {
  manifest: ashbyManifest,
  passthrough: passthroughVia([{ id: 'v1', label: 'Ashby API (RPC style: POST /<category>.<method>)' }], (ctx) => new AshbyClient(ctx)),

  /** One candidate page: checks the key (401/403) and the Candidates read permission the sync needs most. */
  async verify(ctx) {
    await new AshbyClient(ctx).page('candidate.list', { limit: 1 });
  },

  list: listAshby,
  downloadAttachment: downloadAshby,
  writes: ashbyWrites,
  webhooks: ashbyWebhooks,
};
