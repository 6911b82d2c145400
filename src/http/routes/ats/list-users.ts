import type { OpenAPIHono } from '@hono/zod-openapi';
import { UserSchema } from '../../../model/user.js';
import { registerListRoute } from '../../list/define-list-route.js';
import { csv } from '../../list/query.js';
import { inFilter } from '../../list/serve-list.js';
import type { AppEnv } from '../../services.js';

export const registerListUsers = (app: OpenAPIHono<AppEnv>) =>
  registerListRoute(app, {
    path: '/ats/users',
    operationId: 'GetAtsUsers',
    summary: 'Get users',
    model: 'users',
    item: UserSchema,
    extraQuery: { emails: csv('Users with any of these email addresses (case-insensitive).') },
    filters: (q) => ({ filters: { emails: inFilter('email', q.emails, (e) => e.toLowerCase()) } }),
  });
