import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { InputError } from '../../../lib/errors.js';
import { successEnvelope } from '../../../model/common.js';
import { readFieldSettings, setRemoteDataEnabled } from '../../../storage/repositories/fields.repository.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';
import { integrationOr404 } from './integration-lookup.js';
import { changingRawNeeds } from './raw-payloads.js';

const Settings = z.object({ id: z.string(), remote_data_enabled: z.boolean() }).openapi('IntegrationSettings');

const route = createRoute({
  method: 'patch',
  path: '/integrations/{integration_id}',
  operationId: 'PatchIntegrationsIntegrationId',
  summary: "Change an integration's settings (unified-ats extension)",
  description: "`remote_data_enabled: true` adds each record's raw vendor payload as `remote_data` to jobs, candidates and applications from the next full sync on, which this starts (off by default: payloads nobody reads are not stored).",
  tags: ['General'],
  request: {
    params: z.object({ integration_id: z.string() }),
    body: { content: { 'application/json': { schema: z.object({ remote_data_enabled: z.boolean().optional() }).strict() } }, required: true },
  },
  responses: { 200: jsonContent(successEnvelope(Settings), 'The settings after the change.'), ...errorResponses },
});

export const registerUpdateIntegration = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const integration = await integrationOr404(c, c.req.valid('param').integration_id);
    const body = c.req.valid('json');
    if (body.remote_data_enabled === undefined) throw new InputError('Invalid body: send at least one setting, e.g. {"remote_data_enabled": true}.');
    const db = services.db.kysely;
    const before = await readFieldSettings(db, integration.id);
    const wanted = body.remote_data_enabled;
    if (before.remoteDataEnabled !== wanted) await changingRawNeeds(services, integration, () => setRemoteDataEnabled(db, integration.id, wanted, new Date().toISOString()));
    const after = await readFieldSettings(db, integration.id);
    return c.json({ status: 'success' as const, data: { id: integration.id, remote_data_enabled: after.remoteDataEnabled } }, 200);
  });
