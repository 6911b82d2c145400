/**
 * The sync's hot write path on both dialects: batched upserts with their counts, view-only
 * updates, index rows of fresh and known records, and the storage-order walk of a full compose.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb } from '../../../test/setup/dialects.js';
import type { Db } from '../db.js';
import { findByKey, keyValuesOf, markDeleted, readRecordWalk, readRecordsByIds, replaceKeys, upsertOwnRecords, writeAnonymised, writeViews, type OwnRecordInput } from './records.repository.js';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';

function input(n: number, name = `Name ${n}`): OwnRecordInput {
  return {
    id: `rec-${String(n).padStart(4, '0')}`,
    remote_id: `r${n}`,
    own: { name },
    fieldsHash: `f-${name}`,
    fullHash: 'p',
    remote_created_at: null,
    keys: [['name', name], ['group', String(n % 3)]],
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

  it('counts created, updated and unchanged records and keeps index rows in step', async () => {
    const first = await upsertOwnRecords(db.kysely, 'i1', 'candidates', 'run-1', [input(1), input(2), input(3)], T0);
    expect(first).toMatchObject({ created: 3, updated: 0, unchanged: 0 });

    const second = await upsertOwnRecords(db.kysely, 'i1', 'candidates', 'run-2', [input(1), input(2, 'Renamed'), input(3)], T1);
    expect(second).toMatchObject({ created: 0, updated: 1, unchanged: 2, changedIds: ['rec-0002'] });
    const [renamed] = await readRecordsByIds(db.kysely, 'i1', 'candidates', ['rec-0002']);
    expect(JSON.parse(renamed?.own ?? '{}')).toEqual({ name: 'Renamed' });
    expect(renamed?.changed_at).toBe(T1);
    // The old index value is gone, the new one is there; nothing is duplicated.
    expect(await findByKey(db.kysely, 'i1', 'candidates', 'name', ['Name 2'])).toEqual([]);
    expect(await findByKey(db.kysely, 'i1', 'candidates', 'name', ['Renamed'])).toEqual([{ record_id: 'rec-0002', value: 'Renamed' }]);
    expect((await findByKey(db.kysely, 'i1', 'candidates', 'group', ['0', '1', '2'])).length).toBe(3);
  });

  it('writes views without touching own fields, and moves updated_at only when asked', async () => {
    await upsertOwnRecords(db.kysely, 'i1', 'jobs', 'run-1', [input(1), input(2)], T0);
    await writeViews(db.kysely, 'i1', 'jobs', [
      { id: 'rec-0001', view: '{"v":1}', tracked_hash: 'h1', updated_at: T1, derived_keys: null },
      { id: 'rec-0002', view: '{"v":2}', tracked_hash: 'h2', updated_at: null, derived_keys: null },
    ]);
    const rows = await readRecordsByIds(db.kysely, 'i1', 'jobs', ['rec-0001', 'rec-0002']);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get('rec-0001')).toMatchObject({ view: '{"v":1}', tracked_hash: 'h1', updated_at: T1, own: '{"name":"Name 1"}' });
    expect(byId.get('rec-0002')).toMatchObject({ view: '{"v":2}', tracked_hash: 'h2', updated_at: T0, own: '{"name":"Name 2"}' });
  });

  it('keeps the later copy of a record listed twice in one batch, and never touches a stored view', async () => {
    await upsertOwnRecords(db.kysely, 'i1', 'candidates', 'run-1', [input(1, 'Old'), input(2), input(1, 'New')], T0);
    const [first] = await readRecordsByIds(db.kysely, 'i1', 'candidates', ['rec-0001']);
    expect(JSON.parse(first?.own ?? '{}')).toEqual({ name: 'New' });

    await writeViews(db.kysely, 'i1', 'candidates', [{ id: 'rec-0001', view: '{"composed":true}', tracked_hash: 'th', updated_at: null, derived_keys: null }]);
    await upsertOwnRecords(db.kysely, 'i1', 'candidates', 'run-2', [input(1, 'Newer')], T1);
    const [second] = await readRecordsByIds(db.kysely, 'i1', 'candidates', ['rec-0001']);
    expect(second).toMatchObject({ own: '{"name":"Newer"}', view: '{"composed":true}', tracked_hash: 'th', changed_at: T1 });
  });

  it('applies index row changes by their keys: removed rows go, added ones come, shared ones stay', async () => {
    await replaceKeys(db.kysely, 'i1', 'offers', [{ id: 'o1', before: [], after: [['status', 'SENT'], ['job', 'j1']] }]);
    await replaceKeys(db.kysely, 'i1', 'offers', [
      { id: 'o1', before: [['status', 'SENT'], ['job', 'j1']], after: [['status', 'SIGNED'], ['job', 'j1']] },
      { id: 'o2', before: [], after: [['status', 'SENT'], ['status', 'SENT']] },
    ]);
    expect((await findByKey(db.kysely, 'i1', 'offers', 'status', ['SENT', 'SIGNED'])).sort((a, b) => a.record_id.localeCompare(b.record_id))).toEqual([
      { record_id: 'o1', value: 'SIGNED' },
      { record_id: 'o2', value: 'SENT' },
    ]);
    expect(await findByKey(db.kysely, 'i1', 'offers', 'job', ['j1'])).toEqual([{ record_id: 'o1', value: 'j1' }]);
  });

  it('keeps each record\'s index rows in the record, apart from the derived ones the composer owns', async () => {
    await upsertOwnRecords(db.kysely, 'i1', 'candidates', 'run-1', [input(1)], T0, { derivedFields: ['job_id'] });
    // The composer adds a derived row; a later upsert neither drops it nor lists it as its own.
    await writeViews(db.kysely, 'i1', 'candidates', [{ id: 'rec-0001', view: '{}', tracked_hash: 't', updated_at: null, derived_keys: '[["job_id","j9"]]' }]);
    await replaceKeys(db.kysely, 'i1', 'candidates', [{ id: 'rec-0001', before: [], after: [['job_id', 'j9']] }]);
    await upsertOwnRecords(db.kysely, 'i1', 'candidates', 'run-2', [input(1, 'Renamed')], T1, { derivedFields: ['job_id'] });
    const [row] = await readRecordsByIds(db.kysely, 'i1', 'candidates', ['rec-0001']);
    expect(JSON.parse(row?.index_keys ?? '')).toEqual([['name', 'Renamed'], ['group', '1']]);
    expect(JSON.parse(row?.derived_keys ?? '')).toEqual([['job_id', 'j9']]);
    expect(await findByKey(db.kysely, 'i1', 'candidates', 'job_id', ['j9'])).toEqual([{ record_id: 'rec-0001', value: 'j9' }]);
    expect((await keyValuesOf(db.kysely, 'i1', 'candidates', 'job_id', ['rec-0001', 'rec-0001']))).toEqual(['j9']);
    expect((await keyValuesOf(db.kysely, 'i1', 'candidates', 'name', ['rec-0001']))).toEqual(['Renamed']);
  });

  it('anonymising removes the personal index rows and keeps the others', async () => {
    await upsertOwnRecords(db.kysely, 'i1', 'candidates', 'run-1', [{ ...input(1), keys: [['email', 'a@b.c'], ['first_name', 'Ann'], ['job', 'j1']] }], T0);
    const [row] = await readRecordsByIds(db.kysely, 'i1', 'candidates', ['rec-0001']);
    if (!row) throw new Error('stored record not found');
    // A record that is not deleted (it came back meanwhile) is left as it is.
    await writeAnonymised(db.kysely, { ...row, own: '{}', view: null }, T1);
    expect(await findByKey(db.kysely, 'i1', 'candidates', 'email', ['a@b.c'])).toEqual([{ record_id: 'rec-0001', value: 'a@b.c' }]);
    await markDeleted(db.kysely, 'i1', 'candidates', ['rec-0001'], T1);
    await writeAnonymised(db.kysely, { ...row, own: '{}', view: null }, T1);
    expect(await findByKey(db.kysely, 'i1', 'candidates', 'email', ['a@b.c'])).toEqual([]);
    expect(await findByKey(db.kysely, 'i1', 'candidates', 'first_name', ['Ann'])).toEqual([]);
    expect(await findByKey(db.kysely, 'i1', 'candidates', 'job', ['j1'])).toEqual([{ record_id: 'rec-0001', value: 'j1' }]);
    const [after] = await readRecordsByIds(db.kysely, 'i1', 'candidates', ['rec-0001']);
    expect(JSON.parse(after?.index_keys ?? '')).toEqual([['job', 'j1']]);
  });

  it('walks every record of one model exactly once, past other models and integrations stored in between', async () => {
    for (let n = 0; n < 25; n++) {
      await upsertOwnRecords(db.kysely, 'i1', 'candidates', 'run-1', [input(n)], T0);
      await upsertOwnRecords(db.kysely, n % 2 ? 'i2' : 'i1', n % 2 ? 'candidates' : 'jobs', 'run-1', [input(100 + n)], T0);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const walk: Awaited<ReturnType<typeof readRecordWalk>> = await readRecordWalk(db.kysely, db.dialect, 'i1', 'candidates', after, 10);
      if (walk.rows.length === 0) break;
      // Rewriting views during the walk (as a compose does) must not make it skip or repeat rows.
      await writeViews(db.kysely, 'i1', 'candidates', walk.rows.map((r) => ({ id: r.id, view: '{"big":"' + 'x'.repeat(3000) + '"}', tracked_hash: 't', updated_at: T1, derived_keys: null })));
      seen.push(...walk.rows.map((r) => r.id));
      after = walk.next;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen.every((id) => Number(id.slice(4)) < 25)).toBe(true);
  });
});
