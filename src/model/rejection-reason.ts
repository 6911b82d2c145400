import { z } from '@hono/zod-openapi';
import { dateTime } from './common.js';

/** Item of GET /ats/rejection-reasons (contract §4.22); `remote_id` is never null. */
export const RejectionReasonSchema = z
  .object({
    id: z.string(),
    remote_id: z.string(),
    name: z.string().nullable(),
    changed_at: dateTime,
    remote_deleted_at: dateTime.nullable(),
  })
  .openapi('RejectionReason');
export type RejectionReason = z.infer<typeof RejectionReasonSchema>;
