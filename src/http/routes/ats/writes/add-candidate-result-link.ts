import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { addCandidateResultLink } from '../../../../writes/actions.js';
import { CandidateResultLinkBody } from '../../../../writes/schemas.js';
import type { AppEnv } from '../../../services.js';
import { answerWrite, EmptyWriteResponseSchema, jsonBody, security, writeHeaders, writeResponses } from './write-route.js';

const route = createRoute({
  method: 'post',
  path: '/ats/candidates/{candidate_id}/result-links',
  operationId: 'PostAtsCandidatesCandidateIdResultLinks',
  summary: 'Add a result link to a candidate',
  description: 'Where the tool has no result links, the connector writes one the way its manifest says (a note, a file, a link or custom field) and `warnings` say so.',
  tags: ['ATS'],
  security,
  request: { params: z.object({ candidate_id: z.string() }), headers: writeHeaders, body: jsonBody(CandidateResultLinkBody) },
  responses: writeResponses(EmptyWriteResponseSchema, 'Added.'),
});

export const registerAddCandidateResultLink = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    return (await answerWrite(c, body, (run) => addCandidateResultLink(run, c.req.valid('param').candidate_id, body)));
  });
