/**
 * The twelve ATS write actions (contract §4), independent of any vendor: check the tool can do
 * the action, resolve our ids to remote ids, fetch attachments, call the connector, and answer
 * from the store (which already holds the vendor's result).
 *
 * @example
 * const run = new WriteRun(deps, integration);
 * await addCandidateTag(run, candidateId, { tag: { name: 'VIP' } });
 * run.warnings; // what the caller should know
 */
import type { AttachmentActionId, FileToUpload, NewCandidate } from '../connectors/writes.js';
import type { CreatedApplication } from '../model/application.js';
import type { Candidate } from '../model/candidate.js';
import { checkAttachments } from './attachment-rules.js';
import type { AttachmentType } from '../model/common.js';
import { recordId } from '../lib/ids.js';
import { InputError } from '../lib/errors.js';
import { loadUpload, type UploadBody } from './attachments.js';
import { candidateOf, questionsOf, readView, requireRecord, stageOfJob, type Json, type StoredRef } from './lookup.js';
import { resultLinkFile, resultLinkText, resultLinkWarning } from '../connectors/kit/result-links.js';
import type { WriteRun } from './run.js';
import type {
  AttachmentBodyType,
  CreateApplicationBodyType,
  CreateCandidateBodyType,
  ImportTrackedApplicationBodyType,
  NewCandidateBody,
  ResultLinkBodyType,
  TrackedIdKey,
} from './schemas.js';
import { TRACKED_ID_KEYS } from './schemas.js';
import { resolveScreeningAnswers } from './screening.js';

type RemoteFieldsBody = Readonly<Record<string, unknown>> | null | undefined;
export type EmptyData = Record<string, never>;

const db = (run: WriteRun) => run.deps.db.kysely;
const iid = (run: WriteRun) => run.integration.id;

const load = (run: WriteRun, upload: UploadBody, type: AttachmentType, path: string): Promise<FileToUpload> =>
  loadUpload(upload, type, path, run.deps.attachments);

/** Refuses files the tool would refuse (its attachment restrictions for `action`) before anything is sent. */
const checkFiles = (run: WriteRun, action: AttachmentActionId, files: ReadonlyArray<{ path: string; file: FileToUpload }>) =>
  checkAttachments(run.connector, action, files, run.deps.attachments.maxBytes);

async function application(run: WriteRun, applicationId: string): Promise<{ app: StoredRef; candidate: StoredRef }> {
  const app = await requireRecord(db(run), iid(run), 'applications', applicationId);
  return { app, candidate: await candidateOf(db(run), iid(run), app) };
}

export async function moveApplicationToStage(run: WriteRun, applicationId: string, body: { stage_id: string; remote_fields?: RemoteFieldsBody }): Promise<EmptyData> {
  run.require('ats_move_application_to_stage', 'Move application to stage');
  const { app } = await application(run, applicationId);
  const jobId = typeof app.own['job_id'] === 'string' ? app.own['job_id'] : null;
  const job = jobId ? await requireRecord(db(run), iid(run), 'jobs', jobId).catch(() => null) : null;
  const stageRemoteId = job
    ? await stageOfJob(db(run), iid(run), job, body.stage_id, 'stage_id')
    : (await requireRecord(db(run), iid(run), 'application_stages', body.stage_id, 'stage_id')).remote_id;
  const remote_fields = run.checkRemoteFields('ats_move_application_to_stage', body.remote_fields);
  await run.perform('moveApplicationToStage', (op, ctx) =>
    op(ctx, { application_remote_id: app.remote_id, stage_remote_id: stageRemoteId, job_remote_id: job?.remote_id ?? null, remote_fields }),
  );
  return {};
}

export async function addApplicationNote(
  run: WriteRun,
  applicationId: string,
  body: { content: string; content_type: 'PLAIN_TEXT'; remote_fields?: RemoteFieldsBody },
): Promise<EmptyData> {
  run.require('ats_add_application_note', 'Add note to application');
  const { app, candidate } = await application(run, applicationId);
  const remote_fields = run.checkRemoteFields('ats_add_application_note', body.remote_fields);
  await run.perform('addApplicationNote', (op, ctx) =>
    op(ctx, { application_remote_id: app.remote_id, candidate_remote_id: candidate.remote_id, content: body.content, content_type: body.content_type, remote_fields }),
  );
  return {};
}

