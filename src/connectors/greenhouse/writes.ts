/**
 * Greenhouse writes (Harvest v3). Lifecycle calls (`move`, `reject`) answer 204, so every write
 * re-reads what it changed and returns it as source records. Result links are written as notes
 * (`manifest.capabilities.writes.resultLinks`).
 *
 * `remote_fields` (Kombo's keys; `manifest.capabilities.writes.remoteFields` lists them):
 * - `greenhouse.post_headers["On-Behalf-Of"]`, every write: the user the write is made as. Harvest
 *   v3 replaced that v1 header with the token's `sub`, so the calls go out with a token for that
 *   user (and notes also name them as `user_id`).
 * - `greenhousev3.visibility` (notes: `admin_only` | `private` | `public`, default `public`),
 *   `greenhousev3.rejection_email` (reject: passed through), `greenhousev3.candidate` and
 *   `.application` (create: merged into the candidate and application bodies). The same keys
 *   directly under `greenhouse` are read too (this connector's earlier spelling).
 */
import { ActionNotAvailableError, ApplicationExistsError, JobClosedError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import type { SourceAttachment } from '../source-records.js';
import type { AttachmentType } from '../../model/common.js';
import type { ConnectorWrites, CreateApplicationInput, FileToUpload, NewCandidate, RemoteFields } from '../writes.js';
import { GREENHOUSE, HarvestClient, parseWith } from './client.js';
import { applicationRecords, candidateRecords, completeApplications, completeCandidates } from './reads.js';
import { mapAttachment, mapTag } from './mapping.js';
import {
  appliedCandidateTagSchema,
  applicationSchema,
  attachmentSchema,
  candidateSchema,
  candidateTagSchema,
  createdApplicationSchema,
  createdAttachmentSchema,
  createdCandidateSchema,
  createdCandidateTagSchema,
  jobSchema,
  jobStageOf,
  sourceSchema,
  type GhApplication,
  type GhAttachment,
  type GhCandidateTag,
} from './vendor-schemas.js';

const NOTE_VISIBILITIES = ['admin_only', 'private', 'public'] as const;

function numericId(remoteId: string | null, what: string): number {
  if (remoteId === null || !/^\d{1,15}$/.test(remoteId)) {
    throw new VendorError('REMOTE.INPUT_INVALID', `The ${what} "${String(remoteId)}" is not a ${GREENHOUSE} id.`);
  }
  return Number(remoteId);
}

const missing = (what: string, id: number) => new VendorError('REMOTE.INPUT_INVALID', `${GREENHOUSE} has no ${what} ${id} (deleted since the last sync?).`);

const objectOr = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** `remote_fields.greenhouse` overlaid by `remote_fields.greenhousev3` (anything but objects: empty). */
function own(remote: RemoteFields): Record<string, unknown> {
  return { ...objectOr(remote['greenhouse']), ...objectOr(remote['greenhousev3']) };
}

/** The `On-Behalf-Of` user id of `remote_fields.greenhouse.post_headers`, if one was sent. */
function onBehalfOf(remote: RemoteFields): string | null {
  const value = objectOr(objectOr(remote['greenhouse'])['post_headers'])['On-Behalf-Of'];
  if (value === undefined || value === null || value === '') return null;
  const id = String(value).trim();
  if (!/^\d{1,15}$/.test(id)) throw new VendorError('REMOTE.INPUT_INVALID', `On-Behalf-Of must be the numeric id of a ${GREENHOUSE} user; got "${id}".`);
  return id;
}

/** A Harvest client making its calls as the write's `On-Behalf-Of` user, if one was sent. */
const clientFor = (ctx: ConnectorContext, remote: RemoteFields) => new HarvestClient(ctx, onBehalfOf(remote));

/** Note fields from `remote_fields`: visibility and the user to write as. */
function noteOptions(remote: RemoteFields): { visibility: string; user_id?: number } {
  const visibility = NOTE_VISIBILITIES.find((v) => v === own(remote)['visibility']) ?? 'public';
  const user = onBehalfOf(remote);
  return user === null ? { visibility } : { visibility, user_id: Number(user) };
}

async function oneApplication(gh: HarvestClient, id: number): Promise<GhApplication> {
  const [app] = await gh.byIds('applications', applicationSchema, 'ids', [id]);
  if (!app) throw missing('application', id);
  return app;
}

/** `POST /v3/candidate_tags`; the answer's name (if any) wins, else the name asked for. */
async function createTag(gh: HarvestClient, name: string): Promise<GhCandidateTag> {
  const created = parseWith(createdCandidateTagSchema, await gh.call('POST', 'candidate_tags', { name }), 'POST /v3/candidate_tags');
  return { id: created.id, name: created.name ?? name };
}

/**
 * Uploads one file to an application (`POST /v3/attachments`) and returns the attachment. Only the
 * answer's `id` is relied on; what it leaves out comes from the request. An answer without a record
 * (an empty body) is resolved by finding the newest attachment of that name on the application.
 */
async function uploadAttachment(gh: HarvestClient, applicationId: number, file: FileToUpload): Promise<GhAttachment> {
  const body = attachmentBody(applicationId, file);
  const answer = await gh.call('POST', 'attachments', body);
  const record = answer && typeof answer === 'object' && 'attachment' in answer ? answer.attachment : answer;
  const created = createdAttachmentSchema.safeParse(record);
  if (created.success) {
    const a = created.data;
    return {
      id: a.id,
      created_at: a.created_at,
      updated_at: a.updated_at,
      application_id: a.application_id ?? applicationId,
      candidate_id: a.candidate_id ?? null,
      type: a.type ?? String(body['type']),
      filename: a.filename ?? file.name,
      url: '',
    };
  }
  if (record !== null && !(typeof record === 'object' && Object.keys(record).length === 0)) {
    parseWith(createdAttachmentSchema, record, 'POST /v3/attachments');
  }
  const [uploaded] = (await gh.all('attachments', attachmentSchema, { application_ids: applicationId }))
    .filter((a) => a.application_id === applicationId && a.filename === file.name)
    .sort((x, y) => Date.parse(y.created_at ?? '') - Date.parse(x.created_at ?? '') || y.id - x.id);
  if (!uploaded) throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `${GREENHOUSE} accepted the file "${file.name}" for application ${applicationId} but it is not listed on it.`);
  return uploaded;
}

