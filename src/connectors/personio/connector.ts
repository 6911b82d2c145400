/**
 * Personio (recruiting): reads through the v2 API in `reads.ts`, the one write (create an
 * application, v1 Recruiting API) in `writes.ts`, the mapping in `mapping.ts`. See README.md for
 * what maps to what and what Personio's API cannot do.
 */
import type { Connector } from '../connector.js';
import { passthroughVia } from '../kit/passthrough.js';
import { PersonioClient } from './client.js';
import { personioManifest } from './manifest.js';
import { downloadPersonio, listPersonio, verifyPersonio } from './reads.js';
import { personioWrites } from './writes.js';

export const personioConnector: Connector = {
  manifest: personioManifest,
  passthrough: passthroughVia([{ id: 'v2', label: 'Personio API v2 (OAuth client credentials)', path: '/v2' }], (ctx) => new PersonioClient(ctx)),
  verify: verifyPersonio,
  list: listPersonio,
  downloadAttachment: downloadPersonio,
  writes: personioWrites,
};
