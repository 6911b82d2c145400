import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { InputError, NotFoundError } from '../../../lib/errors.js';
import { successEnvelope } from '../../../model/common.js';
import { findCustomField, findIntegrationField, setCustomFieldMapping } from '../../../storage/repositories/fields.repository.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';
import { customFieldView, CustomFieldSchema } from './field-shapes.js';
import { integrationOr404 } from './integration-lookup.js';
import { changingRawNeeds } from './raw-payloads.js';

const route = createRoute({
  method: 'put',
  path: '/integrations/{integration_id}/custom-fields/{custom_field_id}',
  operationId: 'PutIntegrationsIntegrationIdCustomFieldsCustomFieldId',
  summary: 'Map a custom field to an integration field (or unmap it with null)',
  description: "From the next sync on, records of the field's model carry `custom_fields: {<key>: value}` (null values where the record has none).",
  tags: ['General'],
  request: {
    params: z.object({ integration_id: z.string(), custom_field_id: z.string() }),
    body: { content: { 'application/json': { schema: z.object({ integration_field_id: z.string().nullable() }) } }, required: true },
  },
  responses: { 200: jsonContent(successEnvelope(CustomFieldSchema), 'The custom field after the update.'), ...errorResponses },
});

export const registerUpdateCustomFieldMapping = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const { integration_id, custom_field_id } = c.req.valid('param');
    const integration = await integrationOr404(c, integration_id);
    const db = services.db.kysely;
    const custom = await findCustomField(db, integration.id, custom_field_id);
    if (!custom) throw new NotFoundError(`Integration "${integration.id}" has no custom field "${custom_field_id}". List them with GET /v1/integrations/${integration.id}/custom-fields.`);
    const { integration_field_id } = c.req.valid('json');
    const field = integration_field_id === null ? undefined : await findIntegrationField(db, integration.id, integration_field_id);
    if (integration_field_id !== null && !field) {
      throw new InputError(`Invalid field "integration_field_id": integration "${integration.id}" has no integration field "${integration_field_id}".`);
    }
    if (field && field.model !== custom.model) {
      throw new InputError(`Invalid field "integration_field_id": the integration field belongs to ${field.model}, the custom field to ${custom.model}.`);
    }
    if ((field?.id ?? null) !== custom.integration_field_id) {
      // Views are composed when read; a field read from raw payloads shows once a full sync stored them.
      await changingRawNeeds(services, integration, () => setCustomFieldMapping(db, integration.id, custom.id, field?.id ?? null));
    }
    return c.json({ status: 'success' as const, data: customFieldView({ ...custom, integration_field_id: field?.id ?? null }, field) }, 200);
  });
