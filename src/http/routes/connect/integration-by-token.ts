import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { exchangeActivationToken } from '../../../integrations/connect-links.js';
import { InputError, IntegrationNotFoundError, NotFoundError } from '../../../lib/errors.js';
import { successEnvelope } from '../../../model/common.js';
import { IntegrationSetupStatusSchema } from '../../../model/integration.js';
import { findIntegration } from '../../../storage/repositories/integrations.repository.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';

const DataSchema = z
  .object({
    tool: z.string(),
    id: z.string(),
    end_user_origin_id: z.string().nullable(),
    end_user_organization_name: z.string(),
    end_user_email: z.string().nullable(),
    setup_status: IntegrationSetupStatusSchema,
  })
  .openapi('IntegrationByToken');

const route = createRoute({
  method: 'get',
  path: '/connect/integration-by-token/{token}',
  operationId: 'GetConnectIntegrationByTokenToken',
  summary: 'Exchange an activation token for the integration',
  description: 'The token is what showKomboConnect() resolves with after a finished flow. It can be exchanged once, within 10 minutes.',
  tags: ['Connect'],
  request: { params: z.object({ token: z.string() }) },
  responses: { 200: jsonContent(successEnvelope(DataSchema), 'The integration the flow created or reconnected.'), ...errorResponses },
});

export const registerIntegrationByToken = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services, environmentId } = c.var;
    const exchange = await exchangeActivationToken(services.db.kysely, environmentId, c.req.valid('param').token);
    switch (exchange.kind) {
      case 'unknown':
        throw new NotFoundError('No activation token like this exists in this environment. Pass the token showKomboConnect() resolved with, using an API key of the environment that created the link.');
      case 'expired':
        throw new InputError('This activation token has expired: exchange it within 10 minutes of the finished flow. The integration exists; find it with GET /v1/integrations.');
      case 'used':
        throw new InputError('This activation token was exchanged already; each one can be exchanged once. Find the integration with GET /v1/integrations.');
      case 'ok':
        break;
    }
    const integration = await findIntegration(services.db.kysely, environmentId, exchange.integrationId);
    if (!integration) throw new IntegrationNotFoundError(exchange.integrationId);
    return c.json(
      {
        status: 'success' as const,
        data: {
          tool: integration.tool,
          id: integration.id,
          end_user_origin_id: integration.origin_id,
          end_user_organization_name: integration.organization_name,
          end_user_email: integration.creator_email,
          setup_status: integration.setup_status,
        },
      },
      200,
    );
  });