const linkOf = (body: ResultLinkBodyType) => ({ label: body.label, url: body.url, details: body.details ?? null });

export async function addApplicationResultLink(run: WriteRun, applicationId: string, body: ResultLinkBodyType): Promise<EmptyData> {
  const support = run.require('ats_add_application_result_link', 'Add result link to application');
  const { app, candidate } = await application(run, applicationId);
  const remote_fields = run.checkRemoteFields('ats_add_application_result_link', body.remote_fields);
  const link = linkOf(body);
  const ids = { application_remote_id: app.remote_id, candidate_remote_id: candidate.remote_id };
  switch (support.strategy) {
    case 'note':
      await run.perform('addApplicationNote', (op, ctx) => op(ctx, { ...ids, content: resultLinkText(link), content_type: 'PLAIN_TEXT', remote_fields }));
      break;
    case 'attachment':
      await run.perform('addApplicationAttachment', (op, ctx) => op(ctx, { ...ids, attachment: resultLinkFile(link), remote_fields }));
      break;
    default:
      await run.perform('addApplicationResultLink', (op, ctx) => op(ctx, { ...ids, ...link, remote_fields }));
  }
  const warning = resultLinkWarning(run.tool, support.strategy, 'application');
  if (warning) run.warn(warning);
  return {};
}

export async function addApplicationAttachment(run: WriteRun, applicationId: string, body: AttachmentBodyType): Promise<EmptyData> {
  run.require('ats_add_application_attachment', 'Add attachment to application');
  const { app, candidate } = await application(run, applicationId);
  const remote_fields = run.checkRemoteFields('ats_add_application_attachment', body.remote_fields);
  const attachment = await load(run, body.attachment, body.attachment.type, 'attachment');
  checkFiles(run, 'ats_add_application_attachment', [{ path: 'attachment', file: attachment }]);
  await run.perform('addApplicationAttachment', (op, ctx) =>
    op(ctx, { application_remote_id: app.remote_id, candidate_remote_id: candidate.remote_id, attachment, remote_fields }),
  );
  return {};
}

export async function rejectApplication(
  run: WriteRun,
  applicationId: string,
  body: { rejection_reason_id: string; note?: string | null; remote_fields?: RemoteFieldsBody },
): Promise<EmptyData> {
  run.require('ats_reject_application', 'Reject application');
  const { app } = await application(run, applicationId);
  const reason = await requireRecord(db(run), iid(run), 'rejection_reasons', body.rejection_reason_id, 'rejection_reason_id');
  const remote_fields = run.checkRemoteFields('ats_reject_application', body.remote_fields);
  await run.perform('rejectApplication', (op, ctx) =>
    op(ctx, {
      application_remote_id: app.remote_id,
      rejection_reason_remote_id: reason.remote_id,
      rejection_reason_name: typeof reason.own['name'] === 'string' ? reason.own['name'] : null,
      note: body.note ?? null,
      remote_fields,
    }),
  );
  return {};
}

export async function addCandidateAttachment(run: WriteRun, candidateId: string, body: AttachmentBodyType): Promise<EmptyData> {
  run.require('ats_add_candidate_attachment', 'Add attachment to candidate');
  const candidate = await requireRecord(db(run), iid(run), 'candidates', candidateId);
  const remote_fields = run.checkRemoteFields('ats_add_candidate_attachment', body.remote_fields);
  const attachment = await load(run, body.attachment, body.attachment.type, 'attachment');
  checkFiles(run, 'ats_add_candidate_attachment', [{ path: 'attachment', file: attachment }]);
  await run.perform('addCandidateAttachment', (op, ctx) => op(ctx, { candidate_remote_id: candidate.remote_id, attachment, remote_fields }));
  return {};
}

export async function addCandidateResultLink(run: WriteRun, candidateId: string, body: ResultLinkBodyType): Promise<EmptyData> {
  const support = run.require('ats_add_candidate_result_link', 'Add result link to candidate');
  const candidate = await requireRecord(db(run), iid(run), 'candidates', candidateId);
  const remote_fields = run.checkRemoteFields('ats_add_candidate_result_link', body.remote_fields);
  const link = linkOf(body);
  const ids = { candidate_remote_id: candidate.remote_id };
  switch (support.strategy) {
    case 'note':
      await run.perform('addCandidateNote', (op, ctx) => op(ctx, { ...ids, content: resultLinkText(link), content_type: 'PLAIN_TEXT', remote_fields }));
      break;
    case 'attachment':
      await run.perform('addCandidateAttachment', (op, ctx) => op(ctx, { ...ids, attachment: resultLinkFile(link), remote_fields }));
      break;
    default:
      await run.perform('addCandidateResultLink', (op, ctx) => op(ctx, { ...ids, ...link, remote_fields }));
  }
  const warning = resultLinkWarning(run.tool, support.strategy, 'candidate');
  if (warning) run.warn(warning);
  return {};
}

