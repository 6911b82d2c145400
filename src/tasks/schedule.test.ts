import { describe, expect, it } from 'vitest';
import { dueSync, firstSyncRetryAt } from './schedule.js';

const H = 3_600_000;
const base = { fullIntervalMs: 24 * H, deltaIntervalMs: 0.25 * H };

describe('dueSync', () => {
  it('starts with a full sync', () => {
    expect(dueSync({ ...base, now: 0, lastFullAt: null, lastRunAt: null })).toBe('FULL');
  });
  it('runs deltas between full syncs and nothing when recent', () => {
    expect(dueSync({ ...base, now: 10 * 60_000, lastFullAt: 0, lastRunAt: 0 })).toBeNull();
    expect(dueSync({ ...base, now: 15 * 60_000, lastFullAt: 0, lastRunAt: 0 })).toBe('DELTA');
    expect(dueSync({ ...base, now: 20 * 60_000, lastFullAt: 0, lastRunAt: 15 * 60_000 })).toBeNull();
  });
  it('runs a full sync once the full interval has passed, even with recent deltas', () => {
    expect(dueSync({ ...base, now: 24 * H, lastFullAt: 0, lastRunAt: 24 * H - 60_000 })).toBe('FULL');
  });
});

describe('firstSyncRetryAt', () => {
  const timing = { firstRetryMs: 30_000, deltaIntervalMs: 15 * 60_000 };
  it('waits 30 s, 1, 2, 4 minutes… after each failure, capped at the delta interval', () => {
    const waits = [1, 2, 3, 4, 5, 6].map((failures) => firstSyncRetryAt({ ...timing, failures, lastEndedAt: 1_000 }) - 1_000);
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000]);
  });
});
