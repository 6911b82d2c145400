/** Migration 0016 on both dialects: the filter values no list uses go, the others stay. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type Dialect } from '../../../test/setup/dialects.js';
import type { Db } from '../db.js';
import { migrateToLatest } from '../migrate.js';

describe.each(DIALECTS)('migration 0016 (unused filter keys) on $name', (dialect: Dialect) => {
  let db: Db;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close } = await openTestDb(dialect, '0015_single_row_records'));
  });
  afterAll(async () => {
    await close?.();
  });

  it('deletes interviewers and hiring teams, and keeps what lists filter by', async () => {
    const key = (model: string, record_id: string, field: string, value: string) => ({ integration_id: 'i1', model, record_id, field, value });
    await db.kysely
      .insertInto('record_keys')
      .values([
        key('interviews', 'v1', 'user_id', 'u1'),
        key('interviews', 'v1', 'user_id', 'u2'),
        key('jobs', 'j1', 'hiring_user_id', 'u1'),
        key('jobs', 'j1', 'status', 'OPEN'),
        key('candidates', 'c1', 'email', 'ann@x.io'),
        key('applications', 'a1', 'outcome', 'PENDING'),
      ])
      .execute();

    await migrateToLatest(db);

    const left = await db.kysely.selectFrom('record_keys').select(['model', 'field', 'value']).orderBy('model').execute();
    expect(left).toEqual([
      { model: 'applications', field: 'outcome', value: 'PENDING' },
      { model: 'candidates', field: 'email', value: 'ann@x.io' },
      { model: 'jobs', field: 'status', value: 'OPEN' },
    ]);
  });
});
