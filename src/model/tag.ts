import { z } from '@hono/zod-openapi';
import { dateTime } from './common.js';

/** Item of GET /ats/tags (contract §4.15). */
export const TagSchema = z
  .object({
    id: z.string(),
    remote_id: z.string().nullable(),
    name: z.string().nullable(),
    changed_at: dateTime,
    remote_deleted_at: dateTime.nullable(),
  })
  .openapi('Tag');
export type Tag = z.infer<typeof TagSchema>;
