/**
 * The parts of SmartRecruiters' customer API answers we read. Optional and nullable wherever the
 * documentation or recorded answers leave a field out (list rows are slimmer than details).
 */
import { z } from 'zod';

const str = z.string().nullable().optional();
const labeled = z.object({ id: z.string().nullable().optional(), label: z.string().nullable().optional() }).passthrough();
const locationSchema = z
  .object({ country: str, countryCode: str, region: str, regionCode: str, city: str, address: str, postalCode: str, remote: z.boolean().nullable().optional() })
  .passthrough();

/** `{limit, offset, totalFound, content}` or the cursor form with `nextPageId`. */
export const listEnvelope = z.object({
  content: z.array(z.unknown()),
  nextPageId: z.string().nullable().optional(),
  offset: z.number().nullable().optional(),
  totalFound: z.number().nullable().optional(),
});

/** Unpaged lists: `{totalFound, content}` (a bare array is read too: some collections answer one). */
export const contentEnvelope = z.union([z.array(z.unknown()), z.object({ content: z.array(z.unknown()) }).passthrough()]);

export const reasonSchema = z.object({ id: z.string(), label: z.string().nullable().optional() }).passthrough();
export type SrReason = z.infer<typeof reasonSchema>;

export const applicationSchema = z
  .object({
    status: z.string().nullable().optional(),
    subStatus: str,
    startsOn: str,
    source: str,
    reasonOfRejection: reasonSchema.nullable().optional(),
    reasonOfWithdrawal: reasonSchema.nullable().optional(),
  })
  .passthrough();
export type SrApplication = z.infer<typeof applicationSchema>;

export const assignmentSchema = applicationSchema.extend({ job: z.object({ id: z.string(), title: str }).passthrough() });
export type SrAssignment = z.infer<typeof assignmentSchema>;

export const candidateSchema = z
  .object({
    id: z.string(),
    internal: z.boolean().nullable().optional(),
    firstName: str,
    lastName: str,
    email: str,
    phoneNumber: str,
    location: locationSchema.nullable().optional(),
    web: z.record(z.string(), z.string().nullable()).nullable().optional(),
    createdOn: str,
    updatedOn: str,
    tags: z.array(z.string()).nullable().optional(),
    experience: z.array(z.object({ title: str, company: str, current: z.boolean().nullable().optional() }).passthrough()).nullable().optional(),
    primaryAssignment: assignmentSchema.nullable().optional(),
    secondaryAssignments: z.array(assignmentSchema).nullable().optional(),
  })
  .passthrough();
export type SrCandidate = z.infer<typeof candidateSchema>;

export const historySchema = z.object({ changedOn: z.string(), status: z.string(), subStatus: str }).passthrough();
export type SrHistory = z.infer<typeof historySchema>;

export const tagsSchema = z.object({ tags: z.array(z.string()) });

export const attachmentSchema = z
  .object({ id: z.string(), name: str, type: str, contentType: str, actions: z.object({ download: z.object({ url: z.string() }).passthrough().optional() }).passthrough().nullable().optional() })
  .passthrough();
export type SrAttachment = z.infer<typeof attachmentSchema>;

export const jobSchema = z
  .object({
    id: z.string(),
    title: str,
    refNumber: str,
    createdOn: str,
    updatedOn: str,
    status: str,
    postingStatus: str,
    department: labeled.nullable().optional(),
    location: locationSchema.nullable().optional(),
    typeOfEmployment: labeled.nullable().optional(),
    experienceLevel: labeled.nullable().optional(),
    function: labeled.nullable().optional(),
    compensation: z.object({ min: z.number().nullable().optional(), max: z.number().nullable().optional(), currency: str }).passthrough().nullable().optional(),
    jobAd: z
      .object({ sections: z.record(z.string(), z.object({ title: str, text: str }).passthrough().nullable()).nullable().optional() })
      .passthrough()
      .nullable()
      .optional(),
  })
  .passthrough();
export type SrJob = z.infer<typeof jobSchema>;

export const teamMemberSchema = z.object({ id: z.string(), role: str }).passthrough();
export type SrTeamMember = z.infer<typeof teamMemberSchema>;

export const userSchema = z
  .object({ id: z.string(), firstName: str, lastName: str, email: str, active: z.boolean().nullable().optional(), status: str, systemRole: labeled.extend({ name: str }).nullable().optional() })
  .passthrough();
export type SrUser = z.infer<typeof userSchema>;
export const systemRoleSchema = z.object({ id: z.string(), name: z.string().nullable().optional() }).passthrough();

export const processSummarySchema = z.object({ id: z.string(), name: str, active: z.boolean().nullable().optional() }).passthrough();
export const processSchema = processSummarySchema.extend({ subStatuses: z.record(z.string(), z.array(z.string())).nullable().optional() });
export type SrProcess = z.infer<typeof processSchema>;

export const shareCreatedSchema = z.object({ id: z.string() }).passthrough();
export const attachmentCreatedSchema = attachmentSchema;

export const offerSchema = z.object({ id: z.string(), status: str, createdOn: str, updatedOn: str }).passthrough();
export type SrOffer = z.infer<typeof offerSchema>;
/** Offers of an application: documented as a collection; read wrapped (`{content}`) or bare. */
export const offersAnswer = z.union([z.array(offerSchema), z.object({ content: z.array(offerSchema) }).passthrough()]);

export const propertySchema = z.object({ id: z.string(), label: str, type: str, value: z.unknown().optional() }).passthrough();
export type SrProperty = z.infer<typeof propertySchema>;

/**
 * An answer of `GET /candidates/{id}/jobs/{jobId}/screening-answers` (the customer API's
 * ScreeningAnswer): the question's `id`, `type`, `name`/`label`, and `records` (several for
 * repeatable questions) of `fields`, each with `values` (several for multi-selects).
 */
const answerValue = z.object({ id: z.string().nullable().optional(), label: z.string().nullable().optional() }).passthrough();
const answerField = z.object({ id: z.string().nullable().optional(), label: z.string().nullable().optional(), values: z.array(answerValue).nullable().optional() }).passthrough();
export const screeningAnswerSchema = z
  .object({
    id: z.string(),
    type: z.string().nullable().optional(),
    category: z.string().nullable().optional(),
    name: z.string().nullable().optional(),
    label: z.string().nullable().optional(),
    records: z.array(z.object({ fields: z.array(answerField).nullable().optional() }).passthrough()).nullable().optional(),
  })
  .passthrough();
export type SrScreeningAnswer = z.infer<typeof screeningAnswerSchema>;
