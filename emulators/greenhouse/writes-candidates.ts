/**
 * Candidate-side writes: create/update/delete candidate, notes, attachments, candidate tags and
 * applied candidate tags. Create calls answer 201 with the new record.
 */
import type { Context, Hono } from 'hono';
import { currentToken } from './auth.js';
import { notFound } from './errors.js';
import { Checker, deleteCandidate, insertApplication, jsonBody, touchApplication, touchCandidate, type Body } from './mutations.js';
import { applicationJson, attachmentJson, candidateJson, contactsOf, noteJson, type View } from './serialize.js';
import { ID_BASE, type Candidate, type Contact, type GreenhouseState, type Note } from './store.js';

const CONTACTS = {
  email_addresses: ['personal', 'work', 'other'],
  phone_numbers: ['home', 'work', 'mobile', 'skype', 'other'],
  addresses: ['home', 'work', 'other'],
  website_addresses: ['personal', 'company', 'portfolio', 'blog', 'other'],
} as const;
const PROFILE = ['first_name', 'last_name', 'preferred_name', 'company', 'title', 'is_private', 'can_email', ...Object.keys(CONTACTS), 'social_media_addresses', 'tags'];
const ATTACHMENT_TYPES = ['resume', 'cover_letter', 'take_home_test', 'offer_packet', 'offer_letter', 'signed_offer_letter', 'other'] as const;

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf', doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain', rtf: 'application/rtf', odt: 'application/vnd.oasis.opendocument.text', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg',
};

/** The download content type of an uploaded file, from its extension (uploads carry no content type). */
const contentTypeOf = (filename: string): string | undefined => CONTENT_TYPES[filename.split('.').pop()?.toLowerCase() ?? ''];

const byId = <T>(get: (id: number) => T | undefined, raw: string): T => {
  const row = /^\d+$/.test(raw) ? get(Number(raw)) : undefined;
  if (!row) throw notFound();
  return row;
};

function contactList(k: Checker, body: Body, field: keyof typeof CONTACTS): Contact[] | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  const types: readonly string[] = CONTACTS[field];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'object' || x === null || typeof x.value !== 'string' || x.value.trim() === '' || !types.includes(String(x.type)))) {
    k.fail(field, `must be a list of {value, type} with type one of: ${types.join(', ')}`);
    return undefined;
  }
  return v.map((x: { value: string; type: string }) => ({ value: x.value, type: x.type }));
}

function ensureTag(s: GreenhouseState, name: string): { id: number; created: boolean } {
  const existing = s.candidateTags.rows.find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (existing) return { id: existing.id, created: false };
  const at = s.now();
  return { id: s.candidateTags.insert({ id: s.nextId('candidateTag', ID_BASE.candidateTag), name, createdAt: at, updatedAt: at }).id, created: true };
}

function applyTag(s: GreenhouseState, candidateId: number, tagId: number, at: number) {
  const row = s.appliedTags.insert({ id: s.nextId('appliedTag', ID_BASE.appliedTag), candidateId, tagId, createdAt: at });
  s.tagsByCandidate.add(candidateId, row.id);
  return row;
}

/** Validates and applies the profile fields of a create or update body; arrays replace wholesale. */
function applyProfile(s: GreenhouseState, k: Checker, body: Body, cand: Candidate, creating: boolean): () => void {
  const first = creating ? k.str('first_name', true) : k.str('first_name');
  const last = creating ? k.str('last_name', true) : k.str('last_name');
  const strings = { preferred_name: k.str('preferred_name'), company: k.str('company'), title: k.str('title') };
  const isPrivate = k.bool('is_private');
  const canEmail = k.bool('can_email');
  const lists = { emails: contactList(k, body, 'email_addresses'), phones: contactList(k, body, 'phone_numbers'), addresses: contactList(k, body, 'addresses'), websites: contactList(k, body, 'website_addresses') };
  const social = body.social_media_addresses;
  if (social !== undefined && (!Array.isArray(social) || social.some((x) => typeof x?.value !== 'string'))) k.fail('social_media_addresses', 'must be a list of {value}');
  const tags = body.tags;
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || t.trim() === ''))) k.fail('tags', 'must be a list of tag names');
  return () => {
    if (first !== undefined) cand.firstName = first;
    if (last !== undefined) cand.lastName = last;
    if (strings.preferred_name !== undefined) cand.preferredName = strings.preferred_name;
    if (strings.company !== undefined) cand.company = strings.company;
    if (strings.title !== undefined) cand.title = strings.title;
    if (isPrivate !== undefined) cand.isPrivate = isPrivate;
    if (canEmail !== undefined) cand.canEmail = canEmail;
    if (Object.values(lists).some((l) => l !== undefined) || social !== undefined) {
      const current = contactsOf(cand);
      cand.contacts = {
        emails: lists.emails ?? current.emails, phones: lists.phones ?? current.phones, addresses: lists.addresses ?? current.addresses,
        websites: lists.websites ?? current.websites, social: Array.isArray(social) ? social.map((x: { value: string }) => x.value) : current.social,
      };
    }
    if (Array.isArray(tags)) {
      for (const row of [...s.tagsByCandidate.get(cand.id)]) {
        s.appliedTags.delete(row);
        s.tagsByCandidate.remove(cand.id, row);
      }
      for (const name of new Set(tags as string[])) applyTag(s, cand.id, ensureTag(s, name).id, s.now());
    }
    touchCandidate(s, cand);
  };
}

