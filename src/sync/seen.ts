/**
 * The records a full listing saw, per model, so that the ones it did not see can be marked
 * deleted without first writing a "seen by this run" mark into every unchanged row (which, for a
 * large integration, rewrote the whole records table at every daily full sync).
 *
 * Each id is kept as a number made of its first nine base58 characters (58^9 < 2^53): 8 bytes
 * per record, 4 MB for half a million. Ids are uniformly random, so two ids share a fingerprint
 * with a chance of about 1 in 10^5 for half a million records; the record concerned is then
 * taken as seen, which can only delay a deletion, never invent one.
 */
import { BASE58_ALPHABET } from '../lib/ids.js';

const FINGERPRINT_CHARS = 9;
const DIGIT = new Map(Array.from(BASE58_ALPHABET, (c, i) => [c.charCodeAt(0), i]));

export function fingerprint(id: string): number {
  let value = 0;
  for (let i = 0; i < FINGERPRINT_CHARS; i++) {
    // Characters outside the alphabet (ids from elsewhere) still map to a stable digit.
    value = value * 58 + (DIGIT.get(id.charCodeAt(i)) ?? id.charCodeAt(i) % 58);
  }
  return value;
}

class FingerprintSet {
  private values = new Float64Array(1024);
  private size = 0;
  private sorted = true;

  add(id: string): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = fingerprint(id);
    this.sorted = false;
  }

  has(id: string): boolean {
    if (!this.sorted) {
      this.values.subarray(0, this.size).sort();
      this.sorted = true;
    }
    const target = fingerprint(id);
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = this.values[mid] as number;
      if (value === target) return true;
      if (value < target) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

export class SeenIds {
  private readonly byModel = new Map<string, FingerprintSet>();

  add(model: string, ids: Iterable<string>): void {
    let set = this.byModel.get(model);
    if (!set) this.byModel.set(model, (set = new FingerprintSet()));
    for (const id of ids) set.add(id);
  }

  has(model: string, id: string): boolean {
    return this.byModel.get(model)?.has(id) ?? false;
  }
}
