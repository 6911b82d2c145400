/**
 * A plain-HTTP client for the e2e tests (no SDK): sends a request to a test server and returns the
 * whole answer, plus assertions on Kombo's success and error envelopes.
 */
import { expect } from 'vitest';
import type { TestServer } from './test-server.js';

export interface Answer {
  method: string;
  path: string;
  status: number;
  contentType: string;
  text: string;
  /** The parsed body, or `undefined` when the body is not JSON. */
  json: unknown;
}

export interface ErrorFields {
  code: string | null;
  title: string | null;
  message: string;
  log_url: string | null;
}

export interface CallOptions {
  /** Serialised with JSON.stringify and sent as application/json. */
  json?: unknown;
  /** Sent verbatim; set the Content-Type yourself in `headers`. */
  raw?: string;
  headers?: Record<string, string>;
  /** The Authorization header to send; `null` sends none. Defaults to the valid bearer key. */
  authorization?: string | null;
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `value` as an object, or a thrown error naming `what`. */
export function record(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`${what} is not an object`);
  return value;
}

export async function call(t: TestServer, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const authorization = options.authorization === undefined ? `Bearer ${t.apiKey}` : options.authorization;
  const headers: Record<string, string> = { ...(authorization === null ? {} : { Authorization: authorization }), ...options.headers };
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['Content-Type'] = 'application/json';
  }
  // In process: these tests are about the API's answers, not the network (the SDK suites use the real socket).
  const res = await t.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { method, path, status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
}

export const describeAnswer = (a: Answer) => `${a.method} ${a.path} -> ${a.status} ${a.contentType} ${a.text.slice(0, 300)}`;

/** The full error envelope: not a 200, exactly `status` and `error`, and all four error keys with the right types. */
export function errorOf(a: Answer): ErrorFields {
  expect(a.status, describeAnswer(a)).not.toBe(200);
  expect(a.contentType, describeAnswer(a)).toMatch(/^application\/json/);
  expect(a.json, describeAnswer(a)).toBeDefined();
  const body = a.json;
  if (!isRecord(body) || !isRecord(body['error'])) throw new Error(`not an error envelope: ${describeAnswer(a)}`);
  expect(Object.keys(body).sort(), describeAnswer(a)).toEqual(['error', 'status']);
  expect(body['status']).toBe('error');
  const error = body['error'];
  expect(Object.keys(error).sort(), describeAnswer(a)).toEqual(['code', 'log_url', 'message', 'title']);
  const { code, title, message, log_url } = error;
  expect(code === null || typeof code === 'string', describeAnswer(a)).toBe(true);
  expect(title === null || typeof title === 'string', describeAnswer(a)).toBe(true);
  expect(typeof message, describeAnswer(a)).toBe('string');
  expect(log_url === null || typeof log_url === 'string', describeAnswer(a)).toBe(true);
  return { code: code as string | null, title: title as string | null, message: message as string, log_url: log_url as string | null };
}

/** An error answer with this status and code, and a message matching `message` when given. */
export function expectError(a: Answer, status: number, code: string | null, message?: RegExp): ErrorFields {
  expect(a.status, describeAnswer(a)).toBe(status);
  const error = errorOf(a);
  expect(error.code, describeAnswer(a)).toBe(code);
  if (message) expect(error.message, describeAnswer(a)).toMatch(message);
  return error;
}

/** The `data` of a 200 JSON success envelope. */
export function dataOf(a: Answer): Record<string, unknown> {
  expect(a.status, describeAnswer(a)).toBe(200);
  expect(a.contentType, describeAnswer(a)).toMatch(/^application\/json/);
  const body = a.json;
  if (!isRecord(body) || body['status'] !== 'success' || !isRecord(body['data'])) throw new Error(`not a success envelope: ${describeAnswer(a)}`);
  return body['data'];
}
