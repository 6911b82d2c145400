/**
 * Request bodies of the ATS write actions (contract §4.2–4.7, 4.9, 4.11–4.14, 4.18, 4.24), as
 * zod schemas: they validate requests (a failure is a 400 naming the field) and document them in
 * the OpenAPI document. Optional fields also accept `null`. `remote_fields` is typed per action
 * (`remote-fields.ts`): Kombo's keys for each tool, any other tool's object as it comes.
 */
import { z } from '@hono/zod-openapi';
import { AttachmentTypeSchema, dateTime } from '../model/common.js';
import type { WriteActionId } from '../connectors/writes.js';
import { remoteFieldsSchema } from './remote-fields.js';
import { fileUploadProblems, isHttpUrl } from './validation.js';

const id = z.string().min(1, 'must not be empty');
const text = z.string().refine((value) => value.trim().length > 0, { message: 'must not be empty' });
const httpUrl = z.string().refine(isHttpUrl, { message: 'must be an http or https URL' });
const email = z.string().email('must be an email address');

const remoteFields = (action: WriteActionId) => remoteFieldsSchema(action).nullish();

const fileUploadShape = {
  name: text.openapi({ description: 'File name with extension, e.g. `Resume.pdf`.' }),
  content_type: z.string().nullish().openapi({ description: 'MIME type; required with `data`, taken from the download otherwise.' }),
  data_url: z.string().nullish().openapi({ description: 'An http(s) URL the server downloads the file from (size-capped; non-public addresses are refused).' }),
  data: z.string().nullish().openapi({ description: 'The file content, base64-encoded.' }),
};

