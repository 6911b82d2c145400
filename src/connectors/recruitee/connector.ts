/**
 * Recruitee (ATS API, `/c/{company_id}`): reads in `reads.ts`, writes in `writes.ts`, the mapping in
 * `mapping.ts`. See README.md for what maps to what and the decisions behind it.
 */
import type { Connector } from '../connector.js';
import { passthroughVia } from '../kit/passthrough.js';
import { RecruiteeClient } from './client.js';
import { recruiteeManifest } from './manifest.js';
import { downloadRecruitee, listRecruitee, verifyRecruitee } from './reads.js';
import { recruiteeWrites } from './writes.js';

export const recruiteeConnector: Connector = {
  manifest: recruiteeManifest,
  passthrough: passthroughVia([{ id: 'ats', label: 'Recruitee ATS API (/c/{company_id})' }], (ctx) => new RecruiteeClient(ctx)),
  verify: verifyRecruitee,
  list: listRecruitee,
  downloadAttachment: downloadRecruitee,
  writes: recruiteeWrites,
};
