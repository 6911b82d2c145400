/**
 * The Ashby writes the connector uses: candidates (create, update, notes, tags, files), candidate
 * tags, and applications (create, changeStage with the archive rules). Each handler takes the JSON
 * body (or the multipart form) and answers the record in `results`, or throws a business error.
 */
import { AshbyBusinessError } from './http.js';
import type { AshbyState, Json } from './state.js';

const str = (body: Json, key: string, required = false): string | null => {
  const v = body[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw new AshbyBusinessError('invalid_input', `${key} is required`);
    return null;
  }
  if (typeof v !== 'string') throw new AshbyBusinessError('invalid_input', `${key} must be a string`);
  return v;
};

function candidateOf(state: AshbyState, id: string | null): Json {
  const candidate = state.get('candidate', id);
  if (!candidate) throw new AshbyBusinessError('candidate_not_found', `No candidate with id ${String(id)}`);
  return candidate;
}

function applicationOf(state: AshbyState, id: string | null): Json {
  const app = state.get('application', id);
  if (!app) throw new AshbyBusinessError('application_not_found', `No application with id ${String(id)}`);
  return app;
}

const stripHtml = (html: string) => html.replace(/<a [^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gi, '$2 ($1)').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

export function candidateCreate(state: AshbyState, body: Json): Json {
  const name = str(body, 'name', true) ?? '';
  const email = str(body, 'email');
  const phone = str(body, 'phoneNumber');
  const alternates = Array.isArray(body['alternateEmailAddresses']) ? body['alternateEmailAddresses'].filter((e): e is string => typeof e === 'string') : [];
  const socialLinks = [
    ['linkedInUrl', 'LinkedIn'],
    ['githubUrl', 'GitHub'],
    ['website', 'Website'],
  ].flatMap(([key, type]) => {
    const url = str(body, key ?? '');
    return url ? [{ type, url }] : [];
  });
  const sourceId = str(body, 'sourceId');
  const source = sourceId ? state.get('source', sourceId) : null;
  if (sourceId && !source) throw new AshbyBusinessError('source_not_found', `No source with id ${sourceId}`);
  const loc = body['location'] as { city?: string; region?: string; country?: string } | undefined;
  const at = state.nowIso();
  const primary = email ? { value: email, type: 'Personal', isPrimary: true } : null;
  const candidate: Json = {
    id: state.random.uuid(),
    createdAt: at,
    updatedAt: at,
    name,
    ...(primary ? { primaryEmailAddress: primary } : {}),
    emailAddresses: [...(primary ? [primary] : []), ...alternates.map((value) => ({ value, type: 'Other', isPrimary: false }))],
    ...(phone ? { primaryPhoneNumber: { value: phone, type: 'Personal', isPrimary: true } } : {}),
    phoneNumbers: phone ? [{ value: phone, type: 'Personal', isPrimary: true }] : [],
    socialLinks,
    tags: [],
    applicationIds: [],
    fileHandles: [],
    customFields: [],
    source,
    creditedToUser: null,
    timezone: null,
    fraudStatus: null,
    ...(loc && (loc.city || loc.country)
      ? {
          location: {
            id: state.random.uuid(),
            locationSummary: [loc.city, loc.region, loc.country].filter(Boolean).join(', '),
            locationComponents: [
              ...(loc.country ? [{ type: 'Country', name: loc.country }] : []),
              ...(loc.region ? [{ type: 'Region', name: loc.region }] : []),
              ...(loc.city ? [{ type: 'City', name: loc.city }] : []),
            ],
          },
        }
      : {}),
  };
  candidate['profileUrl'] = `https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/${String(candidate['id'])}`;
  return state.put('candidate', candidate);
}

export function candidateUpdate(state: AshbyState, body: Json): Json {
  const candidate = candidateOf(state, str(body, 'candidateId', true));
  const name = str(body, 'name');
  if (name) candidate['name'] = name;
  const email = str(body, 'email');
  if (email) {
    const primary = { value: email, type: 'Personal', isPrimary: true };
    candidate['primaryEmailAddress'] = primary;
    candidate['emailAddresses'] = [primary, ...((candidate['emailAddresses'] as Json[]) ?? []).filter((e) => e['value'] !== email).map((e) => ({ ...e, isPrimary: false }))];
  }
  return state.touch('candidate', String(candidate['id'])) ?? candidate;
}

export function createNote(state: AshbyState, body: Json): Json {
  const candidate = candidateOf(state, str(body, 'candidateId', true));
  const raw = body['note'];
  let content: string;
  if (typeof raw === 'string') content = raw;
  else if (raw && typeof raw === 'object' && typeof (raw as Json)['value'] === 'string') {
    const type = (raw as Json)['type'];
    if (type !== 'text/plain' && type !== 'text/html') throw new AshbyBusinessError('invalid_input', 'note.type must be text/plain or text/html');
    const value = String((raw as Json)['value']);
    content = type === 'text/html' ? stripHtml(value) : value;
  } else throw new AshbyBusinessError('invalid_input', 'note is required');
  if (!content.trim()) throw new AshbyBusinessError('invalid_input', 'note must not be empty');
  const note = { id: state.random.uuid(), createdAt: state.nowIso(), isPrivate: body['isPrivate'] === true, content, author: state.userRef(String(state.all('user')[0]?.['id'])) ?? {} };
  const list = state.notes.get(String(candidate['id'])) ?? [];
  list.push(note);
  state.notes.set(String(candidate['id']), list);
  return note;
}

export function tagCreate(state: AshbyState, body: Json): Json {
  const title = str(body, 'title', true) ?? '';
  const existing = state.all('candidateTag').find((t) => String(t['title']).toLowerCase() === title.toLowerCase() && t['isArchived'] === false);
  if (existing) return existing;
  return state.put('candidateTag', { id: state.random.uuid(), title, isArchived: false });
}

export function changeTag(state: AshbyState, body: Json, add: boolean): Json {
  const candidate = candidateOf(state, str(body, 'candidateId', true));
  const tag = state.get('candidateTag', str(body, 'tagId', true));
  if (!tag) throw new AshbyBusinessError('tag_not_found', `No tag with id ${String(body['tagId'])}`);
  const tags = (candidate['tags'] as Json[]).filter((t) => t['id'] !== tag['id']);
  if (add) tags.push({ ...tag });
  candidate['tags'] = tags;
  return state.touch('candidate', String(candidate['id'])) ?? candidate;
}

/** The documented upload contexts of `file.createFileUploadHandle`, and which one each upload RPC takes. */
export const UPLOAD_CONTEXTS = ['CandidateResume', 'CandidateFiles', 'ApplicationForm'] as const;

/** A presigned upload handed out by `file.createFileUploadHandle`: the bytes arrive later at its URL. */
export interface PendingUpload {
  context: (typeof UPLOAD_CONTEXTS)[number];
  filename: string;
  contentType: string;
  contentLength: number;
  /** The form fields the upload must carry (as a presigned POST policy would). */
  fields: Record<string, string>;
  expiresAt: number;
  body: Uint8Array | null;
}

/** `file.createFileUploadHandle {fileUploadContext, filename, contentType, contentLength}` (all required). */
export function createFileUploadHandle(state: AshbyState, uploads: Map<string, PendingUpload>, body: Json, ttlMs: number): { handle: string; fields: Record<string, string> } {
  const context = body['fileUploadContext'];
  if (typeof context !== 'string' || !(UPLOAD_CONTEXTS as readonly string[]).includes(context)) throw new AshbyBusinessError('invalid_input', `fileUploadContext must be one of ${UPLOAD_CONTEXTS.join(', ')}`);
  const filename = str(body, 'filename', true) ?? '';
  const contentType = str(body, 'contentType', true) ?? '';
  const length = body['contentLength'];
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) throw new AshbyBusinessError('invalid_input', 'contentLength must be a non-negative integer');
  const handle = Buffer.from(JSON.stringify({ upload: state.random.uuid() })).toString('base64url');
  const fields = { key: `uploads/${state.random.uuid()}/${filename}`, 'Content-Type': contentType, policy: state.random.uuid() };
  uploads.set(handle, { context: context as PendingUpload['context'], filename, contentType, contentLength: length, fields, expiresAt: state.now() + ttlMs, body: null });
  return { handle, fields };
}

