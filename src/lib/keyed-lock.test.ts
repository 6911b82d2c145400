import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyed-lock.js';

describe('KeyedLock', () => {
  it('runs tasks of one key in order, one at a time, even after a failure', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const task = (name: string, fail = false) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setImmediate(resolve));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([lock.run('a', task('1', true)), lock.run('a', task('2')), lock.run('b', task('3'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('start 2')).toBeGreaterThan(log.indexOf('end 1'));
    // Another key does not wait.
    expect(log.indexOf('start 3')).toBeLessThan(log.indexOf('end 1'));
  });
});