export async function addCandidateTag(run: WriteRun, candidateId: string, body: { tag: { name: string }; remote_fields?: RemoteFieldsBody }): Promise<EmptyData> {
  run.require('ats_add_candidate_tag', 'Add tag to candidate');
  const candidate = await requireRecord(db(run), iid(run), 'candidates', candidateId);
  const remote_fields = run.checkRemoteFields('ats_add_candidate_tag', body.remote_fields);
  await run.perform('addCandidateTag', (op, ctx) => op(ctx, { candidate_remote_id: candidate.remote_id, tag_name: body.tag.name.trim(), remote_fields }));
  return {};
}

export async function removeCandidateTag(run: WriteRun, candidateId: string, body: { tag: { name: string }; remote_fields?: RemoteFieldsBody }): Promise<EmptyData> {
  run.require('ats_remove_candidate_tag', 'Remove tag from candidate');
  const candidate = await requireRecord(db(run), iid(run), 'candidates', candidateId);
  const remote_fields = run.checkRemoteFields('ats_remove_candidate_tag', body.remote_fields);
  await run.perform('removeCandidateTag', (op, ctx) => op(ctx, { candidate_remote_id: candidate.remote_id, tag_name: body.tag.name.trim(), remote_fields }));
  return {};
}

function newCandidate(c: NewCandidateBody): NewCandidate {
  return {
    first_name: c.first_name.trim(),
    last_name: c.last_name.trim(),
    email_address: c.email_address.trim(),
    additional_email_addresses: c.additional_email_addresses ?? [],
    company: c.company ?? null,
    title: c.title ?? null,
    phone_number: c.phone_number ?? null,
    additional_phone_numbers: c.additional_phone_numbers ?? [],
    location: c.location
      ? {
          city: c.location.city ?? null,
          country: c.location.country.toUpperCase(),
          state: c.location.state ?? null,
          street_1: c.location.street_1 ?? null,
          zip_code: c.location.zip_code ?? null,
        }
      : null,
    gender: c.gender ?? null,
    availability_date: c.availability_date ? new Date(c.availability_date).toISOString() : null,
    salary_expectations: c.salary_expectations ?? null,
    social_links: c.social_links ?? [],
  };
}

type NewApplicationBody = Omit<CreateApplicationBodyType, 'stage_id'>;

/** Shared by createApplication and createCandidate; returns the stored ids of what was created. */
async function create(
  run: WriteRun,
  action: 'ats_create_application' | 'ats_create_candidate',
  job: StoredRef,
  stageId: string | null,
  stageField: string,
  body: NewApplicationBody,
): Promise<{ applicationId: string; candidateId: string }> {
  const stageRemoteId = stageId ? await stageOfJob(db(run), iid(run), job, stageId, stageField) : null;
  const userId = body.sourced_by?.user_id ?? null;
  const sourcedBy = userId === null ? null : userId.startsWith('remote:') ? userId.slice('remote:'.length) : (await requireRecord(db(run), iid(run), 'users', userId, 'sourced_by.user_id')).remote_id;
  if (sourcedBy === '') throw new InputError('Invalid field "sourced_by.user_id": "remote:" must be followed by a remote user id.');
  const screening = await resolveScreeningAnswers(questionsOf(job), body.screening_question_answers ?? [], (upload, path) => load(run, upload, 'OTHER', path));
  for (const warning of screening.warnings) run.warn(warning);
  const attachments: FileToUpload[] = [];
  for (const [i, upload] of (body.attachments ?? []).entries()) attachments.push(await load(run, upload, upload.type, `attachments.${i}`));
  checkFiles(run, action, attachments.map((file, i) => ({ path: `attachments.${i}`, file })));
  const remote_fields = run.checkRemoteFields(action, body.remote_fields);
  run.checkIgnoredFields(action, body);
  const source = body.source ? { name: body.source.name ?? null, unified_key: body.source.unified_key ?? null, id: body.source.id ?? null } : null;
  const gdpr = body.gdpr_consent
    ? { expires_at: body.gdpr_consent.expires_at ? new Date(body.gdpr_consent.expires_at).toISOString() : null, given: body.gdpr_consent.given ?? null }
    : null;
  const result = await run.perform('createApplication', (op, ctx) =>
    op(ctx, {
      job_remote_id: job.remote_id,
      stage_remote_id: stageRemoteId,
      candidate: newCandidate(body.candidate),
      attachments,
      screening_question_answers: screening.answers,
      source,
      sourced_by_user_remote_id: sourcedBy,
      gdpr_consent: gdpr,
      remote_fields,
    }),
  );
  return {
    applicationId: recordId(iid(run), 'applications', result.application_remote_id),
    candidateId: recordId(iid(run), 'candidates', result.candidate_remote_id),
  };
}