async function findTag(gh: HarvestClient, name: string): Promise<GhCandidateTag | undefined> {
  const wanted = name.trim().toLowerCase();
  return (await gh.all('candidate_tags', candidateTagSchema)).find((t) => t.name.trim().toLowerCase() === wanted);
}

/** The application a candidate-level file goes to: Greenhouse stores files on applications. */
async function applicationForFiles(gh: HarvestClient, candidateId: number): Promise<GhApplication> {
  const apps = (await gh.all('applications', applicationSchema, { candidate_ids: candidateId })).filter((a) => a.candidate_id === candidateId);
  const ranked = [...apps].sort((a, b) => Number(b.status === 'in_process') - Number(a.status === 'in_process') || Date.parse(b.updated_at) - Date.parse(a.updated_at));
  const chosen = ranked[0];
  if (!chosen) {
    throw new ActionNotAvailableError(`${GREENHOUSE} stores files on applications, and candidate ${candidateId} has none; add the file to one of their applications instead.`);
  }
  return chosen;
}

async function sourceId(gh: HarvestClient, source: CreateApplicationInput['source'], warnings: string[]): Promise<number | undefined> {
  if (!source) return undefined;
  if (source.id && /^\d+$/.test(source.id)) return Number(source.id);
  const name = source.name?.trim().toLowerCase();
  if (!name) return undefined;
  const found = (await gh.all('sources', sourceSchema)).find((s) => s.name.trim().toLowerCase() === name);
  if (!found) warnings.push(`${GREENHOUSE} has no source named "${source.name ?? ''}"; the application was created without a source.`);
  return found?.id;
}

