/**
 * Ashby's write operations (developers.ashbyhq.com; shared/reference/vendors/ashby.md §6).
 *
 * - stage moves: `application.changeStage {applicationId, interviewStageId}`;
 * - rejections: `application.changeStage` to the Archived-type stage of the application's interview
 *   plan (from `interviewStage.list`) with `archiveReasonId`; the note, if any, as a candidate note;
 * - notes: `candidate.createNote` (Ashby keeps notes on the candidate, for every application);
 * - result links: written as notes (manifest `resultLinks: note`);
 * - files: `candidate.uploadResume` (CV) / `candidate.uploadFile` (others), multipart; files are
 *   the candidate's in Ashby, so application files land on the candidate;
 * - tags: found by title in `candidateTag.list` (case-insensitively) or created with
 *   `candidateTag.create`, then `candidate.addTag`; removal with `candidate.removeTag`;
 * - candidates and applications: `candidate.search {email}` for an existing person, else
 *   `candidate.create`; then `application.create`, then the files.
 */
import { JobClosedError, ApplicationExistsError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import type { SourceAttachment } from '../source-records.js';
import type { ConnectorWrites, CreateApplicationInput, CreateApplicationResult, FileToUpload, RemoteFields, WriteResult } from '../writes.js';
import { ASHBY, AshbyBusinessError, AshbyClient } from './client.js';
import { mapApplication, mapAttachments, mapCandidate, mapTag } from './mapping.js';
import { stagesOfPlan } from './reads.js';
import { applicationSchema, candidateSchema, jobSchema, sourceSchema, tagSchema, type AshbyApplication, type AshbyCandidate } from './vendor-schemas.js';
import { z } from 'zod';

/** Ashby's own request fields from `remote_fields.ashby` (an object), merged into the write's body. */
function ashbyFields(remote: RemoteFields): Record<string, unknown> {
  const own = remote['ashby'];
  if (own === undefined || own === null) return {};
  if (typeof own !== 'object' || Array.isArray(own)) throw new VendorError('REMOTE.INPUT_INVALID', 'remote_fields.ashby must be an object of Ashby request fields.');
  return own as Record<string, unknown>;
}

const application = (client: AshbyClient, id: string) => client.call('application.info', { applicationId: id }, applicationSchema);
const candidate = (client: AshbyClient, id: string) => client.call('candidate.info', { id }, candidateSchema);

async function addNote(client: AshbyClient, candidateId: string, content: string, remote: RemoteFields): Promise<void> {
  await client.call('candidate.createNote', { candidateId, note: content, sendNotifications: false, ...ashbyFields(remote) }, z.unknown());
}

function blob(file: FileToUpload): Blob {
  return new Blob([file.data.slice().buffer as ArrayBuffer], { type: file.content_type });
}

/** Whether a refused multipart upload may be one Ashby no longer takes that way (it documents multipart as deprecated). */
function multipartRefused(err: unknown): boolean {
  if (err instanceof AshbyBusinessError) return err.ashbyCode === 'invalid_input';
  return err instanceof VendorError && (err.vendorStatus === 400 || err.vendorStatus === 415);
}

/** An endpoint the server does not know (HTTP 404, or a `not_found`-style business code without a record name). */
function unknownEndpoint(err: unknown): boolean {
  if (err instanceof AshbyBusinessError) return err.ashbyCode === 'not_found' || err.ashbyCode === 'endpoint_not_found' || err.ashbyCode === 'unknown_endpoint';
  return err instanceof VendorError && (err.vendorStatus === 404 || err.vendorStatus === 405);
}

const uploadHandleSchema = z.object({ handle: z.string().min(1), url: z.string().min(1), fields: z.record(z.string(), z.string()).nullish() });

/**
 * The documented presigned flow: `file.createFileUploadHandle {fileUploadContext, filename,
 * contentType, contentLength}`, the bytes POSTed as multipart to the answered `url` (every answered
 * field first, the file last as `file`, no credentials: the URL is the authorisation), then
 * `candidate.uploadResume {candidateId, resumeHandle}` / `candidate.uploadFile {candidateId, fileHandle}`.
 */
async function uploadThroughHandle(client: AshbyClient, candidateId: string, file: FileToUpload, resume: boolean): Promise<unknown> {
  const target = await client.call(
    'file.createFileUploadHandle',
    { fileUploadContext: resume ? 'CandidateResume' : 'CandidateFiles', filename: file.name, contentType: file.content_type, contentLength: file.data.byteLength },
    uploadHandleSchema,
  );
  const form = new FormData();
  for (const [key, value] of Object.entries(target.fields ?? {})) form.append(key, value);
  form.append('file', blob(file), file.name);
  await client.postForm(target.url, form);
  return client.call(resume ? 'candidate.uploadResume' : 'candidate.uploadFile', { candidateId, [resume ? 'resumeHandle' : 'fileHandle']: target.handle }, z.unknown());
}

/**
 * Uploads one file to a candidate (a CV as the résumé); answers the attachment as Ashby now lists it.
 * The multipart body (`candidateId` + `resume`/`file` part) is sent first; Ashby documents it as
 * deprecated, so when it is refused as bad input (or HTTP 400/415) the presigned-handle flow is
 * used instead, and the multipart refusal stands only if Ashby does not know that flow either.
 */
async function upload(client: AshbyClient, candidateId: string, file: FileToUpload): Promise<{ candidate: AshbyCandidate; attachment: SourceAttachment | null }> {
  const resume = file.type === 'CV';
  const form = new FormData();
  form.append('candidateId', candidateId);
  form.append(resume ? 'resume' : 'file', blob(file), file.name);
  let updated: unknown;
  try {
    updated = await client.call(resume ? 'candidate.uploadResume' : 'candidate.uploadFile', form, z.unknown());
  } catch (err) {
    if (!multipartRefused(err)) throw err;
    try {
      updated = await uploadThroughHandle(client, candidateId, file, resume);
    } catch (second) {
      throw unknownEndpoint(second) ? err : second;
    }
  }
  const parsed = candidateSchema.safeParse(updated);
  const person = parsed.success && parsed.data.id === candidateId ? parsed.data : await candidate(client, candidateId);
  const all = mapAttachments(person);
  const attachment = resume && person.resumeFileHandle ? (all.find((a) => a.remote_id === person.resumeFileHandle?.id) ?? null) : ([...all].reverse().find((a) => a.file_name === file.name) ?? null);
  return { candidate: person, attachment };
}

async function uploadResult(client: AshbyClient, candidateId: string, file: FileToUpload, onApplication: boolean): Promise<WriteResult> {
  const { candidate: person, attachment } = await upload(client, candidateId, file);
  const warnings: string[] = [];
  if (onApplication) warnings.push('Ashby keeps files on the candidate: the file was added to the candidate and shows on every application of theirs.');
  if (file.type === 'COVER_LETTER') warnings.push('Ashby has no cover-letter type: the cover letter was uploaded as a file and reads back with type OTHER.');
  return { records: { candidates: [mapCandidate(person)], attachments: attachment ? [attachment] : [] }, warnings };
}

async function changed(client: AshbyClient, answer: unknown, id: string): Promise<AshbyApplication> {
  const parsed = applicationSchema.safeParse(answer);
  return parsed.success && parsed.data.id === id && parsed.data.currentInterviewStage?.interviewPlanId !== undefined ? parsed.data : application(client, id);
}

const same = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

async function findTag(client: AshbyClient, title: string) {
  return (await client.all('candidateTag.list', { includeArchived: false }, tagSchema)).find((t) => same(t.title, title)) ?? null;
}

async function addTag(ctx: ConnectorContext, input: { candidate_remote_id: string; tag_name: string }): Promise<WriteResult> {
  const client = new AshbyClient(ctx);
  const person = await candidate(client, input.candidate_remote_id);
  const present = (person.tags ?? []).find((t) => same(t.title, input.tag_name));
  if (present) return { records: { candidates: [mapCandidate(person)], tags: [mapTag(present)] }, warnings: [`The candidate already has the tag "${present.title ?? input.tag_name}" in Ashby.`] };
  const tag = (await findTag(client, input.tag_name)) ?? (await client.call('candidateTag.create', { title: input.tag_name.trim() }, tagSchema));
  const answer = await client.call('candidate.addTag', { candidateId: input.candidate_remote_id, tagId: tag.id }, z.unknown());
  const parsed = candidateSchema.safeParse(answer);
  const updated = parsed.success && parsed.data.id === person.id ? parsed.data : await candidate(client, person.id);
  return { records: { candidates: [mapCandidate(updated)], tags: [mapTag(tag)] } };
}

async function removeTag(ctx: ConnectorContext, input: { candidate_remote_id: string; tag_name: string }): Promise<WriteResult> {
  const client = new AshbyClient(ctx);
  const person = await candidate(client, input.candidate_remote_id);
  const present = (person.tags ?? []).filter((t) => same(t.title, input.tag_name));
  if (present.length === 0) return { records: {}, warnings: [`The candidate has no tag "${input.tag_name}" in Ashby; nothing was removed.`] };
  let answer: unknown = null;
  for (const tag of present) answer = await client.call('candidate.removeTag', { candidateId: person.id, tagId: tag.id }, z.unknown());
  const parsed = candidateSchema.safeParse(answer);
  const updated = parsed.success && parsed.data.id === person.id ? parsed.data : await candidate(client, person.id);
  return { records: { candidates: [mapCandidate(updated)] } };
}

const SOCIAL_KEYS: ReadonlyArray<[RegExp, string]> = [
  [/(^|\.)linkedin\.com$/i, 'linkedInUrl'],
  [/(^|\.)github\.com$/i, 'githubUrl'],
];

function newCandidateBody(input: CreateApplicationInput, sourceId: string | null): { body: Record<string, unknown>; warnings: string[] } {
  const c = input.candidate;
  const body: Record<string, unknown> = { name: `${c.first_name} ${c.last_name}`.trim(), email: c.email_address };
  const warnings: string[] = [];
  if (c.phone_number) body['phoneNumber'] = c.phone_number;
  else if (c.additional_phone_numbers[0]) body['phoneNumber'] = c.additional_phone_numbers[0].phone_number;
  if (c.additional_phone_numbers.length > (c.phone_number ? 0 : 1)) warnings.push('Ashby takes one phone number when creating a candidate; the others were not sent.');
  if (c.additional_email_addresses.length) body['alternateEmailAddresses'] = c.additional_email_addresses.map((e) => e.email_address);
  for (const link of c.social_links) {
    const host = URL.canParse(link.url) ? new URL(link.url).hostname : '';
    const key = SOCIAL_KEYS.find(([re]) => re.test(host))?.[1] ?? 'website';
    if (body[key] === undefined) body[key] = link.url;
    else warnings.push(`Ashby takes one ${key} when creating a candidate; ${link.url} was not sent.`);
  }
  if (c.location) body['location'] = { ...(c.location.city ? { city: c.location.city } : {}), ...(c.location.state ? { region: c.location.state } : {}), country: c.location.country };
  if (sourceId) body['sourceId'] = sourceId;
  if (input.sourced_by_user_remote_id) body['creditedToUserId'] = input.sourced_by_user_remote_id;
  return { body, warnings };
}

async function sourceIdFor(client: AshbyClient, source: CreateApplicationInput['source'], warnings: string[]): Promise<string | null> {
  if (!source) return null;
  if (source.id) return source.id;
  if (!source.name) return null;
  const found = (await client.all('source.list', { includeArchived: false }, sourceSchema)).find((s) => same(s.title, source.name ?? ''));
  if (!found) warnings.push(`Ashby has no source named "${source.name}"; the application was created without a source.`);
  return found?.id ?? null;
}

async function createApplication(ctx: ConnectorContext, input: CreateApplicationInput): Promise<CreateApplicationResult> {
  const client = new AshbyClient(ctx);
  const job = await client.call('job.info', { id: input.job_remote_id }, jobSchema);
  if (job.status !== 'Open') throw new JobClosedError(`The Ashby job "${job.title ?? job.id}" is ${job.status ?? 'not open'} and does not take applications (only open jobs do).`);
  const warnings: string[] = [];
  const sourceId = await sourceIdFor(client, input.source, warnings);
  const matches = await client.call('candidate.search', { email: input.candidate.email_address }, z.array(candidateSchema));
  let person = matches[0] ?? null;
  if (person) {
    for (const appId of person.applicationIds ?? []) {
      const existing = await application(client, appId);
      if (existing.job?.id === job.id) throw new ApplicationExistsError(`${input.candidate.email_address} already has an application for the Ashby job "${job.title ?? job.id}" (application ${existing.id}).`);
    }
    warnings.push(`Ashby already had a candidate with ${input.candidate.email_address}: the application was added to them, and their details were kept.`);
  } else {
    const { body, warnings: bodyWarnings } = newCandidateBody(input, sourceId);
    warnings.push(...bodyWarnings);
    person = await client.call('candidate.create', { ...body, ...ashbyFields(input.remote_fields)['candidate'] as Record<string, unknown> | undefined }, candidateSchema);
  }
  const extra = ashbyFields(input.remote_fields);
  const appBody: Record<string, unknown> = {
    candidateId: person.id,
    jobId: job.id,
    ...(input.stage_remote_id ? { interviewStageId: input.stage_remote_id } : {}),
    ...(sourceId ? { sourceId } : {}),
    ...(input.sourced_by_user_remote_id ? { creditedToUserId: input.sourced_by_user_remote_id } : {}),
    ...((extra['application'] as Record<string, unknown> | undefined) ?? {}),
  };
  const created = await client.call('application.create', appBody, z.object({ id: z.string() }));
  const attachments: SourceAttachment[] = [];
  for (const file of input.attachments) {
    const { attachment } = await upload(client, person.id, file);
    if (attachment) attachments.push(attachment);
    if (file.type === 'COVER_LETTER') warnings.push('Ashby has no cover-letter type: the cover letter was uploaded as a file and reads back with type OTHER.');
  }
  const [app, fresh] = [await application(client, created.id), await candidate(client, person.id)];
  if (input.screening_question_answers.length) warnings.push('Ashby takes application-form answers only through its application form endpoint; the screening answers were not sent.');
  return {
    candidate_remote_id: fresh.id,
    application_remote_id: app.id,
    records: { candidates: [mapCandidate(fresh)], applications: [mapApplication(app)], attachments },
    warnings,
  };
}

export const ashbyWrites: ConnectorWrites = {
  async moveApplicationToStage(ctx, input) {
    const client = new AshbyClient(ctx);
    const answer = await client.call('application.changeStage', { applicationId: input.application_remote_id, interviewStageId: input.stage_remote_id, ...ashbyFields(input.remote_fields) }, z.unknown());
    return { records: { applications: [mapApplication(await changed(client, answer, input.application_remote_id))] } };
  },

  async rejectApplication(ctx, input) {
    const client = new AshbyClient(ctx);
    const app = await application(client, input.application_remote_id);
    let planId = app.currentInterviewStage?.interviewPlanId ?? null;
    if (!planId && app.job?.id) planId = (await client.call('job.info', { id: app.job.id }, jobSchema)).defaultInterviewPlanId ?? null;
    if (!planId) throw new VendorError('REMOTE.INPUT_INVALID', `${ASHBY} shows no interview plan for the application "${app.id}", so it has no Archived stage to move it to.`);
    const archived = (await stagesOfPlan(ctx, client, planId)).find((s) => s.type === 'Archived');
    if (!archived) throw new VendorError('REMOTE.INPUT_INVALID', `The ${ASHBY} interview plan "${planId}" has no Archived stage.`);
    const answer = await client.call(
      'application.changeStage',
      { applicationId: app.id, interviewStageId: archived.id, archiveReasonId: input.rejection_reason_remote_id, ...ashbyFields(input.remote_fields) },
      z.unknown(),
    );
    const updated = await changed(client, answer, app.id);
    if (input.note && app.candidate?.id) await addNote(client, app.candidate.id, input.note, {});
    return { records: { applications: [mapApplication(updated)] } };
  },

  async addApplicationNote(ctx, input) {
    await addNote(new AshbyClient(ctx), input.candidate_remote_id, input.content, input.remote_fields);
    return { records: {}, warnings: ['Ashby keeps notes on the candidate: the note shows on every application of theirs.'] };
  },

  async addCandidateNote(ctx, input) {
    await addNote(new AshbyClient(ctx), input.candidate_remote_id, input.content, input.remote_fields);
    return { records: {} };
  },

  addApplicationAttachment: (ctx, input) => uploadResult(new AshbyClient(ctx), input.candidate_remote_id, input.attachment, true),
  addCandidateAttachment: (ctx, input) => uploadResult(new AshbyClient(ctx), input.candidate_remote_id, input.attachment, false),

  addCandidateTag: addTag,
  removeCandidateTag: removeTag,
  createApplication,
};
