/**
 * Workable (SPI v3): reads in `reads.ts`, writes in `writes.ts`, the mapping in `mapping.ts`.
 * See README.md for what maps to what and the decisions behind it.
 */
import type { Connector } from '../connector.js';
import { passthroughVia } from '../kit/passthrough.js';
import { WorkableClient } from './client.js';
import { workableManifest } from './manifest.js';
import { downloadWorkable, listWorkable, verifyWorkable } from './reads.js';
import { workableWebhooks } from './webhooks.js';
import { workableWrites } from './writes.js';

export const workableConnector: Connector = {
  manifest: workableManifest,
  passthrough: passthroughVia([{ id: 'spi/v3', label: 'Workable SPI v3' }], (ctx) => new WorkableClient(ctx)),
  verify: verifyWorkable,
  list: listWorkable,
  downloadAttachment: downloadWorkable,
  writes: workableWrites,
  webhooks: workableWebhooks,
};
