/**
 * Input checks for passthrough requests: the caller's path can never leave the vendor API's base
 * (host and base path), and caller headers can never replace the integration's authentication.
 * Everything here runs before any request is sent; a refusal is a 400 `PLATFORM.INPUT_INVALID`.
 *
 * @example
 * buildPassthroughUrl('https://harvest.greenhouse.io/v3', '/candidates?per_page=5', { page: '2' }).toString();
 * // → 'https://harvest.greenhouse.io/v3/candidates?per_page=5&page=2'
 */
import { InputError } from '../lib/errors.js';

/** Percent-decoding is repeated this often at most (double and triple encodings are decoded too). */
const MAX_DECODE_ROUNDS = 5;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function refuse(path: string, why: string): never {
  throw new InputError(`Invalid field "path": ${why} The path must be relative to the tool API's base URL (e.g. "/candidates"); got ${JSON.stringify(path.slice(0, 200))}.`);
}

/** Every form of the path a server might see: as sent and after each round of percent-decoding. */
function decodings(path: string): string[] {
  const forms = [path];
  let current = path;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      refuse(path, 'it contains malformed percent-encoding.');
    }
    if (next === current) return forms;
    forms.push(next);
    current = next;
  }
  refuse(path, `it is percent-encoded more than ${MAX_DECODE_ROUNDS} times.`);
}

function checkPathForm(original: string, form: string, raw: boolean): void {
  if (CONTROL.test(form)) refuse(original, 'it contains control characters.');
  if (form.includes('\\')) refuse(original, 'it contains a backslash.');
  if (form.startsWith('//')) refuse(original, 'scheme-relative URLs ("//host/…") are not allowed.');
  if (SCHEME.test(form)) refuse(original, 'absolute URLs are not allowed.');
  if (form.includes('#')) refuse(original, 'fragments ("#…") are not allowed.');
  // Raw whitespace is refused; encoded spaces (%20) are ordinary path characters.
  if (raw && /\s/.test(form)) refuse(original, 'it contains whitespace.');
  if (form.includes('@')) refuse(original, 'it contains "@" (user information is not allowed).');
  // "?" decoded from "%3F" is not a query separator for us: every segment counts.
  for (const segment of form.split(/[/?;]/)) {
    if (segment === '..' || segment === '.') refuse(original, '"." and ".." segments are not allowed.');
  }
}

function checkQueryForm(original: string, form: string): void {
  if (CONTROL.test(form)) refuse(original, 'its query contains control characters.');
  if (form.includes('#')) refuse(original, 'fragments ("#…") are not allowed.');
}

/**
 * The vendor URL for a caller's `path` below `baseUrl`, with `params` merged into its query
 * (a param replaces a query parameter of the same name in `path`). Throws `InputError` for
 * anything that could reach another host or leave the base path.
 */
export function buildPassthroughUrl(baseUrl: string, path: string, params: Readonly<Record<string, string>> = {}): URL {
  if (typeof path !== 'string') refuse(String(path), 'it must be a string.');
  if (path.length > 4096) refuse(path, 'it is longer than 4096 characters.');
  const questionMark = path.indexOf('?');
  const rawPath = questionMark < 0 ? path : path.slice(0, questionMark);
  const rawQuery = questionMark < 0 ? '' : path.slice(questionMark + 1);
  for (const [i, form] of decodings(rawPath).entries()) checkPathForm(path, form, i === 0);
  for (const form of decodings(rawQuery)) checkQueryForm(path, form);
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const relative = rawPath.replace(/^\/(?!\/)/, '');
  if (relative.startsWith('/')) refuse(path, 'scheme-relative URLs ("//host/…") are not allowed.');
  const url = new URL(`${base.origin}${basePath}/${relative}`);
  // The URL parser must not have moved anything: same origin, still below the base path.
  if (url.origin !== base.origin) refuse(path, 'it resolves to another host.');
  if (url.pathname !== `${basePath}/${relative}` && decodeURIComponent(url.pathname) !== decodeURIComponent(`${basePath}/${relative}`)) {
    refuse(path, 'it does not stay below the API base path.');
  }
  if (!(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))) refuse(path, 'it does not stay below the API base path.');
  url.search = rawQuery;
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string') throw new InputError(`Invalid field "params.${name}": values must be strings.`);
    url.searchParams.set(name, value);
  }
  if (url.origin !== base.origin) refuse(path, 'it resolves to another host.');
  return url;
}

/** Headers no caller may set: they carry or replace authentication, or describe the transport. */
const ALWAYS_REFUSED = ['authorization', 'proxy-authorization', 'cookie', 'host', 'x-api-key', 'api-key', 'x-auth-token', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te', 'trailer', 'expect'];

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;

/**
 * The caller's headers, checked: none may override authentication (`Authorization`, `Cookie`,
 * `Host`, the tool's own auth headers and every header the integration itself sets).
 */
export function checkPassthroughHeaders(headers: Readonly<Record<string, string>>, fixed: Readonly<Record<string, string>>, vendorAuthHeaders: readonly string[] = []): Record<string, string> {
  const refused = new Set([...ALWAYS_REFUSED, ...vendorAuthHeaders.map((h) => h.toLowerCase()), ...Object.keys(fixed).map((h) => h.toLowerCase())]);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw new InputError(`Invalid field "headers": ${JSON.stringify(name)} is not a valid header name.`);
    if (typeof value !== 'string' || CONTROL.test(value.replace(/\t/g, ''))) throw new InputError(`Invalid field "headers.${name}": header values cannot contain control characters or line breaks.`);
    if (refused.has(name.toLowerCase())) {
      throw new InputError(`Invalid field "headers.${name}": this header cannot be set on passthrough requests; the server authenticates with the integration's credentials.`);
    }
    out[name] = value;
  }
  return out;
}
