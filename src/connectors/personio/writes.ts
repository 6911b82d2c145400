/**
 * Personio's one write: creating an application (and with it the candidate) through the v1
 * Recruiting API. Every other write action is missing from Personio's public API and declared
 * unsupported in the manifest; the write service refuses them before anything is sent.
 *
 * 1. The job is read through v2 (`GET /v2/recruiting/jobs/{id}`): an unpublished job is refused
 *    (ATS.JOB_CLOSED) and the stage, if one is asked for, must be one of its pipeline (Personio
 *    would silently file an unknown phase under `unassigned`).
 * 2. Each file goes up first, one by one: `POST /v1/recruiting/applications/documents`, multipart
 *    `file`, answered with a `uuid` (an upload alone changes nothing visible, so it does not count as
 *    the write: a failure before step 3 can be retried with the same Idempotency-Key).
 * 3. `POST /v1/recruiting/applications` with the names, email, `job_position_id` (the job's integer
 *    id), `phase`, system `attributes` (phone, location, gender, available_from, salary_expectations),
 *    the `files` by uuid and category, and `remote_fields.personio.application` passed through
 *    (`message`, `tags`, `attributes` (added to ours), `external_posting_id`…). Answered 201 without a body.
 * 4. The new records are read back through v2: `GET /v2/recruiting/applications?candidate.email=…`
 *    (the job's newest), then the candidate.
 */
