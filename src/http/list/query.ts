/**
 * Query parameters shared by every ATS list endpoint (contract §2.3), as zod schemas so that
 * validation, types and the OpenAPI document come from one place.
 */
import { z } from '@hono/zod-openapi';

/** Comma-separated values (the SDK joins arrays with "," and percent-encodes it). Empty = no filter. */
export const csv = (description: string) =>
  z
    .string()
    .optional()
    .transform((value) => {
      if (value === undefined) return null;
      const items = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      return items.length ? items : null;
    })
    .openapi({ type: 'string', description: `${description} Comma-separated.` });

export const csvEnum = <T extends readonly [string, ...string[]]>(values: T, description: string) =>
  csv(description).superRefine((items, ctx) => {
    for (const item of items ?? []) {
      if (!values.includes(item)) ctx.addIssue({ code: 'custom', message: `"${item}" is not one of ${values.join(', ')}` });
    }
  }) as unknown as z.ZodType<T[number][] | null, string | undefined>;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO-8601 instant; without a zone it is read as UTC. Normalised to `toISOString()`. */
export const instant = (description: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return null;
      const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value) || !value.includes('T');
      const parsed = ISO_DATE_TIME.test(value) ? Date.parse(hasZone ? value : `${value}Z`) : Number.NaN;
      if (Number.isNaN(parsed)) {
        ctx.addIssue({ code: 'custom', message: `"${value}" is not an ISO-8601 date-time such as 2024-01-02T03:04:05.000Z` });
        return z.NEVER;
      }
      return new Date(parsed).toISOString();
    })
    .openapi({ type: 'string', format: 'date-time', description });

const bool = (description: string) =>
  z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .openapi({ type: 'boolean', description });

export const commonListQuery = {
  cursor: z.string().optional().openapi({ description: 'The `next` value of the previous page.' }),
  page_size: z.coerce
    .number()
    .int()
    .min(1)
    .max(250)
    .default(100)
    .openapi({ type: 'integer', minimum: 1, maximum: 250, default: 100, description: 'Results per page (1-250).' }),
  updated_after: instant('Only records where the record or tracked nested data changed after this instant.'),
  include_deleted: bool('Include records deleted in the source system.'),
  ignore_unsupported_filters: bool('Ignore filters on fields the integration cannot provide instead of returning nothing.'),
  ids: csv('Our record ids.'),
  remote_ids: csv('Remote (source system) ids.'),
};

export type CommonListQuery = {
  cursor?: string | undefined;
  page_size: number;
  updated_after: string | null;
  include_deleted: boolean;
  ignore_unsupported_filters: boolean;
  ids: string[] | null;
  remote_ids: string[] | null;
};
