import { describe, expect, it } from 'vitest';
import { recordId } from '../lib/ids.js';
import { fingerprint, SeenIds } from './seen.js';

describe('SeenIds', () => {
  it('finds every id it was given and, in practice, none it was not', () => {
    const seen = new SeenIds();
    const listed = Array.from({ length: 50_000 }, (_, i) => recordId('int', 'candidates', String(i)));
    seen.add('candidates', listed.slice(0, 20_000));
    seen.add('candidates', listed.slice(20_000));
    for (const id of listed) if (!seen.has('candidates', id)) throw new Error(`lost ${id}`);
    const others = Array.from({ length: 50_000 }, (_, i) => recordId('int', 'candidates', `other-${i}`));
    expect(others.filter((id) => seen.has('candidates', id)).length).toBeLessThanOrEqual(1);
    // Models are kept apart, and a model never listed has seen nothing.
    expect(seen.has('jobs', listed[0] ?? '')).toBe(false);
  });

  it('keeps adding after lookups (the set re-sorts)', () => {
    const seen = new SeenIds();
    seen.add('jobs', [recordId('int', 'jobs', 'a')]);
    expect(seen.has('jobs', recordId('int', 'jobs', 'b'))).toBe(false);
    seen.add('jobs', [recordId('int', 'jobs', 'b')]);
    expect(seen.has('jobs', recordId('int', 'jobs', 'b'))).toBe(true);
    expect(seen.has('jobs', recordId('int', 'jobs', 'a'))).toBe(true);
  });

  it('turns ids into exact integers below 2^53', () => {
    expect(fingerprint('zzzzzzzzzzzz')).toBe(58 ** 9 - 1);
    expect(Number.isSafeInteger(58 ** 9 - 1)).toBe(true);
    expect(fingerprint('111111111')).toBe(0);
    expect(fingerprint('3uDymo5nUCzoxTvf6BbXSLD3')).not.toBe(fingerprint('3uDymo5nVCzoxTvf6BbXSLD3'));
    // Only the first nine characters count.
    expect(fingerprint('3uDymo5nUCzoxTvf6BbXSLD3')).toBe(fingerprint('3uDymo5nUDzoxTvf6BbXSLD3'));
  });
});
