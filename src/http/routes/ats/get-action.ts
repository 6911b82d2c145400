/**
 * `GET /ats/actions/{action}` for the four actions that take files: the integration's attachment
 * restrictions (`writes/attachment-rules.ts`). One route per action, as Kombo publishes them, each
 * with its own answer shape: the create actions also carry amounts and a total size.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ATTACHMENT_ACTION_IDS, type AttachmentActionId } from '../../../connectors/writes.js';
import { ActionNotAvailableError } from '../../../lib/errors.js';
import { actionRestrictions } from '../../../writes/attachment-rules.js';
import { JSON_HEADERS } from '../../list/serve-list.js';
import { errorResponses, integrationHeader, jsonContent } from '../../openapi-shared.js';
import type { AppEnv } from '../../services.js';

const bytes = (what: string) => z.number().nullable().openapi({ description: `${what} in bytes; null when not known.` });
const mimeTypes = z.array(z.string()).nullable().openapi({ description: 'The accepted MIME types; null when not known.' });
const unsupported = z.object({ is_supported: z.literal(false) });

const addType = z.union([z.object({ is_supported: z.literal(true), max_file_size_bytes: bytes('The largest file'), accepted_mime_types: mimeTypes }), unsupported]);
const createType = z.union([
  z.object({
    is_supported: z.literal(true),
    min_amount: z.number().nullable().openapi({ description: 'How many files of this type a request needs at least; null when not known.' }),
    max_amount: z.number().nullable().openapi({ description: 'How many files of this type a request may carry; null when not known or unlimited.' }),
    max_file_size_bytes: bytes('The largest file'),
    accepted_mime_types: mimeTypes,
  }),
  unsupported,
]);
const typesOf = <T extends z.ZodTypeAny>(rule: T) => z.object({ CV: rule, COVER_LETTER: rule, OTHER: rule });

const AddRestrictionsSchema = z.object({ types: typesOf(addType) }).nullable();
const CreateRestrictionsSchema = z.object({ total_size_bytes: bytes('All files of one request together'), types: typesOf(createType) }).nullable();

const answerSchema = (restrictions: typeof AddRestrictionsSchema | typeof CreateRestrictionsSchema, name: string) =>
  z
    .object({
      status: z.literal('success'),
      data: z.object({
        attachment_restrictions: restrictions.openapi({ description: 'What the integration accepts as files, per attachment type; null when not known.' }),
      }),
    })
    .openapi(name);

const SCHEMAS = {
  ats_create_application: answerSchema(CreateRestrictionsSchema, 'GetAtsActionsAtsCreateApplicationPositiveResponse'),
  ats_create_candidate: answerSchema(CreateRestrictionsSchema, 'GetAtsActionsAtsCreateCandidatePositiveResponse'),
  ats_add_application_attachment: answerSchema(AddRestrictionsSchema, 'GetAtsActionsAtsAddApplicationAttachmentPositiveResponse'),
  ats_add_candidate_attachment: answerSchema(AddRestrictionsSchema, 'GetAtsActionsAtsAddCandidateAttachmentPositiveResponse'),
} satisfies Record<AttachmentActionId, z.ZodTypeAny>;

const operationId = (action: AttachmentActionId) =>
  `GetAtsActions${action
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;

export function registerGetActions(app: OpenAPIHono<AppEnv>): void {
  for (const action of ATTACHMENT_ACTION_IDS) {
    const route = createRoute({
      method: 'get',
      path: `/ats/actions/${action}`,
      operationId: operationId(action),
      summary: `Attachment restrictions of ${action}`,
      description:
        "What this integration's tool accepts as files for the action: per type whether it is supported, size and MIME limits, and (create actions) how many files and how many bytes in all. The writes refuse files outside these limits with a 400.",
      tags: ['ATS'],
      security: [{ ApiKey: [] }],
      request: { headers: integrationHeader },
      responses: { 200: jsonContent(SCHEMAS[action], 'The restrictions.'), ...errorResponses },
    });
    app.openapi(route, (c) => {
      const { services, integration } = c.var;
      const connector = services.connectorFor(integration.tool);
      if (!connector) throw new ActionNotAvailableError(`This server has no connector for the tool "${integration.tool}" any more.`);
      const data = actionRestrictions(connector, action, services.config.maxAttachmentBytes);
      return c.body(JSON.stringify({ status: 'success', data }), 200, JSON_HEADERS) as never;
    });
  }
}
