/**
 * What every ATS write route shares: the documented headers (X-Integration-Id, Idempotency-Key),
 * the success envelope with `warnings` (contract §2.1), and running the action under the
 * request's Idempotency-Key.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { WarningSchema } from '../../../../model/common.js';
import { DEFAULT_FETCH_TIMEOUT_MS } from '../../../../writes/attachments.js';
import {
  checkIdempotencyKey,
  claimIdempotencyKey,
  holdIdempotencyClaim,
  completeIdempotency,
  releaseIdempotency,
  replayedError,
  requestFingerprint,
} from '../../../../writes/idempotency.js';
import { WriteRun, type WriteDeps } from '../../../../writes/run.js';
import { describeError } from '../../../errors.js';
import { jsonText, respondJson, trustJsonText, type JsonText } from '../../../json-text.js';
import { errorResponses, integrationHeader, jsonContent } from '../../../openapi-shared.js';
import type { AppEnv, AppServices } from '../../../services.js';

export const writeHeaders = integrationHeader.extend({
  'idempotency-key': z.string().optional().openapi({
    description:
      'Optional (unified-ats extension). A retry with the same key and body within 24 hours returns the first response and never writes twice; the same key with another request is refused with 400.',
  }),
});

export const writeEnvelope = <T extends z.ZodTypeAny>(data: T) => z.object({ status: z.literal('success'), data, warnings: z.array(WarningSchema) });

export const EmptyWriteResponseSchema = writeEnvelope(z.object({})).openapi('WriteActionResponse');

export const writeResponses = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ 200: jsonContent(schema, description), ...errorResponses });

export const security = [{ ApiKey: [] }];

export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

export function writeDeps(services: AppServices): WriteDeps {
  return {
    db: services.db,
    vault: services.vault,
    fetch: services.fetch,
    fetchPool: services.fetchPool,
    logger: services.logger,
    connectorFor: (tool) => services.connectorFor(tool),
    attachments: {
      allowPrivate: services.config.allowPrivateAttachmentUrls,
      maxBytes: services.config.maxAttachmentBytes,
      timeoutMs: DEFAULT_FETCH_TIMEOUT_MS,
    },
  };
}

/** A write action's answer as the wire has it. */
export interface WriteAnswer<Data> {
  status: 'success';
  data: Data;
  warnings: Array<{ message: string }>;
}

/**
 * Runs a write action and answers `{status, data, warnings}`, typed by what the action returns. With an Idempotency-Key, a repeat
 * gets the stored answer (header `Idempotent-Replayed: true`) and never reaches the vendor.
 */
export async function answerWrite<Data>(c: Context<AppEnv>, body: unknown, work: (run: WriteRun) => Promise<Data>) {
  const { services, integration } = c.var;
  const db = services.db.kysely;
  const run = new WriteRun(writeDeps(services), integration);
  const header = c.req.header('idempotency-key');
  const serialise = (data: Data): JsonText<WriteAnswer<Data>> => jsonText({ status: 'success', data, warnings: run.warnings.map((message) => ({ message })) });
  if (header === undefined) return respondJson(c, serialise(await work(run)), 200);

  const key = checkIdempotencyKey(header);
  const claim = await claimIdempotencyKey(db, integration.id, key, requestFingerprint(c.req.method, c.req.path, body));
  if (claim.kind === 'replay') {
    if (claim.answer.kind === 'error') throw replayedError(claim.answer);
    // Only successful answers are kept as text, and only by this function for this route and body.
    const replayed: JsonText<WriteAnswer<Data>> = trustJsonText(claim.answer.body);
    return respondJson(c, replayed, 200, { 'Idempotent-Replayed': 'true' });
  }
  let answer: JsonText<WriteAnswer<Data>>;
  const letGo = holdIdempotencyClaim(db, integration.id, key);
  try {
    answer = serialise(await work(run));
  } catch (err) {
    if (run.vendorWritten) {
      // The vendor has the write: a retry must get this outcome, not a second write.
      const described = describeError(err, 'ATS');
      await completeIdempotency(db, integration.id, key, { kind: 'error', code: described.code ?? 'PLATFORM.UNKNOWN_ERROR', message: described.message });
    } else {
      await releaseIdempotency(db, integration.id, key);
    }
    throw err;
  } finally {
    letGo();
  }
  await completeIdempotency(db, integration.id, key, { kind: 'success', status: 200, body: answer });
  return respondJson(c, answer, 200);
}
