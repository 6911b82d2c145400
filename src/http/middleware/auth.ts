import type { MiddlewareHandler } from 'hono';
import { AuthenticationError } from '../../lib/errors.js';
import { findEnvironmentByApiKey } from '../../storage/repositories/environments.repository.js';
import type { AppEnv } from '../services.js';

/** Bearer API keys; the environment of the key scopes everything the request can see. */
export const requireApiKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match?.[1]) throw new AuthenticationError();
  const environmentId = await findEnvironmentByApiKey(c.var.services.db.kysely, match[1].trim());
  if (!environmentId) throw new AuthenticationError('The API key is not valid.');
  c.set('environmentId', environmentId);
  await next();
};
