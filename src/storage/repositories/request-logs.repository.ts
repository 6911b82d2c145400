import type { Kysely } from 'kysely';
import type { Database, RequestLogRow } from '../database.js';

export async function insertRequestLog(db: Kysely<Database>, row: RequestLogRow): Promise<void> {
  await db.insertInto('request_logs').values(row).execute();
}

export async function findRequestLog(db: Kysely<Database>, id: string): Promise<RequestLogRow | undefined> {
  return db.selectFrom('request_logs').selectAll().where('id', '=', id).executeTakeFirst();
}
