/**
 * Workable SPI v3 response shapes (workable.readme.io, checked against the recorded responses in
 * shared/reference/vendors/workable.md). Every answer is parsed from `unknown` with these; fields we
 * map are checked, anything else is ignored. Ids of candidates, jobs, members, reasons and events are
 * strings; stage ids are integers (we use the stage slug instead, which moves need).
 */
import { z } from 'zod';

const text = z.string().nullish();
const id = z.union([z.string(), z.number()]).transform(String);

/** `{<key>: [...], paging?: {next}}`: `next` is an absolute URL; the last page has no `paging`. */
export const pagingSchema = z.object({ next: z.string().nullish() }).nullish();

export const memberSchema = z.object({
  id,
  name: text,
  email: text,
  role: text,
  roles: z.array(z.string()).nullish(),
  active: z.boolean().nullish(),
});
export type WorkableMember = z.infer<typeof memberSchema>;

export const stageSchema = z.object({ id: id.nullish(), slug: z.string(), name: text, kind: text, position: z.number().nullish() });
export type WorkableStage = z.infer<typeof stageSchema>;

export const reasonSchema = z.object({ id, description: text, candidate_withdrew: z.boolean().nullish(), position: z.number().nullish() });
export type WorkableReason = z.infer<typeof reasonSchema>;

const jobLocation = z
  .object({
    location_str: text,
    country: text,
    country_code: text,
    region: text,
    region_code: text,
    city: text,
    zip_code: text,
    telecommuting: z.boolean().nullish(),
    workplace_type: text,
  })
  .nullish();

export const jobSchema = z.object({
  id,
  title: text,
  full_title: text,
  shortcode: z.string(),
  code: text,
  state: text,
  confidential: z.boolean().nullish(),
  department: text,
  url: text,
  application_url: text,
  shortlink: text,
  workplace_type: text,
  location: jobLocation,
  salary: z.object({ salary_from: z.number().nullish(), salary_to: z.number().nullish(), salary_currency: text }).nullish(),
  created_at: text,
  updated_at: text,
  full_description: text,
  description: text,
});
export type WorkableJob = z.infer<typeof jobSchema>;

export const candidateSchema = z.object({
  id,
  name: text,
  firstname: text,
  lastname: text,
  headline: text,
  job: z.object({ shortcode: text, title: text }).nullish(),
  stage: text,
  stage_kind: text,
  disqualified: z.boolean().nullish(),
  disqualified_at: text,
  withdrew: z.boolean().nullish(),
  disqualification_reason: text,
  hired_at: text,
  moved_to_offer_at: text,
  sourced: z.boolean().nullish(),
  anonymized: z.boolean().nullish(),
  profile_url: text,
  address: text,
  phone: text,
  email: text,
  domain: text,
  outlet: text,
  common_source: text,
  created_at: text,
  updated_at: text,
  tags: z.array(z.string()).nullish(),
  social_profiles: z.array(z.object({ type: text, url: text, username: text })).nullish(),
  location: z.object({ location_str: text, city: text, region: text, country_code: text, zip_code: text }).nullish(),
  originating_candidate_id: text,
});
export type WorkableCandidate = z.infer<typeof candidateSchema>;

export const fileSchema = z.object({ name: text, preview_url: text, source: text, kind: text });
export type WorkableFile = z.infer<typeof fileSchema>;

export const eventSchema = z.object({
  id,
  title: text,
  type: text,
  starts_at: text,
  ends_at: text,
  cancelled: z.boolean().nullish(),
  members: z.array(z.object({ id })).nullish(),
  candidate: z.object({ id }).nullish(),
  /** The video meeting, when the event has one. */
  conference: z.object({ url: text }).passthrough().nullish(),
});
export type WorkableEvent = z.infer<typeof eventSchema>;

/** `GET /candidates/:id/offer`: the candidate plus the offer's fields when there is one. */
export const offerSchema = z.object({
  id: id.nullish(),
  candidate: z.object({ id }).nullish(),
  status: text,
  state: text,
  start_date: text,
  created_at: text,
  updated_at: text,
});
export type WorkableOffer = z.infer<typeof offerSchema>;

export const commentCreatedSchema = z.object({ id }).nullish();
export const createdCandidateSchema = z.object({ candidate: candidateSchema });