async function createApplication(ctx: ConnectorContext, input: CreateApplicationInput) {
  const gh = clientFor(ctx, input.remote_fields);
  const extra = own(input.remote_fields);
  const warnings: string[] = [];
  const jobId = numericId(input.job_remote_id, 'job');
  const [job] = await gh.byIds('jobs', jobSchema, 'ids', [jobId]);
  if (!job) throw missing('job', jobId);
  if (job.status !== 'open') throw new JobClosedError(`The ${GREENHOUSE} job ${jobId} is ${job.status} and takes no applications.`);
  if (input.screening_question_answers.length > 0) {
    warnings.push(`${GREENHOUSE}'s Harvest API cannot store application question answers; ${input.screening_question_answers.length} answer(s) were not stored.`);
  }

  // Greenhouse does not de-duplicate people: reuse the candidate with this e-mail address, if any.
  const email = input.candidate.email_address.trim().toLowerCase();
  const { items: sameEmail } = await gh.page('candidates', candidateSchema, { query: { email: input.candidate.email_address } });
  const existing = sameEmail.find((c) => c.email_addresses.some((e) => e.value.trim().toLowerCase() === email));
  let candidateId: number;
  let createdBody: unknown = null;
  if (existing) {
    candidateId = existing.id;
    const apps = await gh.all('applications', applicationSchema, { candidate_ids: candidateId, job_ids: jobId });
    if (apps.some((a) => a.candidate_id === candidateId && a.job_id === jobId)) {
      throw new ApplicationExistsError(`The ${GREENHOUSE} candidate ${candidateId} (${input.candidate.email_address}) already applied to job ${jobId}.`);
    }
    warnings.push(`${GREENHOUSE} already had candidate ${candidateId} with this e-mail address; the application was added to them and their profile was not changed.`);
  } else {
    createdBody = await gh.call('POST', 'candidates', { ...newCandidateBody(input.candidate), ...objectOr(extra['candidate']) });
    const created = parseWith(createdCandidateSchema, createdBody, 'POST /v3/candidates');
    candidateId = 'candidate' in created ? created.candidate.id : created.id;
  }

  const source = await sourceId(gh, input.source, warnings);
  const body: Record<string, unknown> = { ...objectOr(extra['application']), candidate_id: candidateId, job_id: jobId };
  if (input.stage_remote_id) body['initial_stage_id'] = numericId(input.stage_remote_id, 'stage');
  if (source !== undefined) body['source_id'] = source;
  const answered = await gh.call('POST', 'applications', body);
  const createdApp = answered && typeof answered === 'object' && 'application' in answered ? answered.application : answered;
  const appId = parseWith(createdApplicationSchema, createdApp, 'POST /v3/applications').id;

  const attachments: SourceAttachment[] = [];
  for (const file of input.attachments) {
    const uploaded = await uploadAttachment(gh, appId, file);
    attachments.push(mapAttachment(uploaded, uploaded.candidate_id ?? candidateId));
  }
  // A just-created record may not be listable yet: fall back to what the create calls answered.
  let candidates = await candidateRecords(gh, [candidateId]);
  if (candidates.length === 0) {
    const answered = candidateSchema.safeParse(createdBody && typeof createdBody === 'object' && 'candidate' in createdBody ? createdBody.candidate : createdBody);
    if (answered.success) candidates = await completeCandidates(gh, [answered.data]);
  }
  let applications = await applicationRecords(gh, [appId]);
  if (applications.length === 0) {
    const full = applicationSchema.safeParse(createdApp);
    if (full.success) applications = await completeApplications(gh, [full.data]);
  }
  return {
    candidate_remote_id: String(candidateId),
    application_remote_id: String(appId),
    records: { candidates, applications, attachments },
    warnings,
  };
}

