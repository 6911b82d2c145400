import { hash, randomBytes } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function toBase58(bytes: Uint8Array, length: number): string {
  const codes: number[] = [];
  for (let i = 0; codes.length < length; i++) {
    // 58 does not divide 256; rejection keeps the distribution flat.
    const byte = bytes[i % bytes.length] ?? 0;
    const mixed = (byte + Math.floor(i / bytes.length) * 131) % 256;
    if (mixed < 232) codes.push(ALPHABET_CODES[mixed % 58] ?? 0);
  }
  return String.fromCharCode(...codes);
}

const ALPHABET_CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));

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
  const scope = `${integrationId}\u0000${model}`;
  let id = recentIds.get(scope, remoteId);
  if (id === undefined) {
    id = toBase58(hash('sha256', `${scope}\u0000${remoteId}`, 'buffer'), 24);
    recentIds.set(scope, remoteId, id);
  }
  return id;
}

/**
 * Syncs derive the same ids again and again (every reference to a job or candidate), so recent
 * ones are remembered: two generations of per-scope maps. When the young generation is full it
 * becomes the old one, and ids still in use are promoted back on their next lookup, so a large
 * sync keeps its working set instead of losing everything at once.
 */
class IdMemo {
  private young = new Map<string, Map<string, string>>();
  private old = new Map<string, Map<string, string>>();
  private youngSize = 0;

  constructor(private readonly generationSize: number) {}

  get(scope: string, key: string): string | undefined {
    const hit = this.young.get(scope)?.get(key);
    if (hit !== undefined) return hit;
    const promoted = this.old.get(scope)?.get(key);
    if (promoted !== undefined) this.set(scope, key, promoted);
    return promoted;
  }

  set(scope: string, key: string, value: string): void {
    if (this.youngSize >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
      this.youngSize = 0;
    }
    let map = this.young.get(scope);
    if (!map) this.young.set(scope, (map = new Map()));
    map.set(key, value);
    this.youngSize++;
  }
}

const recentIds = new IdMemo(10_000);

/** Time-ordered id for runs and logs: sortable by creation. */
export function sortableId(now: Date = new Date()): string {
  return now.getTime().toString(36).padStart(9, '0') + toBase58(randomBytes(32), 12);
}
