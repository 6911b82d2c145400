import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { successEnvelope } from '../../../model/common.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';

const route = createRoute({
  method: 'get',
  path: '/check-api-key',
  operationId: 'GetCheckApiKey',
  summary: 'Check an API key',
  tags: ['General'],
  responses: { 200: jsonContent(successEnvelope(z.object({ environment_id: z.string() })), 'The key is valid.'), ...errorResponses },
});

export const registerCheckApiKey = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, (c) => c.json({ status: 'success' as const, data: { environment_id: c.var.environmentId } }, 200));
