/**
 * Workable's write operations (SPI v3). Actions that Workable records against a member (move,
 * disqualify, comment) send `member_id`: `remote_fields.workable.on_behalf_of_user_remote_id`
 * (Kombo's key; `member_id` is this connector's earlier spelling), else the `member_id` credential,
 * else the account's first active admin (looked up once and kept in the connector state).
 * Tag changes and candidate creation take no member in Workable.
 *
 * - move: `POST /candidates/:id/move {member_id, target_stage: <slug>}`;
 * - reject: `POST /candidates/:id/disqualify {member_id, disqualify_reason_id, disqualify_note}`
 *   (the note is cut to Workable's 256 characters; a longer one also goes in full as a comment);
 * - notes and result links: `POST /candidates/:id/comments {member_id, comment: {body}}`;
 * - attachments: a comment carrying the file (`comment.attachment {name, data}`, base64): Workable
 *   has no other upload for existing candidates;
 * - tags: `PUT /candidates/:id/tags` replaces the whole list, so each of the person's records is read,
 *   changed and written back whole;
 * - create: `POST /jobs/:shortcode/candidates[?stage=<slug>]` with the first CV as `resume`; the other
 *   files follow as comments. Only published jobs take candidates here.
 * Candidate-level writes go to the person's records: notes and files to the newest, tags to all.
 */
