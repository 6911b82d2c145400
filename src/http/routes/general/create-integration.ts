import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { createIntegration } from '../../../integrations/create-integration.js';
import { integrationDetails, retryTimings } from '../../../integrations/details.js';
import { successEnvelope } from '../../../model/common.js';
import { IntegrationDetailsSchema } from '../../../model/integration.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import { publicBase } from '../../public-url.js';
import type { AppEnv } from '../../services.js';
import { openCredentials } from '../../../runtime/credentials.js';

const BodySchema = z
  .object({
    tool: z.string().min(1),
    credentials: z.record(z.string(), z.string()).default({}),
    end_user: z.object({
      organization_name: z.string().min(1),
      origin_id: z.string().nullable().optional(),
      creator_email: z.string().email().nullable().optional(),
    }),
    base_url: z.string().nullable().optional(),
  })
  .openapi('CreateIntegrationRequest');

const route = createRoute({
  method: 'post',
  path: '/integrations',
  operationId: 'PostIntegrations',
  summary: 'Create an integration with credentials (unified-ats extension)',
  description: 'Verifies the credentials with the vendor, stores them encrypted and starts the first sync.',
  tags: ['General'],
  request: { body: { content: { 'application/json': { schema: BodySchema } }, required: true } },
  responses: { 200: jsonContent(successEnvelope(IntegrationDetailsSchema), 'The new integration.'), ...errorResponses },
});

export const registerCreateIntegration = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const connectorFor = (tool: string) => services.connectorFor(tool);
    const integration = await createIntegration(
      { ...services, allowCustomBaseUrls: services.config.allowCustomBaseUrls, connectorFor },
      c.var.environmentId,
      c.req.valid('json'),
    );
    const connector = services.connectorFor(integration.tool);
    await services.webhooks.integrationEvent('integration-created', integration);
    await services.inbound.connected(integration);
    await services.runner.enqueue(integration.id, 'FULL', connector?.manifest.capabilities.incremental ?? false);
    const details = await integrationDetails(services.db.kysely, integration, connector, publicBase(c), retryTimings(services.config), openCredentials(services.vault, integration.credentials));
    const data = { ...details, inbound_webhook: await services.inbound.endpoint(integration) };
    return c.json({ status: 'success' as const, data }, 200);
  });
