import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { addCandidateTag } from '../../../../writes/actions.js';
import { CandidateTagBody } from '../../../../writes/schemas.js';
import type { AppEnv } from '../../../services.js';
import { answerWrite, EmptyWriteResponseSchema, jsonBody, security, writeHeaders, writeResponses } from './write-route.js';

const route = createRoute({
  method: 'post',
  path: '/ats/candidates/{candidate_id}/tags',
  operationId: 'PostAtsCandidatesCandidateIdTags',
  summary: 'Add a tag to a candidate',
  description: 'By name; the tag is created when the tool has none of that name.',
  tags: ['ATS'],
  security,
  request: { params: z.object({ candidate_id: z.string() }), headers: writeHeaders, body: jsonBody(CandidateTagBody) },
  responses: writeResponses(EmptyWriteResponseSchema, 'Added.'),
});

export const registerAddCandidateTag = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    return (await answerWrite(c, body, (run) => addCandidateTag(run, c.req.valid('param').candidate_id, body)));
  });
