import { z } from '@hono/zod-openapi';
import { LocationSchema, OutcomeSchema, dateTime } from './common.js';
import { CandidateRefSchema, JobRefSchema } from './refs.js';

/** Interviewer entry of `interviews[].users`. */
export const InterviewUserSchema = z.object({
  id: z.string(),
  remote_id: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  email: z.string().nullable().optional(),
});
export type InterviewUser = z.infer<typeof InterviewUserSchema>;

/** Item of GET /ats/interviews (contract §4.23). */
export const InterviewSchema = z
  .object({
    id: z.string(),
    remote_id: z.string().nullable(),
    title: z.string().nullable(),
    starting_at: dateTime.nullable(),
    ending_at: dateTime.nullable(),
    location: LocationSchema.nullable().optional(),
    video_conferencing_url: z.string().nullable(),
    application_id: z.string().nullable(),
    stage_id: z.string().nullable(),
    canceled: z.boolean().nullable(),
    remote_created_at: dateTime.nullable(),
    remote_updated_at: dateTime.nullable(),
    changed_at: dateTime,
    remote_deleted_at: dateTime.nullable(),
    users: z.array(InterviewUserSchema),
    application: z
      .object({
        id: z.string(),
        remote_id: z.string().nullable(),
        outcome: OutcomeSchema.nullable(),
        rejection_reason_name: z.string().nullable(),
        candidate: CandidateRefSchema.nullable(),
        job: JobRefSchema.nullable(),
      })
      .nullable(),
  })
  .openapi('Interview');
export type Interview = z.infer<typeof InterviewSchema>;
