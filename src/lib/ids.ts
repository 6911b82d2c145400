import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function toBase58(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) {
    // 58 does not divide 256; rejection keeps the distribution flat.
    const byte = bytes[i % bytes.length] ?? 0;
    const mixed = (byte + Math.floor(i / bytes.length) * 131) % 256;
    if (mixed < 232) out += ALPHABET[mixed % 58];
  }
  return out;
}

/** A random id in Kombo's style (24 base58 characters). */
export function randomId(): string {
  return toBase58(randomBytes(64), 24);
}

/** A random secret token, url-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Our id for a synced record: derived from (integration, model, remote id), so re-syncing the same
 * vendor record always yields the same id and an interrupted sync can simply be run again.
 */
export function recordId(integrationId: string, model: string, remoteId: string): string {
  const digest = createHash('sha256').update(`${integrationId}\u0000${model}\u0000${remoteId}`).digest();
  return toBase58(digest, 24);
}

/** Time-ordered id for runs and logs: sortable by creation. */
export function sortableId(now: Date = new Date()): string {
  return now.getTime().toString(36).padStart(9, '0') + toBase58(randomBytes(32), 12);
}
