import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AppError, VendorAuthError, VendorError } from '../../lib/errors.js';
import { LocationSchema, ScreeningQuestionAnswerSchema, ScreeningQuestionFormatSchema } from '../../model/common.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import { SOURCE_MODELS, type SourceModel, type SourceRecordMap } from '../source-records.js';
import { sandboxConnector } from './connector.js';
import { EPOCH_MS, SandboxGenerator, sandboxCounts } from './generator.js';
import { sandboxManifest } from './manifest.js';

const ctx = (credentials: Record<string, string> = {}): ConnectorContext => ({
  integrationId: 'test-integration',
  credentials,
  baseUrl: null,
  fetch: globalThis.fetch,
  state: memoryState(),
  logger: pino({ level: 'silent' }),
});

const all = <M extends SourceModel>(gen: SandboxGenerator, model: M): SourceRecordMap[M][] => [...gen.walk(model)];

async function listAll<M extends SourceModel>(credentials: Record<string, string>, model: M) {
  const records: SourceRecordMap[M][] = [];
  const cursors: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof sandboxConnector.list<M>>> = await sandboxConnector.list(ctx(credentials), model, { cursor });
    records.push(...page.records);
    cursor = page.next;
    if (cursor !== null) cursors.push(cursor);
  } while (cursor !== null);
  return { records, cursors };
}

const isIso = (value: string | null): boolean => value !== null && new Date(value).toISOString() === value;

function byId<T extends { remote_id: string }>(records: readonly T[]): Map<string, T> {
  return new Map(records.map((r) => [r.remote_id, r]));
}

