/**
 * Teamtailor writes (JSON:API bodies). Notes belong to a candidate and need an author: the user
 * in `remote_fields.teamtailor.user_id`, else the account's first admin. Moving and rejecting
 * update the job application (`stage` relationship; `rejected-at` with a `reject-reason`). Tags
 * are a string array on the candidate that Teamtailor replaces whole, so we read it, change it
 * and send it back. A new application is a candidate (matched by e-mail with `merge`) plus a job
 * application, which Teamtailor starts in the job's Inbox, then its screening answers (`POST
 * /answers` on the candidate, one per question). Files go by the public URL the caller sent
 * (`data_url`): Teamtailor only takes files it can download itself.
 */
import { ApplicationExistsError, InputError, JobClosedError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import { runMemo } from '../kit/run-memo.js';
import type { ConnectorWrites, CreateApplicationResult, FileToUpload, RemoteFields, ScreeningAnswerInput, WriteResult } from '../writes.js';
import { TeamtailorClient, attributesOf, relatedId, TEAMTAILOR } from './client.js';
import { indexIncluded, mapApplication, mapCandidate, mapUpload } from './mapping.js';
import { APPLICATION_INCLUDE } from './reads.js';
import { candidateAttributes, jobAttributes, questionAttributes, userAttributes } from './vendor-schemas.js';

const authorMemo = runMemo<string>();

const ref = (type: string, id: string) => ({ data: { type, id } });

/** Teamtailor's own request fields (`remote_fields.teamtailor`). */
function ownFields(remote: RemoteFields): Record<string, unknown> {
  const own = remote['teamtailor'];
  if (own === undefined || own === null) return {};
  if (typeof own !== 'object' || Array.isArray(own)) throw new VendorError('REMOTE.INPUT_INVALID', 'remote_fields.teamtailor must be an object of Teamtailor request fields.');
  return own as Record<string, unknown>;
}

/** The note author: the given user, else the first admin (the API key itself is no user). */
async function authorOf(ctx: ConnectorContext, client: TeamtailorClient, remote: RemoteFields): Promise<string> {
  const given = ownFields(remote)['user_id'];
  if (given !== undefined) {
    if ((typeof given !== 'string' && typeof given !== 'number') || String(given).trim() === '') throw new VendorError('REMOTE.INPUT_INVALID', 'remote_fields.teamtailor.user_id must be a Teamtailor user id.');
    return String(given).trim();
  }
  return authorMemo(ctx, 'admin', async () => {
    const users = (await client.all('/users')).data;
    const admin = users.find((u) => attributesOf(u, userAttributes).role === 'admin') ?? users[0];
    if (!admin) throw new VendorError('REMOTE.INPUT_INVALID', `${TEAMTAILOR} has no user to write the note as: pass remote_fields.teamtailor.user_id.`);
    return admin.id;
  });
}

async function addNote(ctx: ConnectorContext, candidateId: string, note: string, remote: RemoteFields): Promise<WriteResult> {
  const client = new TeamtailorClient(ctx);
  const user = await authorOf(ctx, client, remote);
  await client.write('POST', '/notes', { data: { type: 'notes', attributes: { note }, relationships: { candidate: ref('candidates', candidateId), user: ref('users', user) } } });
  return { records: {} };
}

/** The application as Teamtailor now has it (its stage type decides HIRED). */
async function applicationRecord(client: TeamtailorClient, id: string): Promise<WriteResult> {
  const doc = await client.one(`/job-applications/${encodeURIComponent(id)}`, { include: APPLICATION_INCLUDE });
  const app = doc?.data[0];
  return { records: app ? { applications: [mapApplication(app, indexIncluded(doc.included))] } : {} };
}

async function updateApplication(ctx: ConnectorContext, id: string, data: { attributes?: Record<string, unknown>; relationships?: Record<string, unknown> }): Promise<WriteResult> {
  const client = new TeamtailorClient(ctx);
  await client.write('PATCH', `/job-applications/${encodeURIComponent(id)}`, { data: { type: 'job-applications', id, ...data } });
  return applicationRecord(client, id);
}

async function changeTags(ctx: ConnectorContext, candidateId: string, change: (tags: string[]) => string[]): Promise<WriteResult> {
  const client = new TeamtailorClient(ctx);
  const found = (await client.one(`/candidates/${encodeURIComponent(candidateId)}`))?.data[0];
  if (!found) throw new VendorError('REMOTE.INPUT_INVALID', `${TEAMTAILOR} has no candidate ${candidateId}.`);
  const tags = change(attributesOf(found, candidateAttributes).tags ?? []);
  const updated = await client.write('PATCH', `/candidates/${encodeURIComponent(candidateId)}`, { data: { type: 'candidates', id: candidateId, attributes: { tags } } });
  return { records: { candidates: [mapCandidate(updated)] } };
}

/** Job statuses that take no applications (open and unlisted jobs do). */
const CLOSED = new Set(['archived', 'draft', 'temp']);

/**
 * Refuses before anything is written: a job that takes no applications, and a person (by e-mail)
 * who already applied to it. Teamtailor's own answers to both are not documented.
 */
async function checkNewApplication(client: TeamtailorClient, jobId: string, email: string): Promise<void> {
  const job = (await client.one(`/jobs/${encodeURIComponent(jobId)}`))?.data[0];
  if (!job) throw new VendorError('REMOTE.INPUT_INVALID', `${TEAMTAILOR} has no job ${jobId}.`);
  const a = attributesOf(job, jobAttributes);
  if (CLOSED.has(a.status ?? '')) throw new JobClosedError(`The Teamtailor job "${a.title ?? jobId}" is ${a.status ?? 'closed'} and takes no applications.`);
  const [existing] = (await client.page('/candidates', { 'filter[email]': email }, null)).items[0]?.data ?? [];
  if (!existing) return;
  const applications = await client.all(`/candidates/${encodeURIComponent(existing.id)}/job-applications`, { include: 'job' });
  if (applications.data.some((app) => relatedId(app, 'job') === jobId)) {
    throw new ApplicationExistsError(`Teamtailor already has an application of ${email} to the job "${a.title ?? jobId}".`);
  }
}

/** Alternative ids are numbers in Teamtailor's answers (`choices: [3, 4]`); other ids go as they are. */
const choiceId = (id: string): number | string => (/^\d+$/.test(id) ? Number(id) : id);

/**
 * The documented attributes of an answer (`boolean`, `choices`, `range`, `text`) for one checked
 * answer, or a reason it cannot be sent. A number goes to `range` for a Range question and as text
 * otherwise; a date as its ISO day in `text` (no other documented place holds them).
 */
async function answerAttributesFor(client: TeamtailorClient, answer: ScreeningAnswerInput): Promise<Record<string, unknown> | string> {
  switch (answer.type) {
    case 'TEXT':
      return { text: answer.value };
    case 'BOOLEAN':
      return { boolean: answer.value };
    case 'SINGLE_SELECT':
      return { choices: [choiceId(answer.option_remote_id)] };
    case 'MULTI_SELECT':
      return { choices: answer.option_remote_ids.map(choiceId) };
    case 'DATE':
      return { text: answer.value.slice(0, 10) };
    case 'NUMBER': {
      const question = (await client.one(`/questions/${encodeURIComponent(answer.question_remote_id)}`))?.data[0];
      const type = question ? (attributesOf(question, questionAttributes)['question-type'] ?? '') : '';
      return /^range$/i.test(type.trim()) ? { range: answer.value } : { text: String(answer.value) };
    }
    case 'FILE':
      return 'Teamtailor answers take no files';
    case 'UNKNOWN':
      return 'the question’s format is unknown';
  }
}

/** Posts the answers on the candidate (Teamtailor's answers belong to a candidate and a question). */
async function sendAnswers(client: TeamtailorClient, candidateId: string, answers: readonly ScreeningAnswerInput[]): Promise<string[]> {
  const warnings: string[] = [];
  for (const answer of answers) {
    const attributes = await answerAttributesFor(client, answer);
    if (typeof attributes === 'string') {
      warnings.push(`The answer to the Teamtailor question ${answer.question_remote_id} was not sent: ${attributes}.`);
      continue;
    }
    await client.write('POST', '/answers', { data: { type: 'answers', attributes, relationships: { candidate: ref('candidates', candidateId), question: ref('questions', answer.question_remote_id) } } });
  }
  return warnings;
}

/**
 * Teamtailor takes a file only as a public URL it downloads itself (`POST /uploads` with `url`):
 * a file the caller sent as `data_url` goes on by that URL; bytes sent
 * as base64 `data` have no URL and are refused before anything is written.
 */
function publicUrlOf(file: FileToUpload, field: string): string {
  if (file.source_url) return file.source_url;
  throw new InputError(`Invalid field "${field}": Teamtailor takes files only from a public URL it downloads itself; send the file as data_url instead of data.`);
}

async function upload(client: TeamtailorClient, candidateId: string, file: FileToUpload, field: string): Promise<WriteResult> {
  const created = await client.write('POST', '/uploads', {
    data: { type: 'uploads', attributes: { url: publicUrlOf(file, field), 'file-name': file.name }, relationships: { candidate: ref('candidates', candidateId) } },
  });
  // The answer carries no relationship linkage: the candidate is the one we named.
  const withCandidate = { ...created, relationships: { ...created.relationships, candidate: { data: { type: 'candidates', id: candidateId } } } };
  const mapped = mapUpload(withCandidate);
  return { records: mapped ? { attachments: [mapped] } : {} };
}

export const teamtailorWrites: ConnectorWrites = {
  addCandidateAttachment: (ctx, input) => upload(new TeamtailorClient(ctx), input.candidate_remote_id, input.attachment, 'attachment.data_url'),

  async addApplicationAttachment(ctx, input) {
    const result = await upload(new TeamtailorClient(ctx), input.candidate_remote_id, input.attachment, 'attachment.data_url');
    return { ...result, warnings: ['Teamtailor keeps files on the candidate, not on an application: the file was added to the candidate.'] };
  },

  moveApplicationToStage: (ctx, input) => updateApplication(ctx, input.application_remote_id, { relationships: { stage: ref('stages', input.stage_remote_id) } }),

  async rejectApplication(ctx, input) {
    const result = await updateApplication(ctx, input.application_remote_id, {
      attributes: { 'rejected-at': new Date(ctx.clock?.now() ?? Date.now()).toISOString() },
      relationships: { 'reject-reason': ref('reject-reasons', input.rejection_reason_remote_id) },
    });
    const candidate = result.records.applications?.[0]?.candidate_remote_id;
    // Teamtailor's rejection has no comment of its own: the note goes on the candidate.
    if (input.note?.trim() && candidate) await addNote(ctx, candidate, input.note, input.remote_fields);
    return result;
  },

  addApplicationNote: (ctx, input) => addNote(ctx, input.candidate_remote_id, input.content, input.remote_fields),
  addCandidateNote: (ctx, input) => addNote(ctx, input.candidate_remote_id, input.content, input.remote_fields),

  addCandidateTag: (ctx, input) => changeTags(ctx, input.candidate_remote_id, (tags) => (tags.includes(input.tag_name) ? tags : [...tags, input.tag_name])),
  removeCandidateTag: (ctx, input) => changeTags(ctx, input.candidate_remote_id, (tags) => tags.filter((t) => t !== input.tag_name)),

  async createApplication(ctx, input): Promise<CreateApplicationResult> {
    const client = new TeamtailorClient(ctx);
    const own = ownFields(input.remote_fields);
    const c = input.candidate;
    // Every file must have a public URL before anything is written. Files, the CV too, become
    // uploads (the candidate's `resume` attribute would hide it from the uploads we read back).
    input.attachments.forEach((file, i) => publicUrlOf(file, `attachments.${i}.data_url`));
    const linkedin = c.social_links.find((l) => /linkedin\.com/i.test(l.url))?.url;
    await checkNewApplication(client, input.job_remote_id, c.email_address);
    const extraCandidate = typeof own['candidate'] === 'object' && own['candidate'] !== null ? (own['candidate'] as Record<string, unknown>) : {};
    const candidate = await client.write('POST', '/candidates', {
      data: {
        type: 'candidates',
        attributes: {
          'first-name': c.first_name,
          'last-name': c.last_name,
          email: c.email_address,
          ...(c.phone_number ? { phone: c.phone_number } : {}),
          ...(linkedin ? { 'linkedin-url': linkedin } : {}),
          ...(input.gdpr_consent?.given ? { 'consent-given-future-jobs': true } : {}),
          // An existing candidate with this e-mail is updated rather than refused.
          merge: true,
          ...extraCandidate,
        },
      },
    });
    const application = typeof own['application'] === 'object' && own['application'] !== null ? (own['application'] as Record<string, unknown>) : {};
    const extraAttributes = typeof application['attributes'] === 'object' && application['attributes'] !== null ? (application['attributes'] as Record<string, unknown>) : {};
    const created = await client.write('POST', '/job-applications', {
      data: {
        type: 'job-applications',
        attributes: { sourced: true, ...extraAttributes },
        relationships: { candidate: ref('candidates', candidate.id), job: ref('jobs', input.job_remote_id) },
      },
    });
    // Teamtailor starts every application in the Inbox; another stage is a move afterwards.
    if (input.stage_remote_id) {
      await client.write('PATCH', `/job-applications/${encodeURIComponent(created.id)}`, { data: { type: 'job-applications', id: created.id, relationships: { stage: ref('stages', input.stage_remote_id) } } });
    }
    const warnings = await sendAnswers(client, candidate.id, input.screening_question_answers);
    for (const [i, file] of input.attachments.entries()) await upload(client, candidate.id, file, `attachments.${i}.data_url`);
    const app = await applicationRecord(client, created.id);
    return { candidate_remote_id: candidate.id, application_remote_id: created.id, records: { candidates: [mapCandidate(candidate)], ...app.records }, ...(warnings.length ? { warnings } : {}) };
  },
};
