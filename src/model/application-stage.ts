import { z } from '@hono/zod-openapi';
import { StageCustomFieldsSchema, StageStatusSchema, dateTime } from './common.js';

/** Item of GET /ats/application-stages (deprecated global stage list, contract §4.16). */
export const ApplicationStageSchema = z
  .object({
    id: z.string(),
    remote_id: z.string().nullable(),
    name: z.string().nullable(),
    status: StageStatusSchema.nullable(),
    custom_fields: StageCustomFieldsSchema,
    changed_at: dateTime,
    remote_deleted_at: dateTime.nullable(),
  })
  .openapi('ApplicationStage');
export type ApplicationStage = z.infer<typeof ApplicationStageSchema>;
