import type { Context } from 'hono';
import { IntegrationNotFoundError } from '../../../lib/errors.js';
import type { IntegrationRow } from '../../../storage/database.js';
import { findIntegration } from '../../../storage/repositories/integrations.repository.js';
import type { AppEnv } from '../../services.js';

export async function integrationOr404(c: Context<AppEnv>, id: string): Promise<IntegrationRow> {
  const integration = await findIntegration(c.var.services.db.kysely, c.var.environmentId, id);
  if (!integration) throw new IntegrationNotFoundError(id);
  return integration;
}
