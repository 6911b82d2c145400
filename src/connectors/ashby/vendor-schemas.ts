/**
 * Ashby's answers as zod schemas (parsed from `unknown`; unknown keys are dropped). Optional keys
 * are often omitted rather than null (`primaryEmailAddress` on a fresh candidate), so nearly every
 * field is `.nullish()`. Shapes follow shared/reference/vendors/ashby.md.
 */
import { z } from 'zod';

const s = z.string().nullish();
const b = z.boolean().nullish();

/** `{success: true, results, moreDataAvailable?, nextCursor?, syncToken?}` or `{success: false, errors, errorInfo}`. */
export const envelopeSchema = z.object({
  success: z.boolean(),
  results: z.unknown().optional(),
  moreDataAvailable: b,
  nextCursor: s,
  syncToken: s,
  errors: z.array(z.unknown()).nullish(),
  errorInfo: z.object({ code: s, message: s, requestId: s }).nullish(),
});
export type AshbyEnvelope = z.infer<typeof envelopeSchema>;

export const contactSchema = z.object({ value: z.string(), type: s, isPrimary: b });
export const fileHandleSchema = z.object({ id: z.string(), name: s, handle: z.string() });
export type AshbyFileHandle = z.infer<typeof fileHandleSchema>;
export const tagSchema = z.object({ id: z.string(), title: s, isArchived: b });
export type AshbyTag = z.infer<typeof tagSchema>;
export const sourceSchema = z.object({ id: z.string(), title: s, isArchived: b });

export const userSchema = z.object({ id: z.string(), firstName: s, lastName: s, email: s, globalRole: s, isEnabled: b, updatedAt: s });
export type AshbyUser = z.infer<typeof userSchema>;

export const candidateSchema = z.object({
  id: z.string(),
  createdAt: s,
  updatedAt: s,
  name: s,
  primaryEmailAddress: contactSchema.nullish(),
  emailAddresses: z.array(contactSchema).nullish(),
  primaryPhoneNumber: contactSchema.nullish(),
  phoneNumbers: z.array(contactSchema).nullish(),
  socialLinks: z.array(z.object({ type: s, url: z.string() })).nullish(),
  tags: z.array(tagSchema).nullish(),
  position: s,
  company: s,
  applicationIds: z.array(z.string()).nullish(),
  resumeFileHandle: fileHandleSchema.nullish(),
  fileHandles: z.array(fileHandleSchema).nullish(),
  profileUrl: s,
  source: sourceSchema.nullish(),
  location: z.object({ locationSummary: s, locationComponents: z.array(z.object({ type: s, name: s })).nullish() }).nullish(),
});
export type AshbyCandidate = z.infer<typeof candidateSchema>;

export const stageSchema = z.object({ id: z.string(), title: s, type: s, orderInInterviewPlan: z.number().nullish(), interviewPlanId: s });
export type AshbyStage = z.infer<typeof stageSchema>;

export const archiveReasonSchema = z.object({ id: z.string(), text: s, reasonType: s, isArchived: b });
export type AshbyArchiveReason = z.infer<typeof archiveReasonSchema>;

export const applicationSchema = z.object({
  id: z.string(),
  createdAt: s,
  updatedAt: s,
  candidate: z.object({ id: z.string() }).nullish(),
  status: s,
  currentInterviewStage: z.object({ id: z.string(), title: s, type: s, interviewPlanId: s }).nullish(),
  source: sourceSchema.nullish(),
  archiveReason: archiveReasonSchema.nullish(),
  archivedAt: s,
  job: z.object({ id: z.string(), title: s }).nullish(),
});
export type AshbyApplication = z.infer<typeof applicationSchema>;

export const jobSchema = z.object({
  id: z.string(),
  title: s,
  confidential: b,
  status: s,
  employmentType: s,
  locationId: s,
  departmentId: s,
  defaultInterviewPlanId: s,
  interviewPlanIds: z.array(z.string()).nullish(),
  hiringTeam: z.array(z.object({ userId: z.string(), role: s })).nullish(),
  customRequisitionId: s,
  author: z.object({ id: z.string() }).nullish(),
  createdAt: s,
  updatedAt: s,
  openedAt: s,
  closedAt: s,
});
export type AshbyJob = z.infer<typeof jobSchema>;

export const departmentSchema = z.object({ id: z.string(), name: s });
export const locationSchema = z.object({
  id: z.string(),
  name: s,
  address: z.object({ postalAddress: z.object({ addressLocality: s, addressRegion: s, addressCountry: s }).nullish() }).nullish(),
});
export type AshbyLocation = z.infer<typeof locationSchema>;
export const interviewPlanSchema = z.object({ id: z.string(), title: s });
export const interviewDefinitionSchema = z.object({ id: z.string(), title: s });

export const interviewEventSchema = z.object({
  id: z.string(),
  interviewId: s,
  interviewerUserIds: z.array(z.string()).nullish(),
  createdAt: s,
  updatedAt: s,
  startTime: s,
  endTime: s,
  location: s,
  meetingLink: s,
});
export const interviewScheduleSchema = z.object({
  id: z.string(),
  status: s,
  applicationId: s,
  interviewStageId: s,
  interviewEvents: z.array(interviewEventSchema).nullish(),
  createdAt: s,
  updatedAt: s,
});
export type AshbyInterviewSchedule = z.infer<typeof interviewScheduleSchema>;

export const offerSchema = z.object({
  id: z.string(),
  applicationId: s,
  acceptanceStatus: s,
  offerStatus: s,
  decidedAt: s,
  createdAt: s,
  updatedAt: s,
  latestVersion: z.object({ startDate: s, createdAt: s }).nullish(),
});
export type AshbyOffer = z.infer<typeof offerSchema>;

export const fileInfoSchema = z.object({ url: z.string() });

export const jobPostingSchema = z.object({
  id: z.string(),
  title: s,
  jobId: s,
  workplaceType: s,
  isListed: b,
  externalLink: s,
  applyLink: s,
  updatedAt: s,
});
export type AshbyJobPosting = z.infer<typeof jobPostingSchema>;
