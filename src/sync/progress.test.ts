import { describe, expect, it } from 'vitest';
import { describeErrors, groupErrors, ProgressTracker } from './progress.js';

describe('groupErrors', () => {
  it('makes one line per distinct error, with its count and models', () => {
    const groups = groupErrors([
      { model: 'users', message: 'HTTP 500' },
      { model: 'jobs', message: 'HTTP 404' },
      { model: 'offers', message: 'HTTP 500' },
    ]);
    expect(groups).toEqual([
      { message: 'HTTP 500', count: 2, models: ['users', 'offers'] },
      { message: 'HTTP 404', count: 1, models: ['jobs'] },
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
