import type { OpenAPIHono } from '@hono/zod-openapi';
import { RoleSchema } from '../../../model/role.js';
import { registerListRoute } from '../../list/define-list-route.js';
import { csvEnum } from '../../list/query.js';
import { inFilter } from '../../list/serve-list.js';
import type { AppEnv } from '../../services.js';

export const registerListRoles = (app: OpenAPIHono<AppEnv>) =>
  registerListRoute(app, {
    path: '/ats/roles',
    operationId: 'GetAtsRoles',
    summary: 'Get roles',
    model: 'roles',
    item: RoleSchema,
    extraQuery: { scopes: csvEnum(['SYSTEM', 'JOB'] as const, 'Role scopes.') },
    filters: (q) => ({ filters: { scopes: inFilter('scope', q.scopes) } }),
  });