/**
 * `candidate.uploadFile` / `candidate.uploadResume`: either the documented JSON body
 * `{candidateId, fileHandle}` / `{candidateId, resumeHandle}` naming a presigned upload of the
 * matching context (`CandidateFiles` / `CandidateResume`), or the deprecated multipart form with a
 * `file` / `resume` part (refused when `multipart` is off, as Ashby may drop it).
 */
export async function uploadFile(state: AshbyState, input: Json | FormData, resume: boolean, options: { multipart: boolean; uploads: Map<string, PendingUpload> }): Promise<Json> {
  let name: string;
  let type: string;
  let bytes: Uint8Array;
  let candidate: Json;
  if (input instanceof FormData) {
    if (!options.multipart) throw new AshbyBusinessError('invalid_input', 'Multipart uploads are no longer accepted: upload through file.createFileUploadHandle and send its handle');
    const candidateId = input.get('candidateId');
    candidate = candidateOf(state, typeof candidateId === 'string' ? candidateId : null);
    const part = input.get(resume ? 'resume' : 'file');
    if (!part || typeof part === 'string') throw new AshbyBusinessError('invalid_input', `${resume ? 'resume' : 'file'} is required (multipart file part)`);
    name = part.name || 'upload';
    type = part.type || 'application/octet-stream';
    bytes = new Uint8Array(await part.arrayBuffer());
  } else {
    candidate = candidateOf(state, str(input, 'candidateId', true));
    const key = resume ? 'resumeHandle' : 'fileHandle';
    const handle = str(input, key, true) ?? '';
    const upload = options.uploads.get(handle);
    if (!upload) throw new AshbyBusinessError('invalid_input', `${key} is not a handle from file.createFileUploadHandle`);
    const context = resume ? 'CandidateResume' : 'CandidateFiles';
    if (upload.context !== context) throw new AshbyBusinessError('invalid_input', `${key} was created for ${upload.context}, not ${context}`);
    if (!upload.body) throw new AshbyBusinessError('invalid_input', 'Nothing was uploaded to the presigned URL of this handle');
    options.uploads.delete(handle);
    name = upload.filename;
    type = upload.contentType;
    bytes = upload.body;
  }
  const file = state.addFile(name, type, bytes);
  const handle = { id: file.id, name: file.name, handle: file.handle };
  candidate['fileHandles'] = [...(candidate['fileHandles'] as Json[]), handle];
  if (resume) candidate['resumeFileHandle'] = handle;
  return state.touch('candidate', String(candidate['id'])) ?? candidate;
}

