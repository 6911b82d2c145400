/**
 * Workable (SPI v3): reads in `reads.ts`, writes in `writes.ts`, the mapping in `mapping.ts`.
 * See README.md for what maps to what and the decisions behind it.
 */
import type { Connector } from '../connector.js';
import { workableManifest } from './manifest.js';
import { downloadWorkable, listWorkable, verifyWorkable } from './reads.js';
import { workableWrites } from './writes.js';

export const workableConnector: Connector = {
  manifest: workableManifest,
  verify: verifyWorkable,
  list: listWorkable,
  downloadAttachment: downloadWorkable,
  writes: workableWrites,
};
