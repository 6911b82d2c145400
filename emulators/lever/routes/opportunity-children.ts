/**
 * An opportunity's children (hire.lever.co/developer/documentation#applications, #notes, #interviews,
 * #feedback, #offers, #files, #resumes). Lists are paged like every Lever list, oldest first.
 */
import type { Context, Hono } from 'hono';
import { applicationOf, feedbackOf, interviewsOf, notesOf, offersOf, type Json, filesOf, resumesOf } from '../children.js';
import { optionalMs, readBody } from '../body.js';
import { badRequest, notFound } from '../errors.js';
import { baseUrl, childList, findOpportunity, listJson, performAs, type Deps } from '../http.js';
import { fileJson, noteJson, resumeJson } from '../serialize.js';
import type { Note, StoredFile } from '../types.js';
import { storeUpload } from './opportunity-create.js';

type Row = Json & { id: string; createdAt: number };
const rows = (items: Json[]) => items as Row[];

function one<T extends { id: string }>(items: readonly T[], id: string | undefined, what: string): T {
  const found = items.find((i) => i.id === id);
  if (!found) throw notFound(`That ${what} doesn't exist on your account`);
  return found;
}

function download(c: Context, file: StoredFile): Response {
  return c.body(file.bytes.slice().buffer as ArrayBuffer, 200, {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.name.replace(/"/g, '')}"`,
  });
}

export function registerOpportunityChildren(api: Hono, { state, now }: Deps): void {
  const readOnly = (path: string, what: string, list: (c: Context) => Row[]) => {
    api.get(`/opportunities/:id/${path}`, (c) => listJson(c, childList(c, list(c)), (r) => r));
    api.get(`/opportunities/:id/${path}/:childId`, (c) => c.json({ data: one(list(c), c.req.param('childId'), what) }));
  };
  readOnly('applications', 'application', (c) => {
    const app = applicationOf(state, findOpportunity(c, state));
    return app ? rows([app]) : [];
  });
  readOnly('interviews', 'interview', (c) => rows(interviewsOf(state, findOpportunity(c, state))));
  readOnly('feedback', 'feedback form', (c) => rows(feedbackOf(state, findOpportunity(c, state))));
  readOnly('offers', 'offer', (c) => rows(offersOf(state, findOpportunity(c, state))));

  // Notes: list, retrieve, create (201, `noteId` repeated in the answer) and delete (204).
  api.get('/opportunities/:id/notes', (c) => listJson(c, childList(c, notesOf(state, findOpportunity(c, state))), noteJson));
  api.get('/opportunities/:id/notes/:noteId', (c) => {
    const note = one(notesOf(state, findOpportunity(c, state)), c.req.param('noteId'), 'note');
    return c.json({ data: noteJson(note) });
  });
  api.post('/opportunities/:id/notes', async (c) => {
    const opp = findOpportunity(c, state);
    const user = performAs(c, state, false);
    const { fields } = await readBody(c);
    if (typeof fields.value !== 'string' || fields.value.trim() === '') throw badRequest('Missing required field: value (the note text)');
    const secret = fields.secret === undefined ? false : fields.secret;
    if (typeof secret !== 'boolean') throw badRequest('Invalid secret: expected a boolean');
    const score = fields.score === undefined || fields.score === null ? null : fields.score;
    if (score !== null && (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 4)) throw badRequest('Invalid score: expected an integer from 1 to 4');
    if (fields.notifyFollowers !== undefined && typeof fields.notifyFollowers !== 'boolean') throw badRequest('Invalid notifyFollowers: expected a boolean');
    const t = now();
    const createdAt = optionalMs(fields.createdAt, 'createdAt') ?? t;
    if (createdAt > t) throw badRequest('Invalid createdAt: a note cannot be created in the future');
    const note: Note = { id: state.newId('note'), value: fields.value, user: user.id, stage: opp.stage, secret, score, createdAt };
    state.extrasOf(opp.id).notes.push(note);
    opp.lastInteractionAt = Math.max(opp.lastInteractionAt, t);
    return c.json({ data: { ...noteJson(note), noteId: note.id } }, 201);
  });
  api.delete('/opportunities/:id/notes/:noteId', (c) => {
    const opp = findOpportunity(c, state);
    performAs(c, state, false);
    const note = one(notesOf(state, opp), c.req.param('noteId'), 'note');
    state.extrasOf(opp.id).deletedNoteIds.add(note.id);
    return c.body(null, 204);
  });

  // Files and resumes; downloads need the same credentials as the rest of the API.
  api.get('/opportunities/:id/files', (c) => {
    const opp = findOpportunity(c, state);
    const items = filesOf(state, opp).map((f) => ({ ...f, createdAt: f.uploadedAt }));
    return listJson(c, childList(c, items), (f) => fileJson(baseUrl(c), opp.id, f));
  });
  api.get('/opportunities/:id/files/:fileId', (c) => {
    const opp = findOpportunity(c, state);
    return c.json({ data: fileJson(baseUrl(c), opp.id, one(filesOf(state, opp), c.req.param('fileId'), 'file')) });
  });
  api.get('/opportunities/:id/files/:fileId/download', (c) => download(c, one(filesOf(state, findOpportunity(c, state)), c.req.param('fileId'), 'file')));
  // Upload a single file: multipart `file`, `perform_as` required (like creating an opportunity).
  api.post('/opportunities/:id/files', async (c) => {
    const opp = findOpportunity(c, state);
    performAs(c, state, true);
    const body = await readBody(c);
    if (!body.multipart) throw badRequest('Files must be uploaded as multipart/form-data with a "file" field');
    const upload = body.files.find((f) => f.field === 'file');
    if (!upload) throw badRequest('Missing required file field: file');
    const t = now();
    const stored = await storeUpload(upload, state.newId('file'), t);
    state.extrasOf(opp.id).files.push(stored);
    opp.lastInteractionAt = Math.max(opp.lastInteractionAt, t);
    return c.json({ data: fileJson(baseUrl(c), opp.id, stored) });
  });

  api.get('/opportunities/:id/resumes', (c) => {
    const opp = findOpportunity(c, state);
    const items = resumesOf(state, opp).map((f) => ({ ...f, createdAt: f.uploadedAt }));
    return listJson(c, childList(c, items), (f) => resumeJson(state, baseUrl(c), opp, f));
  });
  api.get('/opportunities/:id/resumes/:resumeId', (c) => {
    const opp = findOpportunity(c, state);
    return c.json({ data: resumeJson(state, baseUrl(c), opp, one(resumesOf(state, opp), c.req.param('resumeId'), 'resume')) });
  });
  api.get('/opportunities/:id/resumes/:resumeId/download', (c) => download(c, one(resumesOf(state, findOpportunity(c, state)), c.req.param('resumeId'), 'resume')));
}
