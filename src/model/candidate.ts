import { z } from '@hono/zod-openapi';
import { EmailAddressSchema, LocationSchema, OutcomeSchema, PhoneNumberSchema, SocialMediaSchema, dateTime } from './common.js';
import { CandidateApplicationStageSchema, JobRefSchema, TagRefSchema } from './refs.js';

/**
 * Candidate fields shared by GET /ats/candidates items (§4.8) and the candidate embedded in the
 * createApplication response (§4.18), i.e. everything except `applications` and `tags`.
 */
export const CandidateCoreSchema = z.object({
  id: z.string(),
  remote_id: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  company: z.string().nullable(),
  title: z.string().nullable(),
  confidential: z.boolean().nullable(),
  source: z.string().nullable(),
  phone_numbers: z.array(PhoneNumberSchema).nullable().optional(),
  email_addresses: z.array(EmailAddressSchema).nullable().optional(),
  social_media: z.array(SocialMediaSchema).nullable().optional(),
  location: LocationSchema.nullable().optional(),
  custom_fields: z.record(z.string(), z.unknown()).nullable(),
  remote_url: z.string().nullable(),
  remote_created_at: dateTime.nullable(),
  remote_updated_at: dateTime.nullable(),
  changed_at: dateTime,
  remote_deleted_at: dateTime.nullable(),
});
export type CandidateCore = z.infer<typeof CandidateCoreSchema>;

/** Entry of `candidates[].applications` (§4.8). */
export const CandidateApplicationSchema = z.object({
  id: z.string(),
  remote_id: z.string().nullable(),
  outcome: OutcomeSchema.nullable(),
  rejection_reason_name: z.string().nullable(),
  rejected_at: dateTime.nullable(),
  remote_url: z.string().nullable(),
  changed_at: dateTime,
  remote_created_at: dateTime.nullable(),
  remote_updated_at: dateTime.nullable(),
  current_stage: CandidateApplicationStageSchema.nullable(),
  job: JobRefSchema.nullable(),
});
export type CandidateApplication = z.infer<typeof CandidateApplicationSchema>;

/** Item of GET /ats/candidates (contract §4.8). */
export const CandidateSchema = CandidateCoreSchema.extend({
  applications: z.array(CandidateApplicationSchema),
  tags: z.array(TagRefSchema),
}).openapi('Candidate');
export type Candidate = z.infer<typeof CandidateSchema>;