function stageFor(state: AshbyState, job: Json, planId: string | null, stageId: string | null): Json {
  const plan = planId ?? String(job['defaultInterviewPlanId']);
  if (!(job['interviewPlanIds'] as string[]).includes(plan)) throw new AshbyBusinessError('interview_plan_not_found', `Interview plan ${plan} does not belong to the job`);
  const stages = state.stagesOfPlan(plan);
  if (stageId === null) {
    const lead = stages.find((s) => s['type'] === 'Lead') ?? stages[0];
    if (!lead) throw new AshbyBusinessError('interview_stage_not_found', 'The interview plan has no stages');
    return lead;
  }
  if (stageId === 'FirstPreInterviewScreen') {
    const screen = stages.find((s) => s['type'] === 'PreInterviewScreen');
    if (!screen) throw new AshbyBusinessError('interview_stage_not_found', 'The interview plan has no pre-interview screen stage');
    return screen;
  }
  const stage = stages.find((s) => s['id'] === stageId);
  if (!stage) throw new AshbyBusinessError('interview_stage_not_found', `Interview stage ${stageId} is not in the interview plan`);
  return stage;
}

export function applicationCreate(state: AshbyState, body: Json): Json {
  const candidate = candidateOf(state, str(body, 'candidateId', true));
  const job = state.get('job', str(body, 'jobId', true));
  if (!job) throw new AshbyBusinessError('job_not_found', `No job with id ${String(body['jobId'])}`);
  if (job['status'] !== 'Open') throw new AshbyBusinessError('job_not_open', `The job ${String(job['title'])} is ${String(job['status'])} and does not accept applications`);
  const existing = (candidate['applicationIds'] as string[]).map((id) => state.get('application', id)).find((a) => (a?.['job'] as Json | undefined)?.['id'] === job['id']);
  if (existing) throw new AshbyBusinessError('application_already_exists', `The candidate already has an application for ${String(job['title'])}`);
  const stage = stageFor(state, job, str(body, 'interviewPlanId'), str(body, 'interviewStageId'));
  const sourceId = str(body, 'sourceId');
  const source = sourceId ? state.get('source', sourceId) : null;
  if (sourceId && !source) throw new AshbyBusinessError('source_not_found', `No source with id ${sourceId}`);
  const creditedTo = str(body, 'creditedToUserId');
  if (creditedTo && !state.get('user', creditedTo)) throw new AshbyBusinessError('user_not_found', `No user with id ${creditedTo}`);
  const app = state.createApplicationRecord(candidate, job, stage, source, null, state.nowIso(), creditedTo);
  state.touch('candidate', String(candidate['id']));
  return {
    ...app,
    currentInterviewStage: { id: stage['id'] },
    applicationHistory: [{ id: state.random.uuid(), stageId: stage['id'], title: stage['title'], stageNumber: stage['orderInInterviewPlan'], enteredStageAt: app['createdAt'], allowedActions: [], actorId: null }],
  };
}

