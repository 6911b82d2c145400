import { hash, randomBytes } from 'node:crypto';

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
  const key = `${integrationId}\u0000${model}\u0000${remoteId}`;
  let id = recentIds.get(key);
  if (id === undefined) {
    id = toBase58(hash('sha256', key, 'buffer'), 24);
    // Syncs derive the same ids again and again (every reference to a job or candidate): a
    // bounded memo saves most of the hashing. Cleared wholesale when full, which is cheap.
    if (recentIds.size >= RECENT_IDS_MAX) recentIds.clear();
    recentIds.set(key, id);
  }
  return id;
}

const RECENT_IDS_MAX = 20_000;
const recentIds = new Map<string, string>();

/** Time-ordered id for runs and logs: sortable by creation. */
export function sortableId(now: Date = new Date()): string {
  return now.getTime().toString(36).padStart(9, '0') + toBase58(randomBytes(32), 12);
}
