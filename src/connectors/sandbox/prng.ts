/**
 * A tiny seeded PRNG for the sandbox generator.
 *
 * Every stream is keyed by (seed, kind, index), so any record can be generated
 * from its index alone without replaying the ones before it.
 */

function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit stream seed for (seed, kind, index); distinct indexes give distinct seeds. */
export function streamSeed(seed: number, kind: string, index: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 0x1_0000_0000) >>> 0;
  let h = fmix32(lo ^ 0x9e3779b9);
  h = fmix32(h ^ hi ^ 0x3c6ef372);
  h = fmix32(h ^ fnv1a(kind));
  return fmix32((h + Math.imul(index >>> 0, 0x9e3779b1)) >>> 0);
}

/** mulberry32 over a stream seed, with helpers for picking things. */
export class Rng {
  private state: number;

  constructor(seed: number, kind: string, index: number) {
    this.state = streamSeed(seed, kind, index);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Rng.pick on an empty list');
    return item;
  }

  /** Picks by relative weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new Error('Rng.weighted on an empty list');
    return last[0];
  }

  /** `count` distinct items, in random order (partial Fisher-Yates on a copy). */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const n = Math.min(count, pool.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (pool.length - i));
      const a = pool[i];
      const b = pool[j];
      if (a === undefined || b === undefined) throw new Error('Rng.sample out of range');
      pool[i] = b;
      pool[j] = a;
    }
    return pool.slice(0, n);
  }

  /** `count` distinct integers in [0, n), ascending. */
  sampleIndexes(n: number, count: number): number[] {
    const chosen = new Set<number>();
    const target = Math.min(count, n);
    while (chosen.size < target) chosen.add(Math.floor(this.next() * n));
    return [...chosen].sort((a, b) => a - b);
  }
}
