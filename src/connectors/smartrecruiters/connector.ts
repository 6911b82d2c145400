/**
 * SmartRecruiters (customer API): reads in `reads.ts`, writes in `writes.ts`, the mapping in
 * `mapping.ts`. See README.md for what maps to what and the decisions behind it.
 */
import type { Connector } from '../connector.js';
import { passthroughVia } from '../kit/passthrough.js';
import { SmartRecruitersClient } from './client.js';
import { smartRecruitersManifest } from './manifest.js';
import { downloadSmartRecruiters, listSmartRecruiters, verifySmartRecruiters } from './reads.js';
import { smartRecruitersWebhooks } from './webhooks.js';
import { smartRecruitersWrites } from './writes.js';

export const smartRecruitersConnector: Connector = {
  manifest: smartRecruitersManifest,
  passthrough: passthroughVia([{ id: 'v1', label: 'SmartRecruiters customer API' }], (ctx) => new SmartRecruitersClient(ctx), ['x-smarttoken']),
  verify: verifySmartRecruiters,
  list: listSmartRecruiters,
  downloadAttachment: downloadSmartRecruiters,
  writes: smartRecruitersWrites,
  webhooks: smartRecruitersWebhooks,
};
