/**
 * Lever's write operations (hire.lever.co/developer/documentation, Opportunities, Notes, Files).
 *
 * - stage moves: `PUT /opportunities/:id/stage`; rejections: `PUT /opportunities/:id/archived`
 *   with a non-hired archive reason (plus a note when one is given);
 * - notes: `POST /opportunities/:id/notes`; files: `POST /opportunities/:id/files` (multipart);
 * - result links (Lever has none): the URL is added to the person's links (`addLinks`) and a note
 *   holds the label, the URL and the attributes;
 * - tags are strings on opportunities: a candidate's tag is added to every opportunity of the
 *   person lacking it and removed from every one that has it (case-insensitively);
 * - candidates and applications are created with `POST /opportunities` (JSON, or multipart when
 *   files come along: the first CV as `resumeFile`, the rest as `files[]`); Lever dedupes on
 *   e-mail onto the existing person. Only published and internal postings take candidates.
 *
 * Writes are attributed (`perform_as`) to `remote_fields.lever.perform_as`, else the sourcing
 * user (creates), else the `perform_as` credential, else the posting owner (creates) or the
 * opportunity owner (file uploads) — Lever requires a user on those two — or nobody (Lever's
 * default). Write answers whose applications are not expanded are read back with
 * `expand=applications` (the posting of an opportunity lives in its application).
 */
import { ApplicationExistsError, JobClosedError, VendorError } from '../../lib/errors.js';
import { resultLinkText } from '../kit/result-links.js';
import type { ConnectorContext } from '../connector.js';
import type { SourceAttachment } from '../source-records.js';
import type { ConnectorWrites, CreateApplicationInput, CreateApplicationResult, FileToUpload, RemoteFields, ResultLinkDetails, WriteResult } from '../writes.js';
import { LeverClient, type Query } from './client.js';
import { OPEN_POSTING_STATES, applicationOf, byContact, contactIdOf, mapApplication, mapCandidate, mapFile, mapResume, type ReasonsById } from './mapping.js';
import { confidentiality, opportunitiesOfContacts, reasonsOf } from './reads.js';
import { fileSchema, opportunitySchema, postingSchema, refId, resumeSchema, type LeverOpportunity } from './vendor-schemas.js';

const EXPAND: Query = { expand: 'applications' };
const opportunityPath = (id: string) => `/opportunities/${encodeURIComponent(id)}`;

/** Lever's own part of `remote_fields` (an object), without our `perform_as`. */
function leverFields(remote: RemoteFields): { performAs: string | null; extra: Record<string, unknown> } {
  const own = remote['lever'];
  if (own === undefined || own === null) return { performAs: null, extra: {} };
  if (typeof own !== 'object' || Array.isArray(own)) throw new VendorError('REMOTE.INPUT_INVALID', 'remote_fields.lever must be an object of Lever request fields.');
  const { perform_as: performAs, ...extra } = own as Record<string, unknown>;
  if (performAs !== undefined && typeof performAs !== 'string') throw new VendorError('REMOTE.INPUT_INVALID', 'remote_fields.lever.perform_as must be a Lever user id.');
  return { performAs: performAs ?? null, extra };
}

function performAs(ctx: ConnectorContext, remote: RemoteFields, ...fallbacks: Array<string | null | undefined>): Query {
  const user = [leverFields(remote).performAs, ...fallbacks, ctx.credentials['perform_as']?.trim()].find((u) => typeof u === 'string' && u !== '');
  return user ? { perform_as: user } : {};
}

async function reasonsFor(ctx: ConnectorContext, client: LeverClient, opportunities: readonly LeverOpportunity[]): Promise<ReasonsById> {
  return opportunities.some((o) => o.archived) ? reasonsOf(ctx, client) : new Map();
}

async function opportunity(client: LeverClient, id: string): Promise<LeverOpportunity> {
  return client.one('GET', opportunityPath(id), opportunitySchema, { query: EXPAND });
}

/**
 * Whether an answered opportunity has its applications expanded (or has none). The docs show
 * `expand` on reads; a write may answer application ids only, which hold no posting.
 */
const expanded = (o: LeverOpportunity): boolean => (o.applications ?? []).every((a) => typeof a !== 'string');

/**
 * An opportunity write (`{data: opportunity}` answer); reads the opportunity when the answer lacks
 * it or carries its applications as bare ids (the posting, our application's job, is in them).
 */
