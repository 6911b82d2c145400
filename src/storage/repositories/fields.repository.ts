/**
 * Raw vendor data, integration fields, custom fields and their per-integration settings: the only
 * place their SQL is written (migration 0005).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CustomFieldRow, Database, IntegrationFieldRow } from '../database.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface FieldSettings {
  remoteDataEnabled: boolean;
  viewsVersion: number;
  composedVersion: number;
  composerVersion: number;
  /** When every view was last rebuilt; null if never. */
  composedAt: string | null;
  /** Start of a sync that stored records and has not composed their views (yet, or ever). */
  composePendingSince: string | null;
}

export async function readFieldSettings(db: Executor, integrationId: string): Promise<FieldSettings> {
  const row = await db.selectFrom('integration_settings').selectAll().where('integration_id', '=', integrationId).executeTakeFirst();
  return {
    remoteDataEnabled: Number(row?.remote_data_enabled ?? 0) === 1,
    viewsVersion: Number(row?.views_version ?? 0),
    composedVersion: Number(row?.composed_version ?? 0),
    composerVersion: Number(row?.composer_version ?? 0),
    composedAt: row?.composed_at ?? null,
    composePendingSince: row?.compose_pending_since ?? null,
  };
}

async function ensureSettings(db: Executor, integrationId: string, now: string): Promise<void> {
  await db
    .insertInto('integration_settings')
    .values({ integration_id: integrationId, remote_data_enabled: 0, views_version: 0, composed_version: 0, composer_version: 0, composed_at: null, compose_pending_since: null, updated_at: now })
    .onConflict((oc) => oc.column('integration_id').doNothing())
    .execute();
}

/** Marks every view of the integration for recomposition by the next sync. */
export async function bumpViewsVersion(db: Executor, integrationId: string, now: string): Promise<void> {
  await ensureSettings(db, integrationId, now);
  await db
    .updateTable('integration_settings')
    .set((eb) => ({ views_version: eb('views_version', '+', 1), updated_at: now }))
    .where('integration_id', '=', integrationId)
    .execute();
}

export async function setRemoteDataEnabled(db: Executor, integrationId: string, enabled: boolean, now: string): Promise<void> {
  await ensureSettings(db, integrationId, now);
  await db
    .updateTable('integration_settings')
    .set((eb) => ({ remote_data_enabled: enabled ? 1 : 0, views_version: eb('views_version', '+', 1), updated_at: now }))
    .where('integration_id', '=', integrationId)
    .execute();
}

/*
 * `compose_pending_since` says that stored records may be waiting for their views: a sync or a
 * write action claims it before storing and clears its own mark once the views are composed. A
 * mark left behind (a process died, composing failed) makes the next sync rebuild every view.
 */

/** Sets the mark to `at` unless one is already there; true when this call set it. */
export async function claimComposePending(db: Executor, integrationId: string, at: string, now: string): Promise<boolean> {
  await ensureSettings(db, integrationId, now);
  const result = await db
    .updateTable('integration_settings')
    .set({ compose_pending_since: at })
    .where('integration_id', '=', integrationId)
    .where('compose_pending_since', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Sets the mark to `at` whatever is there (composing failed: a running sync must not clear it). */
export async function forceComposePending(db: Executor, integrationId: string, at: string, now: string): Promise<void> {
  await ensureSettings(db, integrationId, now);
  await db.updateTable('integration_settings').set({ compose_pending_since: at }).where('integration_id', '=', integrationId).execute();
}

/** Clears the mark if it is still `mark` (someone else's newer mark stays). */
export async function clearComposePending(db: Executor, integrationId: string, mark: string): Promise<void> {
  await db.updateTable('integration_settings').set({ compose_pending_since: null }).where('integration_id', '=', integrationId).where('compose_pending_since', '=', mark).execute();
}

/** Records that every view was recomposed with the settings of `version` by composers of `composerVersion`. */
export async function markComposed(db: Executor, integrationId: string, version: number, composerVersion: number, now: string): Promise<void> {
  await ensureSettings(db, integrationId, now);
  await db
    .updateTable('integration_settings')
    .set({
      // Settings may have changed again while composing: never move the version backwards.
      composed_version: sql<number>`CASE WHEN composed_version < ${version} THEN ${version} ELSE composed_version END`,
      composer_version: composerVersion,
      composed_at: now,
      updated_at: now,
    })
    .where('integration_id', '=', integrationId)
    .execute();
}

export interface ExtrasInput {
  record_id: string;
  hash: string;
  /** The stored text, produced only when the hash shows a change (most records of a sync have none). */
  serialise(): { remote_data: string | null; custom_values: string | null };
}

/** Stores the raw data of a batch of records; returns the ids whose stored raw data changed. */
export async function upsertExtras(db: Executor, integrationId: string, model: string, rows: readonly ExtrasInput[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const existing = new Map<string, string>();
  for (let i = 0; i < rows.length; i += 500) {
    const found = await db
      .selectFrom('record_extras')
      .select(['record_id', 'hash'])
      .where('integration_id', '=', integrationId)
      .where('model', '=', model)
      .where(
        'record_id',
        'in',
        rows.slice(i, i + 500).map((r) => r.record_id),
      )
      .execute();
    for (const row of found) existing.set(row.record_id, row.hash);
  }
  const unique = new Map(rows.map((r) => [r.record_id, r]));
  const changed = [...unique.values()].filter((r) => existing.get(r.record_id) !== r.hash);
  for (let i = 0; i < changed.length; i += 300) {
    await db
      .insertInto('record_extras')
      .values(changed.slice(i, i + 300).map((r) => ({ integration_id: integrationId, model, record_id: r.record_id, hash: r.hash, ...r.serialise() })))
      .onConflict((oc) =>
        oc.columns(['integration_id', 'model', 'record_id']).doUpdateSet((eb) => ({
          remote_data: eb.ref('excluded.remote_data'),
          custom_values: eb.ref('excluded.custom_values'),
          hash: eb.ref('excluded.hash'),
        })),
      )
      .execute();
  }
  return changed.map((r) => r.record_id);
}

export async function readExtras(
  db: Executor,
  integrationId: string,
  model: string,
  ids: readonly string[],
): Promise<Map<string, { remote_data: string | null; custom_values: string | null }>> {
  const out = new Map<string, { remote_data: string | null; custom_values: string | null }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('record_extras')
      .select(['record_id', 'remote_data', 'custom_values'])
      .where('integration_id', '=', integrationId)
      .where('model', '=', model)
      .where('record_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) out.set(row.record_id, { remote_data: row.remote_data, custom_values: row.custom_values });
  }
  return out;
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
  await db.deleteFrom('record_extras').where('integration_id', '=', integrationId).execute();
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
