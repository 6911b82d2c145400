/**
 * Turns an uploaded file (`data` in base64 or a `data_url`) into bytes for the vendor. A
 * `data_url` goes through the SSRF-guarded fetcher (`lib/safe-fetch.ts`); both paths are
 * size-capped. Failures are 400s naming the field.
 */
import type { FileToUpload } from '../connectors/writes.js';
import type { AttachmentType } from '../model/common.js';
import { safeFetch, SafeFetchError, type ResolvedAddress } from '../lib/safe-fetch.js';
import { base64Size, decodeBase64, fieldError } from './validation.js';

export interface AttachmentLimits {
  /** Non-public addresses a `data_url` may reach: none, all, or these ranges. */
  allowPrivate: boolean | readonly string[];
  maxBytes: number;
  timeoutMs: number;
  /** Host name resolution for `data_url`s (tests substitute their own). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;

export interface UploadBody {
  name: string;
  content_type?: string | null | undefined;
  data_url?: string | null | undefined;
  data?: string | null | undefined;
}

/** `path` names the upload in errors, e.g. `attachment` or `attachments.1`. */
export async function loadUpload(upload: UploadBody, type: AttachmentType, path: string, limits: AttachmentLimits): Promise<FileToUpload> {
  if (typeof upload.data === 'string') {
    const size = base64Size(upload.data);
    if (size > limits.maxBytes) throw fieldError(`${path}.data`, `the file is ${size} bytes, more than the limit of ${limits.maxBytes} bytes.`);
    const data = decodeBase64(upload.data);
    if (data.length === 0) throw fieldError(`${path}.data`, 'the file is empty.');
    return { name: upload.name, content_type: upload.content_type ?? 'application/octet-stream', type, data };
  }
  const url = upload.data_url ?? '';
  try {
    const fetched = await safeFetch(url, {
      maxBytes: limits.maxBytes,
      timeoutMs: limits.timeoutMs,
      allowPrivate: limits.allowPrivate,
      ...(limits.resolve ? { resolve: limits.resolve } : {}),
    });
    if (fetched.body.length === 0) throw fieldError(`${path}.data_url`, 'the download is empty.');
    const contentType = upload.content_type ?? fetched.contentType ?? 'application/octet-stream';
    return { name: upload.name, content_type: contentType, type, data: fetched.body, source_url: url };
  } catch (err) {
    if (!(err instanceof SafeFetchError)) throw err;
    const hint =
      err.reason === 'blocked_address'
        ? ' Files must come from a public address (the server operator can allow others with ALLOW_PRIVATE_ATTACHMENT_URLS).'
        : '';
    throw fieldError(`${path}.data_url`, `the file could not be downloaded: ${err.message}.${hint}`);
  }
}
