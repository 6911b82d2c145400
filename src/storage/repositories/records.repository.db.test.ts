/**
 * The sync's hot write path on both dialects: one upsert statement per page with its counts,
 * timestamps that move per hash part, filter values of written records, deletions and
 * anonymisation.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb } from '../../../test/setup/dialects.js';
import type { Db } from '../db.js';
import { HASH_PART, listRecords, markDeleted, readRecordsByIds, upsertRecords, writeAnonymised, type KeyFilter, type RecordInput } from './records.repository.js';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';
const T2 = '2026-01-03T00:00:00.000Z';

const h = (text: string) => text.padEnd(HASH_PART, '.').slice(0, HASH_PART);
const id = (n: number) => `rec-${String(n).padStart(4, '0')}`;

function input(n: number, options: { name?: string; tag?: string; raw?: string } = {}): RecordInput {
  const name = options.name ?? `Name ${n}`;
  const tag = options.tag ?? 't';
  return {
    id: id(n),
    remote_id: `r${n}`,
    data: JSON.stringify({ name, tag }),
    embed: null,
    hash: h(name) + h(`${name}${tag}`) + h(`${name}${tag}${options.raw ?? ''}`),
    remote_created_at: null,
    links: { candidate_id: `cand-${n % 2}`, job_id: null, application_id: null, current_stage_id: null },
    remote_data: options.raw ?? null,
    custom_values: null,
    keys: [['email', `${name.toLowerCase()}@x.io`], ['group', String(n % 3)]],
  };
}

describe.each(DIALECTS)('records repository on $name', (dialect) => {
  let db: Db;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close } = await openTestDb(dialect));
  });
  afterAll(async () => {
    await close?.();
  });
  beforeEach(async () => {
    await db.kysely.deleteFrom('record_keys').execute();
    await db.kysely.deleteFrom('records').execute();
  });

  const upsert = (records: RecordInput[], now: string, run = 'run-1') => db.kysely.transaction().execute((trx) => upsertRecords(trx, 'i1', 'candidates', run, records, now));
  const row = async (n: number) => (await readRecordsByIds(db.kysely, 'i1', 'candidates', [id(n)]))[0];
  const filtered = async (filter: KeyFilter) =>
    (
      await listRecords(db.kysely, {
        integrationId: 'i1', model: 'candidates', afterId: null, limit: 100, includeDeleted: false, updatedAfter: null,
        remoteCreatedFrom: null, ids: null, remoteIds: null, keyFilters: [filter],
      })
    ).map((r) => r.id);

  it('counts created, updated and unchanged records, and writes only the changed ones', async () => {
    // 600 records: more than one statement's worth.
    const first = await upsert(Array.from({ length: 600 }, (_, n) => input(n)), T0);
    expect(first).toMatchObject({ created: 600, updated: 0, unchanged: 0 });
    expect(first.createdIds).toHaveLength(600);
    const second = await upsert([input(1, { name: 'Renamed' }), input(2), input(3, { raw: '{"x":1}' })], T1, 'run-2');
    expect(second).toMatchObject({ created: 0, updated: 2, unchanged: 1, updatedIds: [id(1), id(3)], changedIds: [id(1), id(3)] });
    expect(second.fieldsChanged).toEqual([{ id: id(1), candidate_id: 'cand-1', job_id: null, application_id: null, current_stage_id: null }]);
    // The unchanged record was not written at all: neither its version nor its run mark moved.
    expect(await row(2)).toMatchObject({ version: 1, last_seen_run: 'run-1' });
    expect(await row(1)).toMatchObject({ version: 2, last_seen_run: 'run-2', data: JSON.stringify({ name: 'Renamed', tag: 't' }) });
  });

  it('leaves records stored with the same hash out of the upsert when asked to, and still brings deleted ones back', async () => {
    await upsert(Array.from({ length: 5 }, (_, n) => input(n)), T0);
    await db.kysely.transaction().execute((trx) => markDeleted(trx, 'i1', 'candidates', [id(4)], T0));
    const batch = [input(0), input(1, { name: 'Renamed' }), input(2), input(2), input(4), input(7)];
    const counts = await db.kysely.transaction().execute((trx) => upsertRecords(trx, 'i1', 'candidates', 'run-2', batch, T1, { skipStored: true }));
    expect(counts).toMatchObject({ created: 1, updated: 2, unchanged: 2, createdIds: [id(7)], updatedIds: [id(1), id(4)] });
    expect(await row(0)).toMatchObject({ version: 1, last_seen_run: 'run-1' });
    expect(await row(4)).toMatchObject({ remote_deleted_at: null, last_seen_run: 'run-2' });
  });

  it('moves changed_at for direct fields, updated_at for tracked data, neither for the rest', async () => {
    await upsert([input(1), input(2), input(3)], T0);
    await upsert([input(1, { name: 'New' }), input(2, { tag: 'u' }), input(3, { raw: '{}' })], T1);
    expect(await row(1)).toMatchObject({ changed_at: T1, updated_at: T1 });
    expect(await row(2)).toMatchObject({ changed_at: T0, updated_at: T1 });
    expect(await row(3)).toMatchObject({ changed_at: T0, updated_at: T0, remote_data: '{}' });
    // A deleted record listed again comes back, with both timestamps moved.
    await db.kysely.transaction().execute((trx) => markDeleted(trx, 'i1', 'candidates', [id(3)], T1));
    const back = await upsert([input(3, { raw: '{}' })], T2);
    expect(back).toMatchObject({ updated: 1 });
    expect(await row(3)).toMatchObject({ changed_at: T2, updated_at: T2, remote_deleted_at: null });
  });

  it('keeps the later copy of a record listed twice in one batch', async () => {
    const counts = await upsert([input(1, { name: 'Old' }), input(1, { name: 'New' })], T0);
    expect(counts).toMatchObject({ created: 1, unchanged: 0 });
    expect(JSON.parse((await row(1))?.data ?? '{}')).toMatchObject({ name: 'New' });
  });

  it('replaces the filter values of changed records and filters by them and by reference columns', async () => {
    await upsert([input(1), input(2), input(4)], T0);
    expect(await filtered({ field: 'email', op: 'in', values: ['name 1@x.io'] })).toEqual([id(1)]);
    await upsert([input(1, { name: 'Ann' })], T1);
    expect(await filtered({ field: 'email', op: 'in', values: ['name 1@x.io'] })).toEqual([]);
    expect(await filtered({ field: 'email', op: 'in', values: ['ann@x.io'] })).toEqual([id(1)]);
    expect(await filtered({ field: 'group', op: 'in', values: ['1'] })).toEqual([id(1), id(4)]);
    expect(await filtered({ field: 'email', op: 'contains', value: 'ann' })).toEqual([id(1)]);
    expect(await filtered({ field: 'candidate_id', op: 'in', values: ['cand-0'] })).toEqual([id(2), id(4)]);
  });

  it('compares stored data for rows converted without a hash, once', async () => {
    await upsert([input(1), input(2)], T0);
    await db.kysely.updateTable('records').set({ hash: '' }).execute();
    const counts = await upsert([input(1), input(2, { tag: 'u' })], T1);
    // Both are rewritten (to store their hash); only the one whose data differs moves.
    expect(counts).toMatchObject({ updated: 2 });
    expect(await row(1)).toMatchObject({ changed_at: T0, updated_at: T0 });
    expect(await row(2)).toMatchObject({ changed_at: T1, updated_at: T1 });
    expect((await row(1))?.hash).toHaveLength(3 * HASH_PART);
  });

  it('anonymising a deleted record removes its personal filter values and raw data, and keeps the others', async () => {
    await upsert([input(1, { raw: '{"name":"Ann"}' }), input(2)], T0);
    await writeAnonymised(db.kysely, { integration_id: 'i1', model: 'candidates', id: id(2), data: '{}' }, T1);
    // Not deleted: left alone.
    expect(await row(2)).toMatchObject({ anonymised_at: null });
    await db.kysely.transaction().execute((trx) => markDeleted(trx, 'i1', 'candidates', [id(1)], T1));
    await writeAnonymised(db.kysely, { integration_id: 'i1', model: 'candidates', id: id(1), data: '{"name":null}' }, T2);
    expect(await row(1)).toMatchObject({ anonymised_at: T2, data: '{"name":null}', remote_data: null });
    const keys = await db.kysely.selectFrom('record_keys').select(['field', 'value']).where('record_id', '=', id(1)).execute();
    expect(keys).toEqual([{ field: 'group', value: '1' }]);
  });
});
