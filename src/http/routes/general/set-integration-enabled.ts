import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { successEnvelope } from '../../../model/common.js';
import { setIntegrationEnabled } from '../../../integrations/lifecycle.js';
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
    await setIntegrationEnabled(services, integration, c.req.valid('json').value);
    return c.json({ status: 'success' as const, data: {} }, 200);
  });
