/**
 * Helpers for writing a tool's attachment facts and `remote_fields` keys into its manifest
 * (`capabilities.writes.attachmentRules`, `.remoteFields`); shared code reads them in `src/writes/`.
 *
 * @example
 * const rule = accepted(20_000_000, mimeTypesOf('pdf', 'docx')); // any number of PDFs or DOCX files up to 20 MB
 */
import type { AttachmentTypeRule, WriteActionId } from './writes.js';

export const EXTENSION_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  rtf: 'application/rtf',
  odt: 'application/vnd.oasis.opendocument.text',
  txt: 'text/plain',
  html: 'text/html',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  tiff: 'image/tiff',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip',
};

/** MIME types of file extensions, for manifests that quote a vendor's list of extensions. */
export function mimeTypesOf(...extensions: string[]): string[] {
  return [...new Set(extensions.map((ext) => EXTENSION_TYPES[ext] ?? `unknown/${ext}`))];
}

/** A rule accepting a type with the given size and MIME types, any number of times. */
export const accepted = (maxFileSizeBytes: number | null, acceptedMimeTypes: readonly string[] | null): AttachmentTypeRule => ({
  supported: true,
  maxFileSizeBytes,
  acceptedMimeTypes,
  minAmount: 0,
  maxAmount: null,
});


/** The same `remote_fields` key paths for each of `actions`. */
export function sameKeys(actions: readonly WriteActionId[], paths: readonly string[]): Partial<Record<WriteActionId, readonly string[]>> {
  return Object.fromEntries(actions.map((action) => [action, paths]));
}
