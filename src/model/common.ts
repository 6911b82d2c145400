/**
 * Shared pieces of the unified ATS model, in Kombo's wire format.
 * Field names and enum values are the wire names; types are inferred from the schemas.
 */
import { z } from '@hono/zod-openapi';

export const dateTime = z.string().datetime({ offset: true }).openapi({ example: '2024-01-01T00:00:00.000Z' });

export const LocationSchema = z
  .object({
    city: z.string().nullable().optional(),
    country: z.string().nullable().optional(),
    raw: z.string().nullable().optional(),
    state: z.string().nullable().optional(),
    street_1: z.string().nullable().optional(),
    street_2: z.string().nullable().optional(),
    zip_code: z.string().nullable().optional(),
  })
  .openapi('Location');
export type Location = z.infer<typeof LocationSchema>;

export const EmailAddressSchema = z.object({
  email_address: z.string().nullable().optional(),
  type: z.string().nullable(),
});
export type EmailAddress = z.infer<typeof EmailAddressSchema>;

export const PhoneNumberSchema = z.object({
  phone_number: z.string(),
  type: z.string().nullable().optional(),
});
export type PhoneNumber = z.infer<typeof PhoneNumberSchema>;

export const SocialMediaSchema = z.object({
  link: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  username: z.string().nullable().optional(),
});
export type SocialMedia = z.infer<typeof SocialMediaSchema>;

export const OutcomeSchema = z.enum(['PENDING', 'HIRED', 'DECLINED']);
export type Outcome = z.infer<typeof OutcomeSchema>;

export const OfferStatusSchema = z.enum(['ACCEPTED', 'DECLINED', 'SENT', 'APPROVED', 'DRAFT', 'ABANDONED']);
export type OfferStatus = z.infer<typeof OfferStatusSchema>;

export const RoleScopeSchema = z.enum(['SYSTEM', 'JOB']);
export type RoleScope = z.infer<typeof RoleScopeSchema>;

export const RoleUnifiedTypeSchema = z.enum(['HIRING_MANAGER', 'RECRUITER', 'COORDINATOR', 'SOURCER', 'INTERVIEWER', 'ADMIN']);
export type RoleUnifiedType = z.infer<typeof RoleUnifiedTypeSchema>;

export const HiringTeamRoleSchema = z.enum(['RECRUITER', 'HIRING_MANAGER', 'COORDINATOR', 'SOURCER', 'INTERVIEWER']);
export type HiringTeamRole = z.infer<typeof HiringTeamRoleSchema>;

export const AttachmentTypeSchema = z.enum(['CV', 'COVER_LETTER', 'OTHER']);
export type AttachmentType = z.infer<typeof AttachmentTypeSchema>;

const roleAssignment = <S extends RoleScope>(scope: S) =>
  z.object({
    remote_id: z.string().nullable(),
    remote_label: z.string().nullable(),
    scope: z.literal(scope),
    unified_type: RoleUnifiedTypeSchema.nullable(),
  });

/**
 * A role held on one job (`jobs[].hiring_team[].job_roles`). SDK 1.3.x requires the `JOB`
 * literal here (1.1.3 allowed either scope or null), so the scope is fixed by where it appears.
 */
export const JobRoleAssignmentSchema = roleAssignment('JOB');
export type JobRoleAssignment = z.infer<typeof JobRoleAssignmentSchema>;

/** A role held system-wide (`users[].system_roles`); SDK 1.3.x requires the `SYSTEM` literal. */
export const SystemRoleAssignmentSchema = roleAssignment('SYSTEM');
export type SystemRoleAssignment = z.infer<typeof SystemRoleAssignmentSchema>;

/**
 * Whether a pipeline stage is in use (SDK 1.3.1+). Inactive (archived, hidden, deleted) stages
 * can still be the current stage of older applications.
 */
export const StageStatusSchema = z.enum(['ACTIVE', 'INACTIVE']);
export type StageStatus = z.infer<typeof StageStatusSchema>;

/** The vendor's own fields on a stage (SDK 1.3.3+), raw; null where the tool has none. */
export const StageCustomFieldsSchema = z.record(z.string(), z.unknown()).nullable();

const OptionSchema = z.object({ id: z.string(), remote_id: z.string().nullable().optional(), name: z.string() });

export const ScreeningQuestionFormatSchema = z.union([
  z.object({
    type: z.literal('TEXT'),
    display_type: z.enum(['SINGLE_LINE', 'MULTI_LINE', 'EMAIL', 'URL']).nullable().optional(),
    max_length: z.number().int().nullable().optional(),
  }),
  z.object({
    type: z.literal('NUMBER'),
    display_type: z.enum(['SLIDER', 'FIELD']).nullable().optional(),
    max: z.number().nullable().optional(),
    min: z.number().nullable().optional(),
  }),
  z.object({
    type: z.literal('FILE'),
    accepted_mime_types: z.array(z.string()).nullable().optional(),
    max_file_size_bytes: z.number().int().nullable().optional(),
  }),
  z.object({
    type: z.literal('SINGLE_SELECT'),
    display_type: z.enum(['DROPDOWN', 'RADIO']).nullable().optional(),
    options: z.array(OptionSchema),
  }),
  z.object({ type: z.literal('BOOLEAN') }),
  z.object({ type: z.literal('DATE') }),
  z.object({ type: z.literal('MULTI_SELECT'), options: z.array(OptionSchema) }),
  z.object({ type: z.literal('INFORMATION') }),
  z.object({ type: z.literal('UNKNOWN'), raw_question: z.unknown().optional() }),
]);
export type ScreeningQuestionFormat = z.infer<typeof ScreeningQuestionFormatSchema>;

const question = <T extends string>(type: T) =>
  z.object({ remote_id: z.string().nullable(), title: z.string(), type: z.literal(type) });

export const ScreeningQuestionAnswerSchema = z.union([
  z.object({ answer: z.object({ content: z.string().nullable() }), question: question('TEXT') }),
  z.object({ answer: z.object({ choice: z.string().nullable() }), question: question('SINGLE_SELECT') }),
  z.object({ answer: z.object({ choices: z.array(z.string()).optional() }), question: question('MULTI_SELECT') }),
  z.object({ answer: z.object({ checked: z.boolean().nullable() }), question: question('BOOLEAN') }),
  z.object({ answer: z.object({ number: z.number().nullable() }), question: question('NUMBER') }),
  z.object({ answer: z.object({ date: dateTime.nullable() }), question: question('DATE') }),
  z.object({ answer: z.object({ raw: z.unknown().nullable().optional() }), question: question('UNKNOWN') }),
]);
export type ScreeningQuestionAnswer = z.infer<typeof ScreeningQuestionAnswerSchema>;

export const WarningSchema = z.object({ message: z.string() });

/** The list envelope every paginated endpoint answers with. */
export const listEnvelope = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    status: z.literal('success'),
    data: z.object({ next: z.string().nullable(), results: z.array(item) }),
  });

export const successEnvelope = <T extends z.ZodTypeAny>(data: T) =>
  z.object({ status: z.literal('success'), data });
