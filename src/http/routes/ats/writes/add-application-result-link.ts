import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { addApplicationResultLink } from '../../../../writes/actions.js';
import { ResultLinkBody } from '../../../../writes/schemas.js';
import type { AppEnv } from '../../../services.js';
import { answerWrite, EmptyWriteResponseSchema, jsonBody, security, writeHeaders, writeResponses } from './write-route.js';

const route = createRoute({
  method: 'post',
  path: '/ats/applications/{application_id}/result-links',
  operationId: 'PostAtsApplicationsApplicationIdResultLinks',
  summary: 'Add a result link to an application',
  description: 'Where the tool has no result links, the connector writes one the way its manifest says (a note, a file, a link or custom field) and `warnings` say so.',
  tags: ['ATS'],
  security,
  request: { params: z.object({ application_id: z.string() }), headers: writeHeaders, body: jsonBody(ResultLinkBody) },
  responses: writeResponses(EmptyWriteResponseSchema, 'Added.'),
});

export const registerAddApplicationResultLink = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    return (await answerWrite(c, body, (run) => addApplicationResultLink(run, c.req.valid('param').application_id, body)));
  });
