/**
 * Greenhouse (Harvest API v3): reads in `reads.ts`, writes in `writes.ts`, the mapping in `mapping.ts`.
 * See README.md for what maps to what and the decisions behind it.
 */
import type { Connector } from '../connector.js';
import { passthroughVia } from '../kit/passthrough.js';
import { HarvestClient } from './client.js';
import { greenhouseManifest } from './manifest.js';
import { downloadGreenhouse, listGreenhouse, verifyGreenhouse } from './reads.js';
import { greenhouseWebhooks } from './webhooks.js';
import { createGreenhouseWrites } from './writes.js';

export const greenhouseConnector: Connector = {
  manifest: greenhouseManifest,
  passthrough: passthroughVia([{ id: 'harvest/v3', label: 'Harvest API v3', path: '/v3' }], (ctx) => new HarvestClient(ctx)),
  verify: verifyGreenhouse,
  list: listGreenhouse,
  downloadAttachment: downloadGreenhouse,
  writes: createGreenhouseWrites(),
  webhooks: greenhouseWebhooks,
};
