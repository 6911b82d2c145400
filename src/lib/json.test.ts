import { describe, expect, it } from 'vitest';
import { hashOf, stableStringify } from './json.js';

/** The definition stableStringify must keep matching: stored hashes were computed with it. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries);
    }
    return v;
  });
}

function randomValue(rnd: () => number, depth: number): unknown {
  const pick = Math.floor(rnd() * (depth > 3 ? 7 : 10));
  const keys = ['b', 'a', '10', '2', 'ä', 'A', '', 'z1', '01', '-1', '4294967295', '4294967294', 'x y', '"q"'];
  switch (pick) {
    case 0: return null;
    case 1: return undefined;
    case 2: return rnd() < 0.5;
    case 3: return Math.round(rnd() * 1e6) / 100 - 5000;
    case 4: return ['text', 'ünï\u2028', '', 'a"b\\c', '\u0000'][Math.floor(rnd() * 5)];
    case 5: return [Number.NaN, Number.POSITIVE_INFINITY, -0, 1e21][Math.floor(rnd() * 4)];
    case 6: return new Date(Math.floor(rnd() * 2e12));
    case 7:
    case 8: {
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(rnd() * 6); i > 0; i--) out[keys[Math.floor(rnd() * keys.length)] as string] = randomValue(rnd, depth + 1);
      return out;
    }
    default:
      return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth + 1));
  }
}

describe('stableStringify', () => {
  it('matches the sorted-copy definition byte for byte on random nested values', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 5000; i++) {
      const value = randomValue(rnd, 0);
      expect(stableStringify(value)).toBe(reference(value));
    }
  });

  it('applies toJSON once, with its key, as JSON.stringify does', () => {
    const nested = { toJSON: (key: string) => ({ key, inner: { toJSON: () => 'inner' } }) };
    const value = { a: nested, list: [nested], self: { toJSON() { return this; } } };
    expect(stableStringify(value)).toBe(reference(value));
  });

  it('sorts keys and ignores insertion order', () => {
    expect(stableStringify({ b: 1, a: [{ d: 2, c: undefined }], 10: 'x', 2: 'y' })).toBe('{"2":"y","10":"x","a":[{"d":2}],"b":1}');
    expect(hashOf({ a: 1, b: 2 })).toBe(hashOf({ b: 2, a: 1 }));
    expect(hashOf({ a: 1 })).not.toBe(hashOf({ a: 2 }));
  });
});
