/**
 * POST /opportunities?perform_as=<userId>[&perform_as_posting_owner=true][&parse=true]
 * (hire.lever.co/developer/documentation#create-an-opportunity). JSON or multipart (for `resumeFile`
 * and `files[]`). Answers 201 `{deduped, data}`: when `contact` is given, or an e-mail matches an
 * existing contact, the new opportunity joins that person (`deduped: true`); the existing contact's
 * name, headline and location win, new e-mails, phones and links are added to it.
 */
import type { Hono } from 'hono';
import { optionalMs, optionalString, readBody, stringList, type Body, type UploadedFile } from '../body.js';
import { badRequest } from '../errors.js';
import { expandSet, performAs, queryBool, requireConfidentialAccess, type Deps } from '../http.js';
import { opportunityJson } from '../serialize.js';
import type { LeverState } from '../state.js';
import { ORIGINS, PHONE_TYPES, type Archived, type Contact, type Origin, type Phone, type StoredFile } from '../types.js';

function phones(body: Body): Phone[] {
  const value = body.fields.phones;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest('Invalid phones: expected an array of {value, type}');
  return value.map((p: unknown) => {
    if (typeof p !== 'object' || p === null || typeof (p as { value?: unknown }).value !== 'string') throw badRequest('Invalid phones: each phone needs a string value');
    const { value: number, type } = p as { value: string; type?: unknown };
    if (type !== undefined && (typeof type !== 'string' || !(PHONE_TYPES as readonly string[]).includes(type))) {
      throw badRequest(`Invalid phone type "${String(type)}": expected one of ${PHONE_TYPES.join(', ')}`);
    }
    return { type: typeof type === 'string' ? type : 'other', value: number };
  });
}

function userIds(state: LeverState, ids: readonly string[], name: string): string[] {
  for (const id of ids) if (!state.usersById.has(id)) throw badRequest(`Invalid ${name}: no user with id ${id}`);
  return [...ids];
}

export async function storeUpload(upload: UploadedFile, id: string, uploadedAt: number): Promise<StoredFile> {
  const bytes = new Uint8Array(await upload.file.arrayBuffer());
  const name = upload.file.name || 'upload';
  const dot = name.lastIndexOf('.');
  return { id, name, ext: dot > 0 ? name.slice(dot) : '', uploadedAt, size: bytes.length, contentType: upload.file.type || 'application/octet-stream', bytes };
}

