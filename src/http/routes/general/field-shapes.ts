/** Wire shapes of integration fields and custom fields (contract §5.9–5.12), shared by their routes. */
import { z } from '@hono/zod-openapi';
import type { Signer } from '../../../lib/crypto.js';
import type { CustomFieldRow, IntegrationFieldRow } from '../../../storage/database.js';
import { decodeCursor, encodeCursor } from '../../list/cursor.js';

export const IntegrationFieldSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    model: z.string(),
    type: z.enum(['DEFAULT', 'CUSTOM']),
    label: z.string().nullable(),
    is_passthrough_enabled: z.boolean(),
    is_writable: z.literal(false),
  })
  .openapi('IntegrationField');

export const CustomFieldSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    integration_field: z.object({ id: z.string(), key: z.string(), type: z.enum(['DEFAULT', 'CUSTOM']), label: z.string().nullable() }).nullable(),
    model: z.string(),
    label: z.string().nullable(),
    description: z.string().nullable(),
  })
  .openapi('CustomField');

export function integrationFieldView(row: IntegrationFieldRow): z.infer<typeof IntegrationFieldSchema> {
  return {
    id: row.id,
    key: row.key,
    model: row.model,
    type: row.type,
    label: row.label,
    is_passthrough_enabled: Number(row.passthrough_enabled) === 1,
    is_writable: false,
  };
}

export function customFieldView(row: CustomFieldRow, field: IntegrationFieldRow | undefined): z.infer<typeof CustomFieldSchema> {
  return {
    id: row.id,
    key: row.key,
    integration_field: field ? { id: field.id, key: field.key, type: field.type, label: field.label } : null,
    model: row.model,
    label: row.label,
    description: row.description,
  };
}

/** Keyset cursors over one integration's fields, signed like the ATS list cursors. */
export const fieldCursor = {
  encode: (signer: Signer, integrationId: string, kind: string, lastId: string) => encodeCursor(signer, { i: integrationId, m: kind, a: lastId }),
  decode: (signer: Signer, integrationId: string, kind: string, cursor: string | undefined) =>
    cursor === undefined || cursor === '' ? null : decodeCursor(signer, cursor, { integrationId, model: kind }),
};
