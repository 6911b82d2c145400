import { describe, expect, it } from 'vitest';
import { chunkSizes, list, paddedSlices, tuples } from './compiled-sql.js';

describe('compiled SQL shapes', () => {
  it('splits any count into full chunks and powers of two that add up to it', () => {
    for (const total of [0, 1, 2, 3, 141, 142, 143, 500, 1999, 2000, 2001]) {
      const sizes = chunkSizes(total, 142);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
      for (const size of sizes) expect(size === 142 || Number.isInteger(Math.log2(size))).toBe(true);
    }
    expect(chunkSizes(300, 142)).toEqual([142, 142, 16]);
    expect(new Set(Array.from({ length: 2000 }, (_, n) => chunkSizes(n, 142)).flat()).size).toBeLessThanOrEqual(9);
  });

  it('pads IN lists with a repeat of their last value, to a power of two or the maximum', () => {
    const values = Array.from({ length: 1203 }, (_, i) => `id${i}`);
    const slices = [...paddedSlices(values, 500)];
    expect(slices.map((s) => s.length)).toEqual([500, 500, 256]);
    expect(new Set(slices.flat())).toEqual(new Set(values));
    expect(slices[2]?.slice(203)).toEqual(Array.from({ length: 53 }, () => 'id1202'));
    expect([...paddedSlices(['a'], 500)]).toEqual([['a']]);
    expect([...paddedSlices([], 500)]).toEqual([]);
  });

  it('writes placeholder lists and tuples with the placeholder it is given', () => {
    let n = 0;
    const numbered = () => `$${++n}`;
    expect(tuples(numbered, 2, 3)).toBe('($1, $2, $3), ($4, $5, $6)');
    expect(list(() => '?', 3)).toBe('?, ?, ?');
  });
});
