/**
 * Recruitee's write operations. Everything is recorded as the token's owner (Recruitee has no
 * "act as" for personal tokens).
 *
 * - move: `PATCH /placements/{id}/change_stage {stage_id}`;
 * - reject: `PATCH /placements/{id}/disqualify {disqualify_reason_id}` (a reason id is required);
 *   Recruitee's disqualification takes no text, so a note goes on the candidate as a note;
 * - notes and result links: `POST /candidates/{id}/notes {note: {body, visibility}}`
 *   (`remote_fields.recruitee.visibility`, default public; `is_json` sends `content` as `body_json`);
 * - tags: `POST /candidates/{id}/tags {tags: [name]}`, which creates unknown tags;
 * - files: `POST /attachments`, multipart `attachment[file]` + `attachment[candidate_id]`;
 * - create: `POST /candidates {candidate, offers: [job]}` puts the candidate in the job's first
 *   stage; another stage is a `change_stage` afterwards; files follow as attachments.
 * - import tracked application: the placement found among its job's placements.
 * Removing a tag is not done: Recruitee documents no route for it.
 */
import { z } from 'zod';
import { JobClosedError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import type { SourceApplication, SourceAttachment } from '../source-records.js';
import type { ConnectorWrites, CreateApplicationInput, CreateApplicationResult, FileToUpload, ImportTrackedApplicationInput, ImportTrackedApplicationResult, RemoteFields, WriteResult } from '../writes.js';
import { discard } from '../kit/http.js';
import { RecruiteeClient } from './client.js';
import { isJob, mapApplication, mapAttachment, mapCandidate, mapTag } from './mapping.js';
import { jobStages, tagIdsOf } from './reads.js';
import { attachmentSchema, candidateEnvelope, offerSchema, placementEnvelope, placementSchema, type RecruiteeCandidate, type RecruiteePlacement } from './vendor-schemas.js';

const candidatePath = (id: string) => `/candidates/${encodeURIComponent(id)}`;
const placementPath = (id: string) => `/placements/${encodeURIComponent(id)}`;
/** Recruitee ids are integers; one that is not is sent as it came (and refused by Recruitee). */
const idValue = (id: string): number | string => (/^\d+$/.test(id) ? Number(id) : id);

function recruiteeFields(remote: RemoteFields): Record<string, unknown> {
  const own = remote['recruitee'];
  if (own === undefined || own === null) return {};
  if (typeof own !== 'object' || Array.isArray(own)) throw new VendorError('REMOTE.INPUT_INVALID', 'remote_fields.recruitee must be an object of Recruitee request fields.');
  return own as Record<string, unknown>;
}

async function readCandidate(client: RecruiteeClient, id: string): Promise<RecruiteeCandidate> {
  return (await client.must('GET', candidatePath(id), candidateEnvelope)).candidate;
}

async function applicationOf(ctx: ConnectorContext, client: RecruiteeClient, placement: RecruiteePlacement): Promise<SourceApplication> {
  return mapApplication(placement, (await jobStages(ctx, client)).get(placement.offer_id));
}

async function note(client: RecruiteeClient, candidateId: string, content: string, remote: RemoteFields): Promise<void> {
  const own = recruiteeFields(remote);
  const given = own['visibility'];
  const visibility = given === undefined || given === null ? { level: 'public' } : typeof given === 'string' ? { level: given } : given;
  let body: Record<string, unknown> = { body: content };
  if (own['is_json'] === true) {
    try {
      body = { body_json: JSON.parse(content) as unknown };
    } catch {
      throw new VendorError('REMOTE.INPUT_INVALID', 'remote_fields.recruitee.is_json is set, but the note content is not JSON.');
    }
  }
  await client.must('POST', `${candidatePath(candidateId)}/notes`, z.object({ note: z.object({ id: z.unknown() }) }), { json: { note: { ...body, visibility } } });
}

async function upload(client: RecruiteeClient, candidateId: string, file: FileToUpload): Promise<SourceAttachment> {
  const form = new FormData();
  form.set('attachment[file]', new Blob([file.data], { type: file.content_type }), file.name);
  form.set('attachment[candidate_id]', candidateId);
  const saved = (await client.must('POST', '/attachments', z.object({ attachment: attachmentSchema }), { form })).attachment;
  return mapAttachment(saved, candidateId);
}

/** Files land as plain attachments: a CV or cover letter reads back as OTHER. */
const typeWarning = (file: FileToUpload): string[] =>
  file.type === 'OTHER' ? [] : [`Recruitee stores uploaded files as attachments; "${file.name}" reads back as OTHER, not ${file.type}.`];

async function attach(client: RecruiteeClient, candidateId: string, file: FileToUpload): Promise<WriteResult> {
  return { records: { attachments: [await upload(client, candidateId, file)] }, warnings: typeWarning(file) };
}

async function addTag(ctx: ConnectorContext, candidateId: string, tag: string): Promise<WriteResult> {
  const client = new RecruiteeClient(ctx);
  const name = tag.trim();
  if (!name) throw new VendorError('REMOTE.INPUT_INVALID', 'The tag name is empty.');
  const res = await client.send('POST', `${candidatePath(candidateId)}/tags`, { json: { tags: [name] } });
  if (res) await discard(res);
  const tagIds = await tagIdsOf(ctx, client, true);
  const candidate = mapCandidate(await readCandidate(client, candidateId), tagIds);
  const id = tagIds.get(name.toLowerCase());
  return { records: { candidates: [candidate], tags: [mapTag({ id: id ?? name, name })] } };
}

const CLOSED = new Set(['closed', 'archived']);

async function createApplication(ctx: ConnectorContext, input: CreateApplicationInput): Promise<CreateApplicationResult> {
  const client = new RecruiteeClient(ctx);
  const offer = (await client.json('GET', `/offers/${encodeURIComponent(input.job_remote_id)}`, z.object({ offer: offerSchema }), { allowNotFound: true }))?.offer;
  if (!offer || !isJob(offer)) throw new VendorError('REMOTE.INPUT_INVALID', `Recruitee has no job "${input.job_remote_id}".`, { vendorStatus: 404 });
  if (CLOSED.has(offer.status ?? '')) throw new JobClosedError(`The Recruitee job "${offer.title ?? offer.id}" is ${offer.status ?? 'closed'}.`);
  const stages = offer.pipeline_template?.stages ?? [];
  if (input.stage_remote_id !== null && !stages.some((s) => s.id === input.stage_remote_id)) {
    throw new VendorError('REMOTE.INPUT_INVALID', `The stage "${input.stage_remote_id}" is not in the pipeline of the Recruitee job "${offer.title ?? offer.id}".`);
  }
  const c = input.candidate;
  const own = recruiteeFields(input.remote_fields);
  const extra = typeof own['candidate'] === 'object' && own['candidate'] !== null ? (own['candidate'] as Record<string, unknown>) : {};
  const { cover_letter_text: coverLetter, ...rest } = extra;
  const body = {
    candidate: {
      name: `${c.first_name} ${c.last_name}`.trim(),
      emails: [c.email_address, ...c.additional_email_addresses.map((e) => e.email_address)],
      phones: [c.phone_number, ...c.additional_phone_numbers.map((p) => p.phone_number)].filter((p): p is string => Boolean(p)),
      ...(c.social_links.length ? { links: c.social_links.map((l) => l.url) } : {}),
      ...(input.source?.name ? { sources: [input.source.name] } : {}),
      ...(typeof coverLetter === 'string' ? { cover_letter: coverLetter } : {}),
      ...rest,
    },
    offers: [idValue(offer.id)],
  };
  const created = (await client.must('POST', '/candidates', candidateEnvelope, { json: body })).candidate;
  let placement = created.placements?.find((p) => p.offer_id === offer.id);
  if (!placement) throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', `Recruitee created the candidate ${created.id} without a placement on the job ${offer.id}.`);
  if (input.stage_remote_id !== null && input.stage_remote_id !== placement.stage_id) {
    placement = (await client.must('PATCH', `${placementPath(placement.id)}/change_stage`, placementEnvelope, { json: { stage_id: idValue(input.stage_remote_id) } })).placement;
  }
  const warnings: string[] = [];
  const ordered = [...input.attachments].sort((a, b) => Number(b.type === 'CV') - Number(a.type === 'CV'));
  const attachments: SourceAttachment[] = [];
  for (const file of ordered) {
    attachments.push(await upload(client, created.id, file));
    warnings.push(...typeWarning(file));
  }
  const candidate = mapCandidate(await readCandidate(client, created.id), await tagIdsOf(ctx, client, true));
  return {
    candidate_remote_id: created.id,
    application_remote_id: placement.id,
    records: { candidates: [candidate], applications: [mapApplication(placement, stages)], ...(attachments.length ? { attachments } : {}) },
    warnings,
  };
}

const groupedPlacements = z.object({ stages: z.array(z.object({ placements: z.array(placementSchema).nullish() }).passthrough()) });

/**
 * Import tracked application (Kombo's `placement_id`): the placement is looked up in its job's
 * placements (`GET /offers/{id}/placements`, grouped by stage), job by job, as the known routes
 * read a placement only through its candidate or its job.
 */
async function importTrackedApplication(ctx: ConnectorContext, input: ImportTrackedApplicationInput): Promise<ImportTrackedApplicationResult> {
  const client = new RecruiteeClient(ctx);
  const id = input.application_remote_id;
  if (!id) throw new VendorError('REMOTE.INPUT_INVALID', 'Recruitee needs the placement id (placement_id).');
  const stages = await jobStages(ctx, client);
  const jobs = input.job_remote_id && stages.has(input.job_remote_id) ? [input.job_remote_id] : [...stages.keys()];
  for (const job of jobs) {
    const grouped = await client.json('GET', `/offers/${encodeURIComponent(job)}/placements`, groupedPlacements, { allowNotFound: true });
    const found = grouped?.stages.flatMap((s) => s.placements ?? []).find((p) => p.id === id);
    if (found) return { application_remote_id: found.id, records: { applications: [mapApplication(found, stages.get(job))] } };
  }
  throw new VendorError('REMOTE.INPUT_INVALID', `Recruitee has no placement "${id}" on a job.`, { vendorStatus: 404 });
}

export const recruiteeWrites: ConnectorWrites = {
  async moveApplicationToStage(ctx, input) {
    const client = new RecruiteeClient(ctx);
    const { placement } = await client.must('PATCH', `${placementPath(input.application_remote_id)}/change_stage`, placementEnvelope, { json: { stage_id: idValue(input.stage_remote_id) } });
    return { records: { applications: [await applicationOf(ctx, client, placement)] } };
  },

  async rejectApplication(ctx, input) {
    const client = new RecruiteeClient(ctx);
    const { placement } = await client.must('PATCH', `${placementPath(input.application_remote_id)}/disqualify`, placementEnvelope, {
      json: { disqualify_reason_id: idValue(input.rejection_reason_remote_id) },
    });
    const text = input.note?.trim();
    if (text) await note(client, placement.candidate_id, text, input.remote_fields);
    return { records: { applications: [await applicationOf(ctx, client, placement)] } };
  },

  async addApplicationNote(ctx, input) {
    await note(new RecruiteeClient(ctx), input.candidate_remote_id, input.content, input.remote_fields);
    return { records: {} };
  },

  async addCandidateNote(ctx, input) {
    await note(new RecruiteeClient(ctx), input.candidate_remote_id, input.content, input.remote_fields);
    return { records: {} };
  },

  addApplicationAttachment: (ctx, input) => attach(new RecruiteeClient(ctx), input.candidate_remote_id, input.attachment),
  addCandidateAttachment: (ctx, input) => attach(new RecruiteeClient(ctx), input.candidate_remote_id, input.attachment),
  addCandidateTag: (ctx, input) => addTag(ctx, input.candidate_remote_id, input.tag_name),
  createApplication,
  importTrackedApplication,
};

