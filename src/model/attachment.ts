import { z } from '@hono/zod-openapi';
import { AttachmentTypeSchema, dateTime } from './common.js';

/** Item of GET /ats/applications/{application_id}/attachments (contract §4.5). */
export const ApplicationAttachmentSchema = z
  .object({
    type: AttachmentTypeSchema,
    id: z.string(),
    remote_id: z.string(),
    data_url: z.string(),
    file_name: z.string(),
    content_type: z.string(),
    remote_created_at: dateTime.nullable(),
    remote_updated_at: dateTime.nullable(),
  })
  .openapi('ApplicationAttachment');
export type ApplicationAttachment = z.infer<typeof ApplicationAttachmentSchema>;

/**
 * Item of GET /ats/candidates/{candidate_id}/attachments (contract §4.10).
 * `application_id` null ⇒ the file belongs to the candidate itself.
 */
export const CandidateAttachmentSchema = z
  .object({
    id: z.string(),
    application_id: z.string().nullable(),
    candidate_id: z.string(),
    type: AttachmentTypeSchema,
    remote_id: z.string(),
    data_url: z.string(),
    file_name: z.string(),
    content_type: z.string(),
    remote_created_at: dateTime.nullable(),
    remote_updated_at: dateTime.nullable(),
  })
  .openapi('CandidateAttachment');
export type CandidateAttachment = z.infer<typeof CandidateAttachmentSchema>;
