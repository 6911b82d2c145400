import { describe, expect, it } from 'vitest';
import { describeErrors, groupErrors, ProgressTracker } from './progress.js';

describe('groupErrors', () => {
  it('makes one line per distinct error, with its count and models', () => {
    const groups = groupErrors([
      { model: 'users', message: 'HTTP 500', code: 'REMOTE.SERVICE_UNAVAILABLE', at: '2026-01-01T00:00:01.000Z' },
      { model: 'jobs', message: 'HTTP 404', code: null, at: '2026-01-01T00:00:02.000Z' },
      { model: 'offers', message: 'HTTP 500', code: 'REMOTE.SERVICE_UNAVAILABLE', at: '2026-01-01T00:00:03.000Z' },
    ]);
    // Each group keeps the code and the time of its first occurrence.
    expect(groups).toEqual([
      { message: 'HTTP 500', count: 2, models: ['users', 'offers'], code: 'REMOTE.SERVICE_UNAVAILABLE', first_at: '2026-01-01T00:00:01.000Z' },
      { message: 'HTTP 404', count: 1, models: ['jobs'], code: null, first_at: '2026-01-01T00:00:02.000Z' },
    ]);
    expect(describeErrors(groups)).toBe('users, offers: HTTP 500; jobs: HTTP 404');
  });
});

describe('ProgressTracker', () => {
  it('saves pages at most once per interval, and every model end at once', async () => {
    let clock = 0;
    const saved: Array<{ models: Record<string, { records: number; pages: number }>; retries: number; rate_limit_waits: number }> = [];
    const tracker = new ProgressTracker((json) => Promise.resolve(void saved.push(JSON.parse(json) as (typeof saved)[number])), 1_000, () => clock);
    await tracker.page('users', 100);
    await tracker.page('users', 100);
    clock = 999;
    await tracker.page('users', 50);
    expect(saved.map((s) => s.models['users']?.records)).toEqual([100]);
    clock = 1_000;
    tracker.retried(true);
    tracker.retried(false);
    await tracker.page('users', 10);
    expect(saved.at(-1)).toMatchObject({ models: { users: { records: 260, pages: 4 } }, retries: 2, rate_limit_waits: 1 });
    await tracker.ended('users', 'DONE');
    expect(saved).toHaveLength(3);
    expect(tracker.snapshot().models['users']?.state).toBe('DONE');
  });
});
