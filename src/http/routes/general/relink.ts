import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { createRelinkLink } from '../../../integrations/lifecycle.js';
import { InputError } from '../../../lib/errors.js';
import { successEnvelope } from '../../../model/common.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import { publicBase } from '../../public-url.js';
import type { AppEnv } from '../../services.js';
import { checkScopeConfig, LanguageSchema, LinkResponseSchema, LinkTypeSchema } from '../connect/link-options.js';
import { integrationOr404 } from './integration-lookup.js';

const BodySchema = z
  .object({
    language: LanguageSchema.nullable().optional(),
    scope_config_id: z.string().nullable().optional(),
    link_type: LinkTypeSchema.optional(),
  })
  .openapi('CreateReconnectionLinkRequest');

const route = createRoute({
  method: 'post',
  path: '/integrations/{integration_id}/relink',
  operationId: 'PostIntegrationsIntegrationIdRelink',
  summary: 'Create a reconnection link',
  description: 'A link to our connect page where the end user enters new credentials for this integration; on success it is ACTIVE again and syncs.',
  tags: ['General'],
  request: {
    params: z.object({ integration_id: z.string() }),
    body: { content: { 'application/json': { schema: BodySchema } }, required: false },
  },
  responses: { 200: jsonContent(successEnvelope(LinkResponseSchema), 'The link.'), ...errorResponses },
});

export const registerRelink = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services, environmentId } = c.var;
    const integration = await integrationOr404(c, c.req.valid('param').integration_id);
    // The body is optional (Kombo's SDK always sends one): defaults apply without it.
    const parsed = BodySchema.safeParse(c.req.valid('json') ?? {});
    if (!parsed.success) throw new InputError('Invalid body: language must be one of en, de, fr, it, es and link_type EMBEDDED or MAGIC_LINK.');
    checkScopeConfig(parsed.data.scope_config_id);
    const { token } = await createRelinkLink(services.db, environmentId, integration, {
      link_type: parsed.data.link_type ?? 'EMBEDDED',
      language: parsed.data.language ?? 'en',
      scope_config_id: parsed.data.scope_config_id ?? null,
    });
    return c.json({ status: 'success' as const, data: { link: `${publicBase(c)}/connect/${token}` } }, 200);
  });
