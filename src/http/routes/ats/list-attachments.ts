import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { NotFoundError } from '../../../lib/errors.js';
import { ApplicationAttachmentSchema, CandidateAttachmentSchema } from '../../../model/attachment.js';
import { WarningSchema, type AttachmentType } from '../../../model/common.js';
import { readLinkedRows, readRecordsByIds, type StoredRecord } from '../../../storage/repositories/records.repository.js';
import { jsonText, respondJson } from '../../json-text.js';
import { errorResponses, integrationHeader, jsonContent } from '../../openapi-shared.js';
import { publicBase } from '../../public-url.js';
import type { AppEnv } from '../../services.js';
import { downloadToken } from '../files/download-file.js';

type Own = { candidate_id: string; application_id: string | null; type: AttachmentType; file_name: string; content_type: string; remote_created_at: string | null; remote_updated_at: string | null };

const envelope = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ status: z.literal('success'), data: z.object({ results: z.array(item) }), warnings: z.array(WarningSchema) });

async function liveRecord(c: Context<AppEnv>, model: string, id: string, label: string): Promise<StoredRecord> {
  const [row] = await readRecordsByIds(c.var.services.db.kysely, c.var.integration.id, model, [id]);
  if (!row || row.remote_deleted_at) throw new NotFoundError(`No ${label} with the id "${id}" exists in this integration.`);
  return row;
}

async function attachmentsWhere(c: Context<AppEnv>, field: 'candidate_id' | 'application_id', values: string[]): Promise<Array<{ id: string; remote_id: string | null; parsed: Own }>> {
  const rows = await readLinkedRows(c.var.services.db.kysely, c.var.integration.id, 'attachments', field, values);
  return rows.map((r) => ({ id: r.id, remote_id: r.remote_id, parsed: JSON.parse(r.data) as Own }));
}

/** The file part of an attachment as the wire has it (after `id` and, for candidates, the owners). */
function fileOf(c: Context<AppEnv>, row: { id: string; remote_id: string | null; parsed: Own }) {
  const token = downloadToken(c.var.services.downloadSigner, c.var.integration.id, row.id);
  return {
    type: row.parsed.type,
    remote_id: row.remote_id ?? '',
    data_url: `${publicBase(c)}/v1/files/${token}`,
    file_name: row.parsed.file_name,
    content_type: row.parsed.content_type,
    remote_created_at: row.parsed.remote_created_at,
    remote_updated_at: row.parsed.remote_updated_at,
  };
}

const answer = <T>(c: Context<AppEnv>, results: T[]) => respondJson(c, jsonText({ status: 'success' as const, data: { results }, warnings: [] }), 200);

const applicationRoute = createRoute({
  method: 'get',
  path: '/ats/applications/{application_id}/attachments',
  operationId: 'GetAtsApplicationsApplicationIdAttachments',
  summary: "Get an application's attachments (including the candidate's own files)",
  tags: ['ATS'],
  request: { params: z.object({ application_id: z.string() }), headers: integrationHeader },
  responses: { 200: jsonContent(envelope(ApplicationAttachmentSchema), 'The attachments.'), ...errorResponses },
});

const candidateRoute = createRoute({
  method: 'get',
  path: '/ats/candidates/{candidate_id}/attachments',
  operationId: 'GetAtsCandidatesCandidateIdAttachments',
  summary: "Get a candidate's attachments and those of all their applications",
  tags: ['ATS'],
  request: { params: z.object({ candidate_id: z.string() }), headers: integrationHeader },
  responses: { 200: jsonContent(envelope(CandidateAttachmentSchema), 'The attachments.'), ...errorResponses },
});

export function registerAttachmentReads(app: OpenAPIHono<AppEnv>): void {
  app.openapi(applicationRoute, async (c) => {
    const application = await liveRecord(c, 'applications', c.req.valid('param').application_id, 'application');
    const candidateId = application.candidate_id ?? '';
    // Files kept on the candidate (application_id null) belong to each of their applications.
    const own = await attachmentsWhere(c, 'application_id', [application.id]);
    const shared = (await attachmentsWhere(c, 'candidate_id', [candidateId])).filter((a) => a.parsed.application_id === null);
    return answer(
      c,
      [...own, ...shared].map((row) => ({ id: row.id, ...fileOf(c, row) })),
    );
  });
  app.openapi(candidateRoute, async (c) => {
    const candidate = await liveRecord(c, 'candidates', c.req.valid('param').candidate_id, 'candidate');
    const rows = await attachmentsWhere(c, 'candidate_id', [candidate.id]);
    return answer(
      c,
      rows.map((row) => ({ id: row.id, application_id: row.parsed.application_id, candidate_id: row.parsed.candidate_id, ...fileOf(c, row) })),
    );
  });
}
