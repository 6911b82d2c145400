import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { moveApplicationToStage } from '../../../../writes/actions.js';
import { MoveApplicationToStageBody } from '../../../../writes/schemas.js';
import type { AppEnv } from '../../../services.js';
import { answerWrite, EmptyWriteResponseSchema, jsonBody, security, writeHeaders, writeResponses } from './write-route.js';

const route = createRoute({
  method: 'put',
  path: '/ats/applications/{application_id}/stage',
  operationId: 'PutAtsApplicationsApplicationIdStage',
  summary: 'Move an application to another stage',
  description: '`stage_id` must be one of the stages of the job of the application (GET /ats/jobs).',
  tags: ['ATS'],
  security,
  request: { params: z.object({ application_id: z.string() }), headers: writeHeaders, body: jsonBody(MoveApplicationToStageBody) },
  responses: writeResponses(EmptyWriteResponseSchema, 'Moved.'),
});

export const registerMoveApplicationToStage = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    return (await answerWrite(c, body, (run) => moveApplicationToStage(run, c.req.valid('param').application_id, body)));
  });
