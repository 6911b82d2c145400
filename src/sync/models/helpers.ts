import type { Json, Related } from '../model-spec.js';

/** The standard wrapper every listed record has around its own fields. */
export function baseView(record: Related, omit: readonly string[] = []): Json {
  const own: Json = { ...record.own };
  for (const key of omit) delete own[key];
  return { id: record.id, ...own, changed_at: record.changed_at, remote_deleted_at: record.deleted_at };
}

export const lower = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value.toLowerCase() : null);

export function keysOf(entries: Array<readonly [string, unknown]>): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  for (const [field, value] of entries) {
    if (typeof value === 'string' && value.length > 0) out.push([field, value]);
  }
  return out;
}

export function str(own: Json, key: string): string | null {
  const value = own[key];
  return typeof value === 'string' ? value : null;
}

export function arr<T = Json>(own: Json, key: string): T[] {
  const value = own[key];
  return Array.isArray(value) ? (value as T[]) : [];
}
