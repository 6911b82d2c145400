import { hash, randomBytes } from 'node:crypto';

/** Base58 digits, as in Kombo's ids. */
export const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const ALPHABET = BASE58_ALPHABET;

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
  let id = recentIds.get(integrationId, model, remoteId);
  if (id === undefined) {
    id = toBase58(hash('sha256', `${integrationId}\u0000${model}\u0000${remoteId}`, 'buffer'), 24);
    recentIds.set(integrationId, model, remoteId, id);
  }
  return id;
}

type Generation = Map<string, Map<string, Map<string, string>>>;

/**
 * Syncs derive the same ids again and again (every reference to a job or candidate), so recent
 * ones are remembered: two generations of maps by integration, model and remote id (nested, so a
 * lookup builds no key string). When the young generation is full it becomes the old one, and ids
 * still in use are promoted back on their next lookup, so a large sync keeps its working set
 * instead of losing everything at once.
 */
class IdMemo {
  private young: Generation = new Map();
  private old: Generation = new Map();
  private youngSize = 0;

  constructor(private readonly generationSize: number) {}

  get(integrationId: string, model: string, remoteId: string): string | undefined {
    const hit = this.young.get(integrationId)?.get(model)?.get(remoteId);
    if (hit !== undefined) return hit;
    const promoted = this.old.get(integrationId)?.get(model)?.get(remoteId);
    if (promoted !== undefined) this.set(integrationId, model, remoteId, promoted);
    return promoted;
  }

  set(integrationId: string, model: string, remoteId: string, id: string): void {
    if (this.youngSize >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
      this.youngSize = 0;
    }
    let models = this.young.get(integrationId);
    if (!models) this.young.set(integrationId, (models = new Map()));
    let ids = models.get(model);
    if (!ids) models.set(model, (ids = new Map()));
    ids.set(remoteId, id);
    this.youngSize++;
  }
}

const recentIds = new IdMemo(10_000);

/** Time-ordered id for runs and logs: sortable by creation. */
export function sortableId(now: Date = new Date()): string {
  return now.getTime().toString(36).padStart(9, '0') + toBase58(randomBytes(32), 12);
}
