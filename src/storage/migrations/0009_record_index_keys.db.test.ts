/**
 * Migration 0009 on both dialects: existing index rows are listed in their records, and
 * replacing them afterwards finds them there (the index by record id is gone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type Dialect } from '../../../test/setup/dialects.js';
import { openDb, type Db } from '../db.js';
import { migrateToLatest } from '../migrate.js';
import { findByKey, readRecordsByIds, upsertOwnRecords } from '../repositories/records.repository.js';

const T0 = '2026-01-01T00:00:00.000Z';

describe.each(DIALECTS)('migration 0009 (record index keys) on $name', (dialect: Dialect) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await dialect.create();
    drop = created.drop;
    db = openDb({ databaseUrl: created.databaseUrl, sqliteFile: ':memory:' });
    await migrateToLatest(db, '0008_composed_at');
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it('lists each record\'s existing index rows in it, and later upserts replace them', async () => {
    const record = (id: string) => ({
      integration_id: 'i1', model: 'candidates', id, remote_id: id, own: '{}', own_hash: 'f:p', tracked_hash: '', view: null,
      changed_at: T0, updated_at: T0, remote_created_at: null, remote_deleted_at: null, last_seen_run: 'run-0', anonymised_at: null,
    });
    // Written as the code before the migration wrote them (the new columns do not exist yet).
    const legacy = db.kysely as unknown as { insertInto(table: string): { values(rows: object[]): { execute(): Promise<unknown> } } };
    await legacy.insertInto('records').values([record('c1'), record('c2')]).execute();
    await legacy
      .insertInto('record_keys')
      .values([
        { integration_id: 'i1', model: 'candidates', record_id: 'c1', field: 'email', value: 'old@x.io' },
        { integration_id: 'i1', model: 'candidates', record_id: 'c1', field: 'job_id', value: 'j1' },
      ])
      .execute();

    await migrateToLatest(db);
    const rows = new Map((await readRecordsByIds(db.kysely, 'i1', 'candidates', ['c1', 'c2'])).map((r) => [r.id, r]));
    // A candidate's job ids are derived by the composer: they go to its own list.
    expect(JSON.parse(rows.get('c1')?.index_keys ?? '')).toEqual([['email', 'old@x.io']]);
    expect(JSON.parse(rows.get('c1')?.derived_keys ?? '')).toEqual([['job_id', 'j1']]);
    expect(JSON.parse(rows.get('c2')?.index_keys ?? '')).toEqual([]);
    expect(JSON.parse(rows.get('c2')?.derived_keys ?? '')).toEqual([]);
    expect(await findByKey(db.kysely, 'i1', 'candidates', 'email', ['old@x.io'])).toEqual([{ record_id: 'c1', value: 'old@x.io' }]);

    await upsertOwnRecords(
      db.kysely, 'i1', 'candidates', 'run-1',
      [{ id: 'c1', remote_id: 'c1', own: {}, fieldsHash: 'f2', fullHash: 'p', remote_created_at: null, keys: [['email', 'new@x.io']] }],
      T0, { derivedFields: ['job_id'] },
    );
    expect(await findByKey(db.kysely, 'i1', 'candidates', 'email', ['old@x.io', 'new@x.io'])).toEqual([{ record_id: 'c1', value: 'new@x.io' }]);
    // The derived row is the composer's to replace; the upsert leaves it and its list.
    expect(await findByKey(db.kysely, 'i1', 'candidates', 'job_id', ['j1'])).toEqual([{ record_id: 'c1', value: 'j1' }]);
    const [after] = await readRecordsByIds(db.kysely, 'i1', 'candidates', ['c1']);
    expect(JSON.parse(after?.derived_keys ?? '')).toEqual([['job_id', 'j1']]);
  });
});
