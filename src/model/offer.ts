import { z } from '@hono/zod-openapi';
import { OfferStatusSchema, dateTime } from './common.js';
import { CandidateRefSchema, JobRefSchema } from './refs.js';

/** Item of GET /ats/offers (contract §4.21). `employment_start_date` is a full datetime. */
export const OfferSchema = z
  .object({
    id: z.string(),
    remote_id: z.string().nullable(),
    status: OfferStatusSchema.nullable(),
    employment_start_date: dateTime.nullable(),
    application_id: z.string().nullable(),
    custom_fields: z.record(z.string(), z.unknown()).nullable(),
    changed_at: dateTime,
    remote_deleted_at: dateTime.nullable(),
    remote_created_at: dateTime.nullable(),
    remote_updated_at: dateTime.nullable(),
    application: z
      .object({
        candidate: CandidateRefSchema.nullable(),
        job: JobRefSchema.nullable(),
      })
      .nullable(),
  })
  .openapi('Offer');
export type Offer = z.infer<typeof OfferSchema>;
