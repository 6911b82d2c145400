import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { integrationDetails, retryTimings } from '../../../integrations/details.js';
import { listEnvelope } from '../../../model/common.js';
import { IntegrationDetailsSchema } from '../../../model/integration.js';
import { listIntegrations } from '../../../storage/repositories/integrations.repository.js';
import { decodeCursor, encodeCursor } from '../../list/cursor.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import { publicBase } from '../../public-url.js';
import type { AppEnv } from '../../services.js';
import { openCredentials } from '../../../runtime/credentials.js';

const route = createRoute({
  method: 'get',
  path: '/integrations',
  operationId: 'GetIntegrations',
  summary: 'List integrations (unified-ats extension)',
  tags: ['General'],
  request: {
    query: z.object({
      cursor: z.string().optional(),
      page_size: z.coerce.number().int().min(1).max(250).default(100).openapi({ type: 'integer' }),
    }),
  },
  responses: { 200: jsonContent(listEnvelope(IntegrationDetailsSchema), 'One page of integrations.'), ...errorResponses },
});

export const registerListIntegrations = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services, environmentId } = c.var;
    const { cursor, page_size } = c.req.valid('query');
    // Cursors are scoped to the environment the same way list cursors are scoped to an integration.
    const afterId = cursor ? decodeCursor(services.cursorSigner, cursor, { integrationId: environmentId, model: 'integrations' }) : null;
    const rows = await listIntegrations(services.db.kysely, environmentId, afterId, page_size + 1);
    const page = rows.slice(0, page_size);
    const last = page[page.length - 1];
    const next = rows.length > page_size && last ? encodeCursor(services.cursorSigner, { i: environmentId, m: 'integrations', a: last.id }) : null;
    const base = publicBase(c);
    const results = await Promise.all(page.map((row) => integrationDetails(services.db.kysely, row, services.connectorFor(row.tool), base, retryTimings(services.config), openCredentials(services.vault, row.credentials))));
    return c.json({ status: 'success' as const, data: { next, results } }, 200);
  });
