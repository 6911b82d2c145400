/**
 * The answers of `GET /ats/actions/{action}` as Kombo's published OpenAPI describes them
 * (operations GetAtsActionsAtsCreateApplication, …CreateCandidate, …AddApplicationAttachment,
 * …AddCandidateAttachment), transcribed on their own so tests do not check our schema against
 * itself. Neither SDK (1.1.3, 1.3.4) has these calls yet, so this stands in for their validation.
 * Strict objects: a key Kombo does not define fails the check.
 */
import { z } from 'zod';

const nullableNumber = z.number().nullable();
const off = z.object({ is_supported: z.literal(false) }).strict();
const onAdd = z.object({ is_supported: z.literal(true), max_file_size_bytes: nullableNumber, accepted_mime_types: z.array(z.string()).nullable() }).strict();
const onCreate = onAdd.extend({ min_amount: nullableNumber, max_amount: nullableNumber }).strict();
const byType = <T extends z.ZodTypeAny>(rule: T) => z.object({ CV: rule, COVER_LETTER: rule, OTHER: rule }).strict();

export const KomboCreateActionAnswer = z
  .object({
    status: z.literal('success'),
    data: z.object({ attachment_restrictions: z.object({ total_size_bytes: nullableNumber, types: byType(z.union([onCreate, off])) }).strict().nullable() }).strict(),
  })
  .strict();

export const KomboAddAttachmentActionAnswer = z
  .object({
    status: z.literal('success'),
    data: z.object({ attachment_restrictions: z.object({ types: byType(z.union([onAdd, off])) }).strict().nullable() }).strict(),
  })
  .strict();

export const komboActionAnswer = (action: string) => (action.startsWith('ats_create_') ? KomboCreateActionAnswer : KomboAddAttachmentActionAnswer);
