import { z } from '@hono/zod-openapi';
import { RoleScopeSchema, RoleUnifiedTypeSchema, dateTime } from './common.js';

/** Item of GET /ats/roles (contract §4.20). */
export const RoleSchema = z
  .object({
    id: z.string(),
    remote_id: z.string().nullable(),
    remote_label: z.string().nullable(),
    scope: RoleScopeSchema.nullable(),
    unified_type: RoleUnifiedTypeSchema.nullable(),
    changed_at: dateTime,
    remote_deleted_at: dateTime.nullable(),
  })
  .openapi('Role');
export type Role = z.infer<typeof RoleSchema>;
