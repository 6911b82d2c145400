import { type Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Filter values no list filters by: the interviewers of interviews and the hiring team of jobs.
 * They were a third of `record_keys` in a large Greenhouse store, each row two random index entries
 * written by every sync. Syncs no longer write them; this removes the ones stored.
 */
export async function up(db: AnyDb): Promise<void> {
  const keys = db as unknown as Kysely<{ record_keys: { model: string; field: string } }>;
  await keys.deleteFrom('record_keys').where('model', '=', 'interviews').where('field', '=', 'user_id').execute();
  await keys.deleteFrom('record_keys').where('model', '=', 'jobs').where('field', '=', 'hiring_user_id').execute();
}

export function down(): Promise<void> {
  // Nothing to restore: the rows only repeated what the records hold, and nothing read them.
  return Promise.resolve();
}
