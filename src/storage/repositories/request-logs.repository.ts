import { sql, type Kysely } from 'kysely';
import type { Database, RequestLogRow } from '../database.js';

export async function insertRequestLog(db: Kysely<Database>, row: RequestLogRow): Promise<void> {
  await db.insertInto('request_logs').values(row).execute();
}

export async function findRequestLog(db: Kysely<Database>, id: string): Promise<RequestLogRow | undefined> {
  return db.selectFrom('request_logs').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface RequestLogFilter {
  environmentId: string;
  integrationId: string | null;
  /** An exact status (404) or a class (4 for 4xx, 5 for 5xx). */
  status: { exact: number } | { class: number } | null;
  /** A part of the path. */
  pathContains: string | null;
  beforeId: string | null;
  limit: number;
}

/** An environment's request logs, newest first (ids are time-sortable). */
export async function listRequestLogs(db: Kysely<Database>, filter: RequestLogFilter): Promise<RequestLogRow[]> {
  let query = db.selectFrom('request_logs').selectAll().where('environment_id', '=', filter.environmentId);
  if (filter.integrationId !== null) query = query.where('integration_id', '=', filter.integrationId);
  if (filter.status !== null) {
    query =
      'exact' in filter.status
        ? query.where('status', '=', filter.status.exact)
        : query.where('status', '>=', filter.status.class * 100).where('status', '<', filter.status.class * 100 + 100);
  }
  if (filter.pathContains !== null) {
    // LIKE wildcards in the filter are matched literally.
    const escaped = filter.pathContains.replace(/[\\%_]/g, (ch) => `\\${ch}`);
    query = query.where(sql<boolean>`path like ${`%${escaped}%`} escape '\\'`);
  }
  if (filter.beforeId !== null) query = query.where('id', '<', filter.beforeId);
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
}
