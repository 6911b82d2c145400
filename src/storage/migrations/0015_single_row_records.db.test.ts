/**
 * Migration 0012 on both dialects, from a store the code before it wrote: one row per record
 * with its raw data, references as columns, filter values without them, and the first upsert
 * afterwards moving no timestamp of a record that did not change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type Dialect } from '../../../test/setup/dialects.js';
import type { Db } from '../db.js';
import { migrateToLatest } from '../migrate.js';
import { listRecords, readRecordsByIds, upsertRecords } from '../repositories/records.repository.js';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';

describe.each(DIALECTS)('migration 0015 (single-row records) on $name', (dialect: Dialect) => {
  let db: Db;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close } = await openTestDb(dialect, '0011_sync_progress'));
  });
  afterAll(async () => {
    await close?.();
  });

  const appOwn = { remote_id: 'a1', outcome: 'PENDING', candidate_id: 'c1', job_id: 'j1', current_stage_id: 's1' };
  const candidateOwn = { remote_id: 'c1', first_name: 'Ann', tags: [] };

  it('moves every record into one row and keeps what the lists and views need', async () => {
    const legacy = db.kysely as unknown as { insertInto(table: string): { values(rows: object[]): { execute(): Promise<unknown> } } };
    const record = (model: string, id: string, own: object) => ({
      integration_id: 'i1', model, id, remote_id: id, own: JSON.stringify(own), own_hash: 'f:p', tracked_hash: 't', view: '{"id":"x"}',
      changed_at: T0, updated_at: T0, remote_created_at: null, remote_deleted_at: null, last_seen_run: 'run-0', anonymised_at: null,
      index_keys: '[]', derived_keys: '[]',
    });
    await legacy.insertInto('records').values([record('applications', 'a1', appOwn), record('candidates', 'c1', candidateOwn)]).execute();
    await legacy
      .insertInto('record_keys')
      .values([
        { integration_id: 'i1', model: 'candidates', record_id: 'c1', field: 'email', value: 'ann@x.io' },
        { integration_id: 'i1', model: 'candidates', record_id: 'c1', field: 'job_id', value: 'j1' },
        { integration_id: 'i1', model: 'applications', record_id: 'a1', field: 'candidate_id', value: 'c1' },
        { integration_id: 'i1', model: 'applications', record_id: 'a1', field: 'outcome', value: 'PENDING' },
      ])
      .execute();
    await legacy.insertInto('record_extras').values([{ integration_id: 'i1', model: 'candidates', record_id: 'c1', remote_data: '{"raw":1}', custom_values: '{"k":"v"}', hash: 'h' }]).execute();
    await legacy
      .insertInto('integration_settings')
      .values([{ integration_id: 'i1', remote_data_enabled: 1, views_version: 3, composed_version: 3, composer_version: 2, composed_at: T0, compose_pending_since: null, updated_at: T0 }])
      .execute();

    await migrateToLatest(db);

    const [app] = await readRecordsByIds(db.kysely, 'i1', 'applications', ['a1']);
    expect(app).toMatchObject({ data: JSON.stringify(appOwn), hash: '', version: 1, candidate_id: 'c1', job_id: 'j1', current_stage_id: 's1', application_id: null, changed_at: T0 });
    const [candidate] = await readRecordsByIds(db.kysely, 'i1', 'candidates', ['c1']);
    expect(candidate).toMatchObject({ remote_data: '{"raw":1}', custom_values: '{"k":"v"}', candidate_id: null, embed: null });
    // What the candidate's view nests of the application, written by the migration as the sync writes it.
    const [listed] = await listRecords(db.kysely, {
      integrationId: 'i1', model: 'candidates', afterId: null, limit: 10, includeDeleted: false, updatedAfter: null, remoteCreatedFrom: null, ids: null, remoteIds: null, keyFilters: [],
    });
    const children = (listed?.nested ?? '').split('\u0002').map((child) => child.split('\u0001'));
    expect(children.map(([refs, text]) => ({ refs, text: JSON.parse(`${text}}`) as unknown }))).toEqual([
      {
        refs: 'j1 s1',
        text: {
          id: 'a1', remote_id: 'a1', changed_at: T0,
          outcome: 'PENDING', rejection_reason_name: null, rejected_at: null, remote_url: null, remote_created_at: null, remote_updated_at: null,
        },
      },
    ]);
    const keys = await db.kysely.selectFrom('record_keys').select(['model', 'field', 'value']).orderBy('model').execute();
    expect(keys).toEqual([
      { model: 'applications', field: 'outcome', value: 'PENDING' },
      { model: 'candidates', field: 'email', value: 'ann@x.io' },
    ]);
    const settings = await db.kysely.selectFrom('integration_settings').selectAll().execute();
    expect(settings).toEqual([{ integration_id: 'i1', remote_data_enabled: 1, updated_at: T0 }]);

    // Candidates are still found by the jobs of their applications.
    const byJob = await listRecords(db.kysely, {
      integrationId: 'i1', model: 'candidates', afterId: null, limit: 10, includeDeleted: false, updatedAfter: null,
      remoteCreatedFrom: null, ids: null, remoteIds: null, keyFilters: [{ field: 'job_id', op: 'in', values: ['j1'] }],
    });
    expect(byJob.map((r) => r.id)).toEqual(['c1']);

    // The first sync after it rewrites the row with its hash, and moves nothing when the data is the same.
    const links = { candidate_id: 'c1', job_id: 'j1', application_id: null, current_stage_id: 's1' };
    const counts = await db.kysely.transaction().execute((trx) =>
      upsertRecords(trx, 'i1', 'applications', 'run-1', [{ id: 'a1', remote_id: 'a1', data: JSON.stringify(appOwn), hash: 'x'.repeat(33), remote_created_at: null, links, remote_data: null, custom_values: null, embed: null, keys: [['outcome', 'PENDING']] }], T1),
    );
    expect(counts).toMatchObject({ updated: 1, fieldsChanged: [] });
    expect((await readRecordsByIds(db.kysely, 'i1', 'applications', ['a1']))[0]).toMatchObject({ changed_at: T0, updated_at: T0, hash: 'x'.repeat(33) });
  });
});
