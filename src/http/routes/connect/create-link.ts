import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { createConnectLink } from '../../../integrations/connect-links.js';
import { InputError } from '../../../lib/errors.js';
import { successEnvelope } from '../../../model/common.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import { publicBase } from '../../public-url.js';
import type { AppEnv } from '../../services.js';
import { checkScopeConfig, LanguageSchema, LinkResponseSchema, LinkTypeSchema } from './link-options.js';

const BodySchema = z
  .object({
    end_user_email: z.string().email(),
    end_user_organization_name: z.string().trim().min(1).max(300),
    end_user_origin_id: z.string().max(300).nullable().optional(),
    remote_environment: z.string().nullable().optional(),
    integration_category: z.enum(['HRIS', 'ATS', 'ASSESSMENT', 'LMS']).optional().openapi({ description: 'Must be ATS (the default here; @kombo-api/sdk sends HRIS unless told otherwise).' }),
    integration_tool: z.string().nullable().optional(),
    language: LanguageSchema.nullable().optional(),
    scope_config_id: z.string().nullable().optional(),
    enable_filtering: z.boolean().optional(),
    enable_field_mapping: z.boolean().optional(),
    link_type: LinkTypeSchema.optional(),
  })
  .openapi('CreateConnectionLinkRequest');

const route = createRoute({
  method: 'post',
  path: '/connect/create-link',
  operationId: 'PostConnectCreateLink',
  summary: 'Create a connection link',
  description: 'A link to our connect page, for showKomboConnect(link) (EMBEDDED, valid 1 hour) or to send to the customer (MAGIC_LINK, valid 1 year). Single use.',
  tags: ['Connect'],
  request: { body: { content: { 'application/json': { schema: BodySchema } }, required: true } },
  responses: { 200: jsonContent(successEnvelope(LinkResponseSchema), 'The link.'), ...errorResponses },
});

export const registerCreateLink = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services, environmentId } = c.var;
    const body = c.req.valid('json');
    const category = body.integration_category ?? 'ATS';
    if (category !== 'ATS') {
      throw new InputError(
        `Invalid field "integration_category": this server connects ATS tools only, so it must be "ATS"; got "${category}". ` +
          '@kombo-api/sdk\'s createConnectionLink sends "HRIS" unless you pass integration_category: "ATS".',
      );
    }
    const tool = body.integration_tool ?? null;
    if (tool !== null && !services.connectorFor(tool)) {
      const available = services.connectors().map((t) => t.manifest.id).join(', ');
      throw new InputError(`Invalid field "integration_tool": "${tool}" is not available on this server; available tools: ${available}.`);
    }
    if (body.remote_environment) {
      throw new InputError('Invalid field "remote_environment": none of the tools on this server has selectable environments; leave it out.');
    }
    if (body.enable_field_mapping) {
      throw new InputError('Invalid field "enable_field_mapping": this server has no field-mapping setup step; leave it out or send false.');
    }
    checkScopeConfig(body.scope_config_id);
    const { token } = await createConnectLink(services.db.kysely, environmentId, {
      link_type: body.link_type ?? 'EMBEDDED',
      integration_tool: tool,
      relink_integration_id: null,
      end_user_email: body.end_user_email,
      end_user_organization_name: body.end_user_organization_name,
      end_user_origin_id: body.end_user_origin_id ?? null,
      language: body.language ?? 'en',
      scope_config_id: body.scope_config_id ?? null,
    });
    return c.json({ status: 'success' as const, data: { link: `${publicBase(c)}/connect/${token}` } }, 200);
  });
