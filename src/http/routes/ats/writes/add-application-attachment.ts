import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { addApplicationAttachment } from '../../../../writes/actions.js';
import { AttachmentBody } from '../../../../writes/schemas.js';
import type { AppEnv } from '../../../services.js';
import { answerWrite, EmptyWriteResponseSchema, jsonBody, security, writeHeaders, writeResponses } from './write-route.js';

const route = createRoute({
  method: 'post',
  path: '/ats/applications/{application_id}/attachments',
  operationId: 'PostAtsApplicationsApplicationIdAttachments',
  summary: 'Add an attachment to an application',
  description: 'Send the file as base64 `data` with `content_type`, or as a `data_url` the server downloads (size-capped, non-public addresses refused).',
  tags: ['ATS'],
  security,
  request: { params: z.object({ application_id: z.string() }), headers: writeHeaders, body: jsonBody(AttachmentBody) },
  responses: writeResponses(EmptyWriteResponseSchema, 'Added.'),
});

export const registerAddApplicationAttachment = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    return (await answerWrite(c, body, (run) => addApplicationAttachment(run, c.req.valid('param').application_id, body)));
  });
