import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { InputError } from '../../../lib/errors.js';
import { availableApis, PASSTHROUGH_METHODS, sendPassthrough } from '../../../passthrough/send.js';
import { connectorContext } from '../../../runtime/connector-context.js';
import { errorResponses, integrationHeader, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';
import { integrationOr404 } from './integration-lookup.js';

const FileUpload = z.object({ name: z.string(), content_type: z.string().optional(), data_url: z.string().optional(), data: z.string().optional() });

const Body = z.object({
  method: z.enum(PASSTHROUGH_METHODS),
  path: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  params: z.record(z.string(), z.string()).optional(),
  data: z.unknown().optional(),
  response_as_base64: z.boolean().optional(),
  multipart_form_data: z.array(z.object({ name: z.string(), value: z.union([FileUpload, z.string()]) })).optional(),
  api_options: z.record(z.string(), z.string()).optional(),
});

const Answer = z.object({
  status: z.literal('success'),
  data: z.object({
    url: z.string(),
    status: z.number().int(),
    headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    data: z.unknown().optional(),
  }),
  warnings: z.array(z.object({ message: z.string() })),
});

const route = createRoute({
  method: 'post',
  path: '/passthrough/{tool}/{api}',
  operationId: 'PostPassthroughToolApi',
  summary: "Send a raw request to the tool's API",
  description:
    "The path is relative to the API's base URL and can never leave it; the server adds the integration's authentication. The vendor's status, headers and body come back inside the envelope.",
  tags: ['General'],
  request: {
    headers: integrationHeader,
    params: z.object({ tool: z.string(), api: z.string() }),
    body: { content: { 'application/json': { schema: Body } }, required: true },
  },
  responses: { 200: jsonContent(Answer, "The vendor's answer."), ...errorResponses },
});

export const registerPassthrough = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const id = c.req.header('x-integration-id')?.trim();
    if (!id) throw new InputError('The X-Integration-Id header is required.');
    const integration = await integrationOr404(c, id);
    const { tool, api } = c.req.valid('param');
    if (tool !== integration.tool) {
      throw new InputError(`Invalid path parameter "tool": integration "${id}" is a ${integration.tool} integration, not "${tool}".`);
    }
    const connector = services.connectorFor(integration.tool);
    if (!connector?.passthrough?.apis.length) {
      throw new InputError(`Invalid path parameter "api": ${connector?.manifest.label ?? integration.tool} offers no passthrough APIs (available APIs: none).`);
    }
    if (!connector.passthrough.apis.some((a) => a.id === api)) {
      throw new InputError(`Invalid path parameter "api": ${connector.manifest.label} has no passthrough API "${api}". Available APIs: ${availableApis(connector)}.`);
    }
    if (integration.status !== 'ACTIVE') {
      throw new InputError(`Integration "${id}" is ${integration.status.toLowerCase()}; passthrough requests need an active integration.`);
    }
    const ctx = connectorContext(services, integration, services.logger.child({ integration_id: integration.id, passthrough: api }), 'interactive');
    const data = await sendPassthrough(connector, ctx, api, c.req.valid('json'));
    return c.json({ status: 'success' as const, data, warnings: [] }, 200);
  });
