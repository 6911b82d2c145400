import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError, InputError } from '../../../lib/errors.js';
import { successEnvelope } from '../../../model/common.js';
import { errorResponses, integrationHeader, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';
import { integrationOr404 } from './integration-lookup.js';

const SyncType = z.enum(['FULL', 'DELTA']);

const route = createRoute({
  method: 'post',
  path: '/force-sync',
  operationId: 'PostForceSync',
  summary: 'Trigger a sync',
  tags: ['General'],
  request: {
    headers: integrationHeader,
    body: { content: { 'application/json': { schema: z.object({ type: SyncType.default('FULL') }) } }, required: false },
  },
  responses: {
    200: jsonContent(successEnvelope(z.object({ already_queued: z.boolean(), sync_id: z.string(), type: SyncType })), 'The queued or running sync.'),
    ...errorResponses,
  },
});

export const registerForceSync = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const id = c.req.header('x-integration-id')?.trim();
    if (!id) throw new InputError('The X-Integration-Id header is required.');
    const integration = await integrationOr404(c, id);
    if (integration.status !== 'ACTIVE') {
      // General endpoints may only answer PLATFORM.* codes.
      throw new AppError('PLATFORM.INPUT_INVALID', `Integration "${id}" is ${integration.status.toLowerCase()}; it cannot sync until it is active again.`);
    }
    const body = await c.req.json().catch(() => ({}));
    const parsed = z.object({ type: SyncType.default('FULL') }).safeParse(body ?? {});
    if (!parsed.success) throw new InputError('Invalid field "type": must be FULL or DELTA.');
    const connector = services.connectorFor(integration.tool);
    const { run, alreadyQueued } = await services.runner.enqueue(integration.id, parsed.data.type, connector?.manifest.capabilities.incremental ?? false);
    return c.json({ status: 'success' as const, data: { already_queued: alreadyQueued, sync_id: run.id, type: run.type } }, 200);
  });
