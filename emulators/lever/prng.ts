/**
 * Seeded randomness for the Lever emulator. Every stream is keyed by (seed, kind, index), so a
 * record (or a record's children) can be regenerated from its index alone, in any order.
 */

function mix(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number, kind: string, index: number) {
    const base = mix((seed >>> 0) ^ 0x5bd1e995) ^ mix(Math.floor(seed / 0x1_0000_0000) >>> 0);
    this.state = mix(mix(base ^ hashText(kind)) + Math.imul(index >>> 0, 0x9e3779b1));
  }

  /** Uniform in [0, 1) (mulberry32 step). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Up to `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) {
      const [item] = pool.splice(Math.floor(this.next() * pool.length), 1);
      if (item !== undefined) out.push(item);
    }
    return out;
  }

  /** A uniform unsigned 32-bit integer. */
  uint32(): number {
    return Math.floor(this.next() * 0x1_0000_0000) >>> 0;
  }
}

const HEX = [...'0123456789abcdef'].map((ch) => ch.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
const masks = new Map<string, number>();
function mask(seed: number, kind: string): number {
  const key = `${seed}:${kind}`;
  let m = masks.get(key);
  if (m === undefined) {
    m = new Rng(seed, `mask:${kind}`, 0).uint32();
    masks.set(key, m);
  }
  return m;
}

/**
 * The deterministic UUID (version 4 shaped) of the `index`th record of `kind`. Its last 8 hex
 * digits carry the index (masked), so `uuidIndex` can map an id back to its record without a
 * lookup table: seeded records need no index in memory. Built from char codes, so the result is
 * one flat string (template literals would leave ropes that cost several times the memory).
 */
export function uuidFor(seed: number, kind: string, index: number): string {
  const rng = new Rng(seed, `uuid:${kind}`, index);
  const words = [rng.uint32(), rng.uint32(), rng.uint32(), (index ^ mask(seed, kind)) >>> 0];
  const codes: number[] = [];
  for (const word of words) for (let shift = 28; shift >= 0; shift -= 4) codes.push(HEX[(word >>> shift) & 15] ?? 48);
  codes[12] = HEX[4] ?? 52;
  codes[16] = HEX[8 + ((codes[16] ?? 0) & 3)] ?? 56;
  for (const at of [8, 13, 18, 23]) codes.splice(at, 0, DASH);
  return String.fromCharCode(...codes);
}

/** The index `uuidFor(seed, kind, index)` was made from, or null if `id` is not such an id. */
export function uuidIndex(seed: number, kind: string, id: string): number | null {
  if (id.length !== 36) return null;
  const tail = id.slice(28);
  if (!/^[0-9a-f]{8}$/.test(tail)) return null;
  const index = (parseInt(tail, 16) ^ mask(seed, kind)) >>> 0;
  return uuidFor(seed, kind, index) === id ? index : null;
}
