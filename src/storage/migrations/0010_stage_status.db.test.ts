/**
 * Migration 0010 on both dialects: views stored before stages had `status`/`custom_fields` (and
 * role assignments a fixed scope) pass SDK 1.3.4's validation right after the upgrade, before
 * any sync rebuilt them; hashes and timestamps stay as they were.
 */
import {
  GetAtsApplicationStagesPositiveResponse$inboundSchema,
  GetAtsApplicationsPositiveResponse$inboundSchema,
  GetAtsJobsPositiveResponse$inboundSchema,
  GetAtsUsersPositiveResponse$inboundSchema,
} from 'kombo-sdk-latest/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type Dialect } from '../../../test/setup/dialects.js';
import { openDb, type Db } from '../db.js';
import { migrateToLatest } from '../migrate.js';
import { readRecordsByIds } from '../repositories/records.repository.js';

const T0 = '2026-01-01T00:00:00.000Z';
const base = { changed_at: T0, remote_deleted_at: null };
const oldStage = { id: 's1', remote_id: 'rs1', name: 'Screen', index: 0 };
const oldJob = {
  id: 'j1', remote_id: 'rj1', name: 'Engineer', job_code: null, description: null, confidential: null, weekly_hours: null, category: null,
  department: null, post_url: null, experience_level: null, salary_amount: null, salary_amount_from: null, salary_amount_to: null,
  salary_currency: null, custom_fields: null, remote_url: null, opened_at: null, closed_at: null, remote_created_at: null,
  remote_updated_at: null, contact_id: null, ...base, stages: [oldStage], screening_questions: [], job_postings: [],
  hiring_team: [{ id: 'u1', remote_id: null, first_name: null, last_name: null, hiring_team_roles: [], job_roles: [{ remote_id: null, remote_label: 'HM', scope: null, unified_type: null }] }],
};
const oldApplication = {
  id: 'a1', remote_id: null, outcome: 'PENDING', rejection_reason_name: null, rejected_at: null, current_stage_id: 's1', job_id: 'j1',
  candidate_id: null, custom_fields: null, remote_url: null, ...base, remote_created_at: null, remote_updated_at: null, candidate: null,
  current_stage: oldStage, job: { id: 'j1', remote_id: 'rj1', name: 'Engineer' }, interviews: [], offers: [],
};
const oldStageRow = { id: 's1', remote_id: 'rs1', name: 'Screen', ...base };
const oldUser = {
  id: 'u1', remote_id: null, first_name: null, last_name: null, status: null, ...base,
  system_roles: [{ remote_id: null, remote_label: 'Admin', scope: null, unified_type: null }],
};

const list = (item: unknown) => ({ status: 'success', data: { next: null, results: [item] } });

describe.each(DIALECTS)('migration 0010 (stage status) on $name', (dialect: Dialect) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await dialect.create();
    drop = created.drop;
    db = openDb({ databaseUrl: created.databaseUrl, sqliteFile: ':memory:' });
    await migrateToLatest(db, '0009_record_index_keys');
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it('adds null status and custom_fields to stored stages and fixes role scopes, touching nothing else', async () => {
    const record = (model: string, id: string, view: object | null) => ({
      integration_id: 'i1', model, id, remote_id: id, own: '{}', own_hash: 'f:p', tracked_hash: 't', view: view && JSON.stringify(view),
      changed_at: T0, updated_at: T0, remote_created_at: null, remote_deleted_at: null, last_seen_run: 'run-0', anonymised_at: null,
      index_keys: '[]', derived_keys: '[]',
    });
    const legacy = db.kysely as unknown as { insertInto(table: string): { values(rows: object[]): { execute(): Promise<unknown> } } };
    await legacy
      .insertInto('records')
      .values([
        record('jobs', 'j1', oldJob),
        record('applications', 'a1', oldApplication),
        record('applications', 'a2', { ...oldApplication, id: 'a2', current_stage: null }),
        record('application_stages', 's1', oldStageRow),
        record('users', 'u1', oldUser),
        record('candidates', 'c1', null),
        // More than one batch of the migration, so its paging is exercised too.
        ...Array.from({ length: 1100 }, (_, i) => record('applications', `b${String(i).padStart(4, '0')}`, { ...oldApplication, id: `b${i}` })),
      ])
      .execute();
    expect(GetAtsJobsPositiveResponse$inboundSchema.safeParse(list(oldJob)).success).toBe(false);

    await migrateToLatest(db);
    const view = async (model: string, id: string) => {
      const [row] = await readRecordsByIds(db.kysely, 'i1', model, [id]);
      expect(row).toMatchObject({ tracked_hash: 't', own_hash: 'f:p', updated_at: T0, changed_at: T0 });
      return JSON.parse(row?.view ?? 'null') as Record<string, unknown>;
    };
    const job = await view('jobs', 'j1');
    expect(job['stages']).toEqual([{ ...oldStage, status: null, custom_fields: null }]);
    expect(GetAtsJobsPositiveResponse$inboundSchema.safeParse(list(job)).success).toBe(true);
    const app = await view('applications', 'a1');
    expect(app['current_stage']).toEqual({ ...oldStage, status: null, custom_fields: null });
    expect(GetAtsApplicationsPositiveResponse$inboundSchema.safeParse(list(app)).success).toBe(true);
    expect((await view('applications', 'a2'))['current_stage']).toBeNull();
    const stage = await view('application_stages', 's1');
    expect(GetAtsApplicationStagesPositiveResponse$inboundSchema.safeParse(list(stage)).success).toBe(true);
    const user = await view('users', 'u1');
    expect(user['system_roles']).toEqual([{ remote_id: null, remote_label: 'Admin', scope: 'SYSTEM', unified_type: null }]);
    expect(GetAtsUsersPositiveResponse$inboundSchema.safeParse(list(user)).success).toBe(true);
    expect(await view('candidates', 'c1')).toBeNull();
    const rows = await db.kysely.selectFrom('records').select('view').where('model', '=', 'applications').execute();
    expect(rows).toHaveLength(1102);
    const unpatched = rows.filter((r) => {
      const stage = (JSON.parse(r.view ?? '{}') as { current_stage: Record<string, unknown> | null }).current_stage;
      return stage !== null && !('status' in stage && 'custom_fields' in stage);
    });
    expect(unpatched).toEqual([]);
  });
});
