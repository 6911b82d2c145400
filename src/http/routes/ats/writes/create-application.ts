import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { CreatedApplicationSchema } from '../../../../model/application.js';
import { createApplication } from '../../../../writes/actions.js';
import { CreateApplicationBody } from '../../../../writes/schemas.js';
import type { AppEnv } from '../../../services.js';
import { answerWrite, jsonBody, security, writeEnvelope, writeHeaders, writeResponses } from './write-route.js';

const route = createRoute({
  method: 'post',
  path: '/ats/jobs/{job_id}/applications',
  operationId: 'PostAtsJobsJobIdApplications',
  summary: 'Create an application (and its candidate) for a job',
  description:
    'Answers with the new application and its candidate. Closed jobs answer ATS.JOB_CLOSED; a candidate who already applied to the job ATS.APPLICATION_ALREADY_EXISTS. Without `stage_id` the application starts in the first stage of the job.',
  tags: ['ATS'],
  security,
  request: { params: z.object({ job_id: z.string() }), headers: writeHeaders, body: jsonBody(CreateApplicationBody) },
  responses: writeResponses(writeEnvelope(CreatedApplicationSchema).openapi('CreateApplicationResponse'), 'The new application.'),
});

export const registerCreateApplication = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    return (await answerWrite(c, body, (run) => createApplication(run, c.req.valid('param').job_id, body)));
  });
