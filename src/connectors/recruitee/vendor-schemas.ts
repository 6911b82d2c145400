/**
 * Recruitee ATS API answers (the fields we read). Envelopes are keyed by resource (`{candidate}`,
 * `{candidates}`, `{offers}`…); ids are integers, turned into strings here.
 */
import { z } from 'zod';

const text = z.string().nullish();
const id = z.union([z.number(), z.string()]).transform(String);

export const adminSchema = z.object({ id, first_name: text, last_name: text, name: text, email: text, role: text });
export type RecruiteeAdmin = z.infer<typeof adminSchema>;

export const tagSchema = z.object({ id, name: z.string() });
export type RecruiteeTag = z.infer<typeof tagSchema>;

export const reasonSchema = z.object({ id, name: text });
export type RecruiteeReason = z.infer<typeof reasonSchema>;

export const stageSchema = z
  .object({ id, name: text, category: text, group: text, position: z.number().nullish() })
  .passthrough();
export type RecruiteeStage = z.infer<typeof stageSchema>;

export const offerSchema = z.object({
  id,
  title: text,
  slug: text,
  kind: text,
  status: text,
  department: text,
  location: text,
  city: text,
  country_code: text,
  state_code: text,
  postal_code: text,
  remote: z.boolean().nullish(),
  employment_type: text,
  hiring_manager_id: id.nullish(),
  recruiter_id: id.nullish(),
  careers_url: text,
  adminapp_url: text,
  description: text,
  created_at: text,
  updated_at: text,
  published_at: text,
  closed_at: text,
  pipeline_template: z.object({ id: id.nullish(), name: text, stages: z.array(stageSchema).nullish() }).nullish(),
});
export type RecruiteeOffer = z.infer<typeof offerSchema>;

export const placementSchema = z.object({
  id,
  candidate_id: id,
  offer_id: id,
  stage_id: id.nullish(),
  created_at: text,
  updated_at: text,
  hired_at: text,
  disqualified_at: text,
  disqualify_reason: text,
});
export type RecruiteePlacement = z.infer<typeof placementSchema>;

export const fieldSchema = z.object({ id, kind: text, name: text, values: z.array(z.unknown()).nullish() });

export const candidateSchema = z
  .object({
    id,
    name: text,
    emails: z.array(z.string()).nullish(),
    phones: z.array(z.string()).nullish(),
    source: text,
    tags: z.array(z.string()).nullish(),
    adminapp_url: text,
    cv_url: text,
    cv_original_url: text,
    created_at: text,
    updated_at: text,
    fields: z.array(fieldSchema).nullish(),
    placements: z.array(placementSchema).nullish(),
  })
  .passthrough();
export type RecruiteeCandidate = z.infer<typeof candidateSchema>;

export const attachmentSchema = z.object({ id, candidate_id: id.nullish(), filename: text, kind: text, content_type: text, url: text, created_at: text });
export type RecruiteeAttachment = z.infer<typeof attachmentSchema>;

export const candidateEnvelope = z.object({ candidate: candidateSchema });
export const placementEnvelope = z.object({ placement: placementSchema });
export const searchSchema = z.object({ hits: z.array(candidateSchema), total: z.number().nullish() });
