import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { successEnvelope } from '../../../model/common.js';
import { deleteIntegrationAndData } from '../../../integrations/lifecycle.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';
import { integrationOr404 } from './integration-lookup.js';

const route = createRoute({
  method: 'delete',
  path: '/integrations/{integration_id}',
  operationId: 'DeleteIntegrationsIntegrationId',
  summary: 'Delete an integration and all its data',
  tags: ['General'],
  request: {
    params: z.object({ integration_id: z.string() }),
    body: { content: { 'application/json': { schema: z.object({}) } }, required: false },
  },
  responses: { 200: jsonContent(successEnvelope(z.object({})), 'Deleted.'), ...errorResponses },
});

export const registerDeleteIntegration = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const integration = await integrationOr404(c, c.req.valid('param').integration_id);
    await deleteIntegrationAndData(services, integration);
    return c.json({ status: 'success' as const, data: {} }, 200);
  });
