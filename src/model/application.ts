import { z } from '@hono/zod-openapi';
import {
  EmailAddressSchema,
  LocationSchema,
  OfferStatusSchema,
  OutcomeSchema,
  PhoneNumberSchema,
  ScreeningQuestionAnswerSchema,
  SocialMediaSchema,
  dateTime,
} from './common.js';
import { CandidateCoreSchema } from './candidate.js';
import { CurrentStageSchema, JobRefSchema, TagRefSchema } from './refs.js';

/** Scalar application fields shared by GET /ats/applications items (§4.1) and createApplication (§4.18). */
export const ApplicationCoreSchema = z.object({
  id: z.string(),
  remote_id: z.string().nullable(),
  outcome: OutcomeSchema.nullable(),
  rejection_reason_name: z.string().nullable(),
  rejected_at: dateTime.nullable(),
  current_stage_id: z.string().nullable(),
  job_id: z.string().nullable(),
  candidate_id: z.string().nullable(),
  screening_question_answers: z.array(ScreeningQuestionAnswerSchema).nullable().optional(),
  custom_fields: z.record(z.string(), z.unknown()).nullable(),
  remote_url: z.string().nullable(),
  changed_at: dateTime,
  remote_deleted_at: dateTime.nullable(),
  remote_created_at: dateTime.nullable(),
  remote_updated_at: dateTime.nullable(),
});
export type ApplicationCore = z.infer<typeof ApplicationCoreSchema>;

/** Candidate embedded in GET /ats/applications items (§4.1). */
export const ApplicationCandidateSchema = z.object({
  id: z.string(),
  remote_id: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  email_addresses: z.array(EmailAddressSchema).nullable().optional(),
  phone_numbers: z.array(PhoneNumberSchema).nullable().optional(),
  social_media: z.array(SocialMediaSchema).nullable().optional(),
  source: z.string().nullable(),
  remote_url: z.string().nullable(),
  tags: z.array(TagRefSchema),
});
export type ApplicationCandidate = z.infer<typeof ApplicationCandidateSchema>;

/** Entry of `applications[].interviews` (§4.1). */
export const ApplicationInterviewSchema = z.object({
  id: z.string(),
  remote_id: z.string().nullable(),
  title: z.string().nullable(),
  starting_at: dateTime.nullable(),
  ending_at: dateTime.nullable(),
  location: LocationSchema.nullable().optional(),
  canceled: z.boolean().nullable(),
});
export type ApplicationInterview = z.infer<typeof ApplicationInterviewSchema>;

/** Entry of `applications[].offers` (§4.1). */
export const ApplicationOfferSchema = z.object({
  id: z.string(),
  remote_id: z.string().nullable(),
  status: OfferStatusSchema.nullable(),
});
export type ApplicationOffer = z.infer<typeof ApplicationOfferSchema>;

/** Item of GET /ats/applications (contract §4.1). */
export const ApplicationSchema = ApplicationCoreSchema.extend({
  candidate: ApplicationCandidateSchema.nullable(),
  current_stage: CurrentStageSchema.nullable(),
  job: JobRefSchema.nullable(),
  interviews: z.array(ApplicationInterviewSchema),
  offers: z.array(ApplicationOfferSchema),
}).openapi('Application');
export type Application = z.infer<typeof ApplicationSchema>;

/** Candidate embedded in the createApplication response: a full candidate without `applications`. */
export const CreatedApplicationCandidateSchema = CandidateCoreSchema.extend({
  tags: z.array(TagRefSchema),
});
export type CreatedApplicationCandidate = z.infer<typeof CreatedApplicationCandidateSchema>;

/** `data` of POST /ats/jobs/{job_id}/applications (contract §4.18). */
export const CreatedApplicationSchema = ApplicationCoreSchema.extend({
  current_stage: CurrentStageSchema.nullable(),
  job: JobRefSchema.nullable(),
  candidate: CreatedApplicationCandidateSchema.nullable(),
}).openapi('CreatedApplication');
export type CreatedApplication = z.infer<typeof CreatedApplicationSchema>;