import { ApplicationExistsError, JobClosedError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import type { SourceApplication, SourceAttachment, SourceCandidate } from '../source-records.js';
import type { ConnectorWrites, CreateApplicationInput, CreateApplicationResult, FileToUpload, RemoteFields, WriteResult } from '../writes.js';
import { z } from 'zod';
import { WorkableClient } from './client.js';
import { earliestFirst, groupPeople, mapApplication, mapCandidate, mapFiles } from './mapping.js';
import { candidateSchema, commentCreatedSchema, createdCandidateSchema, fileSchema, jobSchema, memberSchema, stageSchema, type WorkableCandidate } from './vendor-schemas.js';

const MEMBER_STATE_KEY = 'workable.member_id';
const NOTE_LIMIT = 256;
const candidatePath = (id: string) => `/candidates/${encodeURIComponent(id)}`;

function workableFields(remote: RemoteFields): Record<string, unknown> {
  const own = remote['workable'];
  if (own === undefined || own === null) return {};
  if (typeof own !== 'object' || Array.isArray(own)) throw new VendorError('REMOTE.INPUT_INVALID', 'remote_fields.workable must be an object of Workable request fields.');
  return own as Record<string, unknown>;
}

/** The member the caller asked the action to be recorded under, if any. */
function requestedMember(remote: RemoteFields): string | null {
  const own = workableFields(remote);
  for (const key of ['on_behalf_of_user_remote_id', 'member_id']) {
    const given = own[key];
    if (given === undefined || given === null) continue;
    if (typeof given !== 'string' || !given.trim()) throw new VendorError('REMOTE.INPUT_INVALID', `remote_fields.workable.${key} must be a Workable member id.`);
    return given.trim();
  }
  return null;
}

/** The member the action is recorded under. */
export async function memberId(ctx: ConnectorContext, client: WorkableClient, remote: RemoteFields): Promise<string> {
  const given = requestedMember(remote);
  if (given) return given;
  const configured = ctx.credentials['member_id']?.trim();
  if (configured) return configured;
  const kept = await ctx.state.get(MEMBER_STATE_KEY);
  if (kept) return kept;
  const members = await client.all('/members', 'members', { status: 'active' }, memberSchema);
  const chosen = members.find((m) => m.role === 'admin' && m.active !== false) ?? members.find((m) => m.active !== false);
  if (!chosen) throw new VendorError('REMOTE.INPUT_INVALID', 'Workable lists no active member to record the action under; set the member_id credential.');
  await ctx.state.set(MEMBER_STATE_KEY, chosen.id);
  return chosen.id;
}

async function detail(client: WorkableClient, id: string): Promise<WorkableCandidate> {
  const found = await client.json('GET', candidatePath(id), z.object({ candidate: candidateSchema }), { allowNotFound: true });
  if (!found) throw new VendorError('REMOTE.INPUT_INVALID', `Workable has no candidate "${id}".`, { vendorStatus: 404 });
  return found.candidate;
}

/** The person a record belongs to and all of their records (details), earliest first. */
export async function personOf(client: WorkableClient, record: WorkableCandidate): Promise<{ personId: string; records: WorkableCandidate[] }> {
  const email = record.email?.trim();
  const listed = email ? await client.all('/candidates', 'candidates', { email }, candidateSchema) : [];
  const all = listed.some((c) => c.id === record.id) ? listed : [...listed, record];
  for (const [personId, records] of groupPeople(all)) {
    if (!records.some((r) => r.id === record.id)) continue;
    const details = await Promise.all(records.map((r) => (r.id === record.id ? record : detail(client, r.id))));
    return { personId, records: details.sort(earliestFirst) };
  }
  return { personId: record.id, records: [record] };
}

/** The records of a person by their remote id (the id of their earliest record). */
async function personById(client: WorkableClient, personId: string) {
  // A person's id is their earliest record; if an earlier one appeared since, the records still are theirs.
  return personOf(client, await detail(client, personId));
}

const newest = (records: readonly WorkableCandidate[]): WorkableCandidate => {
  const found = [...records].sort((a, b) => earliestFirst(b, a))[0];
  if (!found) throw new VendorError('REMOTE.INPUT_INVALID', 'Workable has no records for this person.');
  return found;
};

export async function stagesOf(client: WorkableClient, shortcode: string | null | undefined) {
  if (!shortcode) return undefined;
  return (await client.json('GET', `/jobs/${encodeURIComponent(shortcode)}/stages`, z.object({ stages: z.array(stageSchema) }), { allowNotFound: true }))?.stages;
}

async function applicationResult(client: WorkableClient, id: string): Promise<{ application: SourceApplication; candidate: SourceCandidate; record: WorkableCandidate }> {
  const record = await detail(client, id);
  const person = await personOf(client, record);
  const application = mapApplication(record, person.personId, await stagesOf(client, record.job?.shortcode));
  return { application, candidate: mapCandidate(person.personId, person.records), record };
}

async function comment(ctx: ConnectorContext, client: WorkableClient, id: string, body: string, remote: RemoteFields, attachment?: FileToUpload): Promise<string | null> {
  const member_id = await memberId(ctx, client, remote);
  const own = workableFields(remote);
  const policy = Array.isArray(own['policy']) ? { policy: own['policy'] } : {};
  const payload = { member_id, comment: { body, ...policy, ...(attachment ? { attachment: { name: attachment.name, data: Buffer.from(attachment.data).toString('base64') } } : {}) } };
  const answer = await client.call('POST', `${candidatePath(id)}/comments`, { json: payload });
  const parsed = commentCreatedSchema.safeParse(answer);
  return parsed.success ? (parsed.data?.id ?? null) : null;
}

async function filesAfterUpload(client: WorkableClient, record: WorkableCandidate, personId: string, name: string): Promise<SourceAttachment[]> {
  const listed = await client.json('GET', `${candidatePath(record.id)}/files`, z.object({ files: z.array(fileSchema) }), { allowNotFound: true });
  const mapped = mapFiles(record, personId, listed?.files ?? []);
  const added = mapped.filter((f) => f.file_name === name).pop();
  return added ? [added] : [];
}

async function attach(ctx: ConnectorContext, client: WorkableClient, record: WorkableCandidate, personId: string, file: FileToUpload, remote: RemoteFields): Promise<WriteResult> {
  await comment(ctx, client, record.id, `Attachment: ${file.name}`, remote, file);
  const warnings = file.type === 'OTHER' ? [] : [`Workable takes files on existing candidates only as comment attachments; "${file.name}" reads back as OTHER, not ${file.type}.`];
  return { records: { attachments: await filesAfterUpload(client, record, personId, file.name) }, warnings };
}

async function setTags(client: WorkableClient, record: WorkableCandidate, tags: string[]): Promise<WorkableCandidate> {
  const answer = await client.call('PUT', `${candidatePath(record.id)}/tags`, { json: { tags } });
  const parsed = z.object({ tags: z.array(z.string()) }).safeParse(answer);
  return { ...record, tags: parsed.success ? parsed.data.tags : tags };
}

async function changeTag(client: WorkableClient, personId: string, tag: string, add: boolean): Promise<WriteResult> {
  const name = tag.trim();
  if (!name) throw new VendorError('REMOTE.INPUT_INVALID', 'The tag name is empty.');
  const person = await personById(client, personId);
  const key = name.toLowerCase();
  const updated: WorkableCandidate[] = [];
  let touched = false;
  for (const record of person.records) {
    const tags = record.tags ?? [];
    const has = tags.some((t) => t.toLowerCase() === key);
    if (add && !has) (updated.push(await setTags(client, record, [...tags, name])), (touched = true));
    else if (!add && has) (updated.push(await setTags(client, record, tags.filter((t) => t.toLowerCase() !== key))), (touched = true));
    else updated.push(record);
  }
  const candidate = mapCandidate(person.personId, updated);
  const warnings = !add && !touched ? [`The candidate has no tag "${name}" in Workable; nothing was removed.`] : [];
  return { records: { candidates: [candidate], ...(add ? { tags: [{ remote_id: candidate.tags.find((t) => t.name?.toLowerCase() === key)?.remote_id ?? name, name }] } : {}) }, warnings };
}

const SOCIAL_TYPES: Array<[RegExp, string]> = [
  [/linkedin\.com/i, 'linkedin'],
  [/github\.com/i, 'github'],
  [/(twitter|x)\.com/i, 'twitter'],
  [/xing\.com/i, 'xing'],
  [/facebook\.com/i, 'facebook'],
];

async function createApplication(ctx: ConnectorContext, input: CreateApplicationInput): Promise<CreateApplicationResult> {
  const client = new WorkableClient(ctx);
  const job = await client.json('GET', `/jobs/${encodeURIComponent(input.job_remote_id)}`, jobSchema, { allowNotFound: true });
  if (!job) throw new VendorError('REMOTE.INPUT_INVALID', `Workable has no job "${input.job_remote_id}".`, { vendorStatus: 404 });
  if (job.state !== 'published') throw new JobClosedError(`The Workable job "${job.title ?? input.job_remote_id}" is ${job.state ?? 'not published'}; only published jobs take candidates.`);
  const c = input.candidate;
  const existing = await client.all('/candidates', 'candidates', { email: c.email_address, shortcode: job.shortcode }, candidateSchema);
  const sameEmail = (x: WorkableCandidate) => x.email?.trim().toLowerCase() === c.email_address.trim().toLowerCase();
  if (existing.some((x) => sameEmail(x) && x.job?.shortcode === job.shortcode)) {
    throw new ApplicationExistsError(`Workable already has a candidate with ${c.email_address} in the job "${job.title ?? job.shortcode}".`);
  }
  const [cv, ...others] = (() => {
    const files = [...input.attachments];
    const i = files.findIndex((f) => f.type === 'CV');
    if (i < 0) return [undefined, ...files];
    const [first] = files.splice(i, 1);
    return [first, ...files];
  })();
  const location = c.location ? [c.location.street_1, c.location.city, c.location.state, c.location.zip_code, c.location.country].filter(Boolean).join(', ') : null;
  const own = workableFields(input.remote_fields);
  const body = {
    sourced: input.sourced_by_user_remote_id !== null ? true : (own['sourced'] ?? true),
    candidate: {
      // The docs mark `name` required unless firstname and lastname come along: both are sent.
      name: `${c.first_name} ${c.last_name}`.trim(),
      firstname: c.first_name,
      lastname: c.last_name,
      email: c.email_address,
      ...(c.title ? { headline: c.title } : {}),
      ...(c.phone_number ? { phone: c.phone_number } : {}),
      ...(location ? { address: location } : {}),
      ...(c.social_links.length ? { social_profiles: c.social_links.map((l) => ({ type: SOCIAL_TYPES.find(([re]) => re.test(l.url))?.[1] ?? 'other', url: l.url })) } : {}),
      ...(cv ? { resume: { name: cv.name, data: Buffer.from(cv.data).toString('base64') } } : {}),
      ...(typeof own['candidate'] === 'object' && own['candidate'] !== null ? (own['candidate'] as Record<string, unknown>) : {}),
    },
  };
  const answer = await client.json('POST', `/jobs/${encodeURIComponent(job.shortcode)}/candidates`, createdCandidateSchema, {
    json: body,
    ...(input.stage_remote_id ? { query: { stage: input.stage_remote_id } } : {}),
  });
  if (!answer) throw new VendorError('REMOTE.INPUT_INVALID', `Workable has no job "${job.shortcode}".`, { vendorStatus: 404 });
  const created = answer.candidate;
  const warnings: string[] = [];
  if (requestedMember(input.remote_fields) !== null) {
    warnings.push(
      `Workable records a new candidate without a member, so remote_fields.workable.on_behalf_of_user_remote_id was not applied to the candidate${others.length ? ' (only to the comments carrying the other files)' : ''}.`,
    );
  }
  for (const file of others) {
    if (!file) continue;
    await comment(ctx, client, created.id, `Attachment: ${file.name}`, input.remote_fields, file);
    if (file.type !== 'OTHER') warnings.push(`Workable takes one résumé on creation; "${file.name}" was added as a comment attachment and reads back as OTHER.`);
  }
  const result = await applicationResult(client, created.id);
  const listed = await client.json('GET', `${candidatePath(created.id)}/files`, z.object({ files: z.array(fileSchema) }), { allowNotFound: true });
  return {
    candidate_remote_id: result.candidate.remote_id,
    application_remote_id: created.id,
    records: { candidates: [result.candidate], applications: [result.application], attachments: mapFiles(result.record, result.candidate.remote_id, listed?.files ?? []) },
    warnings,
  };
}

export const workableWrites: ConnectorWrites = {
  async moveApplicationToStage(ctx, input) {
    const client = new WorkableClient(ctx);
    const member_id = await memberId(ctx, client, input.remote_fields);
    await client.call('POST', `${candidatePath(input.application_remote_id)}/move`, { json: { member_id, target_stage: input.stage_remote_id } });
    const { application } = await applicationResult(client, input.application_remote_id);
    return { records: { applications: [application] } };
  },

  async rejectApplication(ctx, input) {
    const client = new WorkableClient(ctx);
    const member_id = await memberId(ctx, client, input.remote_fields);
    const note = input.note?.trim() ?? '';
    const json = { member_id, disqualify_reason_id: input.rejection_reason_remote_id, ...(note ? { disqualify_note: note.slice(0, NOTE_LIMIT) } : {}) };
    await client.call('POST', `${candidatePath(input.application_remote_id)}/disqualify`, { json });
    if (note.length > NOTE_LIMIT) await comment(ctx, client, input.application_remote_id, note, input.remote_fields);
    const { application } = await applicationResult(client, input.application_remote_id);
    return { records: { applications: [application] } };
  },

  async addApplicationNote(ctx, input) {
    const client = new WorkableClient(ctx);
    await comment(ctx, client, input.application_remote_id, input.content, input.remote_fields);
    return { records: {} };
  },

  async addCandidateNote(ctx, input) {
    const client = new WorkableClient(ctx);
    const person = await personById(client, input.candidate_remote_id);
    await comment(ctx, client, newest(person.records).id, input.content, input.remote_fields);
    return { records: {} };
  },

  async addApplicationAttachment(ctx, input) {
    const client = new WorkableClient(ctx);
    const record = await detail(client, input.application_remote_id);
    return attach(ctx, client, record, input.candidate_remote_id, input.attachment, input.remote_fields);
  },

  async addCandidateAttachment(ctx, input) {
    const client = new WorkableClient(ctx);
    const person = await personById(client, input.candidate_remote_id);
    return attach(ctx, client, newest(person.records), person.personId, input.attachment, input.remote_fields);
  },

  addCandidateTag: (ctx, input) => changeTag(new WorkableClient(ctx), input.candidate_remote_id, input.tag_name, true),
  removeCandidateTag: (ctx, input) => changeTag(new WorkableClient(ctx), input.candidate_remote_id, input.tag_name, false),
  createApplication,
};
