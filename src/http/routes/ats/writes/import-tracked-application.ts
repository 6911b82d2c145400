import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { dateTime } from '../../../../model/common.js';
import { importTrackedApplication } from '../../../../writes/actions.js';
import { ImportTrackedApplicationBody } from '../../../../writes/schemas.js';
import type { AppEnv } from '../../../services.js';
import { answerWrite, jsonBody, security, writeEnvelope, writeHeaders, writeResponses } from './write-route.js';

const ImportedSchema = z.object({
  id: z.string().openapi({ description: 'The id of the imported application.' }),
  tracked_at: dateTime.nullable(),
  imported_id: z.record(z.string(), z.unknown()),
});

const route = createRoute({
  method: 'post',
  path: '/ats/import-tracked-application',
  operationId: 'PostAtsImportTrackedApplication',
  summary: 'Import an application created outside this API so it is tracked',
  description: 'Send exactly one identifier, under a key the tool of the integration accepts, and `tracked_at`. The application is read from the tool at once.',
  tags: ['ATS'],
  security,
  request: { headers: writeHeaders, body: jsonBody(ImportTrackedApplicationBody) },
  responses: writeResponses(writeEnvelope(ImportedSchema).openapi('ImportTrackedApplicationResponse'), 'The imported application.'),
});

export const registerImportTrackedApplication = (app: OpenAPIHono<AppEnv>) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    return (await answerWrite(c, body, (run) => importTrackedApplication(run, body)));
  });
