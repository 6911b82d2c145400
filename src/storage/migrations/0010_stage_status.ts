import { PostgresAdapter, sql, type Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;
type Json = Record<string, unknown>;

/**
 * SDK 1.3.x requires `status` and `custom_fields` on every stage a view embeds, and fixed scopes
 * on role assignments. COMPOSER_VERSION 2 rebuilds all views at each integration's next sync;
 * until then the stored views would fail that SDK's validation. This patches them in place,
 * adding nulls only (nothing is known yet), so no hash moves and `updated_after` stays quiet.
 * A snapshot of the view shapes of the time, like every migration.
 */
const BATCH = 500;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function withStageKeys(stage: unknown): boolean {
  if (!isObject(stage)) return false;
  const missing = ['status', 'custom_fields'].filter((key) => !(key in stage));
  for (const key of missing) stage[key] = null;
  return missing.length > 0;
}

function withScope(roles: unknown, scope: 'JOB' | 'SYSTEM'): boolean {
  const wrong = (Array.isArray(roles) ? roles : []).filter((role): role is Json => isObject(role) && role['scope'] !== scope);
  for (const role of wrong) role['scope'] = scope;
  return wrong.length > 0;
}

/** Adds what is missing to one view; true when something was. */
export function patchView(model: string, view: Json): boolean {
  let changed = false;
  if (model === 'application_stages') changed = withStageKeys(view);
  if (model === 'applications' && view['current_stage'] !== null) changed = withStageKeys(view['current_stage']);
  if (model === 'users') changed = withScope(view['system_roles'], 'SYSTEM');
  if (model === 'jobs') {
    for (const stage of Array.isArray(view['stages']) ? view['stages'] : []) changed = withStageKeys(stage) || changed;
    for (const member of Array.isArray(view['hiring_team']) ? view['hiring_team'] : []) {
      if (isObject(member)) changed = withScope(member['job_roles'], 'JOB') || changed;
    }
  }
  return changed;
}

const MODELS = ['jobs', 'applications', 'application_stages', 'users'] as const;

type Cursor = { integration_id: string; id: string };
type ViewRow = Cursor & { view: string };

async function patchRows(db: AnyDb, model: string, rows: readonly ViewRow[]): Promise<void> {
  for (const row of rows) {
    const view = JSON.parse(row.view) as unknown;
    if (!isObject(view) || !patchView(model, view)) continue;
    await sql`UPDATE records SET view = ${JSON.stringify(view)} WHERE integration_id = ${row.integration_id} AND model = ${model} AND id = ${row.id}`.execute(db);
  }
}

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const model of MODELS) {
    let after: Cursor | null = null;
    for (;;) {
      const from: Cursor | null = after;
      const rows: ViewRow[] = (
        await sql<ViewRow>`
          SELECT integration_id, id, view FROM records
          WHERE model = ${model} AND view IS NOT NULL
          ${from ? sql`AND (integration_id > ${from.integration_id} OR (integration_id = ${from.integration_id} AND id > ${from.id}))` : sql``}
          ORDER BY integration_id, id LIMIT ${BATCH}`.execute(db)
      ).rows;
      // Kysely's migrator wraps a migration in a transaction on PostgreSQL only; on SQLite each
      // batch gets its own, instead of one commit (and sync to disk) per row.
      if (postgres) await patchRows(db, model, rows);
      else await db.transaction().execute((trx) => patchRows(trx, model, rows));
      const last: ViewRow | undefined = rows[rows.length - 1];
      if (!last || rows.length < BATCH) break;
      after = { integration_id: last.integration_id, id: last.id };
    }
  }
}

/** The added keys are harmless to older code: nothing to undo. */
export async function down(): Promise<void> {}
