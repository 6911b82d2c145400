/**
 * What `/ready` checks: the database answers and has every migration this code expects; on
 * PostgreSQL (separate workers) also whether running syncs still get heartbeats. No tenant data.
 */
import { sql } from 'kysely';
import { maskSecrets } from '../../lib/redact.js';
import type { Db } from '../../storage/db.js';
import { pendingMigrations } from '../../storage/migrate.js';

export interface Readiness {
  ready: boolean;
  checks: {
    database: { ok: boolean; dialect: Db['dialect']; error?: string };
    migrations: { ok: boolean; pending: string[] };
    /**
     * PostgreSQL only, informational: syncs RUNNING now and those whose worker sent no heartbeat
     * within SYNC_STALE_AFTER. Stale runs do not make the API unready (the reaper re-queues them).
     */
    workers?: { running_syncs: number; stale_syncs: number };
  };
}

/** The first line of an error, secrets masked; readiness answers stay short and safe to expose. */
function shortReason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return maskSecrets(text.split('\n')[0] ?? '').slice(0, 200) || 'unknown error';
}

export async function checkReadiness(db: Db, staleAfterMs: number, now = new Date()): Promise<Readiness> {
  try {
    await sql`select 1`.execute(db.kysely);
  } catch (err) {
    return {
      ready: false,
      checks: { database: { ok: false, dialect: db.dialect, error: shortReason(err) }, migrations: { ok: false, pending: [] } },
    };
  }
  const database = { ok: true, dialect: db.dialect };
  let pending: string[];
  try {
    pending = await pendingMigrations(db);
  } catch (err) {
    return { ready: false, checks: { database: { ...database, ok: false, error: shortReason(err) }, migrations: { ok: false, pending: [] } } };
  }
  const checks: Readiness['checks'] = { database, migrations: { ok: pending.length === 0, pending } };
  if (db.dialect === 'postgres') {
    const staleBefore = new Date(now.getTime() - staleAfterMs).toISOString();
    const row = await db.kysely
      .selectFrom('sync_runs')
      .select((eb) => [
        eb.fn.countAll<string | number>().as('running'),
        eb.fn
          .count<string | number>('id')
          .filterWhere((w) => w.or([w('heartbeat_at', 'is', null), w('heartbeat_at', '<', staleBefore)]))
          .as('stale'),
      ])
      .where('state', '=', 'RUNNING')
      .executeTakeFirst()
      .catch(() => undefined);
    if (row) checks.workers = { running_syncs: Number(row.running), stale_syncs: Number(row.stale) };
  }
  return { ready: checks.migrations.ok, checks };
}
