import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { addApplicationNote } from '../../../../writes/actions.js';
import { ApplicationNoteBody } from '../../../../writes/schemas.js';
import type { AppEnv } from '../../../services.js';
import { answerWrite, EmptyWriteResponseSchema, jsonBody, security, writeHeaders, writeResponses } from './write-route.js';

const route = createRoute({
  method: 'post',
  path: '/ats/applications/{application_id}/notes',
  operationId: 'PostAtsApplicationsApplicationIdNotes',
  summary: 'Add a note to an application',
  description: 'Plain-text notes.',
  tags: ['ATS'],
  security,
  request: { params: z.object({ application_id: z.string() }), headers: writeHeaders, body: jsonBody(ApplicationNoteBody) },
  responses: writeResponses(EmptyWriteResponseSchema, 'Added.'),
});

export const registerAddApplicationNote = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    return (await answerWrite(c, body, (run) => addApplicationNote(run, c.req.valid('param').application_id, body)));
  });
