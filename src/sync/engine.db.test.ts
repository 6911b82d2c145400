/**
 * The sync engine against a real database (every dialect) and a connector whose data the
 * test changes between runs: timestamps (§2.4/§2.5), deletions, failures and re-runs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb } from '../../test/setup/dialects.js';
import type { Connector } from '../connectors/connector.js';
import type { SourceModel, SourceRecordMap } from '../connectors/source-records.js';
import { Vault } from '../lib/crypto.js';
import { AppError } from '../lib/errors.js';
import { createLogger } from '../lib/logger.js';
import type { Db } from '../storage/db.js';
import { listRecords, type KeyFilter } from '../storage/repositories/records.repository.js';
import { recordId } from '../lib/ids.js';
import { executeSyncRun, type SyncDeps } from './engine.js';
import { ingestSourceRecords } from './ingest.js';
import { composeViews } from './views.js';

type Store = { [M in SourceModel]: Array<SourceRecordMap[M]> };

const ts = '2025-01-01T00:00:00.000Z';

function seed(): Store {
  const stage = (job: string, n: number) => ({ remote_id: `${job}-s${n}`, name: `Stage ${n}`, index: n, status: null, custom_fields: null });
  const job = (id: string, name: string) => ({
    remote_id: id, name, job_code: `C-${id}`, description: null, confidential: false, weekly_hours: 40, employment_type: 'FULL_TIME',
    status: 'OPEN', visibility: 'PUBLIC', category: null, department: 'Eng', post_url: null, experience_level: null, remote_work_status: null,
    salary_amount: null, salary_amount_from: null, salary_amount_to: null, salary_currency: null, salary_period: null, location: null,
    remote_url: null, opened_at: ts, closed_at: null, remote_created_at: ts, remote_updated_at: ts, contact_user_remote_id: 'u1',
    stages: [stage(id, 0), stage(id, 1), stage(id, 2)], screening_questions: [], job_postings: [],
    hiring_team: [{ user_remote_id: 'u1', hiring_team_roles: ['RECRUITER' as const], job_roles: [] }],
  });
  const candidate = (id: string, first: string) => ({
    remote_id: id, first_name: first, last_name: 'Doe', company: null, title: null, confidential: false, source: null,
    phone_numbers: [], email_addresses: [{ email_address: `${first.toLowerCase()}@example.com`, type: 'PERSONAL' }], social_media: [],
    location: null, remote_url: null, remote_created_at: ts, remote_updated_at: ts, tags: [{ remote_id: 't1', name: 'Alpha' }],
  });
  const application = (id: string, cand: string, jobId: string, stageN: number) => ({
    remote_id: id, candidate_remote_id: cand, job_remote_id: jobId, current_stage_remote_id: `${jobId}-s${stageN}`, outcome: 'PENDING' as const,
    rejection_reason_name: null, rejected_at: null, screening_question_answers: null, remote_url: null, remote_created_at: ts, remote_updated_at: ts,
  });
  return {
    users: [{ remote_id: 'u1', first_name: 'Uma', last_name: 'User', email: 'uma@example.com', status: 'ACTIVE', system_roles: [] }],
    roles: [],
    tags: [{ remote_id: 't1', name: 'Alpha' }, { remote_id: 't2', name: 'Beta' }],
    rejection_reasons: [{ remote_id: 'r1', name: 'No fit' }],
    jobs: [job('j1', 'Engineer'), job('j2', 'Designer')],
    candidates: [candidate('c1', 'Ann'), candidate('c2', 'Bob'), candidate('c3', 'Cid')],
    applications: [application('a1', 'c1', 'j1', 0), application('a2', 'c2', 'j1', 1), application('a3', 'c2', 'j2', 0), application('a4', 'c3', 'j2', 2)],
    interviews: [{
      remote_id: 'i1', application_remote_id: 'a2', stage_remote_id: 'j1-s1', title: 'Chat', starting_at: ts, ending_at: ts, location: null,
      video_conferencing_url: null, canceled: false, interviewer_remote_ids: ['u1'], remote_created_at: ts, remote_updated_at: ts,
    }],
    offers: [{ remote_id: 'o1', application_remote_id: 'a2', status: 'SENT', employment_start_date: ts, remote_created_at: ts, remote_updated_at: ts }],
    attachments: [],
  };
}

interface FakeState {
  store: Store;
  failOn: SourceModel | null;
  onList?: (model: SourceModel) => Promise<void>;
  /** Handed to the engine with the last page of each listing (a sync token kept once stored). */
  afterStored?: (model: SourceModel) => Promise<void>;
}

