import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../test/setup/virtual-clock.js';
import { Coalescer } from './coalescer.js';

describe('Coalescer', () => {
  it('flushes a burst once per key after the window, with every item', async () => {
    const clock = new VirtualClock();
    const flushed: Array<[string, string[], number]> = [];
    const start = clock.now();
    const c = new Coalescer<string>(clock, 500, async (key, items) => {
      flushed.push([key, items, clock.now() - start]);
    });
    c.add('a', ['1']);
    c.add('a', ['2', '3']);
    c.add('b', ['x']);
    await c.settle();
    expect(flushed.map(([k, items]) => [k, items])).toEqual([
      ['a', ['1', '2', '3']],
      ['b', ['x']],
    ]);
    expect(flushed.every(([, , at]) => at >= 500)).toBe(true);
  });

  it('never overlaps two flushes of a key; items during a flush go to the next one', async () => {
    const clock = new VirtualClock();
    const batches: string[][] = [];
    let active = 0;
    let maxActive = 0;
    let c: Coalescer<string> | undefined = undefined;
    c = new Coalescer<string>(clock, 100, async (_key, items) => {
      active++;
      maxActive = Math.max(maxActive, active);
      if (items.includes('first')) c?.add('k', ['during']);
      await clock.sleep(1_000);
      batches.push(items);
      active--;
    });
    c.add('k', ['first']);
    await c.settle();
    expect(batches).toEqual([['first'], ['during']]);
    expect(maxActive).toBe(1);
  });
});
