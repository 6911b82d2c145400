/** Acme: the wiring only (see `src/connectors/README.md`, "Adding a vendor"). */
import type { Connector } from '../../../src/connectors/connector.js';
import { passthroughVia } from '../../../src/connectors/kit/passthrough.js';
import { VendorError } from '../../../src/lib/errors.js';
import { AcmeClient } from './client.js';
import { acmeManifest } from './manifest.js';
import { listAcme, verifyAcme } from './reads.js';

export const acmeConnector: Connector = {
  manifest: acmeManifest,
  passthrough: passthroughVia([{ id: 'v1', label: 'Acme API v1' }], (ctx) => new AcmeClient(ctx)),
  verify: verifyAcme,
  list: listAcme,
  downloadAttachment: () => Promise.reject(new VendorError('REMOTE.INPUT_INVALID', 'Acme has no attachments.')),
};
