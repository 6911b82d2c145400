/**
 * The pending first sync of an integration: whether it is retried soon, when, and why setup is
 * still pending, for the scheduler and for the integration's details (API and dashboard).
 */
import type { Kysely } from 'kysely';
import type { Database, IntegrationRow } from '../storage/database.js';
import { firstSyncAttempts } from '../storage/repositories/sync-runs.repository.js';
import { firstSyncRetryAt, RETRIED_FIRST_SYNC_STATES } from './schedule.js';

export interface FirstSyncRetry {
  /** When the next attempt is due (epoch ms); null when none is scheduled by this rule. */
  retryAt: number | null;
  failures: number;
  /** A sentence for operators: why reads still answer SETUP_SYNC_PENDING. */
  reason: string;
}

export interface RetryTimings {
  firstRetryMs: number;
  deltaIntervalMs: number;
}

/** Null when setup is not waiting for its first sync (completed, or the connect flow is unfinished). */
export async function firstSyncRetry(
  db: Kysely<Database>,
  integration: Pick<IntegrationRow, 'id' | 'setup_status' | 'status'>,
  timings: RetryTimings,
): Promise<FirstSyncRetry | null> {
  if (integration.setup_status !== 'FINAL_SYNC_PENDING') return null;
  const { failures, last } = await firstSyncAttempts(db, integration.id);
  if (!last) return { retryAt: null, failures, reason: 'The first sync has not finished yet; data is served once it succeeds.' };
  if (integration.status !== 'ACTIVE') {
    return { retryAt: null, failures, reason: `The first sync ended ${last.state} and the integration is ${integration.status}: no sync runs until it is active again.` };
  }
  if (!RETRIED_FIRST_SYNC_STATES.has(last.state) || !last.ended_at) {
    return { retryAt: null, failures, reason: `The first sync ended ${last.state}; the next scheduled sync tries again.` };
  }
  const retryAt = firstSyncRetryAt({ failures, lastEndedAt: Date.parse(last.ended_at), ...timings });
  const what = last.state === 'PARTIALLY_FAILED' ? 'partially failed (some models could not be read)' : 'failed';
  const attempts = failures === 1 ? '1 failed attempt' : `${failures} failed attempts`;
  return {
    retryAt,
    failures,
    reason: `The first sync ${what}: ${firstLine(last.error)}. Reads answer SETUP_SYNC_PENDING until a sync succeeds; retried at ${new Date(retryAt).toISOString()} (${attempts} so far).`,
  };
}

function firstLine(error: string | null): string {
  if (!error) return 'no error recorded';
  const line = error.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
