import type { Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/** Tables for write actions (filled in by the write-actions work). */
export async function up(db: AnyDb): Promise<void> {
  void db;
}

export async function down(db: AnyDb): Promise<void> {
  void db;
}
