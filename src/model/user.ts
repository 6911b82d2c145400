import { z } from '@hono/zod-openapi';
import { SystemRoleAssignmentSchema, dateTime } from './common.js';

export const UserStatusSchema = z.enum(['ACTIVE', 'INACTIVE']);
export type UserStatus = z.infer<typeof UserStatusSchema>;

/** Item of GET /ats/users (contract §4.19). */
export const UserSchema = z
  .object({
    id: z.string(),
    remote_id: z.string().nullable(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    email: z.string().nullable().optional(),
    status: UserStatusSchema.nullable(),
    changed_at: dateTime,
    remote_deleted_at: dateTime.nullable(),
    system_roles: z.array(SystemRoleAssignmentSchema),
  })
  .openapi('User');
export type User = z.infer<typeof UserSchema>;