describe('sandbox generator', () => {
  it('is deterministic per (seed, index) and differs across seeds', () => {
    const a = new SandboxGenerator({ size: 300, seed: 42 });
    const b = new SandboxGenerator({ size: 300, seed: 42 });
    const other = new SandboxGenerator({ size: 300, seed: 43 });
    for (const i of [0, 1, 7, 11]) expect(a.user(i)).toEqual(b.user(i));
    for (const i of [0, 4, 14]) expect(a.get(i)).toEqual(b.get(i));
    for (const i of [0, 1, 150, 299]) expect(a.candidate(i)).toEqual(b.candidate(i));
    // Out-of-order access gives the same record as a sequential walk.
    expect(all(a, 'candidates')[123]).toEqual(new SandboxGenerator({ size: 300, seed: 42 }).candidate(123).candidate);

    expect(other.candidate(0)).not.toEqual(a.candidate(0));
    expect(other.get(3).record).not.toEqual(a.get(3).record);
    const names = (g: SandboxGenerator) => all(g, 'candidates').map((c) => `${c.first_name} ${c.last_name}`);
    expect(names(other)).not.toEqual(names(a));
  });

  it('retires a stage on every fourth job and gives the stages of two jobs in three custom fields, whatever the seed', () => {
    for (const seed of [1, 42]) {
      const gen = new SandboxGenerator({ size: 300, seed });
      const jobs = all(gen, 'jobs');
      jobs.forEach((job, i) => {
        const inactive = job.stages.filter((st) => st.status === 'INACTIVE').map((st) => st.index);
        expect(inactive, job.remote_id).toEqual(i % 4 === 1 ? [2] : []);
        for (const st of job.stages) {
          if (st.status !== 'INACTIVE') expect(st.status).toBe('ACTIVE');
          if (i % 3 === 0) expect(st.custom_fields).toBeNull();
          else expect(st.custom_fields).toEqual({ stage_type: expect.any(String), target_days: 3 + (st.index ?? 0) * 2 });
        }
      });
      // Applications do sit in retired stages, as they may in a real ATS.
      const retired = new Set(jobs.flatMap((j) => j.stages.filter((st) => st.status === 'INACTIVE').map((st) => st.remote_id)));
      expect(all(gen, 'applications').some((a) => retired.has(a.current_stage_remote_id ?? ''))).toBe(true);
    }
  });

  it('generates a far index without generating the ones before it', () => {
    const gen = new SandboxGenerator({ size: 1_000_000, seed: 9 });
    const started = performance.now();
    const bundle = gen.candidate(999_999);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(bundle.candidate.remote_id).toBe('cand-1000000');
    expect(bundle.applications.length).toBeGreaterThan(0);
  });

  it('resolves every reference', () => {
    const gen = new SandboxGenerator({ size: 1000, seed: 7 });
    const users = byId(all(gen, 'users'));
    const roles = byId(all(gen, 'roles'));
    const tags = byId(all(gen, 'tags'));
    const reasons = new Set(all(gen, 'rejection_reasons').map((r) => r.name));
    const jobs = byId(all(gen, 'jobs'));
    const candidates = byId(all(gen, 'candidates'));
    const applications = byId(all(gen, 'applications'));
    const interviews = all(gen, 'interviews');
    const offers = all(gen, 'offers');
    const attachments = all(gen, 'attachments');

    for (const user of users.values()) {
      expect(user.system_roles.length).toBeGreaterThanOrEqual(1);
      for (const ref of user.system_roles) expect(roles.get(ref.remote_id ?? '')).toEqual({ ...ref, scope: 'SYSTEM' });
    }

    const stageOwner = new Map<string, { job: string; index: number; count: number }>();
    for (const job of jobs.values()) {
      expect(users.has(job.contact_user_remote_id ?? '')).toBe(true);
      expect(job.job_code).toMatch(/^[A-Z]{3}-\d{4}$/);
      expect(['OPEN', 'CLOSED', 'DRAFT', 'ARCHIVED']).toContain(job.status);
      expect(job.opened_at === null).toBe(job.status === 'DRAFT');
      expect(job.closed_at !== null).toBe(job.status === 'CLOSED' || job.status === 'ARCHIVED');
      expect(LocationSchema.safeParse(job.location).success).toBe(true);
      expect(job.location?.country).toMatch(/^[A-Z]{2}$/);
      expect(job.stages.length).toBeGreaterThanOrEqual(5);
      expect(job.stages.length).toBeLessThanOrEqual(7);
      job.stages.forEach((stage, i) => {
        expect(stage.index).toBe(i);
        expect(stageOwner.has(stage.remote_id)).toBe(false);
        stageOwner.set(stage.remote_id, { job: job.remote_id, index: i, count: job.stages.length });
      });
      expect(job.stages[0]?.name).toBe('Application Review');
      expect(job.stages.at(-1)?.name).toBe('Hired');
      expect(job.screening_questions.length).toBeLessThanOrEqual(4);
      for (const q of job.screening_questions) expect(ScreeningQuestionFormatSchema.safeParse(q.format).success).toBe(true);
      expect(job.job_postings).toHaveLength(1);
      expect(job.hiring_team.length).toBeGreaterThanOrEqual(2);
      expect(job.hiring_team.length).toBeLessThanOrEqual(4);
      expect(new Set(job.hiring_team.map((m) => m.user_remote_id)).size).toBe(job.hiring_team.length);
      for (const member of job.hiring_team) {
        expect(users.has(member.user_remote_id)).toBe(true);
        for (const ref of member.job_roles) {
          expect(ref.scope).toBe('JOB');
          expect(roles.get(ref.remote_id ?? '')).toEqual(ref);
        }
      }
    }

    for (const candidate of candidates.values()) {
      for (const tag of candidate.tags) expect(tags.get(tag.remote_id)).toEqual(tag);
      expect(candidate.email_addresses[0]?.type).toBe('PERSONAL');
    }

    const perCandidate = new Map<string, string[]>();
    for (const app of applications.values()) {
      expect(candidates.has(app.candidate_remote_id)).toBe(true);
      const job = jobs.get(app.job_remote_id ?? '');
      if (!job) throw new Error(`missing job ${app.job_remote_id}`);
      expect(job.status).not.toBe('DRAFT');
      const stage = stageOwner.get(app.current_stage_remote_id ?? '');
      expect(stage?.job).toBe(job.remote_id);
      if (app.outcome === 'HIRED') expect(stage?.index).toBe(job.stages.length - 1);
      else expect(stage?.index).toBeLessThan(job.stages.length - 1);
      if (app.outcome === 'DECLINED') {
        expect(reasons.has(app.rejection_reason_name)).toBe(true);
        expect(isIso(app.rejected_at)).toBe(true);
      } else {
        expect(app.rejection_reason_name).toBeNull();
        expect(app.rejected_at).toBeNull();
      }
      const questions = byId(job.screening_questions);
      for (const answer of app.screening_question_answers ?? []) {
        expect(ScreeningQuestionAnswerSchema.safeParse(answer).success).toBe(true);
        const question = questions.get(answer.question.remote_id ?? '');
        expect(question?.title).toBe(answer.question.title);
        expect(question?.format?.type).toBe(answer.question.type);
        const format = question?.format;
        const optionNames = format && 'options' in format ? format.options.map((o) => o.name) : [];
        if ('choice' in answer.answer) expect(optionNames).toContain(answer.answer.choice);
        if ('choices' in answer.answer) for (const choice of answer.answer.choices ?? []) expect(optionNames).toContain(choice);
      }
      perCandidate.set(app.candidate_remote_id, [...(perCandidate.get(app.candidate_remote_id) ?? []), app.job_remote_id ?? '']);
    }
    expect(perCandidate.size).toBe(candidates.size);
    for (const jobIds of perCandidate.values()) {
      expect(jobIds.length).toBeGreaterThanOrEqual(1);
      expect(jobIds.length).toBeLessThanOrEqual(3);
      expect(new Set(jobIds).size).toBe(jobIds.length);
    }

    for (const interview of interviews) {
      const app = applications.get(interview.application_remote_id ?? '');
      if (!app) throw new Error(`missing application ${interview.application_remote_id}`);
      const stage = stageOwner.get(interview.stage_remote_id ?? '');
      expect(stage?.job).toBe(app.job_remote_id);
      expect(stageOwner.get(app.current_stage_remote_id ?? '')?.index).toBeGreaterThanOrEqual(2);
      const team = jobs.get(app.job_remote_id ?? '')?.hiring_team.map((m) => m.user_remote_id) ?? [];
      expect(interview.interviewer_remote_ids.length).toBeGreaterThanOrEqual(1);
      expect(interview.interviewer_remote_ids.length).toBeLessThanOrEqual(3);
      for (const id of interview.interviewer_remote_ids) {
        expect(users.has(id)).toBe(true);
        expect(team).toContain(id);
      }
      expect(interview.starting_at !== null && interview.ending_at !== null && interview.starting_at < interview.ending_at).toBe(true);
    }

    for (const offer of offers) {
      const app = applications.get(offer.application_remote_id ?? '');
      if (!app) throw new Error(`missing application ${offer.application_remote_id}`);
      const stage = stageOwner.get(app.current_stage_remote_id ?? '');
      expect(stage && stage.index >= stage.count - 2).toBe(true);
      if (app.outcome === 'HIRED') expect(offer.status).toBe('ACCEPTED');
      expect(isIso(offer.employment_start_date)).toBe(true);
    }

    const cvs = new Map<string, number>();
    for (const attachment of attachments) {
      expect(candidates.has(attachment.candidate_remote_id)).toBe(true);
      if (attachment.application_remote_id !== null) {
        expect(applications.get(attachment.application_remote_id)?.candidate_remote_id).toBe(attachment.candidate_remote_id);
      }
      if (attachment.type === 'CV') cvs.set(attachment.candidate_remote_id, (cvs.get(attachment.candidate_remote_id) ?? 0) + 1);
    }
    expect(cvs.size).toBe(candidates.size);
    expect([...cvs.values()].every((n) => n === 1)).toBe(true);
    expect(attachments.some((a) => a.type === 'COVER_LETTER')).toBe(true);

    // All timestamps are ISO strings at or before the fixed epoch (interviews may be upcoming).
    for (const model of SOURCE_MODELS) {
      for (const record of all(gen, model)) {
        if (!('remote_created_at' in record)) continue;
        expect(isIso(record.remote_created_at)).toBe(true);
        expect(isIso(record.remote_updated_at)).toBe(true);
        if (model !== 'interviews') expect(Date.parse(record.remote_updated_at ?? '')).toBeLessThanOrEqual(EPOCH_MS);
        expect((record.remote_created_at ?? '') <= (record.remote_updated_at ?? '')).toBe(true);
      }
    }
  });

  it('keeps remote ids unique per model', () => {
    const gen = new SandboxGenerator({ size: 1500, seed: 3 });
    for (const model of SOURCE_MODELS) {
      const ids = all(gen, model).map((r) => r.remote_id);
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids).size, model).toBe(ids.length);
    }
    const emails = all(gen, 'users').map((u) => u.email);
    expect(new Set(emails).size).toBe(emails.length);
    const bigUsers = all(new SandboxGenerator({ size: 1_000_000, seed: 5 }), 'users').map((u) => u.email);
    expect(bigUsers).toHaveLength(250);
    expect(new Set(bigUsers).size).toBe(250);
  });

  it('scales counts with size', () => {
    const count = (size: number) => {
      const gen = new SandboxGenerator({ size, seed: 1 });
      return Object.fromEntries(SOURCE_MODELS.map((m) => [m, all(gen, m).length])) as Record<SourceModel, number>;
    };
    expect(sandboxCounts(0)).toMatchObject({ users: 8, jobs: 5, candidates: 0 });
    expect(sandboxCounts(500)).toMatchObject({ users: 12, jobs: 25, candidates: 500 });
    expect(sandboxCounts(1_000_000)).toMatchObject({ users: 250, jobs: 5000 });
    const empty = count(0);
    expect(empty).toMatchObject({ users: 8, jobs: 5, candidates: 0, applications: 0, attachments: 0 });
    const small = count(200);
    const large = count(2000);
    expect(large.candidates).toBe(2000);
    expect(large.jobs).toBe(100);
    expect(large.users).toBe(50);
    for (const c of [small, large]) {
      expect(c.applications).toBeGreaterThanOrEqual(c.candidates);
      expect(c.applications).toBeLessThanOrEqual(3 * c.candidates);
      expect(c.attachments).toBeGreaterThanOrEqual(c.candidates);
    }
    expect(large.applications).toBeGreaterThan(small.applications * 8);
    expect(large.interviews).toBeGreaterThan(small.interviews * 5);
    expect(large.offers).toBeGreaterThan(small.offers * 5);
  });
});