export function changeStage(state: AshbyState, body: Json): Json {
  const app = applicationOf(state, str(body, 'applicationId', true));
  const stageId = str(body, 'interviewStageId', true) ?? '';
  const planId = String((app['currentInterviewStage'] as Json)['interviewPlanId']);
  const stage = state.stagesOfPlan(planId).find((s) => s['id'] === stageId);
  if (!stage) throw new AshbyBusinessError('interview_stage_not_found', `Interview stage ${stageId} is not in the application's interview plan`);
  const type = String(stage['type']);
  // Documented: archive fields are not allowed for non-archive stages (invalid_input).
  if (type !== 'Archived' && ((body['archiveReasonId'] !== undefined && body['archiveReasonId'] !== null) || (body['archiveEmail'] !== undefined && body['archiveEmail'] !== null))) {
    throw new AshbyBusinessError('invalid_input', 'Archive fields are not allowed for non-archive stages');
  }
  if (type === 'Archived') {
    const reasonId = str(body, 'archiveReasonId');
    if (!reasonId) throw new AshbyBusinessError('invalid_input', 'archiveReasonId is required when moving to an Archived stage');
    const reason = state.get('archiveReason', reasonId);
    if (!reason || reason['isArchived'] === true) throw new AshbyBusinessError('archive_reason_not_found', `No archive reason with id ${reasonId}`);
    const email = body['archiveEmail'];
    if (email !== undefined && email !== null) {
      const template = typeof email === 'object' && !Array.isArray(email) ? (email as Json)['communicationTemplateId'] : undefined;
      if (typeof template !== 'string' || !template) throw new AshbyBusinessError('invalid_input', 'archiveEmail.communicationTemplateId is required');
      // The emulated organisation has no communication templates.
      throw new AshbyBusinessError('communication_template_not_found', `No communication template with id ${template}`);
    }
    app['archiveReason'] = { ...reason, customFields: [] };
    app['archivedAt'] = state.nowIso();
    app['status'] = 'Archived';
  } else {
    app['archiveReason'] = null;
    delete app['archivedAt'];
    app['status'] = type === 'Hired' ? 'Hired' : type === 'Lead' ? 'Lead' : 'Active';
  }
  app['currentInterviewStage'] = { ...stage };
  return state.touch('application', String(app['id'])) ?? app;
}
