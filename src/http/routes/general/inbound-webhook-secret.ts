/**
 * `PUT /v1/integrations/{integration_id}/inbound-webhook/vendor-secret` (unified-ats extension):
 * where the ATS generates the signing key of the webhook the customer adds there (Teamtailor), the
 * customer hands that key to us so deliveries can be verified. Tools signed with our own secret
 * (shown in `inbound_webhook.secret`) or registered through their API have nothing to set (400).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '../../../lib/errors.js';
import { successEnvelope } from '../../../model/common.js';
import { InboundWebhookSchema } from '../../../model/integration.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';
import { integrationOr404 } from './integration-lookup.js';

const Body = z.object({
  secret: z.string().trim().min(1).max(1000).openapi({ description: "The signing (signature) key the ATS shows for the webhook, as shown there." }),
});

const route = createRoute({
  method: 'put',
  path: '/integrations/{integration_id}/inbound-webhook/vendor-secret',
  operationId: 'PutIntegrationsIntegrationIdInboundWebhookVendorSecret',
  summary: "Set the signing key the ATS generated for its webhook (unified-ats extension)",
  tags: ['General'],
  request: {
    params: z.object({ integration_id: z.string() }),
    body: { content: { 'application/json': { schema: Body } }, required: true },
  },
  responses: { 200: jsonContent(successEnvelope(InboundWebhookSchema), 'The integration’s inbound webhook, now verifying with the key.'), ...errorResponses },
});

export const registerInboundWebhookSecret = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const integration = await integrationOr404(c, c.req.valid('param').integration_id);
    await services.inbound.setVendorSecret(integration, c.req.valid('json').secret);
    const endpoint = await services.inbound.endpoint(integration);
    if (!endpoint) throw new NotFoundError('This integration has no inbound webhook.');
    return c.json({ status: 'success' as const, data: endpoint }, 200);
  });
