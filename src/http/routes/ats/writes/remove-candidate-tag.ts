import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { removeCandidateTag } from '../../../../writes/actions.js';
import { RemoveCandidateTagBody } from '../../../../writes/schemas.js';
import type { AppEnv } from '../../../services.js';
import { answerWrite, EmptyWriteResponseSchema, jsonBody, security, writeHeaders, writeResponses } from './write-route.js';

const route = createRoute({
  method: 'delete',
  path: '/ats/candidates/{candidate_id}/tags',
  operationId: 'DeleteAtsCandidatesCandidateIdTags',
  summary: 'Remove a tag from a candidate',
  description: 'By name, with a JSON body; succeeds when the candidate does not have the tag.',
  tags: ['ATS'],
  security,
  request: { params: z.object({ candidate_id: z.string() }), headers: writeHeaders, body: jsonBody(RemoveCandidateTagBody) },
  responses: writeResponses(EmptyWriteResponseSchema, 'Removed.'),
});

export const registerRemoveCandidateTag = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    return (await answerWrite(c, body, (run) => removeCandidateTag(run, c.req.valid('param').candidate_id, body)));
  });
