/**
 * Records vendor webhooks named that are not refreshed yet (`pending_refreshes`, migration 0014):
 * added when a delivery is accepted, claimed by one process at a time, removed once stored,
 * pushed back after a failure. Times are ISO strings of the caller's clock.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, PendingRefreshRow } from '../database.js';

export interface PendingRef {
  model: string;
  remote_id: string;
}

/**
 * Adds the refs (unique per model and remote id) due at `now`. A ref already pending collapses
 * into its row: it is marked redelivered (a refresh under way keeps it for another one) and made
 * due now, unless it waits after a failure (the vendor asked us to, or is down).
 */
export async function addPendingRefreshes(db: Kysely<Database>, integrationId: string, refs: readonly PendingRef[], now: string): Promise<void> {
  if (refs.length === 0) return;
  await db
    .insertInto('pending_refreshes')
    .values(
      refs.map((ref) => ({
        integration_id: integrationId,
        model: ref.model,
        remote_id: ref.remote_id,
        first_seen: now,
        attempts: 0,
        next_attempt_at: now,
        last_error: null,
        redelivered: 0,
        after_sync: 0,
        claimed_by: null,
        claimed_until: null,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['integration_id', 'model', 'remote_id']).doUpdateSet({
        redelivered: 1,
        after_sync: 0,
        next_attempt_at: sql<string>`case when ${sql.ref('pending_refreshes.attempts')} > 0 then ${sql.ref('pending_refreshes.next_attempt_at')} else ${sql.ref('excluded.next_attempt_at')} end`,
      }),
    )
    .execute();
}

export interface ClaimOptions {
  now: string;
  /** Written into the claimed rows; every later call about this claim names it. */
  token: string;
  leaseUntil: string;
  /** Whether rows waiting for a sync to end may be taken (no sync runs now). */
  includeAfterSync: boolean;
}

/**
 * Takes the integration's rows that are due and not claimed (or whose lease ran out) in one
 * conditional UPDATE: on PostgreSQL a concurrent claim waits for the row and re-checks the
 * condition, so every row goes to one claimer.
 */
export async function claimDueRefreshes(db: Kysely<Database>, integrationId: string, options: ClaimOptions): Promise<PendingRefreshRow[]> {
  return db
    .updateTable('pending_refreshes')
    .set({ claimed_by: options.token, claimed_until: options.leaseUntil, redelivered: 0 })
    .where('integration_id', '=', integrationId)
    .where('next_attempt_at', '<=', options.now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', options.now)]))
    .$if(!options.includeAfterSync, (qb) => qb.where('after_sync', '=', 0))
    .returningAll()
    .execute();
}

/** The claim's rows are stored: removed, except those named again meanwhile. */
export async function completeClaim(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('pending_refreshes').where('claimed_by', '=', token).where('redelivered', '=', 0).execute();
}

/** The claim's rows are stored while a sync runs: kept, to be read once more after it. */
export async function deferClaimUntilSyncEnds(db: Kysely<Database>, token: string, nextAt: string): Promise<void> {
  await db
    .updateTable('pending_refreshes')
    .set({ after_sync: 1, attempts: 0, last_error: null, next_attempt_at: nextAt, claimed_by: null, claimed_until: null })
    .where('claimed_by', '=', token)
    .where('redelivered', '=', 0)
    .execute();
}

/** Lets go of what is left of a claim (rows named again meanwhile); returns how many are due again. */
export async function releaseClaim(db: Kysely<Database>, token: string): Promise<number> {
  const result = await db.updateTable('pending_refreshes').set({ claimed_by: null, claimed_until: null }).where('claimed_by', '=', token).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A failed refresh: the claim's rows that had failed `attempts` times wait until `nextAt`. */
export async function postponeClaim(db: Kysely<Database>, token: string, attempts: number, nextAt: string, error: string): Promise<void> {
  await db
    .updateTable('pending_refreshes')
    .set({ attempts: attempts + 1, next_attempt_at: nextAt, last_error: error, redelivered: 0, claimed_by: null, claimed_until: null })
    .where('claimed_by', '=', token)
    .where('attempts', '=', attempts)
    .execute();
}

/** Gives up on the claim's rows that had failed `attempts` times (the caller catches up otherwise). */
export async function dropClaim(db: Kysely<Database>, token: string, attempts: number): Promise<void> {
  await db.deleteFrom('pending_refreshes').where('claimed_by', '=', token).where('attempts', '=', attempts).execute();
}

/** The vendor answers again: rows waiting after a failure are due now; returns how many. */
export async function retryWaitingNow(db: Kysely<Database>, integrationId: string, now: string): Promise<number> {
  const result = await db
    .updateTable('pending_refreshes')
    .set({ next_attempt_at: now })
    .where('integration_id', '=', integrationId)
    .where('attempts', '>', 0)
    .where('next_attempt_at', '>', now)
    .where('claimed_by', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** When the integration's rows can next be taken: what a process waits for before trying again. */
export function pendingTimesOf(db: Kysely<Database>, integrationId: string): Promise<Array<Pick<PendingRefreshRow, 'next_attempt_at' | 'claimed_until' | 'after_sync'>>> {
  return db.selectFrom('pending_refreshes').select(['next_attempt_at', 'claimed_until', 'after_sync']).where('integration_id', '=', integrationId).execute();
}

/**
 * Integrations with rows due at or before `before`, and the earliest of them (start, sweep);
 * with `unclaimedAt`, only rows no process holds at that time.
 */
export function integrationsWithDueRefreshes(db: Kysely<Database>, before: string, unclaimedAt?: string): Promise<Array<{ integration_id: string; due: string }>> {
  return db
    .selectFrom('pending_refreshes')
    .select((eb) => ['integration_id', eb.fn.min('next_attempt_at').as('due')])
    .where('next_attempt_at', '<=', before)
    .$if(unclaimedAt !== undefined, (qb) => qb.where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', unclaimedAt ?? '')])))
    .groupBy('integration_id')
    .execute();
}

export async function deletePendingRefreshes(db: Kysely<Database>, integrationId: string): Promise<void> {
  await db.deleteFrom('pending_refreshes').where('integration_id', '=', integrationId).execute();
}
