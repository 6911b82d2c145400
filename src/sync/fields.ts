/**
 * Raw vendor data on records: stored apart from own fields during syncs (`storeExtras`), and
 * added to views when they are composed (`loadViewDecorator`):
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
import { hashOf } from '../lib/json.js';
import type { Database, IntegrationFieldRow } from '../storage/database.js';
import {
  customFieldMappings,
  enabledIntegrationFields,
  insertDiscoveredFields,
  readExtras,
  readFieldSettings,
  upsertExtras,
  type ExtrasInput,
} from '../storage/repositories/fields.repository.js';
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
 * Stores the raw data of one page of records and registers the fields it shows; returns the ids
 * of records whose raw data changed (their views need composing again).
 */
export async function storeExtras(
  db: Executor,
  integrationId: string,
  model: string,
  records: ReadonlyArray<SourceExtras & { remote_id: string }>,
  now: string,
): Promise<string[]> {
  const fieldModel = FIELD_MODELS[model];
  if (!fieldModel || !records.some(hasExtras)) return [];
  const rows: ExtrasInput[] = [];
  type DiscoveredField = { id: string; integration_id: string; model: string; key: string; type: 'DEFAULT' | 'CUSTOM'; label: string | null; created_at: string };
  // By field key: the vendor's standard fields, and its custom ones.
  const defaults = new Map<string, DiscoveredField>();
  const customDefinitions = new Map<string, DiscoveredField>();
  const customs = new Map<string, { id: string; integration_id: string; model: string; key: string; label: string | null; created_at: string }>();
  for (const record of records) {
    if (!hasExtras(record)) continue;
    const custom = record.remote_custom_fields ? Object.fromEntries(Object.entries(record.remote_custom_fields).map(([k, v]) => [k, v.value ?? null])) : null;
    const remote = record.remote_data ?? null;
    rows.push({
      record_id: recordId(integrationId, model, record.remote_id),
      hash: hashOf([remote, custom]),
      serialise: () => ({ remote_data: remote === null ? null : JSON.stringify(remote), custom_values: custom === null ? null : JSON.stringify(custom) }),
    });
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
  return upsertExtras(db, integrationId, model, rows);
}

interface ModelDecoration {
  enabled: IntegrationFieldRow[];
  mappings: Array<{ key: string; field: IntegrationFieldRow }>;
  remoteData: boolean;
}

export interface ViewDecorator {
  /** The `views_version` these settings belong to. */
  version: number;
  /**
   * Adds the field data to the composed views of `model` (in place); returns what `updated_after`
   * must react to per view, or null when the model has nothing to add.
   */
  decorate(db: Executor, integrationId: string, model: string, items: ReadonlyArray<{ id: string; view: Json }>): Promise<Array<{ tracked: unknown }> | null>;
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

/** Loads an integration's field settings once per composition. */
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
    version: settings.viewsVersion,
    async decorate(database, id, model, items) {
      const deco = byModel.get(model);
      if (!deco) return null;
      const active = deco.enabled.length > 0 || deco.mappings.length > 0 || deco.remoteData;
      if (!active) {
        for (const item of items) item.view['integration_fields'] = [];
        return items.map(() => ({ tracked: null }));
      }
      const extras = await readExtras(
        database,
        id,
        model,
        items.map((i) => i.id),
      );
      return items.map((item) => {
        const stored = extras.get(item.id);
        const remote = parse(stored?.remote_data);
        const custom = parse(stored?.custom_values);
        const integrationFields = deco.enabled.map((f) => ({ id: f.id, key: f.key, type: f.type, label: f.label, value: valueOf(f, remote, custom) }));
        const customFields = deco.mappings.length ? Object.fromEntries(deco.mappings.map((m) => [m.key, valueOf(m.field, remote, custom)])) : null;
        item.view['integration_fields'] = integrationFields;
        item.view['custom_fields'] = customFields;
        if (deco.remoteData) item.view['remote_data'] = remote;
        // updated_after reacts to field values; changed_at stays with the own fields, because
        // views embedding this record (composed earlier in the run) could not show a new one.
        return { tracked: [customFields, integrationFields] };
      });
    },
  };
}
