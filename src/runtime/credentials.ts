/**
 * Integration credentials at rest: a JSON object of strings sealed with the vault. Sealing and
 * opening live here together so the stored shape is defined once.
 *
 * @example
 * row.credentials = sealCredentials(vault, { api_key: 'k' });
 * openCredentials(vault, row.credentials); // → { api_key: 'k' }
 */
import { z } from 'zod';
import type { Vault } from '../lib/crypto.js';

const credentialsSchema = z.record(z.string(), z.string());

export function sealCredentials(vault: Vault, credentials: Readonly<Record<string, string>>): string {
  return vault.encrypt(JSON.stringify(credentials));
}

export function openCredentials(vault: Vault, sealed: string): Record<string, string> {
  return credentialsSchema.parse(JSON.parse(vault.decrypt(sealed)));
}