export function registerCandidateWrites(app: Hono, s: GreenhouseState, view: (c: Context) => View): void {
  app.post('/v3/candidates', async (c) => {
    const body = await jsonBody(c);
    const k = new Checker(body).only([...PROFILE, 'application']);
    const at = s.now();
    const cand: Candidate = {
      id: 0, createdAt: at, updatedAt: at, lastActivityAt: at, firstName: '', lastName: '', preferredName: null, company: null, title: null,
      isPrivate: false, canEmail: true, email: null, phone: null,
    };
    const commit = applyProfile(s, k, body, cand, true);
    const appBody = body.application;
    let jobId: number | undefined;
    if (appBody !== undefined) {
      const job = typeof appBody === 'object' && appBody !== null && 'job_id' in appBody ? s.jobs.get(Number(appBody.job_id)) : undefined;
      if (!job) k.fail('application', 'must be an object whose job_id matches an existing job');
      else jobId = job.id;
    }
    k.done();
    cand.id = s.nextId('candidate', ID_BASE.candidate);
    s.candidates.insert(cand);
    commit();
    const created = jobId === undefined ? null : insertApplication(s, {
      candidateId: cand.id, jobId, prospect: false, prospectiveJobIds: null, stageId: s.jobStages(jobId)[0]?.id ?? null,
      sourceId: null, referrerId: null, recruiterId: null, coordinatorId: null,
    });
    const v = view(c);
    return c.json({ candidate: candidateJson(v, cand), application: created ? applicationJson(v, created) : null }, 201);
  });

  app.patch('/v3/candidates/:id', async (c) => {
    const cand = byId((id) => s.candidates.get(id), c.req.param('id'));
    const body = await jsonBody(c);
    const k = new Checker(body).only(PROFILE);
    const commit = applyProfile(s, k, body, cand, false);
    k.done();
    commit();
    return c.json(candidateJson(view(c), cand));
  });

  app.delete('/v3/candidates/:id', (c) => {
    const cand = byId((id) => s.candidates.get(id), c.req.param('id'));
    deleteCandidate(s, cand.id);
    return c.json({ message: `Candidate ${cand.id} has been deleted.` });
  });

  app.post('/v3/notes', async (c) => {
    const body = await jsonBody(c);
    const k = new Checker(body).only(['candidate_id', 'application_id', 'user_id', 'body', 'subject', 'visibility', 'note_type', 'email_from', 'email_to', 'email_cc']);
    const candidateId = k.int('candidate_id', true);
    if (candidateId !== undefined && !s.candidates.get(candidateId)) k.fail('candidate_id', 'does not match an existing candidate');
    const applicationId = k.int('application_id');
    if (applicationId !== undefined && s.applications.get(applicationId)?.candidateId !== candidateId) k.fail('application_id', 'is not an application of this candidate');
    const userId = k.int('user_id') ?? currentToken(c).userId;
    if (!s.users.get(userId)) k.fail('user_id', 'does not match an existing user');
    const text = k.str('body', true);
    const visibility = k.oneOf('visibility', ['admin_only', 'private', 'public'] as const, true);
    const type = k.oneOf('note_type', ['NOTE', 'ACTIVITY', 'EMAIL'] as const, false) ?? 'NOTE';
    const [subject, from, to] = [k.str('subject'), k.str('email_from'), k.str('email_to')];
    const cc = body.email_cc;
    if (cc !== undefined && (!Array.isArray(cc) || cc.some((x) => typeof x !== 'string'))) k.fail('email_cc', 'must be a list of e-mail addresses');
    if (type === 'EMAIL' && !from) k.fail('email_from', 'is required for EMAIL notes');
    if (type === 'EMAIL' && !to) k.fail('email_to', 'is required for EMAIL notes');
    if (type !== 'EMAIL') for (const f of ['email_from', 'email_to', 'email_cc']) if (body[f] !== undefined) k.fail(f, 'is only allowed on EMAIL notes');
    k.done();
    const at = s.now();
    const note: Note = s.notes.insert({
      id: s.nextId('note', ID_BASE.note), candidateId: candidateId as number, applicationId: applicationId ?? null, userId, type, body: text,
      subject: subject ?? null, visibility: `${visibility === 'admin_only' ? 'admin_only' : visibility === 'private' ? 'privately' : 'publicly'}_visible`,
      emailFrom: from ?? null, emailTo: to ?? null, emailCc: Array.isArray(cc) ? (cc as string[]) : null, createdAt: at,
    });
    const cand = s.candidates.get(note.candidateId);
    if (cand) cand.lastActivityAt = at;
    return c.json(noteJson(note), 201);
  });

  app.post('/v3/attachments', async (c) => {
    const body = await jsonBody(c);
    // The documented body (reference "Create attachment"): no `content_type` (Greenhouse goes by the filename).
    const k = new Checker(body).only(['application_id', 'filename', 'type', 'content', 'url', 'visibility']);
    const applicationId = k.int('application_id', true);
    const target = applicationId === undefined ? undefined : s.applications.get(applicationId);
    if (applicationId !== undefined && !target) k.fail('application_id', 'does not match an existing application');
    const filename = k.str('filename', true);
    const type = k.oneOf('type', ATTACHMENT_TYPES, true);
    const content = k.str('content');
    const url = k.str('url');
    k.oneOf('visibility', ['public', 'admin_only', 'private'] as const, false);
    if ((content === undefined) === (url === undefined)) k.fail('content', 'exactly one of content (base64) or url is required');
    if (content !== undefined && !/^[A-Za-z0-9+/=\s]+$/.test(content)) k.fail('content', 'must be base64 encoded');
    if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) k.fail('url', 'must be an http(s) URL');
    k.done();
    if (!target || !filename || !type) throw notFound();
    const at = s.now();
    if (type === 'resume' || type === 'cover_letter') {
      // A new resume or cover letter replaces the earlier one, which is kept, reclassified as `other`.
      for (const id of s.attachmentsByApplication.get(target.id)) {
        const earlier = s.attachments.get(id);
        if (earlier?.type === type) earlier.type = 'other';
      }
    }
    const contentType = contentTypeOf(filename);
    const row = s.attachments.insert({
      id: s.nextId('attachment', ID_BASE.attachment), applicationId: target.id, candidateId: target.candidateId, type, filename, createdAt: at,
      ...(content !== undefined ? { content: Buffer.from(content, 'base64') } : {}), ...(contentType ? { contentType } : {}), ...(url ? { sourceUrl: url } : {}),
    });
    s.attachmentsByApplication.add(target.id, row.id);
    touchApplication(s, target, at);
    return c.json(attachmentJson(view(c), row), 201);
  });

  app.delete('/v3/attachments/:id', (c) => {
    const row = byId((id) => s.attachments.get(id), c.req.param('id'));
    s.attachments.delete(row.id);
    s.attachmentsByApplication.remove(row.applicationId, row.id);
    return c.body(null, 204);
  });

  app.post('/v3/candidate_tags', async (c) => {
    const k = new Checker(await jsonBody(c)).only(['name']);
    const name = k.str('name', true);
    k.done();
    const { id, created } = ensureTag(s, (name as string).trim());
    const tag = s.candidateTags.get(id);
    return c.json({ id, created_at: new Date(tag?.createdAt ?? 0).toISOString(), updated_at: new Date(tag?.updatedAt ?? 0).toISOString(), name: tag?.name }, created ? 201 : 200);
  });

  app.delete('/v3/candidate_tags/:id', (c) => {
    const tag = byId((id) => s.candidateTags.get(id), c.req.param('id'));
    for (const row of [...s.appliedTags.rows]) {
      if (row.tagId !== tag.id) continue;
      s.appliedTags.delete(row.id);
      s.tagsByCandidate.remove(row.candidateId, row.id);
      const cand = s.candidates.get(row.candidateId);
      if (cand) touchCandidate(s, cand);
    }
    s.candidateTags.delete(tag.id);
    return c.body(null, 204);
  });

  app.post('/v3/applied_candidate_tags', async (c) => {
    const k = new Checker(await jsonBody(c)).only(['candidate_id', 'candidate_tag_id']);
    const candidateId = k.int('candidate_id', true);
    const tagId = k.int('candidate_tag_id', true);
    const cand = candidateId === undefined ? undefined : s.candidates.get(candidateId);
    if (candidateId !== undefined && !cand) k.fail('candidate_id', 'does not match an existing candidate');
    if (tagId !== undefined && !s.candidateTags.get(tagId)) k.fail('candidate_tag_id', 'does not match an existing candidate tag');
    if (cand && s.tagsByCandidate.get(cand.id).some((id) => s.appliedTags.get(id)?.tagId === tagId)) k.fail('candidate_tag_id', 'is already applied to this candidate');
    k.done();
    if (!cand || tagId === undefined) throw notFound();
    const at = s.now();
    const row = applyTag(s, cand.id, tagId, at);
    touchCandidate(s, cand, at);
    return c.json({ id: row.id, created_at: new Date(at).toISOString(), updated_at: new Date(at).toISOString(), candidate_tag_id: tagId, candidate_id: cand.id }, 201);
  });

  app.delete('/v3/applied_candidate_tags/:id', (c) => {
    const row = byId((id) => s.appliedTags.get(id), c.req.param('id'));
    s.appliedTags.delete(row.id);
    s.tagsByCandidate.remove(row.candidateId, row.id);
    const cand = s.candidates.get(row.candidateId);
    if (cand) touchCandidate(s, cand);
    return c.body(null, 204);
  });
}

