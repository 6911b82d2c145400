/**
 * Lever Data API v1 response shapes (hire.lever.co/developer/documentation, checked against the
 * recorded live responses in shared/reference/vendors/lever.md). Every response is parsed from
 * `unknown` with these: the fields we map are checked strictly, anything else Lever sends is
 * ignored. Timestamps are epoch milliseconds.
 */
import { z } from 'zod';

const ms = z.number();
const text = z.string().nullable();

/** A reference that `expand` may turn into an object carrying the id. */
const idRef = z.union([z.string(), z.object({ id: z.string() })]);
export type LeverIdRef = z.infer<typeof idRef>;
export const refId = (ref: LeverIdRef | null | undefined): string | null => (ref === null || ref === undefined ? null : typeof ref === 'string' ? ref : ref.id);

/** `GET <list>`: `{data, hasNext, next?}`; `next` is present only while `hasNext`. */
export const listEnvelopeSchema = z.object({
  data: z.array(z.unknown()),
  // Documented on every list; without it, a `next` token alone decides whether more pages follow.
  hasNext: z.boolean().optional(),
  next: z.string().nullable().optional(),
});

/** `GET <one>` and most writes: `{data}`. */
export const oneEnvelopeSchema = z.object({ data: z.unknown() });

/** `POST /opportunities`: `{deduped, data}`. */
export const createEnvelopeSchema = z.object({ deduped: z.boolean().optional(), data: z.unknown() });

export const userSchema = z.object({
  id: z.string(),
  name: text,
  email: text,
  accessRole: text.optional(),
  deactivatedAt: ms.nullable().optional(),
  createdAt: ms.nullable().optional(),
});
export type LeverUser = z.infer<typeof userSchema>;

export const stageSchema = z.object({ id: z.string(), text: text });
export type LeverStage = z.infer<typeof stageSchema>;

export const archiveReasonSchema = z.object({
  id: z.string(),
  text: text,
  status: z.string().nullable().optional(),
  type: z.enum(['hired', 'non-hired']),
});
export type LeverArchiveReason = z.infer<typeof archiveReasonSchema>;

/** `/tags` and `/sources`: labels without ids. */
export const labelSchema = z.object({ text: z.string(), count: z.number().optional() });
export type LeverLabel = z.infer<typeof labelSchema>;

const postingListSchema = z.object({ text: z.string().nullable().optional(), title: z.string().nullable().optional(), content: z.string().nullable().optional() });

export const postingSchema = z.object({
  id: z.string(),
  text: text,
  state: z.string(),
  distributionChannels: z.array(z.string()).nullable().optional(),
  confidentiality: z.string().nullable().optional(),
  user: idRef.nullable().optional(),
  owner: idRef.nullable().optional(),
  hiringManager: idRef.nullable().optional(),
  categories: z
    .object({
      commitment: text.optional(),
      department: text.optional(),
      level: text.optional(),
      location: text.optional(),
      team: text.optional(),
      allLocations: z.array(z.string()).nullable().optional(),
    })
    .nullable()
    .optional(),
  content: z
    .object({
      description: text.optional(),
      descriptionHtml: text.optional(),
      lists: z.array(postingListSchema).nullable().optional(),
      closingHtml: text.optional(),
    })
    .nullable()
    .optional(),
  country: text.optional(),
  reqCode: text.optional(),
  requisitionCodes: z.array(z.string()).nullable().optional(),
  urls: z.object({ show: text.optional(), apply: text.optional() }).nullable().optional(),
  salaryRange: z
    .object({ min: z.number().nullable().optional(), max: z.number().nullable().optional(), currency: text.optional(), interval: text.optional() })
    .nullable()
    .optional(),
  workplaceType: text.optional(),
  createdAt: ms.nullable().optional(),
  updatedAt: ms.nullable().optional(),
}).passthrough();
export type LeverPosting = z.infer<typeof postingSchema>;

export const phoneSchema = z.object({ type: z.string().nullable().optional(), value: z.string() });

/** The application inside an opportunity listed with `expand=applications`. */
export const applicationSchema = z.object({
  id: z.string(),
  type: text.optional(),
  posting: idRef.nullable().optional(),
  company: text.optional(),
  createdAt: ms.nullable().optional(),
});
export type LeverApplication = z.infer<typeof applicationSchema>;

export const archivedSchema = z.object({ reason: idRef.nullable().optional(), archivedAt: ms.nullable().optional() });

export const opportunitySchema = z.object({
  id: z.string(),
  name: text,
  contact: idRef,
  headline: text.optional(),
  stage: idRef.nullable(),
  confidentiality: z.string().nullable().optional(),
  location: z.union([z.string(), z.object({ name: z.string().nullable() })]).nullable().optional(),
  phones: z.array(phoneSchema).nullable().optional(),
  emails: z.array(z.string()).nullable().optional(),
  links: z.array(z.string()).nullable().optional(),
  archived: archivedSchema.nullable().optional(),
  tags: z.array(z.string()).nullable().optional(),
  sources: z.array(z.string()).nullable().optional(),
  origin: text.optional(),
  applications: z.array(z.union([z.string(), applicationSchema])).nullable().optional(),
  owner: idRef.nullable().optional(),
  createdAt: ms,
  updatedAt: ms.nullable().optional(),
  urls: z.object({ show: text.optional() }).nullable().optional(),
}).passthrough();
export type LeverOpportunity = z.infer<typeof opportunitySchema>;

export const deletedOpportunitySchema = z.object({ id: z.string(), deletedAt: ms.nullable().optional() });

export const interviewSchema = z.object({
  id: z.string(),
  subject: text.optional(),
  interviewers: z.array(z.object({ id: z.string() })).nullable().optional(),
  createdAt: ms.nullable().optional(),
  date: ms.nullable().optional(),
  duration: z.number().nullable().optional(),
  location: text.optional(),
  stage: idRef.nullable().optional(),
  canceledAt: ms.nullable().optional(),
  opportunityId: z.string().nullable().optional(),
});
export type LeverInterview = z.infer<typeof interviewSchema>;

export const offerSchema = z.object({
  id: z.string(),
  createdAt: ms.nullable().optional(),
  status: text,
  fields: z.array(z.object({ identifier: text.optional(), text: text.optional(), value: z.unknown().optional() })).nullable().optional(),
});
export type LeverOffer = z.infer<typeof offerSchema>;

/** A file of `/files` (also the `file` inside a resume). */
const fileShape = {
  name: text.optional(),
  ext: text.optional(),
  uploadedAt: ms.nullable().optional(),
  size: z.number().nullable().optional(),
  downloadUrl: text.optional(),
};

export const fileSchema = z.object({ id: z.string(), ...fileShape });
export type LeverFile = z.infer<typeof fileSchema>;

export const resumeSchema = z.object({ id: z.string(), createdAt: ms.nullable().optional(), file: z.object(fileShape).nullable().optional() });
export type LeverResume = z.infer<typeof resumeSchema>;