async function updateOpportunity(client: LeverClient, method: string, id: string, action: string, query: Query, json: unknown): Promise<LeverOpportunity> {
  const answered = await client.write(method, `${opportunityPath(id)}/${action}`, opportunitySchema, { query: { ...query, ...EXPAND }, json });
  return answered?.id === id && expanded(answered) ? answered : opportunity(client, id);
}

/** Every opportunity of a person, newest first; throws when Lever has none. */
async function opportunitiesOf(ctx: ConnectorContext, client: LeverClient, contactId: string): Promise<LeverOpportunity[]> {
  const found = byContact(await opportunitiesOfContacts(ctx, client, [contactId])).get(contactId) ?? [];
  if (found.length === 0) throw new VendorError('REMOTE.INPUT_INVALID', `Lever has no opportunities for the contact "${contactId}" (deleted, or confidential and out of reach).`, { vendorStatus: 404 });
  return found.sort((a, b) => b.createdAt - a.createdAt);
}

/** The person's newest opportunity: where person-level notes and files go, as Lever keeps them per opportunity. */
async function newestOpportunity(ctx: ConnectorContext, client: LeverClient, contactId: string): Promise<LeverOpportunity> {
  const [newest] = await opportunitiesOf(ctx, client, contactId);
  if (!newest) throw new VendorError('REMOTE.INPUT_INVALID', `Lever has no opportunities for the contact "${contactId}".`);
  return newest;
}

async function addNote(ctx: ConnectorContext, client: LeverClient, opportunityId: string, value: string, remote: RemoteFields): Promise<void> {
  // The answer (the note, or only its id) is not needed.
  await client.call('POST', `${opportunityPath(opportunityId)}/notes`, { query: performAs(ctx, remote), json: { value } });
}

function multipartFile(file: FileToUpload): Blob {
  return new Blob([file.data.slice().buffer as ArrayBuffer], { type: file.content_type });
}

async function uploadFile(ctx: ConnectorContext, client: LeverClient, o: LeverOpportunity, file: FileToUpload, remote: RemoteFields): Promise<WriteResult> {
  const form = new FormData();
  form.append('file', multipartFile(file), file.name);
  // Lever's file upload takes `perform_as` as a required parameter: without a configured user, the opportunity's owner.
  const query = performAs(ctx, remote, ctx.credentials['perform_as']?.trim(), refId(o.owner));
  if (!query.perform_as) throw new VendorError('REMOTE.INPUT_INVALID', 'Lever needs a user to upload files as: set remote_fields.lever.perform_as or the perform_as credential.');
  const uploaded = await client.one('POST', `${opportunityPath(o.id)}/files`, fileSchema, { query, form });
  const attachment: SourceAttachment = { ...mapFile(uploaded, contactIdOf(o), o.id), file_name: uploaded.name?.trim() || file.name };
  const warnings =
    file.type === 'OTHER'
      ? []
      : [`Lever's API uploads files next to an opportunity's résumés, not as one: the ${file.type === 'CV' ? 'CV' : 'cover letter'} was added as a file and reads back with type OTHER.`];
  return { records: { attachments: [attachment] }, warnings };
}

