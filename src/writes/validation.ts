/**
 * Pure checks for write bodies that zod types alone cannot express: base64 payloads, http(s)
 * URLs, the file-upload rules of contract §2.6, and errors that name the offending field the
 * same way request validation does (`Invalid field "attachment.data": …`).
 */
import { InputError } from '../lib/errors.js';

export interface Problem {
  path: Array<string | number>;
  message: string;
}

/** `Invalid field "<path>": <message>` as a 400 PLATFORM.INPUT_INVALID. */
export function fieldError(path: string, message: string): InputError {
  return new InputError(`Invalid field "${path}": ${message}`);
}

const BASE64_STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64_URL = /^[A-Za-z0-9_-]*={0,2}$/;

/** Standard or URL-safe base64, padding optional, line breaks and spaces ignored; never empty. */
export function isBase64(text: string): boolean {
  const compact = text.replace(/[\s]+/g, '');
  if (compact.length === 0) return false;
  if (!BASE64_STANDARD.test(compact) && !BASE64_URL.test(compact)) return false;
  const padding = compact.length - compact.replace(/=+$/, '').length;
  if (padding > 0 && compact.length % 4 !== 0) return false;
  return (compact.length - padding) % 4 !== 1;
}

export function decodeBase64(text: string): Uint8Array {
  const compact = text.replace(/[\s]+/g, '');
  return new Uint8Array(Buffer.from(compact, /[-_]/.test(compact) ? 'base64url' : 'base64'));
}

/** Bytes a base64 text decodes to, without decoding it. */
export function base64Size(text: string): number {
  const compact = text.replace(/[\s]+/g, '').replace(/=+$/, '');
  return Math.floor((compact.length * 3) / 4);
}

export function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

const MIME_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(\s*;.*)?$/;

export const isMimeType = (text: string): boolean => MIME_TYPE.test(text.trim());

export interface FileUploadFields {
  content_type?: string | null | undefined;
  data_url?: string | null | undefined;
  data?: string | null | undefined;
}

/** The §2.6 rules: exactly one of `data` (base64, with `content_type`) and `data_url` (http or https). */
export function fileUploadProblems(file: FileUploadFields): Problem[] {
  const problems: Problem[] = [];
  const hasData = typeof file.data === 'string';
  const hasUrl = typeof file.data_url === 'string';
  if (hasData && hasUrl) problems.push({ path: ['data_url'], message: 'send either "data" or "data_url", not both' });
  if (!hasData && !hasUrl) problems.push({ path: ['data'], message: 'one of "data" (base64) or "data_url" is required' });
  if (hasData) {
    if (!isBase64(file.data ?? '')) problems.push({ path: ['data'], message: 'is not base64-encoded file content' });
    if (!file.content_type) problems.push({ path: ['content_type'], message: 'is required when "data" is sent' });
  }
  if (hasUrl && !isHttpUrl(file.data_url ?? '')) problems.push({ path: ['data_url'], message: 'must be an http or https URL' });
  if (file.content_type && !isMimeType(file.content_type)) problems.push({ path: ['content_type'], message: 'is not a MIME type such as application/pdf' });
  return problems;
}