describe('sandbox connector', () => {
  it('has the manifest', () => {
    expect(sandboxConnector.manifest).toBe(sandboxManifest);
    expect(sandboxManifest).toMatchObject({ id: 'sandbox', label: 'Sandbox', category: 'ATS', defaultBaseUrl: null });
    expect(sandboxManifest.capabilities).toMatchObject({ models: SOURCE_MODELS, incremental: false });
    expect(sandboxManifest.capabilities.writes).toMatchObject({ resultLinks: 'note' });
    expect(sandboxManifest.capabilities.writes?.actions).toHaveLength(12);
    // Size and seed, then the fault settings (settings.test.ts): all optional, none secret.
    expect(sandboxManifest.credentials.map((c) => [c.key, c.required, c.secret])).toEqual(
      ['size', 'seed', 'fail_rate_429', 'retry_after_seconds', 'fail_rate_500', 'drop_rate', 'slow_ms', 'fault_models', 'churn'].map((key) => [key, false, false]),
    );
  });

  it('verifies the credentials', async () => {
    const valid: Record<string, string>[] = [{}, { size: '0', seed: '0' }, { size: '1000000' }, { seed: '123456789012' }, { size: ' 25 ', seed: '' }];
    for (const ok of valid) {
      await expect(sandboxConnector.verify(ctx(ok))).resolves.toBeUndefined();
    }
    const invalid: Record<string, string>[] = [{ size: '-1' }, { size: 'abc' }, { size: '1000001' }, { size: '1.5' }, { seed: '-3' }, { seed: '1e3' }];
    for (const bad of invalid) {
      await expect(sandboxConnector.verify(ctx(bad))).rejects.toBeInstanceOf(VendorAuthError);
    }
  });

  it('pages through every model exactly like a single full walk', async () => {
    const credentials = { size: '450', seed: '11' };
    const gen = new SandboxGenerator({ size: 450, seed: 11 });
    for (const model of SOURCE_MODELS) {
      const { records, cursors } = await listAll(credentials, model);
      const full = gen.slice(model, 0, Number.MAX_SAFE_INTEGER);
      expect(full.nextOffset).toBeNull();
      expect(records, model).toEqual(full.records);
      if (model === 'candidates' || model === 'applications') expect(cursors).toHaveLength(2);
    }
  });

  it('rejects cursors it did not issue or that belong to another listing', async () => {
    const first = await sandboxConnector.list(ctx({ size: '450' }), 'candidates', { cursor: null });
    expect(first.records).toHaveLength(200);
    const next = first.next ?? '';
    await expect(sandboxConnector.list(ctx({ size: '450' }), 'applications', { cursor: next })).rejects.toBeInstanceOf(VendorError);
    await expect(sandboxConnector.list(ctx({ size: '451' }), 'candidates', { cursor: next })).rejects.toBeInstanceOf(VendorError);
    await expect(sandboxConnector.list(ctx({ size: '450' }), 'candidates', { cursor: 'garbage' })).rejects.toBeInstanceOf(VendorError);
    const second = await sandboxConnector.list(ctx({ size: '450' }), 'candidates', { cursor: next });
    expect(second.records[0]?.remote_id).toBe('cand-201');
  });

  it('downloads attachments deterministically', async () => {
    const credentials = { size: '300', seed: '5' };
    const attachments = all(new SandboxGenerator({ size: 300, seed: 5 }), 'attachments');
    const cv = attachments.find((a) => a.type === 'CV');
    const letter = attachments.find((a) => a.type === 'COVER_LETTER');
    if (!cv || !letter) throw new Error('expected a CV and a cover letter');

    const pdf = await sandboxConnector.downloadAttachment(ctx(credentials), cv);
    expect(pdf.contentType).toBe('application/pdf');
    const text = new TextDecoder().decode(pdf.body);
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);
    const xref = Number(/startxref\n(\d+)\n/.exec(text)?.[1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
    const offsets = [...text.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, i) => expect(text.slice(offset).startsWith(`${i + 1} 0 obj`)).toBe(true));
    expect(await sandboxConnector.downloadAttachment(ctx(credentials), cv)).toEqual(pdf);

    const cover = await sandboxConnector.downloadAttachment(ctx(credentials), letter);
    expect(cover.contentType).toMatch(/^text\/plain/);
    expect(new TextDecoder().decode(cover.body)).toContain('Dear Hiring Team');

    const unknown = [
      { remote_id: 'att-1-nope', candidate_remote_id: 'cand-1' },
      { remote_id: cv.remote_id, candidate_remote_id: 'cand-299' },
      { remote_id: 'att-301-cv', candidate_remote_id: 'cand-301' },
      { remote_id: 'x', candidate_remote_id: 'someone' },
    ];
    for (const attachment of unknown) {
      const error: unknown = await sandboxConnector.downloadAttachment(ctx(credentials), attachment).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VendorError);
      expect(error instanceof AppError ? error.code : null).toBe('REMOTE.INPUT_INVALID');
    }
  });
});
