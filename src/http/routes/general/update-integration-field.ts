import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '../../../lib/errors.js';
import { successEnvelope } from '../../../model/common.js';
import { findIntegrationField, setFieldPassthrough } from '../../../storage/repositories/fields.repository.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';
import { integrationFieldView, IntegrationFieldSchema } from './field-shapes.js';
import { integrationOr404 } from './integration-lookup.js';
import { changingRawNeeds } from './raw-payloads.js';

const route = createRoute({
  method: 'patch',
  path: '/integrations/{integration_id}/integration-fields/{integration_field_id}',
  operationId: 'PatchIntegrationsIntegrationIdIntegrationFieldsIntegrationFieldId',
  summary: 'Enable or disable passthrough of an integration field',
  description: "With `enable_passthrough: true` the field appears in the records' `integration_fields` from the next sync on; `null` leaves it as it is.",
  tags: ['General'],
  request: {
    params: z.object({ integration_id: z.string(), integration_field_id: z.string() }),
    body: { content: { 'application/json': { schema: z.object({ enable_passthrough: z.boolean().nullable() }) } }, required: true },
  },
  responses: { 200: jsonContent(successEnvelope(IntegrationFieldSchema), 'The updated field.'), ...errorResponses },
});

export const registerUpdateIntegrationField = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const { integration_id, integration_field_id } = c.req.valid('param');
    const integration = await integrationOr404(c, integration_id);
    const db = services.db.kysely;
    const field = await findIntegrationField(db, integration.id, integration_field_id);
    if (!field) throw new NotFoundError(`Integration "${integration.id}" has no integration field "${integration_field_id}". List them with GET /v1/integrations/${integration.id}/integration-fields.`);
    const { enable_passthrough } = c.req.valid('json');
    const enabled = Number(field.passthrough_enabled) === 1;
    if (enable_passthrough !== null && enable_passthrough !== enabled) {
      // Views are composed when read; a field read from raw payloads shows once a full sync stored them.
      await changingRawNeeds(services, integration, () => setFieldPassthrough(db, integration.id, field.id, enable_passthrough));
    }
    const after = (await findIntegrationField(db, integration.id, field.id)) ?? field;
    return c.json({ status: 'success' as const, data: integrationFieldView(after) }, 200);
  });
