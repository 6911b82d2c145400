import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { InputError } from '../../../lib/errors.js';
import { successEnvelope } from '../../../model/common.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';
import { LanguageSchema, LinkResponseSchema, LinkTypeSchema } from '../connect/link-options.js';
import { integrationOr404 } from './integration-lookup.js';

const BodySchema = z.object({ language: LanguageSchema.nullable().optional(), link_type: LinkTypeSchema }).openapi('CreateSetupLinkRequest');

const route = createRoute({
  method: 'post',
  path: '/integrations/{integration_id}/setup-link',
  operationId: 'PostIntegrationsIntegrationIdSetupLink',
  summary: 'Create a setup link',
  description: 'Reopens the setup flow. This server has no setup-flow steps (field mapping, filtering), so it always answers PLATFORM.INPUT_INVALID, as Kombo does for integrations without setup steps.',
  tags: ['General'],
  request: {
    params: z.object({ integration_id: z.string() }),
    body: { content: { 'application/json': { schema: BodySchema } }, required: true },
  },
  responses: { 200: jsonContent(successEnvelope(LinkResponseSchema), 'The link (never: see the description).'), ...errorResponses },
});

export const registerSetupLink = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const integration = await integrationOr404(c, c.req.valid('param').integration_id);
    throw new InputError(
      `Integration "${integration.id}" has no setup-flow steps to open: this server offers neither field mapping nor filtering, so its setup is complete once the first sync finishes. ` +
        `To renew its credentials, create a reconnection link with POST /v1/integrations/${integration.id}/relink.`,
    );
  });
