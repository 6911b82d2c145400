/**
 * SmartRecruiters write operations.
 *
 * - notes (and result links, written as notes): `POST /messages/shares`; the message names the
 *   candidate with SmartRecruiters' `#[CANDIDATE:<id>]` token (a note has no candidate field) and is
 *   shared with the hiring team of the application's job (candidate notes: of every job the
 *   candidate applied to). Content must be plain text;
 * - move: `PUT /candidates/{id}/jobs/{jobId}/status {status, subStatus}` from the stage's remote id
 *   (`<STATUS>` or `<STATUS>:<subStatus>`, see `mapping.ts`);
 * - reject: the same route with `{status: "REJECTED", reason: <rejection reason id>}`; a note, if
 *   any, follows as a message;
 * - tags: `POST /candidates/{id}/tags` adds; removal reads the list and writes the rest back
 *   (`PUT`), or `DELETE`s the list when nothing is left;
 * - files: `POST /candidates/{id}/attachments` (multipart `file`, `attachmentType`);
 * - import tracked application: the application named by candidate and job ids, read back;
 * - create (application, or candidate with an application): `POST /jobs/{jobId}/candidates` (SmartRecruiters matches an existing profile by e-mail
 *   and last name and adds the application to it), then a move when a later stage was asked for,
 *   then the files.
 */
