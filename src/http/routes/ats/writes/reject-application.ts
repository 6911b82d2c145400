import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { rejectApplication } from '../../../../writes/actions.js';
import { RejectApplicationBody } from '../../../../writes/schemas.js';
import type { AppEnv } from '../../../services.js';
import { answerWrite, EmptyWriteResponseSchema, jsonBody, security, writeHeaders, writeResponses } from './write-route.js';

const route = createRoute({
  method: 'post',
  path: '/ats/applications/{application_id}/reject',
  operationId: 'PostAtsApplicationsApplicationIdReject',
  summary: 'Reject an application',
  description: '`rejection_reason_id` comes from GET /ats/rejection-reasons.',
  tags: ['ATS'],
  security,
  request: { params: z.object({ application_id: z.string() }), headers: writeHeaders, body: jsonBody(RejectApplicationBody) },
  responses: writeResponses(EmptyWriteResponseSchema, 'Rejected.'),
});

export const registerRejectApplication = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    return (await answerWrite(c, body, (run) => rejectApplication(run, c.req.valid('param').application_id, body)));
  });