async function addResultLink(ctx: ConnectorContext, client: LeverClient, o: LeverOpportunity, link: { label: string; url: string; details: ResultLinkDetails | null }, remote: RemoteFields) {
  const query = performAs(ctx, remote);
  const updated = await updateOpportunity(client, 'POST', o.id, 'addLinks', query, { links: [link.url] });
  await addNote(ctx, client, o.id, resultLinkText(link), remote);
  // Links live on the person: every opportunity of theirs shows the new one.
  const all = (await opportunitiesOf(ctx, client, contactIdOf(updated))).map((x) => (x.id === updated.id ? updated : x));
  return {
    records: { candidates: [mapCandidate(all)], applications: [mapApplication(updated, await reasonsFor(ctx, client, [updated]))] },
    warnings: ['The result link was added to the candidate\u2019s links in Lever, and a note on the opportunity holds its label, URL and attributes.'],
  };
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

async function changeTag(ctx: ConnectorContext, client: LeverClient, contactId: string, tag: string, remote: RemoteFields, add: boolean): Promise<WriteResult> {
  const opportunities = await opportunitiesOf(ctx, client, contactId);
  const query = performAs(ctx, remote);
  const updated = new Map<string, LeverOpportunity>();
  for (const o of opportunities) {
    const present = (o.tags ?? []).filter((t) => same(t, tag));
    if (add ? present.length > 0 : present.length === 0) continue;
    updated.set(o.id, await updateOpportunity(client, 'POST', o.id, add ? 'addTags' : 'removeTags', query, { tags: add ? [tag] : present }));
  }
  if (updated.size === 0) {
    return { records: {}, warnings: [add ? `The candidate already has the tag "${tag}" in Lever.` : `The candidate has no tag "${tag}" in Lever; nothing was removed.`] };
  }
  const all = opportunities.map((o) => updated.get(o.id) ?? o);
  const reasons = await reasonsFor(ctx, client, [...updated.values()]);
  return {
    records: {
      candidates: [mapCandidate(all)],
      applications: [...updated.values()].map((o) => mapApplication(o, reasons)),
      ...(add ? { tags: [{ remote_id: tag, name: tag }] } : {}),
    },
  };
}

const PHONE_TYPE: Record<string, string> = { PERSONAL: 'home', WORK: 'work', OTHER: 'other' };

function newOpportunityBody(input: CreateApplicationInput, extra: Record<string, unknown>): Record<string, unknown> {
  const c = input.candidate;
  const location = c.location ? [c.location.street_1, [c.location.zip_code, c.location.city].filter(Boolean).join(' '), c.location.state, c.location.country].filter(Boolean).join(', ') : null;
  const phones = [
    ...(c.phone_number ? [{ value: c.phone_number }] : []),
    ...c.additional_phone_numbers.map((p) => ({ value: p.phone_number, type: PHONE_TYPE[p.type] ?? 'other' })),
  ];
  return {
    name: `${c.first_name} ${c.last_name}`.trim(),
    ...(c.company ? { headline: c.company } : {}),
    ...(location ? { location } : {}),
    emails: [c.email_address, ...c.additional_email_addresses.map((e) => e.email_address)],
    ...(phones.length ? { phones } : {}),
    ...(c.social_links.length ? { links: c.social_links.map((l) => l.url) } : {}),
    ...(input.source?.name ? { sources: [input.source.name] } : {}),
    origin: input.sourced_by_user_remote_id ? 'sourced' : 'applied',
    postings: [input.job_remote_id],
    ...(input.stage_remote_id ? { stage: input.stage_remote_id } : {}),
    ...extra,
  };
}

/** Lever's multipart field names: `name[]` for lists, `phones[i][key]` for objects in a list. */
function toForm(body: Record<string, unknown>, files: readonly FileToUpload[]): FormData {
  const form = new FormData();
  const put = (name: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item: unknown, i) => {
        if (item !== null && typeof item === 'object') for (const [k, v] of Object.entries(item)) put(`${name}[${i}][${k}]`, v);
        else put(`${name}[]`, item);
      });
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) put(`${name}[${k}]`, v);
    } else form.append(name, String(value));
  };
  for (const [key, value] of Object.entries(body)) put(key, value);
  const resume = files.find((f) => f.type === 'CV');
  if (resume) form.append('resumeFile', multipartFile(resume), resume.name);
  for (const file of files) if (file !== resume) form.append('files[]', multipartFile(file), file.name);
  return form;
}

