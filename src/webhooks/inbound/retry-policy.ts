/**
 * When a failed targeted refresh is tried again. A vendor that is down or throttling gets a
 * growing pause (at least what its `Retry-After` asked for); credentials the vendor refuses or a
 * request it rejects will not get better by waiting, and after the last pause neither will the
 * rest: those refs are dropped and a delta sync catches up (it also reports the credentials).
 */
import { AppError, VendorAuthError } from '../../lib/errors.js';

/** Pauses before attempt 2, 3, …: about 34 minutes in all, past the default delta interval. */
export const REFRESH_RETRY_DELAYS_MS: readonly number[] = [5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000];

function isPermanent(err: unknown): boolean {
  if (err instanceof VendorAuthError) return true;
  if (!(err instanceof AppError)) return false;
  return err.code.startsWith('INTEGRATION.') || err.code === 'REMOTE.INPUT_INVALID';
}

/** The wait before the next attempt of refs that have failed `failedBefore` times and now failed with `err`; null: give up. */
export function refreshRetryDelay(err: unknown, failedBefore: number, delays: readonly number[] = REFRESH_RETRY_DELAYS_MS): number | null {
  if (isPermanent(err)) return null;
  const delay = delays[failedBefore];
  if (delay === undefined) return null;
  const asked = err instanceof AppError && err.retryAfterSeconds !== undefined ? err.retryAfterSeconds * 1000 : 0;
  return Math.max(delay, asked);
}
