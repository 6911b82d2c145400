/** The Sandbox as a vendor: writes persist in its state and show in every later listing. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger.js';
import type { ConnectorContext, Page } from '../connector.js';
import { memoryState } from '../memory-state.js';
import type { SourceModel, SourceRecordMap } from '../source-records.js';
import type { ConnectorWrites, CreateApplicationInput } from '../writes.js';
import { sandboxConnector } from './connector.js';
import { SandboxGenerator } from './generator.js';
import { readNotes } from './overlay.js';

const SIZE = 200;

function context(): ConnectorContext {
  return { integrationId: `sandbox:test-${Math.random()}`, credentials: { size: String(SIZE) }, baseUrl: null, fetch, logger: createLogger('silent'), state: memoryState() };
}

async function listAll<M extends SourceModel>(ctx: ConnectorContext, model: M): Promise<Array<SourceRecordMap[M]>> {
  const out: Array<SourceRecordMap[M]> = [];
  let cursor: string | null = null;
  do {
    const page: Page<M> = await sandboxConnector.list(ctx, model, { cursor });
    out.push(...page.records);
    cursor = page.next;
  } while (cursor);
  return out;
}

const writes = sandboxConnector.writes as Required<ConnectorWrites>;
const generator = new SandboxGenerator({ size: SIZE, seed: 1 });
const openJob = generator.get(0).record;
const closedJob = Array.from({ length: generator.counts.jobs }, (_, i) => generator.get(i)).find((j) => j.status === 'CLOSED')?.record;

const newApplication = (email: string, job = openJob): CreateApplicationInput => ({
  job_remote_id: job.remote_id,
  stage_remote_id: null,
  candidate: {
    first_name: 'Ada',
    last_name: 'Lovelace',
    email_address: email,
    additional_email_addresses: [],
    company: 'Analytical Engines',
    title: null,
    phone_number: '+44 20 0000 0000',
    additional_phone_numbers: [],
    location: { city: 'London', country: 'GB', state: null, street_1: null, zip_code: null },
    gender: null,
    availability_date: null,
    salary_expectations: null,
    social_links: [{ url: 'https://www.linkedin.com/in/ada' }],
  },
  attachments: [{ name: 'CV.pdf', content_type: 'application/pdf', type: 'CV', data: new TextEncoder().encode('%PDF-1.4') }],
  screening_question_answers: [],
  source: { name: 'Referral', unified_key: null, id: null },
  sourced_by_user_remote_id: 'user-1',
  gdpr_consent: null,
  remote_fields: {},
});

describe('sandbox writes', () => {
  it('creates a candidate and an application that every later listing contains', async () => {
    const ctx = context();
    const result = await writes.createApplication(ctx, newApplication('ada@example.com'));
    expect(result.candidate_remote_id).toMatch(/^cand-w\d+$/);
    const candidates = await listAll(ctx, 'candidates');
    expect(candidates).toHaveLength(SIZE + 1);
    expect(candidates.find((c) => c.remote_id === result.candidate_remote_id)).toMatchObject({ first_name: 'Ada', source: 'Referral', location: { country: 'GB' } });
    const applications = await listAll(ctx, 'applications');
    expect(applications.find((a) => a.remote_id === result.application_remote_id)).toMatchObject({
      candidate_remote_id: result.candidate_remote_id,
      job_remote_id: openJob.remote_id,
      current_stage_remote_id: openJob.stages[0]?.remote_id,
      outcome: 'PENDING',
    });
    const cv = (await listAll(ctx, 'attachments')).find((a) => a.candidate_remote_id === result.candidate_remote_id);
    expect(cv).toMatchObject({ type: 'CV', application_remote_id: null, file_name: 'CV.pdf' });
    const file = await sandboxConnector.downloadAttachment(ctx, { remote_id: cv?.remote_id ?? '', candidate_remote_id: result.candidate_remote_id });
    expect(Buffer.from(file.body).toString()).toBe('%PDF-1.4');
  });

  it('refuses closed jobs and second applications to the same job, and reuses candidates by email', async () => {
    const ctx = context();
    if (!closedJob) throw new Error('no closed job in the sandbox');
    await expect(writes.createApplication(ctx, newApplication('x@example.com', closedJob))).rejects.toMatchObject({ code: 'ATS.JOB_CLOSED' });
    await writes.createApplication(ctx, newApplication('Twice@Example.com'));
    await expect(writes.createApplication(ctx, newApplication('twice@example.com'))).rejects.toMatchObject({ code: 'ATS.APPLICATION_ALREADY_EXISTS' });
    // A generated candidate applying again to a job they applied to.
    const jobIndex = (remoteId: string | null) => Number((remoteId ?? '').slice('job-'.length)) - 1;
    const bundle = Array.from({ length: SIZE }, (_, i) => generator.candidate(i)).find((b) =>
      b.applications.some((a) => generator.status(jobIndex(a.job_remote_id)) === 'OPEN') && b.applications.length < 3,
    );
    if (!bundle) throw new Error('no candidate with an application to an open job');
    const email = bundle.candidate.email_addresses[0]?.email_address ?? '';
    const applied = bundle.applications.find((a) => generator.status(jobIndex(a.job_remote_id)) === 'OPEN');
    const job = generator.get(jobIndex(applied?.job_remote_id ?? '')).record;
    await expect(writes.createApplication(ctx, newApplication(email, job))).rejects.toMatchObject({ code: 'ATS.APPLICATION_ALREADY_EXISTS' });
    // The same person applying to another open job keeps their candidate.
    const other = [0, 1, 2].map((i) => generator.get(i).record).find((j) => !bundle.applications.some((a) => a.job_remote_id === j.remote_id));
    if (!other) throw new Error('no other open job');
    const again = await writes.createApplication(ctx, newApplication(email, other));
    expect(again.candidate_remote_id).toBe(bundle.candidate.remote_id);
    expect(again.warnings?.[0]).toMatch(/already exists/);
  });

  it('moves, notes, rejects and tags generated records, and listings show the changes', async () => {
    const ctx = context();
    const bundle = generator.candidate(10);
    const app = bundle.applications[0];
    if (!app) throw new Error('no application');
    const job = generator.get(Number((app.job_remote_id ?? '').slice(4)) - 1).record;
    const target = job.stages.find((s) => s.remote_id !== app.current_stage_remote_id && s.index !== job.stages.length - 1);
    if (!target) throw new Error('no other stage');
    await writes.moveApplicationToStage(ctx, { application_remote_id: app.remote_id, stage_remote_id: target.remote_id, job_remote_id: job.remote_id, remote_fields: {} });
    await expect(
      writes.moveApplicationToStage(ctx, { application_remote_id: app.remote_id, stage_remote_id: 'job-999-stage-1', job_remote_id: job.remote_id, remote_fields: {} }),
    ).rejects.toMatchObject({ code: 'REMOTE.INPUT_INVALID' });
    await writes.addApplicationNote(ctx, { application_remote_id: app.remote_id, candidate_remote_id: bundle.candidate.remote_id, content: 'Great call', content_type: 'PLAIN_TEXT', remote_fields: {} });
    expect((await readNotes(ctx.state)).map((n) => n.content)).toEqual(['Great call']);
    await writes.addCandidateTag(ctx, { candidate_remote_id: bundle.candidate.remote_id, tag_name: 'Shortlist 2026', remote_fields: {} });
    const tags = await listAll(ctx, 'tags');
    const created = tags.find((t) => t.name === 'Shortlist 2026');
    expect(created?.remote_id).toMatch(/^tag-w/);

    const applications = await listAll(ctx, 'applications');
    expect(applications.filter((a) => a.remote_id === app.remote_id)).toHaveLength(1);
    expect(applications.find((a) => a.remote_id === app.remote_id)?.current_stage_remote_id).toBe(target.remote_id);
    const candidate = (await listAll(ctx, 'candidates')).find((c) => c.remote_id === bundle.candidate.remote_id);
    expect(candidate?.tags.map((t) => t.name)).toContain('Shortlist 2026');

    const reject = () => writes.rejectApplication(ctx, { application_remote_id: app.remote_id, rejection_reason_remote_id: 'reason-1', rejection_reason_name: null, note: 'Sorry', remote_fields: {} });
    if (app.outcome === 'DECLINED') {
      await expect(reject()).rejects.toMatchObject({ code: 'REMOTE.INPUT_INVALID' });
    } else {
      const rejected = await reject();
      expect(rejected.records.applications?.[0]).toMatchObject({ outcome: 'DECLINED' });
      await expect(reject()).rejects.toMatchObject({ code: 'REMOTE.INPUT_INVALID' });
    }
    await writes.removeCandidateTag(ctx, { candidate_remote_id: bundle.candidate.remote_id, tag_name: 'SHORTLIST 2026', remote_fields: {} });
    const absent = await writes.removeCandidateTag(ctx, { candidate_remote_id: bundle.candidate.remote_id, tag_name: 'never had it', remote_fields: {} });
    expect(absent.warnings?.[0]).toMatch(/no tag/);
    const after = (await listAll(ctx, 'candidates')).find((c) => c.remote_id === bundle.candidate.remote_id);
    expect(after?.tags.map((t) => t.name)).not.toContain('Shortlist 2026');
  });

  it('answers unknown records as the vendor refusing the input', async () => {
    const ctx = context();
    await expect(writes.addCandidateTag(ctx, { candidate_remote_id: 'cand-99999', tag_name: 'x', remote_fields: {} })).rejects.toMatchObject({ code: 'REMOTE.INPUT_INVALID' });
    await expect(writes.importTrackedApplication(ctx, { application_remote_id: 'app-1-9', candidate_remote_id: null, job_remote_id: null, tracked_at: null, id_key: 'greenhouse', id_value: {} })).rejects.toMatchObject({
      code: 'REMOTE.INPUT_INVALID',
    });
    const app = generator.candidate(0).applications[0];
    const imported = await writes.importTrackedApplication(ctx, { application_remote_id: null, candidate_remote_id: 'cand-1', job_remote_id: app?.job_remote_id ?? '', tracked_at: null, id_key: 'smartrecruiters', id_value: {} });
    expect(imported.application_remote_id).toBe(app?.remote_id);
  });
});
