import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { listEnvelope } from '../../../model/common.js';
import { listIntegrationFields } from '../../../storage/repositories/fields.repository.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';
import { fieldCursor, integrationFieldView, IntegrationFieldSchema } from './field-shapes.js';
import { integrationOr404 } from './integration-lookup.js';

const route = createRoute({
  method: 'get',
  path: '/integrations/{integration_id}/integration-fields',
  operationId: 'GetIntegrationsIntegrationIdIntegrationFields',
  summary: "The tool's fields found by syncs",
  description: 'DEFAULT fields are the top-level keys of the raw vendor records, CUSTOM fields the vendor custom fields. Enable passthrough on one to get it in the records\' `integration_fields` after the next sync.',
  tags: ['General'],
  request: {
    params: z.object({ integration_id: z.string() }),
    query: z.object({
      cursor: z.string().optional(),
      page_size: z.coerce.number().int().min(1).max(2000).default(100).openapi({ type: 'integer' }),
    }),
  },
  responses: { 200: jsonContent(listEnvelope(IntegrationFieldSchema), 'One page of integration fields.'), ...errorResponses },
});

export const registerListIntegrationFields = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const integration = await integrationOr404(c, c.req.valid('param').integration_id);
    const { cursor, page_size } = c.req.valid('query');
    const after = fieldCursor.decode(services.cursorSigner, integration.id, 'integration_fields', cursor);
    const rows = await listIntegrationFields(services.db.kysely, integration.id, after, page_size + 1);
    const page = rows.slice(0, page_size);
    const last = page[page.length - 1];
    const next = rows.length > page_size && last ? fieldCursor.encode(services.cursorSigner, integration.id, 'integration_fields', last.id) : null;
    return c.json({ status: 'success' as const, data: { results: page.map(integrationFieldView), next } }, 200);
  });
