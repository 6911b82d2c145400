/**
 * `POST /v1/vendor-webhooks/{token}`: where an integration's vendor sends its webhooks. Public (no
 * API key: the vendor has none); the unguessable token names the integration and the vendor's
 * signature proves the sender. Refusals of any kind get one and the same 404.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { successEnvelope } from '../../../model/common.js';
import { UnknownWebhookEndpointError } from '../../../webhooks/inbound/receive.js';
import { errorResponses, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';

/** Larger than any documented vendor payload (Workable posts a whole candidate). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const route = createRoute({
  method: 'post',
  path: '/vendor-webhooks/{token}',
  operationId: 'PostVendorWebhooksToken',
  summary: "Receive a vendor's webhook (unified-ats extension)",
  description: [
    "An integration's public endpoint for its ATS's webhooks; the URL (and, where the customer registers it by hand, the secret) is in the",
    'integration\'s details (`inbound_webhook`). Registered through the vendor\'s API on connect where the vendor allows it. No API key:',
    "the vendor's documented signature is verified instead (and its timestamp, where the vendor documents a replay window). A verified",
    'delivery is answered as soon as the records it names are kept (a crash, a restart or a vendor outage loses none); they are read',
    'again from the vendor moments later (bursts are coalesced; failures retried with backoff), stored, and announced with a',
    '`data-changed` webhook. Unknown paths, disabled or deleted integrations and bad signatures all get the same 404.',
    "A vendor's handshake (SmartRecruiters' `X-Hook-Secret` on activation) is answered with the header it expects.",
  ].join(' '),
  tags: ['General'],
  security: [],
  request: { params: z.object({ token: z.string().min(1).max(200) }) },
  responses: { 200: jsonContent(successEnvelope(z.object({})), 'Received.'), ...errorResponses },
});

export const registerVendorWebhook = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const { services } = c.var;
    const body = await c.req.text();
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) throw new UnknownWebhookEndpointError();
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const answer = await services.inbound.receive(c.req.valid('param').token, { headers, body });
    // A handshake's headers (SmartRecruiters' X-Hook-Secret echo); none for a delivery.
    for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
    return c.json({ status: 'success' as const, data: {} }, 200);
  });
