/**
 * Raw vendor data on records: stored in the record's row during syncs (`rawColumns`), and added
 * to views when they are composed at read time (`loadViewDecorator`):
 *
 * - `remote_data`: the vendor's object, only for integrations that enabled it;
 * - `integration_fields`: `[{id, key, type, label, value}]` for the vendor fields whose
 *   passthrough is enabled (DEFAULT: top-level keys of the raw object; CUSTOM: the vendor's
 *   custom fields);
 * - `custom_fields`: `{<key>: value | null}` for mapped custom fields (null when none is mapped).
 *
 * Syncs also discover the integration fields and the custom fields the endpoints list.
 */
import type { Kysely, Transaction } from 'kysely';
import type { SourceExtras } from '../connectors/source-records.js';
import { recordId } from '../lib/ids.js';
import type { Database, IntegrationFieldRow } from '../storage/database.js';
import { customFieldMappings, enabledIntegrationFields, insertDiscoveredFields, readFieldSettings } from '../storage/repositories/fields.repository.js';
import type { Json } from './model-spec.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Our model names and Kombo's (`model` in the field endpoints) for the models with raw data. */
export const FIELD_MODELS: Readonly<Record<string, string>> = { jobs: 'ats_jobs', candidates: 'ats_candidates', applications: 'ats_applications' };

export const integrationFieldId = (integrationId: string, model: string, type: 'DEFAULT' | 'CUSTOM', key: string) =>
  recordId(integrationId, 'integration_fields', `${model}\u0000${type}\u0000${key}`);
export const customFieldId = (integrationId: string, model: string, key: string) => recordId(integrationId, 'custom_fields', `${model}\u0000${key}`);

function hasExtras(record: SourceExtras): boolean {
  return record.remote_data !== undefined || record.remote_custom_fields !== undefined;
}

/**
 * The stored text of a record's raw data: its custom field values, and the vendor's object when
 * `keepRemote` (see `modelsKeepingRemoteData`).
 */
export function rawColumns(model: string, record: SourceExtras, keepRemote: boolean): { remote_data: string | null; custom_values: string | null } {
  if (!FIELD_MODELS[model] || !hasExtras(record)) return { remote_data: null, custom_values: null };
  const custom = record.remote_custom_fields ? Object.fromEntries(Object.entries(record.remote_custom_fields).map(([k, v]) => [k, v.value ?? null])) : null;
  return { remote_data: keepRemote && record.remote_data ? JSON.stringify(record.remote_data) : null, custom_values: custom === null ? null : JSON.stringify(custom) };
}

/**
 * The models whose raw vendor payload is stored: all of them with `remote_data` enabled, else those
 * with an enabled integration field or a custom field mapped to one that reads it. Storing and
 * hashing every payload would cost each sync and the disk for what nobody reads; turning one of
 * these on starts a full sync, which stores them (routes/general).
 */
export async function modelsKeepingRemoteData(db: Executor, integrationId: string): Promise<ReadonlySet<string>> {
  if ((await readFieldSettings(db, integrationId)).remoteDataEnabled) return new Set(Object.keys(FIELD_MODELS));
  const fields = [...(await enabledIntegrationFields(db, integrationId)), ...(await customFieldMappings(db, integrationId)).map((m) => m.field)];
  const fieldModels = new Set(fields.filter((f) => f.type !== 'CUSTOM').map((f) => f.model));
  return new Set(Object.keys(FIELD_MODELS).filter((model) => fieldModels.has(FIELD_MODELS[model] ?? '')));
}

/** Registers the integration fields and custom fields one page of records shows. */
export async function discoverFields(db: Executor, integrationId: string, model: string, records: ReadonlyArray<SourceExtras>, now: string): Promise<void> {
  const fieldModel = FIELD_MODELS[model];
  if (!fieldModel || !records.some(hasExtras)) return;
  type DiscoveredField = { id: string; integration_id: string; model: string; key: string; type: 'DEFAULT' | 'CUSTOM'; label: string | null; created_at: string };
  // By field key: the vendor's standard fields, and its custom ones.
  const defaults = new Map<string, DiscoveredField>();
  const customDefinitions = new Map<string, DiscoveredField>();
  const customs = new Map<string, { id: string; integration_id: string; model: string; key: string; label: string | null; created_at: string }>();
  for (const record of records) {
    const remote = record.remote_data;
    // Every record of a page shows mostly the same keys: ids are derived once per key.
    if (remote) {
      for (const key in remote) {
        if (!Object.hasOwn(remote, key) || defaults.has(key)) continue;
        const id = integrationFieldId(integrationId, fieldModel, 'DEFAULT', key);
        defaults.set(key, { id, integration_id: integrationId, model: fieldModel, key, type: 'DEFAULT', label: key, created_at: now });
      }
    }
    for (const [key, value] of Object.entries(record.remote_custom_fields ?? {})) {
      if (customDefinitions.has(key)) continue;
      const id = integrationFieldId(integrationId, fieldModel, 'CUSTOM', key);
      customDefinitions.set(key, { id, integration_id: integrationId, model: fieldModel, key, type: 'CUSTOM', label: value.label ?? key, created_at: now });
      const customId = customFieldId(integrationId, fieldModel, key);
      customs.set(customId, { id: customId, integration_id: integrationId, model: fieldModel, key, label: value.label ?? key, created_at: now });
    }
  }
  await insertDiscoveredFields(db, [...defaults.values(), ...customDefinitions.values()], [...customs.values()]);
}

interface ModelDecoration {
  enabled: IntegrationFieldRow[];
  mappings: Array<{ key: string; field: IntegrationFieldRow }>;
  remoteData: boolean;
}

export interface ViewDecorator {
  /**
   * What the field settings add to each view of `model` (`integration_fields`, and `custom_fields`
   * and `remote_data` when set), read from the record's raw columns; null when nothing.
   */
  forModel(model: string): ((row: { remote_data: string | null; custom_values: string | null }) => Json) | null;
}

function parse(text: string | null | undefined): Json | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

function valueOf(field: IntegrationFieldRow, remote: Json | null, custom: Json | null): unknown {
  const source = field.type === 'CUSTOM' ? custom : remote;
  return source?.[field.key] ?? null;
}

/** Loads an integration's field settings (once per page read). */
export async function loadViewDecorator(db: Executor, integrationId: string): Promise<ViewDecorator> {
  const settings = await readFieldSettings(db, integrationId);
  const enabled = await enabledIntegrationFields(db, integrationId);
  const mappings = await customFieldMappings(db, integrationId);
  const byModel = new Map<string, ModelDecoration>();
  for (const [model, fieldModel] of Object.entries(FIELD_MODELS)) {
    byModel.set(model, {
      enabled: enabled.filter((f) => f.model === fieldModel),
      mappings: mappings.filter((m) => m.model === fieldModel),
      remoteData: settings.remoteDataEnabled,
    });
  }
  return {
    forModel(model) {
      const deco = byModel.get(model);
      if (!deco) return null;
      if (deco.enabled.length === 0 && deco.mappings.length === 0 && !deco.remoteData) return () => ({ integration_fields: [] });
      return (row) => {
        const remote = parse(row.remote_data);
        const custom = parse(row.custom_values);
        const out: Json = { integration_fields: deco.enabled.map((f) => ({ id: f.id, key: f.key, type: f.type, label: f.label, value: valueOf(f, remote, custom) })) };
        if (deco.mappings.length) out['custom_fields'] = Object.fromEntries(deco.mappings.map((m) => [m.key, valueOf(m.field, remote, custom)]));
        if (deco.remoteData) out['remote_data'] = remote;
        return out;
      };
    },
  };
}
