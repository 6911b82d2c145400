/**
 * Request bodies: JSON, or `multipart/form-data` / urlencoded forms with Lever's bracket names
 * (`phones[0][value]`, `archived[reason]`, repeated `emails`, `files[]`), normalised into one object.
 */
import type { Context } from 'hono';
import { badRequest } from './errors.js';

export type Fields = Record<string, unknown>;

export interface UploadedFile {
  field: string;
  file: File;
}

export interface Body {
  fields: Fields;
  files: UploadedFile[];
  multipart: boolean;
}

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

function assign(target: Fields, path: string[], value: unknown): void {
  let node: Fields = target;
  for (let i = 0; i < path.length; i++) {
    const part = path[i] ?? '';
    const last = i === path.length - 1;
    if (last) {
      const existing = node[part];
      if (part === '' || existing !== undefined) {
        // `emails[]` or a repeated name: collect into a list.
        const key = part === '' ? String(Object.keys(node).length) : part;
        if (part !== '' && !Array.isArray(existing)) node[part] = [existing, value];
        else if (part !== '' && Array.isArray(existing)) existing.push(value);
        else node[key] = value;
      } else node[part] = value;
      return;
    }
    const child = node[part];
    if (!isObject(child)) node[part] = {};
    node = node[part] as Fields;
  }
}

/** Turns objects whose keys are all indexes ("0", "1", ...) into arrays, recursively. */
function arrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(arrays);
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => arrays(value[k]));
  }
  return Object.fromEntries(keys.map((k) => [k, arrays(value[k])]));
}

export async function readBody(c: Context): Promise<Body> {
  const type = (c.req.header('Content-Type') ?? '').toLowerCase();
  if (type.includes('multipart/form-data') || type.includes('application/x-www-form-urlencoded')) {
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      throw badRequest('Malformed form body');
    }
    const fields: Fields = {};
    const files: UploadedFile[] = [];
    for (const [name, raw] of Object.entries(form)) {
      const values = Array.isArray(raw) ? raw : [raw];
      const path = name.replace(/\]/g, '').split('[');
      for (const value of values) {
        if (typeof value === 'string') assign(fields, path, value);
        else files.push({ field: path[0] ?? name, file: value });
      }
    }
    return { fields: arrays(fields) as Fields, files, multipart: true };
  }
  const text = await c.req.text();
  if (text.trim() === '') return { fields: {}, files: [], multipart: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('Request body is not valid JSON');
  }
  if (!isObject(parsed)) throw badRequest('Request body must be a JSON object');
  return { fields: parsed, files: [], multipart: false };
}

/** A list of strings; in form bodies a single value counts as a one-item list. */
export function stringList(body: Body, name: string): string[] | undefined {
  const value = body.fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && body.multipart) return [value];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw badRequest(`Invalid ${name}: expected an array of strings`);
  return value as string[];
}

export function optionalString(body: Body, name: string): string | undefined {
  const value = body.fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`Invalid ${name}: expected a string`);
  return value;
}

/** An epoch-millisecond timestamp (a numeric string is accepted in form bodies). */
export function optionalMs(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw badRequest(`Invalid ${name}: expected a timestamp in milliseconds since the epoch`);
  return n;
}