export function createGreenhouseWrites(): ConnectorWrites {
  return {
    async moveApplicationToStage(ctx, input) {
      const gh = clientFor(ctx, input.remote_fields);
      const id = numericId(input.application_remote_id, 'application');
      const to = numericId(input.stage_remote_id, 'stage');
      const app = await oneApplication(gh, id);
      const current = jobStageOf(app);
      if (current === to) return { records: { applications: await completeApplications(gh, [app]) } };
      if (current === null || app.job_id === null) {
        throw new ActionNotAvailableError(`${GREENHOUSE} moves only candidate applications in a job's pipeline; application ${id} is a prospect without a stage.`);
      }
      await gh.call('POST', `applications/${id}/move`, { from_stage_id: current, to_stage_id: to });
      return { records: { applications: await applicationRecords(gh, [id]) } };
    },

    async addApplicationNote(ctx, input) {
      const gh = clientFor(ctx, input.remote_fields);
      const body = {
        candidate_id: numericId(input.candidate_remote_id, 'candidate'),
        application_id: numericId(input.application_remote_id, 'application'),
        body: input.content,
        note_type: 'NOTE',
        ...noteOptions(input.remote_fields),
      };
      await gh.call('POST', 'notes', body);
      return { records: {} };
    },

    async addCandidateNote(ctx, input) {
      const gh = clientFor(ctx, input.remote_fields);
      await gh.call('POST', 'notes', { candidate_id: numericId(input.candidate_remote_id, 'candidate'), body: input.content, note_type: 'NOTE', ...noteOptions(input.remote_fields) });
      return { records: {} };
    },

    async addApplicationAttachment(ctx, input) {
      const gh = clientFor(ctx, input.remote_fields);
      const id = numericId(input.application_remote_id, 'application');
      const created = await uploadAttachment(gh, id, input.attachment);
      const candidateId = created.candidate_id ?? numericId(input.candidate_remote_id, 'candidate');
      return { records: { attachments: [mapAttachment(created, candidateId)] } };
    },

    async addCandidateAttachment(ctx, input) {
      const gh = clientFor(ctx, input.remote_fields);
      const candidateId = numericId(input.candidate_remote_id, 'candidate');
      const app = await applicationForFiles(gh, candidateId);
      const created = await uploadAttachment(gh, app.id, input.attachment);
      return {
        records: { attachments: [mapAttachment(created, created.candidate_id ?? candidateId)] },
        warnings: [`${GREENHOUSE} stores files on applications; the file was attached to the candidate's application ${app.id}.`],
      };
    },

    async rejectApplication(ctx, input) {
      const gh = clientFor(ctx, input.remote_fields);
      const id = numericId(input.application_remote_id, 'application');
      const body: Record<string, unknown> = { rejection_reason_id: numericId(input.rejection_reason_remote_id, 'rejection reason') };
      if (input.note?.trim()) body['notes'] = input.note;
      const email = own(input.remote_fields)['rejection_email'];
      if (email && typeof email === 'object' && !Array.isArray(email)) body['rejection_email'] = email;
      await gh.call('POST', `applications/${id}/reject`, body);
      return { records: { applications: await applicationRecords(gh, [id]) } };
    },

    async addCandidateTag(ctx, input) {
      const gh = clientFor(ctx, input.remote_fields);
      const id = numericId(input.candidate_remote_id, 'candidate');
      const [candidate] = await gh.byIds('candidates', candidateSchema, 'ids', [id]);
      if (!candidate) throw missing('candidate', id);
      // Creating a tag whose name exists (any case) answers the existing tag.
      const tag = (await findTag(gh, input.tag_name)) ?? (await createTag(gh, input.tag_name));
      if (!candidate.tags.some((name) => name.trim().toLowerCase() === tag.name.trim().toLowerCase())) {
        await gh.call('POST', 'applied_candidate_tags', { candidate_id: id, candidate_tag_id: tag.id });
      }
      return { records: { tags: [mapTag(tag)], candidates: await candidateRecords(gh, [id]) } };
    },

    async removeCandidateTag(ctx, input) {
      const gh = clientFor(ctx, input.remote_fields);
      const id = numericId(input.candidate_remote_id, 'candidate');
      const tag = await findTag(gh, input.tag_name);
      const applied = tag
        ? (await gh.all('applied_candidate_tags', appliedCandidateTagSchema, { candidate_ids: id, candidate_tag_ids: tag.id })).filter((a) => a.candidate_id === id && a.candidate_tag_id === tag.id)
        : [];
      for (const row of applied) await gh.call('DELETE', `applied_candidate_tags/${row.id}`);
      const candidates = await candidateRecords(gh, [id]);
      if (candidates.length === 0) throw missing('candidate', id);
      const warnings = applied.length ? [] : [`The ${GREENHOUSE} candidate ${id} had no tag named "${input.tag_name}"; nothing was removed.`];
      return { records: { candidates }, warnings };
    },

    createApplication,

    async importTrackedApplication(ctx, input) {
      const gh = new HarvestClient(ctx);
      const id = numericId(input.application_remote_id, 'application');
      const applications = await applicationRecords(gh, [id]);
      if (applications.length === 0) throw missing('application', id);
      return { application_remote_id: String(id), records: { applications } };
    },
  };
}

