/**
 * Sends one passthrough request for an integration: the connector's base URL and authentication,
 * the caller's checked path, params, headers and body, through the integration's polite fetcher
 * (`ctx.fetch`), so passthrough shares the vendor rate limit with syncs and writes.
 */
import type { Connector, ConnectorContext } from '../connectors/connector.js';
import { vendorNetworkError } from '../connectors/kit/vendor-errors.js';
import { InputError } from '../lib/errors.js';
import { buildPassthroughUrl, checkPassthroughHeaders } from './guard.js';

export const PASSTHROUGH_METHODS = ['GET', 'POST', 'DELETE', 'PUT', 'PATCH'] as const;

export interface PassthroughFile {
  name: string;
  content_type?: string | undefined;
  data_url?: string | undefined;
  data?: string | undefined;
}

export interface PassthroughRequest {
  method: (typeof PASSTHROUGH_METHODS)[number];
  path: string;
  headers?: Record<string, string> | undefined;
  params?: Record<string, string> | undefined;
  data?: unknown;
  response_as_base64?: boolean | undefined;
  multipart_form_data?: Array<{ name: string; value: string | PassthroughFile }> | undefined;
  api_options?: Record<string, string> | undefined;
}

export interface PassthroughResult {
  url: string;
  status: number;
  headers: Record<string, string | string[]>;
  data: unknown;
}

/** The API ids a connector offers, for messages. */
export function availableApis(connector: Connector): string {
  const apis = connector.passthrough?.apis ?? [];
  return apis.length ? apis.map((a) => `"${a.id}"`).join(', ') : 'none';
}

/** Validates everything that can be validated without the vendor; throws `InputError`. */
export function checkPassthroughRequest(connector: Connector, api: string, request: PassthroughRequest): void {
  const offered = connector.passthrough?.apis ?? [];
  if (!offered.some((a) => a.id === api)) {
    throw new InputError(`Invalid path parameter "api": ${connector.manifest.label} has no passthrough API "${api}". Available APIs: ${availableApis(connector)}.`);
  }
  if (!(PASSTHROUGH_METHODS as readonly string[]).includes(request.method)) {
    throw new InputError(`Invalid field "method": must be one of ${PASSTHROUGH_METHODS.join(', ')}.`);
  }
  const hasBody = request.data !== undefined && request.data !== null;
  if (request.method === 'GET' && (hasBody || request.multipart_form_data?.length)) {
    throw new InputError('Invalid field "data": a GET request cannot carry a body.');
  }
  if (hasBody && request.multipart_form_data?.length) {
    throw new InputError('Invalid field "multipart_form_data": send either "data" or "multipart_form_data", not both.');
  }
  for (const [i, part] of (request.multipart_form_data ?? []).entries()) {
    if (typeof part.value === 'string') continue;
    if (part.value.data_url !== undefined) {
      throw new InputError(`Invalid field "multipart_form_data.${i}.value.data_url": passthrough files must be sent as base64 "data".`);
    }
    if (typeof part.value.data !== 'string') throw new InputError(`Invalid field "multipart_form_data.${i}.value.data": a file needs base64 "data".`);
  }
  if (request.api_options && Object.keys(request.api_options).length > 0) {
    throw new InputError(`Invalid field "api_options": ${connector.manifest.label} passthrough takes no API options.`);
  }
  // The path and headers are checked again against the real base URL in `sendPassthrough`;
  // checking here too refuses bad input before any token request reaches the vendor.
  buildPassthroughUrl('https://passthrough.invalid/base', request.path, request.params ?? {});
  checkPassthroughHeaders(request.headers ?? {}, {}, connector.passthrough?.authHeaders ?? []);
}

function bodyOf(request: PassthroughRequest, headers: Record<string, string>): RequestInit['body'] | undefined {
  const hasHeader = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
  if (request.multipart_form_data?.length) {
    const form = new FormData();
    for (const part of request.multipart_form_data) {
      if (typeof part.value === 'string') form.append(part.name, part.value);
      else {
        const bytes = Buffer.from(part.value.data ?? '', 'base64');
        form.append(part.name, new Blob([bytes], { type: part.value.content_type ?? 'application/octet-stream' }), part.value.name);
      }
    }
    // fetch sets the multipart boundary itself.
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete headers[name];
    return form;
  }
  if (request.data === undefined || request.data === null) return undefined;
  if (typeof request.data === 'string') return request.data;
  if (!hasHeader('content-type')) headers['Content-Type'] = 'application/json';
  return JSON.stringify(request.data);
}

export async function sendPassthrough(connector: Connector, ctx: ConnectorContext, api: string, request: PassthroughRequest): Promise<PassthroughResult> {
  checkPassthroughRequest(connector, api, request);
  const passthrough = connector.passthrough;
  if (!passthrough) throw new InputError(`${connector.manifest.label} offers no passthrough APIs.`);
  const target = await passthrough.prepare(ctx, api);
  const url = buildPassthroughUrl(target.baseUrl, request.path, request.params ?? {});
  const headers: Record<string, string> = { Accept: 'application/json', ...checkPassthroughHeaders(request.headers ?? {}, target.headers, passthrough.authHeaders ?? []) };
  const body = bodyOf(request, headers);
  let res: Response;
  try {
    res = await ctx.fetch(url.toString(), {
      method: request.method,
      headers: { ...headers, ...target.headers },
      ...(body === undefined ? {} : { body }),
      // A redirect is returned as it is: following it could carry the credentials elsewhere.
      redirect: 'manual',
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  } catch (err) {
    throw vendorNetworkError(err, connector.manifest.label);
  }
  const out: Record<string, string | string[]> = {};
  res.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  const bytes = new Uint8Array(await res.arrayBuffer());
  let data: unknown = null;
  if (request.response_as_base64) data = Buffer.from(bytes).toString('base64');
  else if (bytes.length > 0) {
    const text = new TextDecoder().decode(bytes);
    data = text;
    if (/json/i.test(res.headers.get('content-type') ?? '')) {
      try {
        data = JSON.parse(text) as unknown;
      } catch {
        data = text;
      }
    }
  }
  return { url: url.toString(), status: res.status, headers: out, data };
}
