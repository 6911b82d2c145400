import type { MiddlewareHandler } from 'hono';
import { AppError, InputError, IntegrationNotFoundError, SetupSyncPendingError } from '../../lib/errors.js';
import { findIntegration } from '../../storage/repositories/integrations.repository.js';
import type { AppEnv } from '../services.js';

/**
 * ATS endpoints act on the integration named by `X-Integration-Id`. Its data is served only
 * once a sync has finished successfully (contract §3.4; the seed's 503 rule).
 */
export const requireReadyIntegration: MiddlewareHandler<AppEnv> = async (c, next) => {
  const id = c.req.header('x-integration-id')?.trim();
  if (!id) throw new InputError('The X-Integration-Id header is required for ATS endpoints.');
  const integration = await findIntegration(c.var.services.db.kysely, c.var.environmentId, id);
  if (!integration) throw new IntegrationNotFoundError(id);
  if (integration.status === 'INACTIVE') {
    throw new AppError('INTEGRATION.INACTIVE', `Integration "${id}" is disabled. Enable it with PUT /v1/integrations/{id}/enabled.`);
  }
  if (!integration.last_successful_sync_at) throw new SetupSyncPendingError(id);
  c.set('integration', integration);
  await next();
};