import { ApplicationExistsError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import type { SourceApplication, SourceAttachment } from '../source-records.js';
import type {
  ApplicationNoteInput,
  CandidateNoteInput,
  ConnectorWrites,
  CreateApplicationInput,
  CreateApplicationResult,
  FileToUpload,
  WriteResult,
} from '../writes.js';
import { SmartRecruitersClient, SMARTRECRUITERS } from './client.js';
import { readJson } from '../kit/parse.js';
import { assignmentsOf, mapApplication, mapAttachment, mapCandidate, splitApplicationId, splitStageId } from './mapping.js';
import { detailOf, screeningAnswersOf, stagesOf } from './reads.js';
import { applicationSchema, attachmentCreatedSchema, attachmentSchema, candidateSchema, historySchema, shareCreatedSchema, tagsSchema } from './vendor-schemas.js';

const enc = encodeURIComponent;

function open(ctx: ConnectorContext): SmartRecruitersClient {
  const client = new SmartRecruitersClient(ctx);
  client.checkCredentials();
  return client;
}

function idsOf(applicationRemoteId: string): { candidateId: string; jobId: string } {
  const ids = splitApplicationId(applicationRemoteId);
  if (!ids) throw new VendorError('REMOTE.INPUT_INVALID', `"${applicationRemoteId}" is no SmartRecruiters application (candidate id:job id).`);
  return ids;
}

/** The application as SmartRecruiters has it now. */
async function readApplication(ctx: ConnectorContext, client: SmartRecruitersClient, candidateId: string, jobId: string): Promise<SourceApplication> {
  const path = `/candidates/${enc(candidateId)}/jobs/${enc(jobId)}`;
  const application = await client.json('GET', path, applicationSchema);
  const history = await client.content(`${path}/status/history`, historySchema);
  const answers = await screeningAnswersOf(ctx, client, path);
  return mapApplication({ candidate: { id: candidateId }, jobId, application: application ?? {}, history, stages: await stagesOf(ctx, client), answers });
}

async function share(client: SmartRecruitersClient, candidateId: string, content: string, jobIds: readonly string[]): Promise<void> {
  await client.json('POST', '/messages/shares', shareCreatedSchema, {
    json: { content: `#[CANDIDATE:${candidateId}] ${content}`, shareWith: { everyone: false, hiringTeamOf: jobIds } },
  });
}

async function setStatus(client: SmartRecruitersClient, candidateId: string, jobId: string, body: Record<string, unknown>): Promise<void> {
  await client.call('PUT', `/candidates/${enc(candidateId)}/jobs/${enc(jobId)}/status`, { json: body });
}

async function candidateRecord(ctx: ConnectorContext, client: SmartRecruitersClient, candidateId: string) {
  const found = await detailOf(ctx, client, candidateId);
  if (!found) throw new VendorError('REMOTE.INPUT_INVALID', `SmartRecruiters has no candidate "${candidateId}".`, { vendorStatus: 404 });
  return found;
}

const ATTACHMENT_TYPE: Record<FileToUpload['type'], string> = { CV: 'RESUME', COVER_LETTER: 'COVER_LETTER', OTHER: 'GENERIC_FILE' };

async function upload(client: SmartRecruitersClient, candidateId: string, file: FileToUpload): Promise<SourceAttachment> {
  const form = new FormData();
  form.append('attachmentType', ATTACHMENT_TYPE[file.type]);
  form.append('file', new Blob([file.data.slice().buffer as ArrayBuffer], { type: file.content_type }), file.name);
  const res = await client.send({ method: 'POST', path: `/candidates/${enc(candidateId)}/attachments`, form });
  const answered = attachmentCreatedSchema.safeParse(res ? await readJson(res, SMARTRECRUITERS, 'POST attachments').catch(() => null) : null);
  // The upload is done; an answer without the attachment is looked up in the candidate's list instead.
  const created = answered.success ? answered.data : (await client.content(`/candidates/${enc(candidateId)}/attachments`, attachmentSchema)).filter((f) => f.name === file.name).at(-1);
  if (!created) throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', 'SmartRecruiters accepted the upload but does not list the attachment.');
  return mapAttachment(candidateId, { ...created, name: created.name ?? file.name, contentType: created.contentType ?? file.content_type });
}

async function changeTags(ctx: ConnectorContext, candidateId: string, name: string, add: boolean): Promise<WriteResult> {
  const client = open(ctx);
  const tag = name.trim();
  if (add) await client.call('POST', `/candidates/${enc(candidateId)}/tags`, { json: { tags: [tag] } });
  else {
    const current = (await client.json('GET', `/candidates/${enc(candidateId)}/tags`, tagsSchema))?.tags ?? [];
    const rest = current.filter((t) => t.toLowerCase() !== tag.toLowerCase());
    if (rest.length === current.length) return { records: {} };
    if (rest.length === 0) await client.call('DELETE', `/candidates/${enc(candidateId)}/tags`);
    else await client.call('PUT', `/candidates/${enc(candidateId)}/tags`, { json: { tags: rest } });
  }
  const { candidate, tags, properties } = await candidateRecord(ctx, client, candidateId);
  return { records: { candidates: [mapCandidate(candidate, tags, properties)], ...(add ? { tags: [{ remote_id: tag, name: tag }] } : {}) } };
}

function newCandidateBody(input: CreateApplicationInput): Record<string, unknown> {
  const c = input.candidate;
  const linkedin = c.social_links.find((l) => /linkedin\./i.test(l.url))?.url;
  return {
    firstName: c.first_name,
    lastName: c.last_name,
    email: c.email_address,
    ...(c.phone_number ? { phoneNumber: c.phone_number } : {}),
    ...(c.location ? { location: { city: c.location.city, countryCode: c.location.country.toLowerCase(), region: c.location.state, address: c.location.street_1, postalCode: c.location.zip_code } } : {}),
    ...(linkedin ? { web: { linkedin } } : {}),
    ...(c.title || c.company ? { experience: [{ title: c.title ?? '', company: c.company ?? '', current: true }] } : {}),
  };
}

async function createApplication(ctx: ConnectorContext, input: CreateApplicationInput): Promise<CreateApplicationResult> {
  const client = open(ctx);
  let created;
  try {
    created = await client.json('POST', `/jobs/${enc(input.job_remote_id)}/candidates`, candidateSchema, { json: newCandidateBody(input) });
  } catch (err) {
    if (err instanceof VendorError && err.vendorStatus === 409) throw new ApplicationExistsError(`The candidate already applied to this job in SmartRecruiters (${err.message}).`);
    throw err;
  }
  if (!created) throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', 'SmartRecruiters answered the new candidate without its id.');
  const candidateId = created.id;
  const warnings: string[] = [];
  if (input.stage_remote_id && input.stage_remote_id !== 'NEW') {
    const { status, subStatus } = splitStageId(input.stage_remote_id);
    await setStatus(client, candidateId, input.job_remote_id, { status, ...(subStatus ? { subStatus } : {}) });
  }
  const attachments: SourceAttachment[] = [];
  for (const file of input.attachments) attachments.push(await upload(client, candidateId, file));
  const { candidate, tags, properties } = await candidateRecord(ctx, client, candidateId);
  const application = await readApplication(ctx, client, candidateId, input.job_remote_id);
  if (!assignmentsOf(candidate).some((a) => a.job.id === input.job_remote_id)) warnings.push('SmartRecruiters did not list the new application on the candidate yet.');
  return {
    candidate_remote_id: candidateId,
    application_remote_id: application.remote_id,
    records: { candidates: [mapCandidate(candidate, tags, properties)], applications: [application], attachments },
    ...(warnings.length ? { warnings } : {}),
  };
}

async function candidateNote(ctx: ConnectorContext, input: CandidateNoteInput): Promise<WriteResult> {
  const client = open(ctx);
  const { candidate } = await candidateRecord(ctx, client, input.candidate_remote_id);
  await share(client, input.candidate_remote_id, input.content, assignmentsOf(candidate).map((a) => a.job.id));
  return { records: {} };
}

async function applicationNote(ctx: ConnectorContext, input: ApplicationNoteInput): Promise<WriteResult> {
  const { candidateId, jobId } = idsOf(input.application_remote_id);
  await share(open(ctx), candidateId, input.content, [jobId]);
  return { records: {} };
}

export const smartRecruitersWrites: ConnectorWrites = {
  addApplicationNote: applicationNote,
  addCandidateNote: candidateNote,

  async moveApplicationToStage(ctx, input) {
    const client = open(ctx);
    const { candidateId, jobId } = idsOf(input.application_remote_id);
    const { status, subStatus } = splitStageId(input.stage_remote_id);
    await setStatus(client, candidateId, jobId, { status, ...(subStatus ? { subStatus } : {}) });
    return { records: { applications: [await readApplication(ctx, client, candidateId, jobId)] } };
  },

  async rejectApplication(ctx, input) {
    const client = open(ctx);
    const { candidateId, jobId } = idsOf(input.application_remote_id);
    await setStatus(client, candidateId, jobId, { status: 'REJECTED', reason: input.rejection_reason_remote_id });
    if (input.note?.trim()) await share(client, candidateId, input.note, [jobId]);
    return { records: { applications: [await readApplication(ctx, client, candidateId, jobId)] } };
  },

  addCandidateTag: (ctx, input) => changeTags(ctx, input.candidate_remote_id, input.tag_name, true),
  removeCandidateTag: (ctx, input) => changeTags(ctx, input.candidate_remote_id, input.tag_name, false),

  async addCandidateAttachment(ctx, input) {
    return { records: { attachments: [await upload(open(ctx), input.candidate_remote_id, input.attachment)] } };
  },

  async addApplicationAttachment(ctx, input) {
    const { candidateId } = idsOf(input.application_remote_id);
    const attachment = await upload(open(ctx), candidateId, input.attachment);
    return { records: { attachments: [attachment] }, warnings: ['SmartRecruiters keeps files on the candidate profile; the file was attached to the candidate.'] };
  },

  createApplication,

  async importTrackedApplication(ctx, input) {
    const client = open(ctx);
    const candidateId = input.candidate_remote_id ?? '';
    const jobId = input.job_remote_id ?? '';
    if (!candidateId || !jobId) throw new VendorError('REMOTE.INPUT_INVALID', 'SmartRecruiters names an application by its candidate and job remote ids.');
    const path = `/candidates/${enc(candidateId)}/jobs/${enc(jobId)}`;
    const application = await client.json('GET', path, applicationSchema, { allowNotFound: true });
    if (!application) throw new VendorError('REMOTE.INPUT_INVALID', `SmartRecruiters has no application of candidate "${candidateId}" to job "${jobId}".`, { vendorStatus: 404 });
    const history = await client.content(`${path}/status/history`, historySchema);
    const answers = await screeningAnswersOf(ctx, client, path);
    const record = mapApplication({ candidate: { id: candidateId }, jobId, application, history, stages: await stagesOf(ctx, client), answers });
    return { application_remote_id: record.remote_id, records: { applications: [record] } };
  },
};
