import { z } from '@hono/zod-openapi';

export const ErrorResponseSchema = z
  .object({
    status: z.literal('error'),
    error: z.object({
      code: z.string().nullable(),
      title: z.string().nullable(),
      message: z.string(),
      log_url: z.string().nullable(),
    }),
  })
  .openapi('Error');

export const errorResponses = {
  default: { description: "An error in Kombo's error envelope.", content: { 'application/json': { schema: ErrorResponseSchema } } },
} as const;

export const integrationHeader = z.object({
  'x-integration-id': z.string().optional().openapi({ description: 'The integration to act on, e.g. `sandbox:CBNMt7dSNCzBdnRTx87dev4E`.' }),
});

export const jsonContent = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