const refineUpload = (file: { content_type?: string | null; data_url?: string | null; data?: string | null }, ctx: z.RefinementCtx) => {
  for (const problem of fileUploadProblems(file)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
};

/** A file sent with `data` or `data_url` (contract §2.6), not yet checked. */
export const FileUploadObject = z.object(fileUploadShape);
export type FileUploadBody = z.infer<typeof FileUploadObject>;

export const AttachmentUploadSchema = z
  .object({ ...fileUploadShape, type: AttachmentTypeSchema })
  .superRefine(refineUpload)
  .openapi('AttachmentUpload');
export type AttachmentUploadBody = z.infer<typeof AttachmentUploadSchema>;

export const MoveApplicationToStageBody = z
  .object({ stage_id: id.openapi({ description: "One of the job's `stages[].id`." }), remote_fields: remoteFields('ats_move_application_to_stage') })
  .openapi('MoveApplicationToStageRequest');

const ResultLinkDetailsSchema = z.object({
  custom_field_name_prefix: z.string(),
  attributes: z.array(z.object({ key: text, value: z.string() })),
});

const resultLink = (action: WriteActionId) => z.object({ label: text, url: httpUrl, details: ResultLinkDetailsSchema.nullish(), remote_fields: remoteFields(action) });
export const ResultLinkBody = resultLink('ats_add_application_result_link').openapi('ResultLinkRequest');
export const CandidateResultLinkBody = resultLink('ats_add_candidate_result_link').openapi('CandidateResultLinkRequest');
export type ResultLinkBodyType = z.infer<typeof ResultLinkBody>;

export const ApplicationNoteBody = z
  .object({ content: text, content_type: z.enum(['PLAIN_TEXT']), remote_fields: remoteFields('ats_add_application_note') })
  .openapi('ApplicationNoteRequest');

export const AttachmentBody = z.object({ attachment: AttachmentUploadSchema, remote_fields: remoteFields('ats_add_application_attachment') }).openapi('AddAttachmentRequest');
export const CandidateAttachmentBody = z
  .object({ attachment: AttachmentUploadSchema, remote_fields: remoteFields('ats_add_candidate_attachment') })
  .openapi('AddCandidateAttachmentRequest');
export type AttachmentBodyType = z.infer<typeof AttachmentBody>;

export const RejectApplicationBody = z
  .object({
    rejection_reason_id: id.openapi({ description: 'An id from GET /ats/rejection-reasons.' }),
    note: z.string().nullish(),
    remote_fields: remoteFields('ats_reject_application'),
  })
  .openapi('RejectApplicationRequest');

export const CandidateTagBody = z.object({ tag: z.object({ name: text }), remote_fields: remoteFields('ats_add_candidate_tag') }).openapi('CandidateTagRequest');
export const RemoveCandidateTagBody = z
  .object({ tag: z.object({ name: text }), remote_fields: remoteFields('ats_remove_candidate_tag') })
  .openapi('RemoveCandidateTagRequest');

const ContactTypeSchema = z.enum(['PERSONAL', 'WORK', 'OTHER']);

export const NewCandidateSchema = z.object({
  first_name: text,
  last_name: text,
  email_address: email,
  additional_email_addresses: z.array(z.object({ type: ContactTypeSchema, email_address: email })).nullish(),
  company: z.string().nullish(),
  title: z.string().nullish(),
  phone_number: z.string().nullish(),
  additional_phone_numbers: z.array(z.object({ type: ContactTypeSchema, phone_number: text })).nullish(),
  location: z
    .object({
      city: z.string().nullish(),
      country: z.string().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as DE'),
      state: z.string().nullish(),
      street_1: z.string().nullish(),
      zip_code: z.string().nullish(),
    })
    .nullish(),
  gender: z.enum(['MALE', 'FEMALE', 'OTHER']).nullish(),
  availability_date: dateTime.nullish(),
  salary_expectations: z.object({ period: z.enum(['MONTH', 'YEAR']), amount: z.number().nonnegative() }).nullish(),
  social_links: z.array(z.object({ url: httpUrl })).nullish(),
});
export type NewCandidateBody = z.infer<typeof NewCandidateSchema>;

export const ScreeningAnswerSchema = z.object({
  question_id: id,
  answer: z.union([FileUploadObject, z.string(), z.boolean(), z.number(), z.array(z.string())]),
});
export type ScreeningAnswerBody = z.infer<typeof ScreeningAnswerSchema>;

const applicationExtras = {
  attachments: z.array(AttachmentUploadSchema).nullish(),
  screening_question_answers: z.array(ScreeningAnswerSchema).nullish(),
  source: z.object({ name: z.string().nullish(), unified_key: z.string().nullish(), id: z.string().nullish() }).nullish(),
  sourced_by: z.object({ user_id: id.openapi({ description: 'A user id, or `remote:<remote id>`.' }) }).nullish(),
  gdpr_consent: z.object({ expires_at: dateTime.nullish(), given: z.boolean().nullish() }).nullish(),
  remote_fields: remoteFields('ats_create_application'),
};

export const CreateApplicationBody = z
  .object({ stage_id: id.nullish(), candidate: NewCandidateSchema, ...applicationExtras })
  .openapi('CreateApplicationRequest');
export type CreateApplicationBodyType = z.infer<typeof CreateApplicationBody>;

export const CreateCandidateBody = z
  .object({ candidate: NewCandidateSchema, application: z.object({ job_id: id, stage_id: id.nullish() }), ...applicationExtras })
  .openapi('CreateCandidateRequest');
export type CreateCandidateBodyType = z.infer<typeof CreateCandidateBody>;

const remoteId = z.string().min(1, 'must not be empty');

/** The identifier shapes of contract §4.24, by body key. */
export const TRACKED_ID_SCHEMAS = {
  erecruiter: z.union([
    z.object({ id_type: z.literal('application_and_job_remote_ids'), application_remote_id: remoteId, job_remote_id: remoteId }),
    z.object({ id_type: z.literal('application_and_candidate_remote_ids'), candidate_remote_id: remoteId, application_remote_id: remoteId }),
  ]),
  successfactors: z.object({ id_type: z.literal('application_remote_id'), application_remote_id: remoteId }),
  recruitee: z.object({ id_type: z.literal('placement_id'), placement_id: remoteId }),
  greenhouse: z.object({ id_type: z.literal('application_id'), application_id: remoteId }),
  greenhousev3: z.object({ id_type: z.literal('application_id'), application_id: remoteId }),
  onlyfy: z.object({ id_type: z.literal('application_id'), application_id: remoteId }),
  smartrecruiters: z.object({ id_type: z.literal('candidate_and_job_remote_ids'), candidate_remote_id: remoteId, job_remote_id: remoteId }),
} as const;
export type TrackedIdKey = keyof typeof TRACKED_ID_SCHEMAS;
export const TRACKED_ID_KEYS = Object.keys(TRACKED_ID_SCHEMAS) as TrackedIdKey[];

export const ImportTrackedApplicationBody = z
  .object({
    erecruiter: TRACKED_ID_SCHEMAS.erecruiter.optional(),
    successfactors: TRACKED_ID_SCHEMAS.successfactors.optional(),
    recruitee: TRACKED_ID_SCHEMAS.recruitee.optional(),
    greenhouse: TRACKED_ID_SCHEMAS.greenhouse.optional(),
    greenhousev3: TRACKED_ID_SCHEMAS.greenhousev3.optional(),
    onlyfy: TRACKED_ID_SCHEMAS.onlyfy.optional(),
    smartrecruiters: TRACKED_ID_SCHEMAS.smartrecruiters.optional(),
    tracked_at: dateTime.nullable(),
  })
  .openapi('ImportTrackedApplicationRequest');
export type ImportTrackedApplicationBodyType = z.infer<typeof ImportTrackedApplicationBody>;
