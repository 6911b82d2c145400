import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { integrationDetails, retryTimings } from '../../../integrations/details.js';
import { successEnvelope } from '../../../model/common.js';
import { IntegrationDetailsSchema } from '../../../model/integration.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import { publicBase } from '../../public-url.js';
import type { AppEnv } from '../../services.js';
import { integrationOr404 } from './integration-lookup.js';
import { openCredentials } from '../../../runtime/credentials.js';

const route = createRoute({
  method: 'get',
  path: '/integrations/{integration_id}',
  operationId: 'GetIntegrationsIntegrationId',
  summary: 'Get integration details',
  tags: ['General'],
  request: { params: z.object({ integration_id: z.string() }) },
  responses: { 200: jsonContent(successEnvelope(IntegrationDetailsSchema), 'The integration.'), ...errorResponses },
});

export const registerGetIntegration = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const integration = await integrationOr404(c, c.req.valid('param').integration_id);
    const details = await integrationDetails(services.db.kysely, integration, services.connectorFor(integration.tool), publicBase(c), retryTimings(services.config), openCredentials(services.vault, integration.credentials));
    const data = { ...details, inbound_webhook: await services.inbound.endpoint(integration) };
    return c.json({ status: 'success' as const, data }, 200);
  });
