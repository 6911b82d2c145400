import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { successEnvelope } from '../../../model/common.js';
import { updateIntegration } from '../../../storage/repositories/integrations.repository.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';
import { integrationOr404 } from './integration-lookup.js';

const route = createRoute({
  method: 'put',
  path: '/integrations/{integration_id}/enabled',
  operationId: 'PutIntegrationsIntegrationIdEnabled',
  summary: 'Enable or disable an integration',
  tags: ['General'],
  request: {
    params: z.object({ integration_id: z.string() }),
    body: { content: { 'application/json': { schema: z.object({ value: z.boolean() }) } }, required: true },
  },
  responses: { 200: jsonContent(successEnvelope(z.object({})), 'Updated.'), ...errorResponses },
});

export const registerSetIntegrationEnabled = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const integration = await integrationOr404(c, c.req.valid('param').integration_id);
    const { value } = c.req.valid('json');
    const now = new Date().toISOString();
    const status = value ? 'ACTIVE' : 'INACTIVE';
    if (integration.status === status) return c.json({ status: 'success' as const, data: {} }, 200);
    // Disabling stops syncs; enabling (also of an INVALID one) resumes them and catches up at once.
    await updateIntegration(services.db.kysely, integration.id, { status, updated_at: now });
    if (!value) await services.runner.cancel(integration.id);
    await services.webhooks.stateChanged({ ...integration, status, updated_at: now });
    if (value) {
      const connector = services.connectorFor(integration.tool);
      await services.runner.enqueue(integration.id, 'FULL', connector?.manifest.capabilities.incremental ?? false);
    }
    return c.json({ status: 'success' as const, data: {} }, 200);
  });
