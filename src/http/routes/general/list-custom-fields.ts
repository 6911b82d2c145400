import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { listEnvelope } from '../../../model/common.js';
import { listCustomFields, listIntegrationFieldsByIds } from '../../../storage/repositories/fields.repository.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';
import { customFieldView, CustomFieldSchema, fieldCursor } from './field-shapes.js';
import { integrationOr404 } from './integration-lookup.js';

const route = createRoute({
  method: 'get',
  path: '/integrations/{integration_id}/custom-fields',
  operationId: 'GetIntegrationsIntegrationIdCustomFields',
  summary: "The custom fields found by syncs and the integration field each one is mapped to",
  description: "Each vendor custom field a sync finds becomes a custom field (its `key` is the key in records' `custom_fields`), unmapped at first. Map it with PUT …/custom-fields/{custom_field_id}.",
  tags: ['General'],
  request: {
    params: z.object({ integration_id: z.string() }),
    query: z.object({
      cursor: z.string().optional(),
      page_size: z.coerce.number().int().min(1).max(250).default(100).openapi({ type: 'integer' }),
    }),
  },
  responses: { 200: jsonContent(listEnvelope(CustomFieldSchema), 'One page of custom fields.'), ...errorResponses },
});

export const registerListCustomFields = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const integration = await integrationOr404(c, c.req.valid('param').integration_id);
    const { cursor, page_size } = c.req.valid('query');
    const db = services.db.kysely;
    const after = fieldCursor.decode(services.cursorSigner, integration.id, 'custom_fields', cursor);
    const rows = await listCustomFields(db, integration.id, after, page_size + 1);
    const page = rows.slice(0, page_size);
    const fields = await listIntegrationFieldsByIds(
      db,
      integration.id,
      page.flatMap((r) => (r.integration_field_id ? [r.integration_field_id] : [])),
    );
    const last = page[page.length - 1];
    const next = rows.length > page_size && last ? fieldCursor.encode(services.cursorSigner, integration.id, 'custom_fields', last.id) : null;
    const results = page.map((row) => customFieldView(row, row.integration_field_id ? fields.get(row.integration_field_id) : undefined));
    return c.json({ status: 'success' as const, data: { results, next } }, 200);
  });
