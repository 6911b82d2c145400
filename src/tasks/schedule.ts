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