import { JobClosedError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import { discard } from '../kit/http.js';
import { readJson } from '../kit/parse.js';
import type { ConnectorWrites, CreateApplicationInput, CreateApplicationResult, FileToUpload, NewCandidate, RemoteFields } from '../writes.js';
import { PAGE_LIMIT, PERSONIO, PersonioClient, parseWith, requireRecruitingKey } from './client.js';
import { jobTakesApplications, mapApplication, mapCandidate, mapStages } from './mapping.js';
import { categoriesOf, categoryOfJob } from './reads.js';
import { applicationSchema, candidateSchema, jobSchema, uploadedDocumentSchema } from './vendor-schemas.js';

const FILE_CATEGORY: Readonly<Record<FileToUpload['type'], string>> = { CV: 'cv', COVER_LETTER: 'cover-letter', OTHER: 'other' };
const GENDER: Readonly<Record<NonNullable<NewCandidate['gender']>, string>> = { MALE: 'male', FEMALE: 'female', OTHER: 'diverse' };
/** The `remote_fields.personio` keys applied (Kombo's: fields passed through to the application). */
export const PERSONIO_CREATE_KEYS = ['application'] as const;

/** `remote_fields.personio.application`: fields passed through to the create call (Kombo's key). */
function applicationFields(remote: RemoteFields): Record<string, unknown> {
  const own = remote['personio'];
  const fields = own && typeof own === 'object' ? (own as Record<string, unknown>)['application'] : undefined;
  if (fields === undefined || fields === null) return {};
  if (typeof fields !== 'object' || Array.isArray(fields)) throw new VendorError('REMOTE.INPUT_INVALID', 'remote_fields.personio.application must be an object of Personio application fields.');
  return fields as Record<string, unknown>;
}

/** The v1 `phase` for a stage of the job's pipeline (`system:<kind>` or a custom phase id). */
function phaseOf(stageId: string): { type: 'system' | 'custom'; id: string | number } {
  return stageId.startsWith('system:') ? { type: 'system', id: stageId.slice('system:'.length) } : { type: 'custom', id: /^\d+$/.test(stageId) ? Number(stageId) : stageId };
}

/** The system attributes Personio's create call takes, from the new candidate's fields. */
function systemAttributes(c: NewCandidate): Array<{ id: string; value: string }> {
  const out: Array<{ id: string; value: string }> = [];
  if (c.phone_number) out.push({ id: 'phone', value: c.phone_number });
  const where = c.location ? [c.location.city, c.location.state, c.location.country].filter((x): x is string => Boolean(x)).join(', ') : '';
  if (where) out.push({ id: 'location', value: where });
  if (c.gender) out.push({ id: 'gender', value: GENDER[c.gender] });
  if (c.availability_date) out.push({ id: 'available_from', value: c.availability_date.slice(0, 10) });
  // A free text at Personio ("Will not be parsed").
  if (c.salary_expectations) out.push({ id: 'salary_expectations', value: `${c.salary_expectations.amount} per ${c.salary_expectations.period.toLowerCase()}` });
  return out;
}

async function upload(client: PersonioClient, file: FileToUpload): Promise<{ uuid: string; original_filename: string; category: string }> {
  const form = new FormData();
  form.set('file', new Blob([file.data], { type: file.content_type }), file.name);
  const what = 'POST /v1/recruiting/applications/documents';
  const res = await client.recruiting({ method: 'POST', path: '/v1/recruiting/applications/documents', form, callerConfirmsWrite: true });
  const saved = parseWith(uploadedDocumentSchema, await readJson(res, PERSONIO, what), what);
  return { uuid: saved.uuid, original_filename: saved.original_filename ?? file.name, category: FILE_CATEGORY[file.type] };
}

type UploadedFile = Awaited<ReturnType<typeof upload>>;

/** The create call's body: ours first, then the caller's `remote_fields.personio.application`, attributes added together. */
function applicationBody(input: CreateApplicationInput, jobPositionId: number, channel: number | null, files: UploadedFile[], application: Record<string, unknown>): Record<string, unknown> {
  const c = input.candidate;
  const extraAttributes = Array.isArray(application['attributes']) ? (application['attributes'] as unknown[]) : [];
  const attributes = [...systemAttributes(c), ...extraAttributes];
  return {
    first_name: c.first_name,
    last_name: c.last_name,
    email: c.email_address,
    job_position_id: jobPositionId,
    ...(channel !== null ? { recruiting_channel_id: channel } : {}),
    ...(input.stage_remote_id !== null ? { phase: phaseOf(input.stage_remote_id) } : {}),
    // The caller's own application fields (message, tags, external_posting_id…) as Kombo passes them.
    ...application,
    ...(files.length ? { files } : {}),
    ...(attributes.length ? { attributes } : {}),
  };
}

async function createApplication(ctx: ConnectorContext, input: CreateApplicationInput): Promise<CreateApplicationResult> {
  const client = new PersonioClient(ctx);
  client.checkCredentials();
  // Refused before anything is read or sent (the Recruiting API key is what creating needs).
  requireRecruitingKey(ctx);
  const job = await client.one(`/v2/recruiting/jobs/${encodeURIComponent(input.job_remote_id)}`, jobSchema);
  if (!job) throw new VendorError('REMOTE.INPUT_INVALID', `Personio has no job "${input.job_remote_id}".`, { vendorStatus: 404 });
  if (!/^\d+$/.test(job.id)) throw new VendorError('REMOTE.INPUT_INVALID', `Personio's Recruiting API takes integer job position ids; the job "${job.id}" has none.`);
  if (!jobTakesApplications(job)) throw new JobClosedError(`The Personio job "${job.name ?? job.id}" is ${job.status ?? 'not published'}; only published jobs take applications.`);
  const stages = mapStages(categoryOfJob(job, await categoriesOf(ctx, client)));
  if (input.stage_remote_id !== null && !stages.some((s) => s.remote_id === input.stage_remote_id)) {
    throw new VendorError('REMOTE.INPUT_INVALID', `The stage "${input.stage_remote_id}" is not in the pipeline of the Personio job "${job.name ?? job.id}".`);
  }
  const application = applicationFields(input.remote_fields);
  const c = input.candidate;
  const warnings: string[] = [];
  const channel = input.source?.id && /^\d+$/.test(input.source.id) ? Number(input.source.id) : null;
  if (input.source && channel === null && (input.source.name || input.source.id)) {
    warnings.push('Personio takes a source as a recruiting channel id (source.id, an integer from Settings → Recruiting → Channels); the source was not stored.');
  }
  const files = [];
  for (const file of input.attachments) files.push(await upload(client, file));
  const body = applicationBody(input, Number(job.id), channel, files, application);
  await discard(await client.recruiting({ method: 'POST', path: '/v1/recruiting/applications', json: body }));
  if (files.length) warnings.push(`Personio's API does not return files: the ${files.length} file(s) are attached in Personio but cannot be listed or downloaded here.`);

  const found = await client.page('/v2/recruiting/applications', applicationSchema, null, { 'candidate.email': c.email_address, limit: PAGE_LIMIT });
  const app = found.items.find((a) => a.job?.id === job.id);
  if (!app) throw new VendorError('REMOTE.UNKNOWN_HTTP_ERROR', 'Personio accepted the application but does not list it yet; the next sync brings it in. Do not repeat the request.');
  const candidate = await client.one(`/v2/recruiting/candidates/${encodeURIComponent(app.candidate.id)}`, candidateSchema);
  return {
    candidate_remote_id: app.candidate.id,
    application_remote_id: app.id,
    records: { ...(candidate ? { candidates: [mapCandidate(candidate)] } : {}), applications: [mapApplication(app)] },
    warnings,
  };
}

export const personioWrites: ConnectorWrites = { createApplication };