export function registerCreateOpportunity(api: Hono, { state, now }: Deps): void {
  api.post('/opportunities', async (c) => {
    const actor = performAs(c, state, true);
    const postingOwnerMode = queryBool(c, 'perform_as_posting_owner') === true;
    queryBool(c, 'parse');
    const body = await readBody(c);
    const t = now();

    const name = optionalString(body, 'name');
    const headline = optionalString(body, 'headline');
    const location = optionalString(body, 'location');
    const emails = stringList(body, 'emails') ?? [];
    const links = stringList(body, 'links') ?? [];
    const phoneList = phones(body);
    const stageId = optionalString(body, 'stage') ?? 'lead-new';
    const stageIndex = state.stageIndex(stageId);
    if (stageIndex < 0) throw badRequest(`Invalid stage: no stage with id ${stageId}`);
    const origin = (optionalString(body, 'origin') ?? 'sourced') as Origin;
    if (!ORIGINS.includes(origin)) throw badRequest(`Invalid origin "${origin}": expected one of ${ORIGINS.join(', ')}`);
    const single = optionalString(body, 'posting');
    const postingIds = stringList(body, 'postings') ?? (single ? [single] : []);
    if (postingIds.length > 1) throw badRequest('Invalid postings: an opportunity can be applied to at most one posting');
    if (postingOwnerMode && postingIds.length !== 1) throw badRequest('perform_as_posting_owner requires exactly one posting in postings');
    const posting = postingIds[0] === undefined ? undefined : state.postingsById.get(postingIds[0]);
    if (postingIds[0] !== undefined && !posting) throw badRequest(`Invalid postings: no posting with id ${postingIds[0]}`);
    if (posting?.confidential) requireConfidentialAccess(c);
    const ownerField = optionalString(body, 'owner');
    const owner = ownerField ? userIds(state, [ownerField], 'owner')[0] : postingOwnerMode ? (posting?.owner ?? actor.id) : actor.id;
    const followers = userIds(state, stringList(body, 'followers') ?? [], 'followers');
    const createdAt = optionalMs(body.fields.createdAt, 'createdAt') ?? t;
    if (createdAt > t) throw badRequest('Invalid createdAt: an opportunity cannot be created in the future');
    let archived: Archived | null = null;
    const archivedField = body.fields.archived;
    if (archivedField !== undefined && archivedField !== null) {
      if (typeof archivedField !== 'object' || Array.isArray(archivedField)) throw badRequest('Invalid archived: expected {reason, archivedAt}');
      const { reason, archivedAt } = archivedField as { reason?: unknown; archivedAt?: unknown };
      if (reason !== undefined && reason !== null) {
        if (typeof reason !== 'string' || !state.archiveReasons.some((r) => r.id === reason)) throw badRequest(`Invalid archived.reason: no archive reason with id ${String(reason)}`);
        const at = optionalMs(archivedAt, 'archived.archivedAt') ?? t;
        if (at < createdAt) throw badRequest('Invalid archived.archivedAt: must not be before createdAt');
        archived = { reason, archivedAt: at };
      }
    }

    // Dedupe: an explicit contact, else the first contact owning one of the e-mails.
    const contactField = optionalString(body, 'contact');
    let contact: Contact | undefined;
    if (contactField) {
      contact = state.mutableContact(contactField);
      if (!contact) throw badRequest(`Invalid contact: no contact with id ${contactField}`);
    } else {
      for (const email of emails) {
        const owner = state.contactByEmail(email);
        contact = owner ? state.mutableContact(owner.id) : undefined;
        if (contact) break;
      }
    }
    const deduped = contact !== undefined;
    if (contact) {
      const known = new Set(contact.emails.map((e) => e.toLowerCase()));
      for (const email of emails) if (!known.has(email.toLowerCase())) contact.emails.push(email);
      for (const phone of phoneList) if (!contact.phones.some((p) => p.value === phone.value)) contact.phones.push(phone);
      contact.links = [...new Set([...contact.links, ...links])];
      state.indexEmails(contact);
    } else {
      contact = { id: state.newId('contact'), name: name ?? '', headline: headline ?? '', location: location ?? '', emails: [...emails], phones: phoneList, links: [...new Set(links)] };
      state.addContact(contact);
    }

    const postingTags = posting ? [posting.text, posting.team, posting.department, posting.location, posting.commitment] : [];
    const stage = state.stages[stageIndex];
    const opp = {
      id: state.newId('opportunity'),
      seq: -1,
      seedDepth: 0,
      contactId: contact.id,
      stage: stage?.id ?? stageId,
      confidential: posting?.confidential ?? false,
      postingId: posting?.id ?? null,
      applicationId: posting ? state.newId('application') : null,
      applicationType: 'user' as const,
      tags: [...new Set([...(stringList(body, 'tags') ?? []), ...postingTags])],
      sources: [...new Set(stringList(body, 'sources') ?? [])],
      origin,
      owner: owner ?? actor.id,
      followers: [...new Set([...followers, actor.id])],
      sourcedBy: origin === 'sourced' ? actor.id : null,
      createdAt,
      updatedAt: t,
      lastInteractionAt: t,
      lastAdvancedAt: createdAt,
      snoozedUntil: null,
      stageChanges: [{ toStageId: stageId, toStageIndex: stageIndex, updatedAt: createdAt, userId: actor.id }],
      archived,
      opportunityLocation: posting?.location ?? null,
    };
    state.insertOpportunity(opp);

    const extras = state.extrasOf(opp.id);
    for (const upload of body.files) {
      if (upload.field === 'resumeFile' || upload.field === 'resume') extras.resumes.push(await storeUpload(upload, state.newId('resume'), t));
      else if (upload.field === 'files' || upload.field === 'file') extras.files.push(await storeUpload(upload, state.newId('file'), t));
    }
    return c.json({ deduped, data: opportunityJson(state, opp, expandSet(c)) }, 201);
  });
}
