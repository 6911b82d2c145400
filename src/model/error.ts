import { z } from '@hono/zod-openapi';

/**
 * Error envelope of every endpoint (contract §3.1). All four `error` keys are required.
 * `code` is kept as a plain string here: which codes are allowed depends on the endpoint category
 * (ATS: PLATFORM.*, INTEGRATION.*, REMOTE.*, ATS.*; general/connect: PLATFORM.* only).
 */
export const ErrorEnvelopeSchema = z
  .object({
    status: z.literal('error'),
    error: z.object({
      code: z.string().nullable(),
      title: z.string().nullable(),
      message: z.string(),
      log_url: z.string().nullable(),
    }),
  })
  .openapi('ErrorEnvelope');
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;