/** POST /ats/jobs/{job_id}/applications: the application at the root with its full candidate (contract §4.18). */
export async function createApplication(run: WriteRun, jobId: string, body: CreateApplicationBodyType): Promise<CreatedApplication> {
  run.require('ats_create_application', 'Create application');
  const job = await requireRecord(db(run), iid(run), 'jobs', jobId);
  const created = await create(run, 'ats_create_application', job, body.stage_id ?? null, 'stage_id', body);
  const app = await readView(db(run), iid(run), 'applications', created.applicationId);
  const candidate = await readView(db(run), iid(run), 'candidates', created.candidateId);
  const { candidate: _ref, interviews: _interviews, offers: _offers, ...application } = app;
  const { applications: _applications, ...person } = candidate;
  return { ...application, candidate: person };
}

/** POST /ats/candidates (deprecated): the candidate with its applications and tags (contract §4.9). */
export async function createCandidate(run: WriteRun, body: CreateCandidateBodyType): Promise<Candidate> {
  run.require('ats_create_candidate', 'Create candidate');
  const job = await requireRecord(db(run), iid(run), 'jobs', body.application.job_id, 'application.job_id');
  const created = await create(run, 'ats_create_candidate', job, body.application.stage_id ?? null, 'application.stage_id', body);
  return readView(db(run), iid(run), 'candidates', created.candidateId);
}

/** The remote ids inside an identifier, whichever `id_type` it has. */
export function trackedIdentifier(value: Record<string, unknown>): { application: string | null; candidate: string | null; job: string | null } {
  const text = (key: string) => (typeof value[key] === 'string' ? value[key] : null);
  return {
    application: text('application_remote_id') ?? text('application_id') ?? text('placement_id'),
    candidate: text('candidate_remote_id'),
    job: text('job_remote_id'),
  };
}

/** POST /ats/import-tracked-application (contract §4.24). */
export async function importTrackedApplication(
  run: WriteRun,
  body: ImportTrackedApplicationBodyType,
): Promise<{ id: string; tracked_at: string | null; imported_id: Record<string, unknown> }> {
  run.require('ats_import_tracked_application', 'Import tracked application');
  const present = TRACKED_ID_KEYS.filter((key) => body[key] !== undefined);
  const accepted = run.connector.manifest.capabilities.writes?.trackedApplicationIdKeys ?? [];
  if (present.length !== 1) {
    throw new InputError(
      `Invalid field "(body)": send exactly one identifier (${accepted.join(', ') || TRACKED_ID_KEYS.join(', ')}) next to tracked_at; got ${present.length === 0 ? 'none' : present.join(', ')}.`,
    );
  }
  const key = present[0] as TrackedIdKey;
  if (!accepted.includes(key)) {
    throw new InputError(`Invalid field "${key}": ${run.tool} integrations take the identifier under ${accepted.join(', ') || 'no key'}.`);
  }
  const value = body[key] as Record<string, unknown>;
  const ids = trackedIdentifier(value);
  const trackedAt = body.tracked_at === null ? null : new Date(body.tracked_at).toISOString();
  const result = await run.perform('importTrackedApplication', (op, ctx) =>
    op(ctx, { application_remote_id: ids.application, candidate_remote_id: ids.candidate, job_remote_id: ids.job, tracked_at: trackedAt, id_key: key, id_value: value }),
  );
  return { id: recordId(iid(run), 'applications', result.application_remote_id), tracked_at: trackedAt, imported_id: { [key]: value } };
}
