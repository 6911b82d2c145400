/**
 * Integration fields, custom fields and their per-integration settings: the only place their SQL
 * is written (migrations 0005, 0012).
 */
import type { Kysely, Transaction } from 'kysely';
import type { CustomFieldRow, Database, IntegrationFieldRow } from '../database.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface FieldSettings {
  remoteDataEnabled: boolean;
}

export async function readFieldSettings(db: Executor, integrationId: string): Promise<FieldSettings> {
  const row = await db.selectFrom('integration_settings').select('remote_data_enabled').where('integration_id', '=', integrationId).executeTakeFirst();
  return { remoteDataEnabled: Number(row?.remote_data_enabled ?? 0) === 1 };
}

export async function setRemoteDataEnabled(db: Executor, integrationId: string, enabled: boolean, now: string): Promise<void> {
  await db
    .insertInto('integration_settings')
    .values({ integration_id: integrationId, remote_data_enabled: enabled ? 1 : 0, updated_at: now })
    .onConflict((oc) => oc.column('integration_id').doUpdateSet({ remote_data_enabled: enabled ? 1 : 0, updated_at: now }))
    .execute();
}

/** Adds fields a sync found (existing ones are left as they are, settings included). */
export async function insertDiscoveredFields(
  db: Executor,
  fields: ReadonlyArray<Omit<IntegrationFieldRow, 'passthrough_enabled'>>,
  customFields: ReadonlyArray<Omit<CustomFieldRow, 'integration_field_id' | 'description'>>,
): Promise<void> {
  for (let i = 0; i < fields.length; i += 200) {
    await db
      .insertInto('integration_fields')
      .values(fields.slice(i, i + 200).map((f) => ({ ...f, passthrough_enabled: 0 })))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  for (let i = 0; i < customFields.length; i += 200) {
    await db
      .insertInto('custom_fields')
      .values(customFields.slice(i, i + 200).map((f) => ({ ...f, description: null, integration_field_id: null })))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

export async function listIntegrationFields(db: Executor, integrationId: string, afterId: string | null, limit: number): Promise<IntegrationFieldRow[]> {
  let q = db.selectFrom('integration_fields').selectAll().where('integration_id', '=', integrationId);
  if (afterId !== null) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit).execute();
}

export async function findIntegrationField(db: Executor, integrationId: string, id: string): Promise<IntegrationFieldRow | undefined> {
  return db.selectFrom('integration_fields').selectAll().where('integration_id', '=', integrationId).where('id', '=', id).executeTakeFirst();
}

export async function setFieldPassthrough(db: Executor, integrationId: string, id: string, enabled: boolean): Promise<void> {
  await db
    .updateTable('integration_fields')
    .set({ passthrough_enabled: enabled ? 1 : 0 })
    .where('integration_id', '=', integrationId)
    .where('id', '=', id)
    .execute();
}

export async function enabledIntegrationFields(db: Executor, integrationId: string): Promise<IntegrationFieldRow[]> {
  return db.selectFrom('integration_fields').selectAll().where('integration_id', '=', integrationId).where('passthrough_enabled', '=', 1).orderBy('id').execute();
}

export async function listCustomFields(db: Executor, integrationId: string, afterId: string | null, limit: number): Promise<CustomFieldRow[]> {
  let q = db.selectFrom('custom_fields').selectAll().where('integration_id', '=', integrationId);
  if (afterId !== null) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit).execute();
}

export async function findCustomField(db: Executor, integrationId: string, id: string): Promise<CustomFieldRow | undefined> {
  return db.selectFrom('custom_fields').selectAll().where('integration_id', '=', integrationId).where('id', '=', id).executeTakeFirst();
}

export async function setCustomFieldMapping(db: Executor, integrationId: string, id: string, integrationFieldId: string | null): Promise<void> {
  await db
    .updateTable('custom_fields')
    .set({ integration_field_id: integrationFieldId })
    .where('integration_id', '=', integrationId)
    .where('id', '=', id)
    .execute();
}

/** Mapped custom fields with the integration field each one reads. */
export async function customFieldMappings(db: Executor, integrationId: string): Promise<Array<{ model: string; key: string; field: IntegrationFieldRow }>> {
  const mapped = await db
    .selectFrom('custom_fields')
    .select(['model', 'key', 'integration_field_id'])
    .where('integration_id', '=', integrationId)
    .where('integration_field_id', 'is not', null)
    .orderBy('key')
    .execute();
  if (mapped.length === 0) return [];
  const fields = await db
    .selectFrom('integration_fields')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .where('id', 'in', mapped.map((m) => m.integration_field_id ?? ''))
    .execute();
  const byId = new Map(fields.map((f) => [f.id, f]));
  return mapped.flatMap((m) => {
    const field = byId.get(m.integration_field_id ?? '');
    return field ? [{ model: m.model, key: m.key, field }] : [];
  });
}

export async function deleteIntegrationFieldData(db: Executor, integrationId: string): Promise<void> {
  await db.deleteFrom('integration_fields').where('integration_id', '=', integrationId).execute();
  await db.deleteFrom('custom_fields').where('integration_id', '=', integrationId).execute();
  await db.deleteFrom('integration_settings').where('integration_id', '=', integrationId).execute();
}

export async function listIntegrationFieldsByIds(db: Executor, integrationId: string, ids: readonly string[]): Promise<Map<string, IntegrationFieldRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('integration_fields')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}
