import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { CandidateSchema } from '../../../../model/candidate.js';
import { createCandidate } from '../../../../writes/actions.js';
import { CreateCandidateBody } from '../../../../writes/schemas.js';
import type { AppEnv } from '../../../services.js';
import { answerWrite, jsonBody, security, writeEnvelope, writeHeaders, writeResponses } from './write-route.js';

const route = createRoute({
  method: 'post',
  path: '/ats/candidates',
  operationId: 'PostAtsCandidates',
  summary: 'Create a candidate with an application (deprecated: use POST /ats/jobs/{job_id}/applications)',
  description: 'Answers with the candidate, its applications and tags.',
  tags: ['ATS'],
  security,
  request: { headers: writeHeaders, body: jsonBody(CreateCandidateBody) },
  responses: writeResponses(writeEnvelope(CandidateSchema).openapi('CreateCandidateResponse'), 'The new candidate.'),
});

export const registerCreateCandidate = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    return (await answerWrite(c, body, (run) => createCandidate(run, body)));
  });
