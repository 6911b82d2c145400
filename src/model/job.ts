import { z } from '@hono/zod-openapi';
import {
  HiringTeamRoleSchema,
  JobRoleAssignmentSchema,
  LocationSchema,
  ScreeningQuestionFormatSchema,
  StageCustomFieldsSchema,
  StageStatusSchema,
  dateTime,
} from './common.js';

/** Open enum: any string is accepted on the wire; the listed values are the known ones. */
const openEnum = (known: readonly string[]) => z.string().openapi({ description: `Known values: ${known.join(', ')}` });

export const JOB_EMPLOYMENT_TYPES = ['FULL_TIME', 'PART_TIME', 'CONTRACT', 'SEASONAL', 'INTERNSHIP'] as const;
export const JOB_STATUSES = ['OPEN', 'CLOSED', 'DRAFT', 'ARCHIVED'] as const;
export const JOB_VISIBILITIES = ['PUBLIC', 'INTERNAL', 'UNLISTED', 'CONFIDENTIAL'] as const;
export const JOB_REMOTE_WORK_STATUSES = ['REMOTE', 'HYBRID', 'TEMPORARY', 'ON_SITE'] as const;
export const JOB_SALARY_PERIODS = ['YEAR', 'MONTH', 'TWO_WEEKS', 'WEEK', 'DAY', 'HOUR'] as const;

/** Entry of `jobs[].stages`; unlike an application's current_stage, `index` may be omitted. */
export const JobStageSchema = z.object({
  id: z.string(),
  remote_id: z.string().nullable(),
  name: z.string().nullable(),
  index: z.number().int().nullable().optional(),
  status: StageStatusSchema.nullable(),
  custom_fields: StageCustomFieldsSchema,
});
export type JobStage = z.infer<typeof JobStageSchema>;

export const ScreeningQuestionCategorySchema = z.enum(['EEO', 'DEMOGRAPHIC']);
export type ScreeningQuestionCategory = z.infer<typeof ScreeningQuestionCategorySchema>;

/** Entry of `jobs[].screening_questions`. */
export const ScreeningQuestionSchema = z.object({
  id: z.string(),
  remote_id: z.string().nullable(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  format: ScreeningQuestionFormatSchema.nullable().optional(),
  category: ScreeningQuestionCategorySchema.nullable(),
  index: z.number().int().nullable().optional(),
  required: z.boolean().nullable(),
  precondition_question_id: z.string().nullable().optional(),
  precondition_options: z.union([z.array(z.string()), z.array(z.boolean())]).nullable().optional(),
});
export type ScreeningQuestion = z.infer<typeof ScreeningQuestionSchema>;

export const JobPostingStatusSchema = z.enum(['ACTIVE', 'INACTIVE', 'DRAFT']);
export type JobPostingStatus = z.infer<typeof JobPostingStatusSchema>;

export const JobPostingVisibilitySchema = z.enum(['PUBLIC', 'INTERNAL', 'UNLISTED']);
export type JobPostingVisibility = z.infer<typeof JobPostingVisibilitySchema>;

/** Entry of `jobs[].job_postings`. */
export const JobPostingSchema = z.object({
  id: z.string(),
  remote_id: z.string().nullable(),
  title: z.string().nullable(),
  description_html: z.string().nullable(),
  status: JobPostingStatusSchema.nullable(),
  visibility: JobPostingVisibilitySchema.nullable(),
  url: z.string().nullable(),
});
export type JobPosting = z.infer<typeof JobPostingSchema>;

/** Entry of `jobs[].hiring_team`. */
export const HiringTeamMemberSchema = z.object({
  id: z.string(),
  remote_id: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  email: z.string().nullable().optional(),
  hiring_team_roles: z.array(HiringTeamRoleSchema),
  job_roles: z.array(JobRoleAssignmentSchema),
});
export type HiringTeamMember = z.infer<typeof HiringTeamMemberSchema>;

/** Item of GET /ats/jobs (contract §4.17). */
export const JobSchema = z
  .object({
    id: z.string(),
    remote_id: z.string(),
    name: z.string().nullable(),
    job_code: z.string().nullable(),
    description: z.string().nullable(),
    confidential: z.boolean().nullable(),
    weekly_hours: z.number().nullable(),
    employment_type: openEnum(JOB_EMPLOYMENT_TYPES).nullable().optional(),
    status: openEnum(JOB_STATUSES).nullable().optional(),
    visibility: openEnum(JOB_VISIBILITIES).nullable().optional(),
    category: z.string().nullable(),
    department: z.string().nullable(),
    post_url: z.string().nullable(),
    experience_level: z.string().nullable(),
    remote_work_status: openEnum(JOB_REMOTE_WORK_STATUSES).nullable().optional(),
    salary_amount: z.number().nullable(),
    salary_amount_from: z.number().nullable(),
    salary_amount_to: z.number().nullable(),
    salary_currency: z.string().nullable(),
    salary_period: openEnum(JOB_SALARY_PERIODS).nullable().optional(),
    location: LocationSchema.nullable().optional(),
    custom_fields: z.record(z.string(), z.unknown()).nullable(),
    remote_url: z.string().nullable(),
    opened_at: dateTime.nullable(),
    closed_at: dateTime.nullable(),
    remote_created_at: dateTime.nullable(),
    remote_updated_at: dateTime.nullable(),
    contact_id: z.string().nullable(),
    changed_at: dateTime,
    remote_deleted_at: dateTime.nullable(),
    stages: z.array(JobStageSchema),
    screening_questions: z.array(ScreeningQuestionSchema),
    job_postings: z.array(JobPostingSchema),
    hiring_team: z.array(HiringTeamMemberSchema),
  })
  .openapi('Job');
export type Job = z.infer<typeof JobSchema>;
