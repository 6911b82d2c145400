/** Managing webhook endpoints and their deliveries (unified-ats extension; Kombo does this in its dashboard). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { InputError, NotFoundError } from '../../../lib/errors.js';
import { randomId, randomToken } from '../../../lib/ids.js';
import { successEnvelope } from '../../../model/common.js';
import {
  deleteWebhookEndpoint,
  findDeliveryOfEnvironment,
  findWebhookEndpoint,
  listAttempts,
  listDeliveries,
  listWebhookEndpoints,
  upsertWebhookEndpoint,
} from '../../../storage/repositories/webhooks.repository.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';

const EndpointSchema = z
  .object({ id: z.string(), url: z.string(), description: z.string().nullable(), created_at: z.string() })
  .openapi('WebhookEndpoint');

const CreateBody = z.object({
  url: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL'),
  secret: z.string().min(16).optional().openapi({ description: 'Signing secret; generated (and returned once) when omitted.' }),
  description: z.string().max(200).optional(),
});

const DeliverySchema = z
  .object({
    id: z.string(),
    event_id: z.string(),
    type: z.string(),
    state: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
    attempts: z.number().int(),
    next_attempt_at: z.string().nullable(),
    last_status: z.number().int().nullable(),
    last_error: z.string().nullable(),
    created_at: z.string(),
    delivered_at: z.string().nullable(),
    attempt_log: z.array(z.object({ attempted_at: z.string(), status: z.number().int().nullable(), error: z.string().nullable(), duration_ms: z.number().int() })),
  })
  .openapi('WebhookDelivery');

const idParam = z.object({ webhook_id: z.string() });
const json = <T extends z.ZodTypeAny>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });
const tags = ['Webhooks'];

export function registerWebhookEndpoints(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks',
      operationId: 'PostWebhooks',
      summary: 'Add a webhook endpoint',
      tags,
      request: { body: json(CreateBody) },
      responses: { 200: jsonContent(successEnvelope(EndpointSchema.extend({ secret: z.string() })), 'The endpoint, with its secret (shown once).'), ...errorResponses },
    }),
    async (c) => {
      const { services, environmentId } = c.var;
      const body = c.req.valid('json');
      const secret = body.secret ?? randomToken(32);
      const row = { id: randomId(), environment_id: environmentId, url: body.url, secret: services.vault.encrypt(secret), description: body.description ?? null, created_at: new Date().toISOString() };
      await upsertWebhookEndpoint(services.db.kysely, row);
      return c.json({ status: 'success' as const, data: { id: row.id, url: row.url, description: row.description, created_at: row.created_at, secret } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks',
      operationId: 'GetWebhooks',
      summary: 'List webhook endpoints',
      tags,
      responses: { 200: jsonContent(successEnvelope(z.object({ results: z.array(EndpointSchema) })), 'The endpoints.'), ...errorResponses },
    }),
    async (c) => {
      const rows = await listWebhookEndpoints(c.var.services.db.kysely, c.var.environmentId);
      const results = rows.map((r) => ({ id: r.id, url: r.url, description: r.description, created_at: r.created_at }));
      return c.json({ status: 'success' as const, data: { results } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/webhooks/{webhook_id}',
      operationId: 'DeleteWebhooksWebhookId',
      summary: 'Remove a webhook endpoint',
      tags,
      request: { params: idParam },
      responses: { 200: jsonContent(successEnvelope(z.object({})), 'Removed.'), ...errorResponses },
    }),
    async (c) => {
      const removed = await deleteWebhookEndpoint(c.var.services.db.kysely, c.var.environmentId, c.req.valid('param').webhook_id);
      if (!removed) throw new NotFoundError('No webhook endpoint with this id exists.');
      return c.json({ status: 'success' as const, data: {} }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/{webhook_id}/deliveries',
      operationId: 'GetWebhooksWebhookIdDeliveries',
      summary: "An endpoint's latest deliveries with every attempt",
      tags,
      request: { params: idParam, query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ type: 'integer' }) }) },
      responses: { 200: jsonContent(successEnvelope(z.object({ results: z.array(DeliverySchema) })), 'Deliveries, newest first.'), ...errorResponses },
    }),
    async (c) => {
      const db = c.var.services.db.kysely;
      const endpoint = await findWebhookEndpoint(db, c.var.environmentId, c.req.valid('param').webhook_id);
      if (!endpoint) throw new NotFoundError('No webhook endpoint with this id exists.');
      const rows = await listDeliveries(db, endpoint.id, c.req.valid('query').limit);
      const results = await Promise.all(
        rows.map(async (d) => ({
          ...d,
          state: d.state,
          attempt_log: (await listAttempts(db, d.id)).map((a) => ({ attempted_at: a.attempted_at, status: a.status, error: a.error, duration_ms: a.duration_ms })),
        })),
      );
      return c.json({ status: 'success' as const, data: { results } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks/deliveries/{delivery_id}/redeliver',
      operationId: 'PostWebhooksDeliveriesDeliveryIdRedeliver',
      summary: 'Send a delivery again now',
      tags,
      request: { params: z.object({ delivery_id: z.string() }) },
      responses: { 200: jsonContent(successEnvelope(z.object({})), 'Queued.'), ...errorResponses },
    }),
    async (c) => {
      const { services, environmentId } = c.var;
      const id = c.req.valid('param').delivery_id;
      const delivery = await findDeliveryOfEnvironment(services.db.kysely, environmentId, id);
      if (!delivery) throw new NotFoundError('No webhook delivery with this id exists.');
      if (delivery.state === 'PENDING') throw new InputError('This delivery is still being attempted; it is sent again on its own.');
      await services.webhooks.redeliver(id);
      return c.json({ status: 'success' as const, data: {} }, 200);
    },
  );
}
