import { describe, expect, it } from 'vitest';
import { AppError, VendorAuthError, VendorError } from '../../lib/errors.js';
import { REFRESH_RETRY_DELAYS_MS, refreshRetryDelay } from './retry-policy.js';

describe('refreshRetryDelay', () => {
  const outage = new VendorError('REMOTE.SERVICE_UNAVAILABLE', 'down', { vendorStatus: 503 });

  it('pauses longer after each failure, then gives up', () => {
    const delays = REFRESH_RETRY_DELAYS_MS.map((_, failed) => refreshRetryDelay(outage, failed));
    expect(delays).toEqual([...REFRESH_RETRY_DELAYS_MS]);
    expect(delays.every((d, i) => i === 0 || (d ?? 0) > (delays[i - 1] ?? 0))).toBe(true);
    expect(refreshRetryDelay(outage, REFRESH_RETRY_DELAYS_MS.length)).toBeNull();
  });

  it("waits at least the vendor's Retry-After; a network failure is retried like an outage", () => {
    expect(refreshRetryDelay(new VendorError('REMOTE.RATE_LIMIT_EXCEEDED', '429', { retryAfterSeconds: 90 }), 0)).toBe(90_000);
    expect(refreshRetryDelay(new VendorError('REMOTE.RATE_LIMIT_EXCEEDED', '429', { retryAfterSeconds: 1 }), 2)).toBe(REFRESH_RETRY_DELAYS_MS[2]);
    expect(refreshRetryDelay(new TypeError('fetch failed'), 0)).toBe(REFRESH_RETRY_DELAYS_MS[0]);
  });

  it('gives up at once on what waiting does not mend: refused credentials or permissions, a rejected request', () => {
    expect(refreshRetryDelay(new VendorAuthError('401'), 0)).toBeNull();
    expect(refreshRetryDelay(new AppError('INTEGRATION.PERMISSION_MISSING', '403'), 0)).toBeNull();
    expect(refreshRetryDelay(new VendorError('REMOTE.INPUT_INVALID', '400', { vendorStatus: 400 }), 0)).toBeNull();
  });
});