/** A connector over `store`, two records a page, failing on `failOn` when set. */
function fakeConnector(state: FakeState): Connector {
  return {
    manifest: { id: 'fake', label: 'Fake', category: 'ATS', credentials: [], defaultBaseUrl: null, capabilities: { models: ['users', 'roles', 'tags', 'rejection_reasons', 'jobs', 'candidates', 'applications', 'interviews', 'offers'], incremental: false } },
    verify: () => Promise.resolve(),
    async list(_ctx, model, { cursor }) {
      if (state.failOn === model) throw new Error(`vendor broke on ${model}`);
      if (cursor === null) await state.onList?.(model);
      const offset = Number(cursor ?? 0);
      const all = state.store[model];
      const next = offset + 2 < all.length ? String(offset + 2) : null;
      const done = state.afterStored;
      return { records: all.slice(offset, offset + 2) as never, next, ...(next === null && done ? { afterStored: () => done(model) } : {}) };
    },
    downloadAttachment: () => Promise.reject(new Error('no files')),
  };
}

describe.each(DIALECTS)('sync engine on $name', (dialect) => {
  let db: Db;
  let close: () => Promise<void>;
  let deps: SyncDeps;
  const state: FakeState = { store: seed(), failOn: null };
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  let runs = 0;
  const vault = new Vault('test');
  const integrationId = `fake:${dialect.name}`;

  beforeAll(async () => {
    ({ db, close } = await openTestDb(dialect));
    deps = {
      db, vault, logger: createLogger('silent'), fetch,
      connectorFor: () => fakeConnector(state),
      now: () => new Date((clock += 1000)),
    };
    await db.kysely.insertInto('environments').values({ id: 'env', name: 'default', created_at: ts }).execute();
  });
  afterAll(async () => {
    await close?.();
  });

  beforeEach(async () => {
    state.store = seed();
    state.failOn = null;
    delete state.onList;
    delete state.afterStored;
    await db.kysely.deleteFrom('records').execute();
    await db.kysely.deleteFrom('record_keys').execute();
    await db.kysely.deleteFrom('integrations').execute();
    await db.kysely.insertInto('integrations').values({
      id: integrationId, environment_id: 'env', tool: 'fake', status: 'ACTIVE', setup_status: 'FINAL_SYNC_PENDING', organization_name: 'Org',
      origin_id: null, creator_email: null, credentials: vault.encrypt('{}'), base_url: null, created_at: ts, updated_at: ts,
      first_synced_at: null, last_successful_sync_at: null, data_expired_at: null,
    }).execute();
  });

  async function sync() {
    const id = `run-${++runs}`;
    await db.kysely.insertInto('sync_runs').values({ id, integration_id: integrationId, type: 'FULL', state: 'QUEUED', created_at: ts, started_at: null, ended_at: null, error: null, stats: '{}' }).execute();
    const integration = await db.kysely.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirstOrThrow();
    const { state: result } = await executeSyncRun(deps, integration, id);
    const run = await db.kysely.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { state: result, stats: JSON.parse(run.stats) as Record<string, { created: number; updated: number; deleted: number; unchanged: number }> };
  }

  async function views(model: string, options: { updatedAfter?: string; includeDeleted?: boolean; keyFilters?: KeyFilter[] } = {}) {
    const rows = await listRecords(db.kysely, {
      integrationId, model, afterId: null, limit: 1000, includeDeleted: options.includeDeleted ?? false,
      updatedAfter: options.updatedAfter ?? null, remoteCreatedFrom: null, ids: null, remoteIds: null, keyFilters: options.keyFilters ?? [],
    });
    return (await composeViews(db.kysely, integrationId, model, rows)) as Array<Record<string, unknown> & { remote_id: string; changed_at: string }>;
  }
  const remoteIds = (rows: Array<{ remote_id: string }>) => rows.map((r) => r.remote_id).sort();
  const byRemote = async (model: string, remoteId: string) => (await views(model, { includeDeleted: true })).find((r) => r.remote_id === remoteId);
  const mark = () => new Date(clock).toISOString();

  it('stores, composes and completes the first sync', async () => {
    const { state: result, stats } = await sync();
    expect(result).toBe('SUCCEEDED');
    expect(stats['candidates']).toEqual({ created: 3, updated: 0, deleted: 0, unchanged: 0 });
    expect(stats['application_stages']?.created).toBe(6);
    const a2 = await byRemote('applications', 'a2');
    expect(a2).toMatchObject({ candidate: { first_name: 'Bob' }, job: { name: 'Engineer' }, current_stage: { name: 'Stage 1', index: 1 } });
    expect((a2?.['interviews'] as unknown[]).length).toBe(1);
    expect((a2?.['offers'] as unknown[]).length).toBe(1);
    const c2 = await byRemote('candidates', 'c2');
    expect((c2?.['applications'] as unknown[]).length).toBe(2);
    const integration = await db.kysely.selectFrom('integrations').selectAll().executeTakeFirstOrThrow();
    expect(integration.setup_status).toBe('COMPLETED');
  });

  it('calls a listing\'s afterStored only once its records are stored', async () => {
    const seenAtCallback = new Map<string, number>();
    state.afterStored = async (model) => {
      const stored = await db.kysely.selectFrom('records').select('remote_id').where('integration_id', '=', integrationId).where('model', '=', model).execute();
      seenAtCallback.set(model, stored.length);
    };
    await sync();
    expect(seenAtCallback.get('candidates')).toBe(3);
    expect(seenAtCallback.get('applications')).toBe(4);
    expect(seenAtCallback.has('roles')).toBe(true);
  });

  it('filters candidates and interviews by the jobs of their applications as these change back and forth', async () => {
    const jobOf = async (remote: string, model = 'candidates') =>
      (await views(model, { keyFilters: [{ field: 'job_id', op: 'in', values: [recordId(integrationId, 'jobs', remote)] }] })).map((v) => v['id']);
    const c1 = recordId(integrationId, 'candidates', 'c1');
    expect(await jobOf('j1')).toEqual([]);
    await sync();
    expect(await jobOf('j1')).toContain(c1);
    for (const [to, from] of [['j2', 'j1'], ['j1', 'j2']] as const) {
      const app = state.store.applications.find((a) => a.remote_id === 'a1');
      if (!app) throw new Error('seed changed');
      app.job_remote_id = to;
      app.current_stage_remote_id = `${to}-s0`;
      await sync();
      expect(await jobOf(to)).toContain(c1);
      expect(await jobOf(from)).not.toContain(c1);
    }
    expect(await jobOf('j1', 'interviews')).toEqual([recordId(integrationId, 'interviews', 'i1')]);
    expect(await jobOf('j2', 'interviews')).toEqual([]);
  });

  it('changes nothing when nothing changed', async () => {
    await sync();
    const before = await views('applications');
    const t0 = mark();
    const { stats } = await sync();
    expect(stats['applications']).toEqual({ created: 0, updated: 0, deleted: 0, unchanged: 4 });
    expect(await views('applications')).toEqual(before);
    for (const model of ['jobs', 'candidates', 'applications', 'interviews', 'offers', 'users', 'tags']) {
      expect(await views(model, { updatedAfter: t0 })).toEqual([]);
    }
  });

  it("moves changed_at only for the record's own fields, and updated_after per the nesting rules", async () => {
    await sync();
    const c2Before = await byRemote('candidates', 'c2');
    const a2Before = await byRemote('applications', 'a2');
    const t0 = mark();
    state.store.candidates[1] = { ...state.store.candidates[1]!, first_name: 'Robert' };
    await sync();
    const c2 = await byRemote('candidates', 'c2');
    expect(c2?.changed_at).not.toBe(c2Before?.changed_at);
    // applications.candidate is linked: its applications show up, with their own changed_at unchanged.
    const changedApps = await views('applications', { updatedAfter: t0 });
    expect(remoteIds(changedApps)).toEqual(['a2', 'a3']);
    expect((await byRemote('applications', 'a2'))?.changed_at).toBe(a2Before?.changed_at);
    expect((await byRemote('applications', 'a2'))?.['candidate']).toMatchObject({ first_name: 'Robert' });
    // interviews and offers see only their application, which did not change.
    expect(await views('interviews', { updatedAfter: t0 })).toEqual([]);
    expect(await views('offers', { updatedAfter: t0 })).toEqual([]);
  });

  it('does not bump parents for links the contract marks as untracked, but shows the new data', async () => {
    await sync();
    const c1Before = await byRemote('candidates', 'c1');
    const t0 = mark();
    state.store.jobs[0] = { ...state.store.jobs[0]!, name: 'Staff Engineer' };
    state.store.candidates[0] = { ...state.store.candidates[0]!, tags: [{ remote_id: 't1', name: 'Alpha' }, { remote_id: 't2', name: 'Beta' }] };
    await sync();
    expect(remoteIds(await views('jobs', { updatedAfter: t0 }))).toEqual(['j1']);
    // candidates.applications.job: not tracked; candidates.tags added: tracked.
    expect(remoteIds(await views('candidates', { updatedAfter: t0 }))).toEqual(['c1']);
    const c2 = await byRemote('candidates', 'c2');
    expect((c2?.['applications'] as Array<{ job: { name: string } }>).map((a) => a.job.name).sort()).toEqual(['Designer', 'Staff Engineer']);
    // applications.job and applications.candidate.tags: not tracked.
    expect(await views('applications', { updatedAfter: t0 })).toEqual([]);
    // Tags are nested data: the candidate's own changed_at stays.
    expect((await byRemote('candidates', 'c1'))?.changed_at).toBe(c1Before?.changed_at);
    expect((await byRemote('applications', 'a1'))?.['candidate']).toMatchObject({ tags: [{ name: 'Alpha' }, { name: 'Beta' }] });
  });

  it('follows SDK 1.3.x on jobs and stages: a screening question\'s content bumps its job, a stage\'s status its applications only', async () => {
    const question = { remote_id: 'q1', title: 'Why us?', description: null, format: null, category: null, index: 0, required: true, precondition_question_remote_id: null, precondition_options: null };
    state.store.jobs[0] = { ...state.store.jobs[0]!, screening_questions: [question] };
    await sync();
    const j1Before = await byRemote('jobs', 'j1');
    let t0 = mark();
    state.store.jobs[0] = { ...state.store.jobs[0]!, screening_questions: [{ ...question, title: 'Why this team?' }] };
    await sync();
    expect(remoteIds(await views('jobs', { updatedAfter: t0 }))).toEqual(['j1']);
    expect((await byRemote('jobs', 'j1'))?.changed_at).toBe(j1Before?.changed_at);

    t0 = mark();
    const job = state.store.jobs[0]!;
    state.store.jobs[0] = { ...job, stages: job.stages.map((st, i) => (i === 1 ? { ...st, status: 'INACTIVE' as const } : st)) };
    await sync();
    // applications.current_stage is linked; jobs.stages is added/removed only.
    expect(remoteIds(await views('applications', { updatedAfter: t0 }))).toEqual(['a2']);
    expect(await views('jobs', { updatedAfter: t0 })).toEqual([]);
    expect((await byRemote('jobs', 'j1'))?.['stages']).toEqual(expect.arrayContaining([expect.objectContaining({ remote_id: 'j1-s1', status: 'INACTIVE' })]));
  });

  it('propagates an application change to its candidate, interviews and offers', async () => {
    await sync();
    const c2Before = await byRemote('candidates', 'c2');
    const t0 = mark();
    state.store.applications[1] = { ...state.store.applications[1]!, current_stage_remote_id: 'j1-s2' };
    await sync();
    expect(remoteIds(await views('applications', { updatedAfter: t0 }))).toEqual(['a2']);
    expect(remoteIds(await views('candidates', { updatedAfter: t0 }))).toEqual(['c2']);
    expect((await byRemote('candidates', 'c2'))?.changed_at).toBe(c2Before?.changed_at);
    expect(remoteIds(await views('interviews', { updatedAfter: t0 }))).toEqual(['i1']);
    expect(remoteIds(await views('offers', { updatedAfter: t0 }))).toEqual(['o1']);
  });

  it('marks records missing from a complete listing as deleted, and brings them back', async () => {
    await sync();
    const t0 = mark();
    const removed = state.store.applications.splice(2, 1);
    const { stats } = await sync();
    expect(stats['applications']?.deleted).toBe(1);
    expect(remoteIds(await views('applications'))).toEqual(['a1', 'a2', 'a4']);
    const deleted = await byRemote('applications', 'a3');
    expect(deleted?.['remote_deleted_at']).toEqual(expect.any(String));
    expect(remoteIds(await views('applications', { updatedAfter: t0, includeDeleted: true }))).toContain('a3');
    const c2 = await byRemote('candidates', 'c2');
    expect((c2?.['applications'] as unknown[]).length).toBe(1);
    expect(remoteIds(await views('candidates', { updatedAfter: t0 }))).toEqual(['c2']);

    state.store.applications.push(...removed);
    await sync();
    expect((await byRemote('applications', 'a3'))?.['remote_deleted_at']).toBeNull();
    expect(((await byRemote('candidates', 'c2'))?.['applications'] as unknown[]).length).toBe(2);
  });

  it("keeps a candidate's applications current: stage moves, new ones, and a candidate stored after its applications", async () => {
    const application = (id: string, cand: string, stageN: number) => ({
      remote_id: id, candidate_remote_id: cand, job_remote_id: 'j1', current_stage_remote_id: `j1-s${stageN}`, outcome: 'PENDING' as const,
      rejection_reason_name: null, rejected_at: null, screening_question_answers: null, remote_url: null, remote_created_at: ts, remote_updated_at: ts,
    });
    // a6 belongs to a candidate the vendor does not list yet.
    state.store.applications.push(application('a6', 'c4', 0));
    await sync();
    const stagesOf = async (candidate: string) =>
      ((await byRemote('candidates', candidate))?.['applications'] as Array<{ remote_id: string; current_stage: { name: string } }> | undefined)?.map((a) => `${a.remote_id}:${a.current_stage.name}`);
    expect(await stagesOf('c1')).toEqual(['a1:Stage 0']);

    const a1 = state.store.applications.find((a) => a.remote_id === 'a1');
    if (!a1) throw new Error('seed has a1');
    a1.current_stage_remote_id = 'j1-s2';
    state.store.applications.push(application('a5', 'c1', 1));
    state.store.candidates.push({ ...(state.store.candidates[0] as Store['candidates'][number]), remote_id: 'c4', first_name: 'Dee' });
    await sync();
    expect((await stagesOf('c1'))?.sort()).toEqual(['a1:Stage 2', 'a5:Stage 1']);
    expect(await stagesOf('c4')).toEqual(['a6:Stage 0']);
    // An application that moves to another candidate (a merge at the vendor) leaves the first one's view.
    const a4 = state.store.applications.find((a) => a.remote_id === 'a4');
    if (!a4) throw new Error('seed has a4');
    a4.candidate_remote_id = 'c1';
    const beforeMove = mark();
    await sync();
    expect((await stagesOf('c1'))?.sort()).toEqual(['a1:Stage 2', 'a4:Stage 2', 'a5:Stage 1']);
    expect(await stagesOf('c3')).toEqual([]);
    expect(remoteIds(await views('candidates', { updatedAfter: beforeMove }))).toEqual(['c1', 'c3']);
    // The candidate's view nests what the application's own view says.
    const a5 = await byRemote('applications', 'a5');
    const nested = ((await byRemote('candidates', 'c1'))?.['applications'] as Array<Record<string, unknown>>).find((a) => a['remote_id'] === 'a5');
    expect(nested).toMatchObject({ id: a5?.['id'], changed_at: a5?.['changed_at'], outcome: 'PENDING', job: { name: 'Engineer' } });
  });

  /** The fake connector made incremental, with `listDeleted` as given; runs one DELTA sync with it. */
  async function deltaWith(listDeleted: Connector['listDeleted']) {
    const base = fakeConnector(state);
    const incremental: Connector = {
      ...base,
      manifest: { ...base.manifest, capabilities: { ...base.manifest.capabilities, incremental: true } },
      ...(listDeleted ? { listDeleted } : {}),
    };
    const original = deps.connectorFor;
    deps.connectorFor = () => incremental;
    try {
      const id = `run-${++runs}`;
      await db.kysely.insertInto('sync_runs').values({ id, integration_id: integrationId, type: 'DELTA', state: 'QUEUED', created_at: ts, started_at: null, ended_at: null, error: null, stats: '{}' }).execute();
      const integration = await db.kysely.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirstOrThrow();
      return await executeSyncRun(deps, integration, id, undefined, 'DELTA');
    } finally {
      deps.connectorFor = original;
    }
  }

  it('keeps a delta\'s listings when its deleted-records report fails, and applies the deletions on the next delta', async () => {
    await sync();
    (state.store.candidates[0] as { first_name: string }).first_name = 'Anna';
    const partial = await deltaWith(() => Promise.reject(new Error('report unavailable')));
    expect(partial.state).toBe('PARTIALLY_FAILED');
    expect(partial.error).toContain('report unavailable');
    expect((await byRemote('candidates', 'c1'))?.['first_name']).toBe('Anna');
    expect((await byRemote('candidates', 'c3'))?.['remote_deleted_at']).toBeNull();

    const next = await deltaWith(() => Promise.resolve([{ model: 'candidates', remote_id: 'c3' }]));
    expect(next.state).toBe('SUCCEEDED');
    expect(next.stats['candidates']?.deleted).toBe(1);
    expect(remoteIds(await views('candidates'))).toEqual(['c1', 'c2']);
  });

  it('detects deletions at a full sync without rewriting the unchanged records it saw', async () => {
    await sync();
    const marks = async () => (await db.kysely.selectFrom('records').select(['remote_id', 'last_seen_run']).where('integration_id', '=', integrationId).where('model', '=', 'candidates').execute()).map((r) => `${r.remote_id}@${r.last_seen_run}`).sort();
    const before = await marks();
    state.store.candidates = state.store.candidates.filter((c) => c.remote_id !== 'c3');
    const run = await sync();
    expect(run.stats['candidates']).toMatchObject({ unchanged: 2, deleted: 1 });
    // c1 and c2 were seen and left untouched; c3 was not seen and is deleted.
    expect(await marks()).toEqual(before);
    expect(remoteIds(await views('candidates'))).toEqual(['c1', 'c2']);
    expect((await byRemote('candidates', 'c3'))?.['remote_deleted_at']).toBeTruthy();
  });

  it('saves per-model progress while running, and groups the errors of failed models', async () => {
    const seenMidway: Array<Record<string, unknown>> = [];
    state.onList = async (model) => {
      if (model === 'candidates') {
        const running = await db.kysely.selectFrom('sync_runs').select(['state', 'progress']).where('integration_id', '=', integrationId).where('state', '=', 'RUNNING').executeTakeFirstOrThrow();
        seenMidway.push(JSON.parse(running.progress ?? 'null') as Record<string, unknown>);
      }
      if (model === 'tags' || model === 'offers') throw new Error('vendor down');
      if (model === 'roles') throw new AppError('INTEGRATION.PERMISSION_MISSING', 'roles are hidden');
    };
    const result = await sync();
    expect(result.state).toBe('PARTIALLY_FAILED');
    expect(seenMidway).toHaveLength(1);
    // Midway: what was listed before candidates, each with its records and pages.
    expect(seenMidway[0]).toMatchObject({
      models: { users: { records: 1, pages: 1, state: 'DONE' }, roles: { records: 0, pages: 0, state: 'FAILED' }, tags: { state: 'FAILED' }, jobs: { records: 2, pages: 1, state: 'DONE' } },
      errors: [{ message: 'roles are hidden', count: 1, models: ['roles'] }, { message: 'vendor down', count: 1, models: ['tags'] }],
    });
    expect(seenMidway[0]?.['models']).not.toHaveProperty('candidates');
    const run = await db.kysely.selectFrom('sync_runs').select(['error', 'progress']).where('id', '=', `run-${runs}`).executeTakeFirstOrThrow();
    // One line per distinct error, with the models it hit.
    expect(run.error).toBe('roles: roles are hidden; tags, offers: vendor down');
    expect(JSON.parse(run.progress ?? 'null')).toMatchObject({
      models: { candidates: { records: 3, pages: 2, state: 'DONE' }, applications: { records: 4, pages: 2, state: 'DONE' }, offers: { state: 'FAILED' } },
      retries: 0,
      rate_limit_waits: 0,
      errors: [
        { message: 'roles are hidden', count: 1, models: ['roles'], code: 'INTEGRATION.PERMISSION_MISSING', first_at: expect.stringMatching(/^\d{4}-/) },
        { message: 'vendor down', count: 2, models: ['tags', 'offers'], code: null, first_at: expect.stringMatching(/^\d{4}-/) },
      ],
    });
  });

  it('fails a run whose every listing fails, without touching the data', async () => {
    await sync();
    const before = await views('candidates');
    state.store.candidates.pop();
    const broken = fakeConnector(state);
    const original = deps.connectorFor;
    deps.connectorFor = () => ({ ...broken, list: () => Promise.reject(new Error('vendor down')) });
    try {
      const { state: result } = await sync();
      expect(result).toBe('FAILED');
    } finally {
      deps.connectorFor = original;
    }
    expect(await views('candidates')).toEqual(before);
  });

  it('never deletes anything on a partial sync, and a re-run ends with the same data as an uninterrupted one', async () => {
    await sync();
    const snapshot = async () => {
      const out: Record<string, unknown> = {};
      for (const model of ['jobs', 'candidates', 'applications', 'interviews', 'offers', 'users', 'tags', 'application_stages']) {
        out[model] = await views(model, { includeDeleted: true });
      }
      return out;
    };
    const before = await snapshot();
    state.store.candidates.pop();
    state.failOn = 'offers';
    const failed = await sync();
    expect(failed.state).toBe('PARTIALLY_FAILED');
    expect(remoteIds(await views('candidates'))).toEqual(['c1', 'c2', 'c3']);
    state.store.candidates = seed().candidates;
    state.failOn = null;
    expect((await sync()).state).toBe('SUCCEEDED');
    expect(await snapshot()).toEqual(before);
    const count = await db.kysely.selectFrom('records').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2 + 1 + 1 + 2 + 6 + 3 + 4 + 1 + 1);
  });

  it('keeps keyset pages correct while a sync writes between them', async () => {
    await sync();
    const stable = new Set(remoteIds(await views('applications')).filter((id) => id !== 'a3'));
    const seen: string[] = [];
    let afterId: string | null = null;
    for (let page = 0; page < 20; page++) {
      const rows = await listRecords(db.kysely, {
        integrationId, model: 'applications', afterId, limit: 1, includeDeleted: false,
        updatedAfter: null, remoteCreatedFrom: null, ids: null, remoteIds: null, keyFilters: [],
      });
      const row = rows[0];
      if (!row) break;
      seen.push(row.remote_id ?? '');
      afterId = row.id;
      if (page === 0) {
        // Between two pages: one application disappears, another appears and one changes.
        state.store.applications = state.store.applications.filter((a) => a.remote_id !== 'a3');
        state.store.applications.push({ ...state.store.applications[0]!, remote_id: 'a9' });
        state.store.applications[1] = { ...state.store.applications[1]!, outcome: 'HIRED' };
        await sync();
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of stable) expect(seen).toContain(id);
  });

  it('does not mark deleted what a write action stored while a full sync was listing', async () => {
    await sync();
    const integration = await db.kysely.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirstOrThrow();
    const created = { ...state.store.applications[0]!, remote_id: 'a-written' };
    state.onList = async (model) => {
      // The applications listing is over; the vendor now gets a new application through a write.
      if (model !== 'interviews') return;
      state.store.applications.push(created);
      await ingestSourceRecords(deps, integration, 'applications', [created]);
    };
    expect((await sync()).state).toBe('SUCCEEDED');
    expect((await byRemote('applications', 'a-written'))?.['remote_deleted_at']).toBeNull();
    delete state.onList;
    state.store.applications = state.store.applications.filter((a) => a.remote_id !== 'a-written');
    await sync();
    expect((await byRemote('applications', 'a-written'))?.['remote_deleted_at']).toEqual(expect.any(String));
  });


  it("moves updated_at of the records tracking what a write action stored, and only theirs", async () => {
    await sync();
    const integration = await db.kysely.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirstOrThrow();
    const t0 = mark();
    clock += 1000;
    await ingestSourceRecords(deps, integration, 'applications', [{ ...state.store.applications[1]!, outcome: 'HIRED' }]);
    expect(remoteIds(await views('applications', { updatedAfter: t0 }))).toEqual(['a2']);
    expect(remoteIds(await views('candidates', { updatedAfter: t0 }))).toEqual(['c2']);
    expect(remoteIds(await views('interviews', { updatedAfter: t0 }))).toEqual(['i1']);
    expect(remoteIds(await views('offers', { updatedAfter: t0 }))).toEqual(['o1']);
    expect(await views('jobs', { updatedAfter: t0 })).toEqual([]);
    expect((await byRemote('candidates', 'c2'))?.['applications']).toEqual(expect.arrayContaining([expect.objectContaining({ outcome: 'HIRED' })]));
  });

  it('stores each record once on a first sync: no record is rewritten for its children', async () => {
    await sync();
    const versions = await db.kysely.selectFrom('records').select(['model', 'version']).where('integration_id', '=', integrationId).execute();
    expect(versions.filter((r) => Number(r.version) !== 1)).toEqual([]);
  });
});