// --- unified write inputs → Harvest v3 request bodies (pure functions) ---------------------------

const EMAIL_TYPES = { PERSONAL: 'personal', WORK: 'work', OTHER: 'other' } as const;
const PHONE_TYPES = { PERSONAL: 'mobile', WORK: 'work', OTHER: 'other' } as const;

/** One address line from a unified location. */
export function addressLine(location: NonNullable<NewCandidate['location']>): string {
  const cityLine = [location.city, [location.state, location.zip_code].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [location.street_1, cityLine, location.country].filter((p) => p && p.trim()).join(', ');
}

/** `POST /v3/candidates` body (no application: that is a separate `POST /v3/applications`). */
export function newCandidateBody(candidate: NewCandidate): Record<string, unknown> {
  const body: Record<string, unknown> = {
    first_name: candidate.first_name,
    last_name: candidate.last_name,
    email_addresses: [
      { value: candidate.email_address, type: 'personal' },
      ...candidate.additional_email_addresses.map((e) => ({ value: e.email_address, type: EMAIL_TYPES[e.type] })),
    ],
  };
  if (candidate.company) body['company'] = candidate.company;
  if (candidate.title) body['title'] = candidate.title;
  const phones = [
    ...(candidate.phone_number ? [{ value: candidate.phone_number, type: 'mobile' }] : []),
    ...candidate.additional_phone_numbers.map((p) => ({ value: p.phone_number, type: PHONE_TYPES[p.type] })),
  ];
  if (phones.length) body['phone_numbers'] = phones;
  if (candidate.location) body['addresses'] = [{ value: addressLine(candidate.location), type: 'home' }];
  if (candidate.social_links.length) body['social_media_addresses'] = candidate.social_links.map((l) => ({ value: l.url }));
  return body;
}

const UPLOAD_TYPES: Record<AttachmentType, string> = { CV: 'resume', COVER_LETTER: 'cover_letter', OTHER: 'other' };

/**
 * `POST /v3/attachments` body: the file inline as base64 `content`. The documented body is
 * `application_id`, `filename`, `type`, `content` | `url` and `visibility` (reference page "Create
 * attachment", post_v3-attachments); there is no `content_type` (v1 had one), Greenhouse goes by the
 * filename's extension, so the file name is what carries the type.
 */
export function attachmentBody(applicationId: number, file: FileToUpload): Record<string, unknown> {
  return {
    application_id: applicationId,
    filename: file.name,
    type: UPLOAD_TYPES[file.type],
    content: Buffer.from(file.data).toString('base64'),
  };
}