async function createApplication(ctx: ConnectorContext, input: CreateApplicationInput): Promise<CreateApplicationResult> {
  const client = new LeverClient(ctx);
  const conf = await confidentiality(ctx, client);
  const posting = await client.one('GET', `/postings/${encodeURIComponent(input.job_remote_id)}`, postingSchema);
  if (!OPEN_POSTING_STATES.includes(posting.state)) {
    throw new JobClosedError(`The Lever posting "${posting.text ?? posting.id}" is ${posting.state} and does not take candidates (only published and internal postings do).`);
  }
  const emails = [input.candidate.email_address, ...input.candidate.additional_email_addresses.map((e) => e.email_address)];
  const existing = await client.all('/opportunities', { ...conf, email: emails, posting_id: input.job_remote_id, expand: 'applications' }, opportunitySchema);
  // The list is filtered by posting already; an application naming another posting is not one.
  const duplicate = existing.find((o) => [null, posting.id].includes(refId(applicationOf(o)?.posting)));
  if (duplicate) {
    throw new ApplicationExistsError(`${input.candidate.email_address} already has an opportunity for the Lever posting "${posting.text ?? posting.id}" (opportunity ${duplicate.id}).`);
  }
  // Kombo's `lever.candidate`: fields of the new opportunity, over ours.
  const { extra } = leverFields(input.remote_fields);
  const candidate = extra['candidate'];
  const body = newOpportunityBody(input, candidate && typeof candidate === 'object' && !Array.isArray(candidate) ? (candidate as Record<string, unknown>) : {});
  const query = { ...performAs(ctx, input.remote_fields, input.sourced_by_user_remote_id, ctx.credentials['perform_as'], refId(posting.owner), refId(posting.user)), ...EXPAND };
  if (!query.perform_as) throw new VendorError('REMOTE.INPUT_INVALID', 'Lever needs a user to create candidates as: set remote_fields.lever.perform_as or the perform_as credential.');
  const files = input.attachments;
  const created = await client.create('/opportunities', opportunitySchema, files.length > 0 ? { query, form: toForm(body, files) } : { query, json: body });
  // The answer's applications may be bare ids (no posting): then the opportunity is read back
  // expanded. Lever has created it by now, so a failed read-back must not fail the request.
  let readBackFailed = false;
  const o = expanded(created.data)
    ? created.data
    : await opportunity(client, created.data.id).catch(() => {
        readBackFailed = true;
        return created.data;
      });
  const contactId = contactIdOf(o);
  const all = created.deduped ? (await opportunitiesOf(ctx, client, contactId)).map((x) => (x.id === o.id ? o : x)) : [o];
  if (!all.some((x) => x.id === o.id)) all.push(o);
  const attachments: SourceAttachment[] = [];
  if (files.length > 0) {
    const base = opportunityPath(o.id);
    attachments.push(...(await client.all(`${base}/resumes`, {}, resumeSchema, { allowNotFound: true })).map((r) => mapResume(r, contactId, o.id)));
    attachments.push(...(await client.all(`${base}/files`, {}, fileSchema, { allowNotFound: true })).map((f) => mapFile(f, contactId, o.id)));
  }
  const warnings = created.deduped
    ? [`Lever matched ${input.candidate.email_address} to an existing person: the application was added to them, and Lever kept their name and details (adding new e-mail addresses, phone numbers and links).`]
    : [];
  if (readBackFailed) warnings.push(`Lever created opportunity ${o.id}, but reading it back failed; its job is filled in by the next sync.`);
  if (input.source?.unified_key || input.source?.id) warnings.push('Lever keeps sources as names only; source.unified_key and source.id were not sent.');
  return {
    candidate_remote_id: contactId,
    application_remote_id: o.id,
    records: { candidates: [mapCandidate(all)], applications: [mapApplication(o, await reasonsFor(ctx, client, [o]))], attachments },
    warnings,
  };
}

export const leverWrites: ConnectorWrites = {
  async moveApplicationToStage(ctx, input) {
    const client = new LeverClient(ctx);
    const o = await updateOpportunity(client, 'PUT', input.application_remote_id, 'stage', performAs(ctx, input.remote_fields), { stage: input.stage_remote_id });
    return { records: { applications: [mapApplication(o, await reasonsFor(ctx, client, [o]))] } };
  },

  async addApplicationNote(ctx, input) {
    await addNote(ctx, new LeverClient(ctx), input.application_remote_id, input.content, input.remote_fields);
    return { records: {} };
  },

  async addApplicationResultLink(ctx, input) {
    const client = new LeverClient(ctx);
    return addResultLink(ctx, client, await opportunity(client, input.application_remote_id), input, input.remote_fields);
  },

  async addCandidateResultLink(ctx, input) {
    const client = new LeverClient(ctx);
    return addResultLink(ctx, client, await newestOpportunity(ctx, client, input.candidate_remote_id), input, input.remote_fields);
  },

  async addApplicationAttachment(ctx, input) {
    const client = new LeverClient(ctx);
    return uploadFile(ctx, client, await opportunity(client, input.application_remote_id), input.attachment, input.remote_fields);
  },

  async addCandidateAttachment(ctx, input) {
    const client = new LeverClient(ctx);
    return uploadFile(ctx, client, await newestOpportunity(ctx, client, input.candidate_remote_id), input.attachment, input.remote_fields);
  },

  async rejectApplication(ctx, input) {
    const client = new LeverClient(ctx);
    const o = await updateOpportunity(client, 'PUT', input.application_remote_id, 'archived', performAs(ctx, input.remote_fields), { reason: input.rejection_reason_remote_id });
    if (input.note) await addNote(ctx, client, o.id, input.note, input.remote_fields);
    return { records: { applications: [mapApplication(o, await reasonsOf(ctx, client))] } };
  },

  addCandidateTag: (ctx, input) => changeTag(ctx, new LeverClient(ctx), input.candidate_remote_id, input.tag_name, input.remote_fields, true),
  removeCandidateTag: (ctx, input) => changeTag(ctx, new LeverClient(ctx), input.candidate_remote_id, input.tag_name, input.remote_fields, false),

  createApplication,
};
