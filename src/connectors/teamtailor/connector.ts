/**
 * Teamtailor (public API v1, JSON:API): reads in `reads.ts`, writes in `writes.ts`, the mapping
 * in `mapping.ts`, company webhooks in `webhooks.ts`. See README.md for what maps to what and the decisions behind it.
 */
import type { Connector } from '../connector.js';
import { passthroughVia } from '../kit/passthrough.js';
import { TeamtailorClient } from './client.js';
import { teamtailorManifest } from './manifest.js';
import { downloadTeamtailor, listTeamtailor, verifyTeamtailor } from './reads.js';
import { teamtailorWebhooks } from './webhooks.js';
import { teamtailorWrites } from './writes.js';

export const teamtailorConnector: Connector = {
  manifest: teamtailorManifest,
  passthrough: passthroughVia([{ id: 'v1', label: 'Teamtailor API v1' }], (ctx) => new TeamtailorClient(ctx)),
  verify: verifyTeamtailor,
  list: listTeamtailor,
  downloadAttachment: downloadTeamtailor,
  writes: teamtailorWrites,
  webhooks: teamtailorWebhooks,
};
