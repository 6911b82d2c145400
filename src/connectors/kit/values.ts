/**
 * Small value readers every vendor mapping needs: trimmed text or null, timestamps as ISO-8601 with
 * milliseconds, one full name split in two, and a file's content type from its extension.
 *
 * @example
 * clean('  Ada ');                 // 'Ada'
 * iso('2024-04-02T08:15:31.000000Z'); // '2024-04-02T08:15:31.000Z'
 * splitName('Ada King Lovelace');  // { first_name: 'Ada', last_name: 'King Lovelace' }
 */
import { EXTENSION_TYPES } from '../attachment-facts.js';

/** Trimmed text; null when absent or blank. */
export const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** A vendor timestamp (any precision Date.parse reads) as ISO-8601 with ms; null when absent or unreadable. */
export function iso(value: string | null | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** A single full name: the first word is the first name, the rest the last name. */
export function splitName(name: string | null | undefined): { first_name: string | null; last_name: string | null } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  return { first_name: parts[0] ?? null, last_name: parts.length > 1 ? parts.slice(1).join(' ') : null };
}

/** The content type of a file name's extension; `application/octet-stream` when unknown. */
export function contentTypeOfName(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot >= 0 ? EXTENSION_TYPES[name.slice(dot + 1).toLowerCase()] : undefined) ?? 'application/octet-stream';
}
