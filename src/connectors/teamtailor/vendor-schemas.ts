/**
 * Teamtailor's JSON:API answers (the fields we read): a resource is `{id, type, attributes,
 * relationships}` with dasherized attribute names; relationships carry `data` linkage only when
 * named in `include=`, and the included records come in the document's `included` array.
 */
import { z } from 'zod';

const text = z.string().nullable().optional();
const linkage = z.object({ type: z.string(), id: z.coerce.string() });
const relationship = z.object({ data: z.union([linkage, z.array(linkage), z.null()]).optional() }).passthrough();

/** Any resource; its attributes are read with the type's own schema below. */
export const resourceSchema = z.object({
  id: z.coerce.string(),
  type: z.string(),
  attributes: z.record(z.string(), z.unknown()).default({}),
  relationships: z.record(z.string(), relationship).default({}),
  links: z.record(z.string(), z.string().nullable()).optional(),
});
export type TtResource = z.infer<typeof resourceSchema>;

export const listDocumentSchema = z.object({
  data: z.array(resourceSchema),
  included: z.array(resourceSchema).optional(),
  links: z.object({ next: z.string().nullable().optional() }).passthrough().optional(),
  meta: z.object({ 'record-count': z.number().optional(), 'page-count': z.number().optional() }).passthrough().optional(),
});
export const singleDocumentSchema = z.object({ data: resourceSchema, included: z.array(resourceSchema).optional() });

export const userAttributes = z.object({ name: text, email: text, role: text, title: text, 'created-at': text, 'updated-at': text }).passthrough();
export const reasonAttributes = z.object({ reason: text, 'rejected-by-company': z.boolean().nullable().optional() }).passthrough();
export const jobAttributes = z
  .object({
    title: text,
    body: text,
    status: text,
    'human-status': text,
    internal: z.boolean().nullable().optional(),
    'remote-status': text,
    'employment-type': text,
    'employment-level': text,
    currency: text,
    'min-salary': z.number().nullable().optional(),
    'max-salary': z.number().nullable().optional(),
    'salary-time-unit': text,
    'created-at': text,
    'updated-at': text,
  })
  .passthrough();
export const stageAttributes = z.object({ name: text, 'stage-type': text, 'legacy-stage-type-name': text, 'row-order': z.number().nullable().optional() }).passthrough();
export const candidateAttributes = z
  .object({
    'first-name': text,
    'last-name': text,
    email: text,
    phone: text,
    'linkedin-url': text,
    'referring-site': text,
    sourced: z.boolean().nullable().optional(),
    tags: z.array(z.string()).nullable().optional(),
    'created-at': text,
    'updated-at': text,
  })
  .passthrough();
export const applicationAttributes = z.object({ 'created-at': text, 'updated-at': text, 'rejected-at': text, 'changed-stage-at': text, 'referring-site': text }).passthrough();
export const uploadAttributes = z.object({ url: text, 'file-name': text, internal: z.boolean().nullable().optional(), 'created-at': text, 'updated-at': text }).passthrough();

/** A choice question's alternative: `{id, title}` (the ids a choice answer's `choices` hold). */
const alternative = z.object({ id: z.coerce.string(), title: z.string().nullable().optional() }).passthrough();
export const questionAttributes = z
  .object({
    title: text,
    'question-type': text,
    // Documented only as an array; plain strings (no ids) are kept raw and mapped to UNKNOWN.
    alternatives: z.union([z.array(alternative), z.array(z.unknown())]).nullable().optional(),
    multiple: z.boolean().nullable().optional(),
    'start-with': z.number().nullable().optional(),
    'end-with': z.number().nullable().optional(),
    unit: text,
    'single-line': z.boolean().nullable().optional(),
  })
  .passthrough();
export const pickedQuestionAttributes = z.object({ mandatory: z.boolean().nullable().optional() }).passthrough();
export const answerAttributes = z
  .object({
    text: text,
    boolean: z.boolean().nullable().optional(),
    choices: z.array(z.union([z.number(), z.string()])).nullable().optional(),
    range: z.number().nullable().optional(),
    'video-token': text,
    'updated-at': text,
  })
  .passthrough();
export type QuestionAttributes = z.infer<typeof questionAttributes>;

export const customFieldAttributes = z.object({ name: text, 'api-name': text, 'field-type': text }).passthrough();

export type UserAttributes = z.infer<typeof userAttributes>;
export type JobAttributes = z.infer<typeof jobAttributes>;
