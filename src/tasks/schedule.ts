/**
 * Which sync an integration is due for. Pure, so the rules are tested without clocks or
 * databases: a full sync every `fullIntervalMs`, in between a delta every `deltaIntervalMs`
 * (the engine runs a full one where the connector cannot read incrementally). Failed runs count
 * as attempts, so a broken vendor is not hammered faster than the delta interval.
 */
export interface ScheduleInput {
  now: number;
  /** created_at of the latest FULL run of any outcome, or null. */
  lastFullAt: number | null;
  /** created_at of the latest run of any type and outcome, or null. */
  lastRunAt: number | null;
  fullIntervalMs: number;
  deltaIntervalMs: number;
}

export function dueSync(input: ScheduleInput): 'FULL' | 'DELTA' | null {
  if (input.lastFullAt === null || input.now - input.lastFullAt >= input.fullIntervalMs) return 'FULL';
  if (input.lastRunAt === null || input.now - input.lastRunAt >= input.deltaIntervalMs) return 'DELTA';
  return null;
}

/** Run states after which a first sync is retried soon (records may be stored, but setup is not done). */
export const RETRIED_FIRST_SYNC_STATES: ReadonlySet<string> = new Set(['FAILED', 'PARTIALLY_FAILED']);

export interface FirstSyncRetryInput {
  /** Failed or partially failed runs so far while setup is pending (at least 1). */
  failures: number;
  /** ended_at of the latest of them. */
  lastEndedAt: number;
  firstRetryMs: number;
  deltaIntervalMs: number;
}

/**
 * When a first sync that did not succeed is tried again. Reads answer SETUP_SYNC_PENDING until
 * one succeeds, so waiting for the regular delta interval would leave a new customer without
 * data for that long; the wait doubles per failure so a broken vendor is not hammered, and never
 * exceeds the delta interval (the regular schedule would run it by then anyway).
 */
export function firstSyncRetryAt(input: FirstSyncRetryInput): number {
  const exponent = Math.min(Math.max(input.failures, 1) - 1, 30);
  const wait = Math.min(input.firstRetryMs * 2 ** exponent, input.deltaIntervalMs);
  return input.lastEndedAt + wait;
}
