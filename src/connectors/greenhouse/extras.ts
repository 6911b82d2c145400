/**
 * Raw Harvest data on source records: the vendor object as `remote_data` and its `custom_fields`
 * (`{key: {name, type, value}}`) as the record's vendor custom fields.
 */
import type { SourceCustomField, SourceExtras } from '../source-records.js';

export function harvestCustomFields(raw: Readonly<Record<string, unknown>>): Record<string, SourceCustomField> {
  const out: Record<string, SourceCustomField> = {};
  const fields = raw['custom_fields'];
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return out;
  for (const [key, entry] of Object.entries(fields as Record<string, unknown>)) {
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
      const field = entry as Record<string, unknown>;
      out[key] = { label: typeof field['name'] === 'string' ? field['name'] : null, value: field['value'] ?? null };
    } else out[key] = { label: null, value: entry ?? null };
  }
  return out;
}

/** A mapped record with its raw Harvest object and custom fields attached. */
export function withHarvestExtras<T extends SourceExtras>(record: T, raw: Readonly<Record<string, unknown>>): T {
  return { ...record, remote_data: { ...raw }, remote_custom_fields: harvestCustomFields(raw) };
}
