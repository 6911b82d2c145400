import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../test/setup/virtual-clock.js';
import { RateBudget, type Priority } from './rate-budget.js';

/** Acquires a slot and logs the start (virtual time, name); the slot is given back when `hold` resolves. */
function starter(budget: RateBudget, clock: VirtualClock, log: Array<{ name: string; at: number }>) {
  return async (name: string, priority: Priority, hold: Promise<void> = Promise.resolve(), signal?: AbortSignal) => {
    const release = await budget.acquire(priority, signal);
    log.push({ name, at: clock.now() });
    await hold;
    release();
  };
}

describe('RateBudget', () => {
  it('starts an interactive request at the next free slot, before every queued background one', async () => {
    const clock = new VirtualClock();
    const budget = new RateBudget(clock, { requestsPerSecond: 1000, concurrency: 1 });
    const log: Array<{ name: string; at: number }> = [];
    const start = starter(budget, clock, log);
    let finishFirst = () => undefined as void;
    const first = start('page-0', 'background', new Promise<void>((resolve) => (finishFirst = resolve)));
    await new Promise((resolve) => setImmediate(resolve));
    const pages = [1, 2, 3, 4, 5].map((n) => start(`page-${n}`, 'background'));
    const write = start('write', 'interactive');
    expect(budget.waiting).toEqual({ interactive: 1, background: 5 });
    finishFirst();
    await Promise.all([first, ...pages, write]);
    expect(log.map((entry) => entry.name)).toEqual(['page-0', 'write', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5']);
  });

  it('an interactive request arriving during a pacing wait takes the slot that wait was for', async () => {
    const clock = new VirtualClock();
    const budget = new RateBudget(clock, { requestsPerSecond: 2, concurrency: 4 });
    const log: Array<{ name: string; at: number }> = [];
    const start = starter(budget, clock, log);
    const t0 = clock.now();
    const pages = [0, 1, 2, 3, 4].map((n) => start(`page-${n}`, 'background'));
    // The first two have started; the pump now waits a second for the third, with three queued.
    expect(budget.waiting).toEqual({ interactive: 0, background: 3 });
    const write = start('write', 'interactive');
    await Promise.all([...pages, write]);
    expect(log.map((entry) => entry.name)).toEqual(['page-0', 'page-1', 'write', 'page-2', 'page-3', 'page-4']);
    // Never more than two starts in any second of the budget's clock (the log is written a few
    // real milliseconds after each start, which the virtual clock also counts).
    const times = log.map((entry) => entry.at - t0);
    for (let i = 2; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 2] ?? 0)).toBeGreaterThan(990);
  });

  it('a pause (a 429 of any integration on the account) holds every request until it ends', async () => {
    const clock = new VirtualClock();
    const budget = new RateBudget(clock, { requestsPerSecond: 100, concurrency: 4 });
    const log: Array<{ name: string; at: number }> = [];
    const start = starter(budget, clock, log);
    const t0 = clock.now();
    budget.pause(t0 + 30_000);
    await Promise.all([start('a', 'background'), start('b', 'interactive')]);
    expect(log.map((entry) => entry.name)).toEqual(['b', 'a']);
    for (const entry of log) expect(entry.at - t0).toBeGreaterThanOrEqual(30_000);
  });

  it('drops a waiter whose caller gives up, without holding the others', async () => {
    const clock = new VirtualClock();
    const budget = new RateBudget(clock, { requestsPerSecond: 1000, concurrency: 1 });
    const log: Array<{ name: string; at: number }> = [];
    const start = starter(budget, clock, log);
    let finishFirst = () => undefined as void;
    const first = start('first', 'background', new Promise<void>((resolve) => (finishFirst = resolve)));
    await new Promise((resolve) => setImmediate(resolve));
    const controller = new AbortController();
    const cancelled = start('cancelled', 'interactive', Promise.resolve(), controller.signal);
    const next = start('next', 'background');
    controller.abort(new Error('gone'));
    await expect(cancelled).rejects.toThrow('gone');
    expect(budget.waiting).toEqual({ interactive: 0, background: 1 });
    finishFirst();
    await Promise.all([first, next]);
    expect(log.map((entry) => entry.name)).toEqual(['first', 'next']);
  });

  it('stops waiting out a pause once every caller gave up, and honours the pause for the next one', async () => {
    const clock = new VirtualClock();
    const budget = new RateBudget(clock, { requestsPerSecond: 100, concurrency: 4 });
    const t0 = clock.now();
    budget.pause(t0 + 60_000);
    const controller = new AbortController();
    const gaveUp = budget.acquire('background', controller.signal);
    controller.abort(new Error('sync cancelled'));
    await expect(gaveUp).rejects.toThrow('sync cancelled');
    await new Promise((resolve) => setImmediate(resolve));
    // The pump's wait was cut short: the clock did not run the pause out for nobody.
    expect(clock.now() - t0).toBeLessThan(60_000);
    const release = await budget.acquire('interactive');
    expect(clock.now() - t0).toBeGreaterThanOrEqual(60_000);
    release();
  });
});
