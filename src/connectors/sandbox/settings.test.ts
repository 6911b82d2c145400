import { describe, expect, it } from 'vitest';
import { VendorAuthError } from '../../lib/errors.js';
import { NO_FAULTS, injectsTransportFaults, parseSandboxFaults } from './settings.js';

describe('sandbox fault settings', () => {
  it('are all off without fault credentials', () => {
    expect(parseSandboxFaults({ size: '10', seed: '2' })).toEqual(NO_FAULTS);
    expect(injectsTransportFaults(NO_FAULTS)).toBe(false);
  });

  it('reads every setting', () => {
    const faults = parseSandboxFaults({
      fail_rate_429: '0.3',
      retry_after_seconds: '0.25',
      fail_rate_500: '.2',
      drop_rate: '0.1',
      slow_ms: ' 40 ',
      fault_models: 'offers, applications',
      churn: '1',
    });
    expect(faults).toEqual({ rate429: 0.3, retryAfterSeconds: 0.25, rate500: 0.2, dropRate: 0.1, slowMs: 40, models: ['applications', 'offers'], churn: 1 });
    expect(injectsTransportFaults(faults)).toBe(true);
    // Churn alone changes data, not transport: pages are still generated directly.
    expect(injectsTransportFaults(parseSandboxFaults({ churn: '0.2' }))).toBe(false);
    expect(injectsTransportFaults(parseSandboxFaults({ slow_ms: '5' }))).toBe(true);
    // Rates that add up to one in decimal but not quite in floating point are accepted.
    expect(parseSandboxFaults({ fail_rate_429: '0.1', fail_rate_500: '0.2', drop_rate: '0.7' }).dropRate).toBe(0.7);
  });

  it('refuses malformed values with a message naming the key', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ fail_rate_429: '1.5' }, /"fail_rate_429" must be a probability from 0 to 1.*"1\.5"/],
      [{ fail_rate_500: '-0.1' }, /"fail_rate_500" must be a probability/],
      [{ drop_rate: '1e-1' }, /"drop_rate" must be a probability/],
      [{ churn: 'lots' }, /"churn" must be a probability/],
      [{ retry_after_seconds: '3601' }, /"retry_after_seconds" must be a number of seconds from 0 to 3600/],
      [{ retry_after_seconds: 'Infinity' }, /"retry_after_seconds"/],
      [{ slow_ms: '1.5' }, /"slow_ms" must be a whole number from 0 to 60,000/],
      [{ slow_ms: '60001' }, /"slow_ms"/],
      [{ fault_models: 'candidates,people' }, /"fault_models" must list models.*unknown: "people"/],
      [{ fail_rate_429: '0.5', fail_rate_500: '0.4', drop_rate: '0.2' }, /must add up to at most 1; they add up to 1\.1/],
    ];
    for (const [credentials, message] of cases) {
      let error: unknown;
      try {
        parseSandboxFaults(credentials);
      } catch (err) {
        error = err;
      }
      expect(error, JSON.stringify(credentials)).toBeInstanceOf(VendorAuthError);
      expect(error instanceof Error ? error.message : '', JSON.stringify(credentials)).toMatch(message);
    }
  });
});
