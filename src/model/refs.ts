/**
 * Small reference shapes embedded in several ATS models (wire format, Kombo SDK 1.1.3 and 1.3.x).
 * Not registered as OpenAPI components on purpose: they are inlined where used.
 */
import { z } from '@hono/zod-openapi';
import { EmailAddressSchema, StageCustomFieldsSchema, StageStatusSchema } from './common.js';

/** `{ id, remote_id, name }` reference to a job; `remote_id` is never null on job refs. */
export const JobRefSchema = z.object({
  id: z.string(),
  remote_id: z.string(),
  name: z.string().nullable(),
});
export type JobRef = z.infer<typeof JobRefSchema>;

/**
 * Current stage of an application as nested in a candidate (`candidates[].applications[]`); the
 * `index` key is required (nullable). SDK 1.3.x did not add `status`/`custom_fields` here.
 */
export const CandidateApplicationStageSchema = z.object({
  id: z.string(),
  remote_id: z.string().nullable(),
  name: z.string().nullable(),
  index: z.number().int().nullable(),
});
export type CandidateApplicationStage = z.infer<typeof CandidateApplicationStageSchema>;

/** Expanded current stage of an application (`applications[]`, createApplication), with the stage's status (SDK 1.3.x). */
export const CurrentStageSchema = CandidateApplicationStageSchema.extend({
  status: StageStatusSchema.nullable(),
  custom_fields: StageCustomFieldsSchema,
});
export type CurrentStage = z.infer<typeof CurrentStageSchema>;

/** Tag as embedded on candidates. */
export const TagRefSchema = z.object({
  id: z.string(),
  remote_id: z.string().nullable(),
  name: z.string().nullable(),
});
export type TagRef = z.infer<typeof TagRefSchema>;

/** Candidate reference embedded in `offers[].application` and `interviews[].application`. */
export const CandidateRefSchema = z.object({
  id: z.string(),
  remote_id: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  email_addresses: z.array(EmailAddressSchema).nullable().optional(),
});
export type CandidateRef = z.infer<typeof CandidateRefSchema>;
