import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { addCandidateAttachment } from '../../../../writes/actions.js';
import { CandidateAttachmentBody } from '../../../../writes/schemas.js';
import type { AppEnv } from '../../../services.js';
import { answerWrite, EmptyWriteResponseSchema, jsonBody, security, writeHeaders, writeResponses } from './write-route.js';

const route = createRoute({
  method: 'post',
  path: '/ats/candidates/{candidate_id}/attachments',
  operationId: 'PostAtsCandidatesCandidateIdAttachments',
  summary: 'Add an attachment to a candidate',
  description: 'Send the file as base64 `data` with `content_type`, or as a `data_url` the server downloads (size-capped, non-public addresses refused).',
  tags: ['ATS'],
  security,
  request: { params: z.object({ candidate_id: z.string() }), headers: writeHeaders, body: jsonBody(CandidateAttachmentBody) },
  responses: writeResponses(EmptyWriteResponseSchema, 'Added.'),
});

export const registerAddCandidateAttachment = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    return (await answerWrite(c, body, (run) => addCandidateAttachment(run, c.req.valid('param').candidate_id, body)));
  });
