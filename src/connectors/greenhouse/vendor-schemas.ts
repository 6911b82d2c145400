/**
 * Harvest v3 record shapes, parsed from `unknown` (the OpenAPI 3.1 document embedded in
 * harvestdocs.greenhouse.io reference pages). Strict on the fields the mapping reads — a missing or
 * mistyped one fails loudly — and tolerant of everything else (extra fields are dropped).
 * Ids are integers, timestamps ISO-8601 strings, empty values `null`.
 */
import { z } from 'zod';

const id = z.number().int();
const ts = z.string();
const nullableTs = z.string().nullable();
/** Timestamps the docs' examples leave out on some resources (attachments, interviews, offers, users): read when sent. */
const optionalTs = z.string().nullable().optional();
const text = z.string().nullable();

/** `{value, type}` contact entries; `type` is absent on social media addresses. */
const contact = z.object({ value: z.string(), type: z.string().nullable().optional() });

export const userSchema = z.object({
  id,
  created_at: optionalTs,
  updated_at: optionalTs,
  first_name: text,
  last_name: text,
  primary_email: z.string().nullable(),
  deactivated: z.boolean(),
  site_admin: z.boolean(),
});
export type GhUser = z.infer<typeof userSchema>;

export const candidateTagSchema = z.object({ id, name: z.string() });
export type GhCandidateTag = z.infer<typeof candidateTagSchema>;

export const appliedCandidateTagSchema = z.object({ id, candidate_id: id, candidate_tag_id: id });
export type GhAppliedCandidateTag = z.infer<typeof appliedCandidateTagSchema>;

export const rejectionReasonSchema = z.object({ id, name: z.string() });
export type GhRejectionReason = z.infer<typeof rejectionReasonSchema>;

export const rejectionDetailSchema = z.object({
  id,
  application_id: id,
  rejection_reason_id: id.nullable(),
  rejected_at: nullableTs,
});
export type GhRejectionDetail = z.infer<typeof rejectionDetailSchema>;

const customFields = z.record(z.string(), z.object({ name: z.string().optional(), type: z.string().optional(), value: z.unknown() })).nullable().optional();

// Jobs, candidates and applications keep every vendor key (for remote_data and integration fields).
export const jobSchema = z.object({
  id,
  created_at: ts,
  updated_at: ts,
  name: z.string(),
  requisition_id: text,
  confidential: z.boolean(),
  status: z.string(),
  opened_at: nullableTs,
  closed_at: nullableTs,
  department_id: id.nullable(),
  office_ids: z.array(id).nullable(),
  custom_fields: customFields,
}).passthrough();
export type GhJob = z.infer<typeof jobSchema>;

export const jobInterviewStageSchema = z.object({ id, job_id: id, name: z.string(), sort_order: z.number(), active: z.boolean() });
export type GhJobInterviewStage = z.infer<typeof jobInterviewStageSchema>;

export const jobOwnerSchema = z.object({ id, job_id: id, user_id: id, type: z.string(), responsible: z.boolean().nullable().optional() });
export type GhJobOwner = z.infer<typeof jobOwnerSchema>;

export const jobHiringManagerSchema = z.object({ id, job_id: id, user_id: id });
export type GhJobHiringManager = z.infer<typeof jobHiringManagerSchema>;

export const departmentSchema = z.object({ id, name: z.string() });
export type GhDepartment = z.infer<typeof departmentSchema>;

export const officeSchema = z.object({ id, name: z.string(), location: text });
export type GhOffice = z.infer<typeof officeSchema>;

export const candidateSchema = z.object({
  id,
  created_at: ts,
  updated_at: ts,
  first_name: text,
  last_name: text,
  company: text,
  title: text,
  private: z.boolean().nullable(),
  tags: z.array(z.string()),
  phone_numbers: z.array(contact),
  addresses: z.array(contact),
  email_addresses: z.array(contact),
  website_addresses: z.array(contact),
  social_media_addresses: z.array(contact),
}).passthrough();
export type GhCandidate = z.infer<typeof candidateSchema>;

export const applicationSchema = z.object({
  id,
  created_at: ts,
  updated_at: ts,
  candidate_id: id,
  job_id: id.nullable(),
  stage_id: id.nullable(),
  /** The job's stage (`/v3/job_interview_stages`); `stage_id` may name the application-stage record instead. */
  job_interview_stage_id: id.nullable().optional(),
  status: z.string(),
  prospect: z.boolean(),
  rejected_at: nullableTs,
  source_id: id.nullable().optional(),
}).passthrough();
export type GhApplication = z.infer<typeof applicationSchema>;

/** The job stage an application is at: `job_interview_stage_id` where sent, else `stage_id`. */
export const jobStageOf = (app: Pick<GhApplication, 'stage_id' | 'job_interview_stage_id'>): number | null => app.job_interview_stage_id ?? app.stage_id;

export const sourceSchema = z.object({ id, name: z.string() });
export type GhSource = z.infer<typeof sourceSchema>;

export const interviewSchema = z.object({
  id,
  created_at: optionalTs,
  updated_at: optionalTs,
  application_id: id,
  job_interview_id: id.nullable(),
  starts_at: nullableTs,
  ends_at: nullableTs,
  all_day_start_on: text.optional(),
  all_day_end_on: text.optional(),
  location: text,
  status: z.string(),
  video_conferencing_url: text,
});
export type GhInterview = z.infer<typeof interviewSchema>;

export const interviewerSchema = z.object({ id, interview_id: id, user_id: id.nullable() });
export type GhInterviewer = z.infer<typeof interviewerSchema>;

export const jobInterviewSchema = z.object({ id, job_interview_stage_id: id.nullable(), name: z.string().nullable() });
export type GhJobInterview = z.infer<typeof jobInterviewSchema>;

export const offerSchema = z.object({
  id,
  created_at: optionalTs,
  updated_at: optionalTs,
  application_id: id,
  status: z.string(),
  starts_on: text,
  sent_on: text,
});
export type GhOffer = z.infer<typeof offerSchema>;

export const attachmentSchema = z.object({
  id,
  created_at: optionalTs,
  updated_at: optionalTs,
  application_id: id.nullable(),
  candidate_id: id.nullable(),
  type: z.string(),
  filename: z.string(),
  url: z.string(),
});
export type GhAttachment = z.infer<typeof attachmentSchema>;

/**
 * What `POST /v3/attachments` answers: the new attachment. Only `id` is relied on; fields it leaves
 * out are taken from the request (the reference page documents the body, not the answer's shape).
 */
export const createdAttachmentSchema = z.object({
  id,
  created_at: optionalTs,
  updated_at: optionalTs,
  application_id: id.nullable().optional(),
  candidate_id: id.nullable().optional(),
  type: z.string().nullable().optional(),
  filename: z.string().nullable().optional(),
});

/** `POST /v3/applications` answers the new application; only its `id` is relied on (it is re-read). An `{application}` wrapper is accepted too. */
export const createdApplicationSchema = z.object({ id }).passthrough();

/** `POST /v3/candidate_tags` answers the tag (new, or the existing one of that name). */
export const createdCandidateTagSchema = z.object({ id, name: z.string().nullable().optional() });

export const noteSchema = z.object({ id, candidate_id: id.nullable(), application_id: id.nullable() });

/** `POST /v3/candidates` answers the candidate; some deployments wrap it as `{candidate, application}`. */
export const createdCandidateSchema = z.union([z.object({ candidate: z.object({ id }) }), z.object({ id })]);
