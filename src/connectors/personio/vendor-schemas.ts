/**
 * Personio recruiting API answers (the fields we read). v2 lists are `{_data: [...], _meta: {links}}`;
 * a single record comes as `{_data: {...}}` or bare (clients meet both). Ids are strings in v2
 * (jobs and phases numeric, candidates and applications UUID-like); numbers are read as strings too.
 * Timestamps come as ISO strings or as `{"date-time": local, "timezone": zone}` (see `mapping.ts`).
 */
import { z } from 'zod';

const text = z.string().nullish();
const id = z.union([z.number(), z.string()]).transform(String);
/** An ISO string, or a local date-time with its zone (`date-time` as clients see it, `date` in common-components-v2). */
export const timestampSchema = z
  .union([z.string(), z.object({ 'date-time': z.string().nullish(), date: z.string().nullish(), timezone: z.string().nullish() }).passthrough()])
  .nullish();
export type PersonioTimestamp = z.infer<typeof timestampSchema>;

const named = z.object({ id: id.nullish(), name: text }).passthrough();

/** A stage as applications carry it: a system phase (`type: system`, id null, `kind` the phase) or a custom phase. */
export const stageSchema = z.object({ id: id.nullish(), kind: text, name: text, type: text }).passthrough();
export type PersonioStage = z.infer<typeof stageSchema>;

export const hiringTeamSchema = z.array(z.object({ id, role: text }).passthrough()).nullish();

export const applicationSchema = z
  .object({
    id,
    application_date: text,
    candidate: z.object({ id, email: text, first_name: text, last_name: text }).passthrough(),
    job: z.object({ id, name: text }).passthrough().nullish(),
    current_stage: stageSchema.nullish(),
    channel: named.nullish(),
    hiring_team: hiringTeamSchema,
    is_anonymized: z.boolean().nullish(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .passthrough();
export type PersonioApplication = z.infer<typeof applicationSchema>;

export const candidateSchema = z
  .object({
    id,
    first_name: text,
    last_name: text,
    email: text,
    gender: text,
    phone: text,
    location: text,
    birthday: text,
    linkedin_profile: text,
    available_from: text,
    applications: z.array(z.object({ id, application_date: text }).passthrough()).nullish(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .passthrough();
export type PersonioCandidate = z.infer<typeof candidateSchema>;

export const jobSchema = z
  .object({
    id,
    name: text,
    status: text,
    department: named.nullish(),
    category: named.nullish(),
    office: z.union([z.string(), named]).nullish(),
    employment_type: text,
    hiring_team: hiringTeamSchema,
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .passthrough();
export type PersonioJob = z.infer<typeof jobSchema>;

export const categorySchema = z
  .object({ id, name: text, stages: z.array(z.object({ id, name: text, position: z.number().nullish() }).passthrough()).nullish() })
  .passthrough();
export type PersonioCategory = z.infer<typeof categorySchema>;

export const transitionSchema = z.object({ entered_at: timestampSchema, stage: stageSchema.nullish() }).passthrough();
export type PersonioTransition = z.infer<typeof transitionSchema>;

export const personSchema = z.object({ id, first_name: text, last_name: text, email: text, status: text }).passthrough();
export type PersonioPerson = z.infer<typeof personSchema>;

/** A v2 list page. */
export const listEnvelope = z.object({
  _data: z.array(z.unknown()),
  _meta: z.object({ links: z.object({ next: z.object({ href: z.string() }).nullish() }).passthrough().nullish() }).passthrough().nullish(),
});

/** The v1 documents endpoint's answer. */
export const uploadedDocumentSchema = z.object({ uuid: z.string().min(1), size: z.number().nullish(), mimetype: text, original_filename: text, extension: text });
