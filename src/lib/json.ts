import { hash } from 'node:crypto';

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const isArrayIndex = (key: string) => {
  const first = key.charCodeAt(0);
  // Most keys are names: one character code settles them without a regular expression.
  return first >= 48 && first <= 57 && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
};

/** Object keys as JSON strings; records repeat the same few hundred names endlessly. */
const quotedKeys = new Map<string, string>();
function quoted(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    // Bounded: keys can come from vendor data (custom field names), not only from our models.
    if (quotedKeys.size >= 10_000) quotedKeys.clear();
    quotedKeys.set(key, text);
  }
  return text;
}

/**
 * Keys in the order a sorted copy of the object would have: JavaScript puts integer-like keys
 * first in numeric order (Object.keys already lists them so), then the others, here sorted.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  let split = 0;
  while (split < keys.length && isArrayIndex(keys[split] as string)) split++;
  if (split === 0) return keys.sort(compareKeys);
  return [...keys.slice(0, split), ...keys.slice(split).sort(compareKeys)];
}

/** Serialises `value` found under `key`, like JSON.stringify: `toJSON` is applied once, then never again. */
function write(value: unknown, key: string, inArray: boolean): string | undefined {
  const withJson = value as { toJSON?: (key: string) => unknown } | null;
  const resolved = withJson !== null && typeof withJson === 'object' && typeof withJson.toJSON === 'function' ? withJson.toJSON(key) : value;
  if (resolved !== null && typeof resolved === 'object') {
    if (Array.isArray(resolved)) {
      let out = '[';
      for (let i = 0; i < resolved.length; i++) out += (i ? ',' : '') + (write(resolved[i], String(i), true) ?? 'null');
      return `${out}]`;
    }
    const record = resolved as Record<string, unknown>;
    let out = '{';
    let first = true;
    for (const name of sortedKeys(record)) {
      const part = write(record[name], name, false);
      if (part === undefined) continue;
      out += `${first ? '' : ','}${quoted(name)}:${part}`;
      first = false;
    }
    return `${out}}`;
  }
  // Primitives follow JSON.stringify exactly (undefined, functions and symbols are skipped).
  if (resolved === null) return 'null';
  if (resolved === true) return 'true';
  if (resolved === false) return 'false';
  const text = JSON.stringify(resolved) as string | undefined;
  return text === undefined && inArray ? 'null' : text;
}

/**
 * JSON with object keys sorted, so equal values always hash equally. Written by hand rather than
 * with a `JSON.stringify` replacer: syncs hash every record, and the replacer copied every object.
 */
export function stableStringify(value: unknown): string {
  return write(value, '', false) as string;
}

export function hashOf(value: unknown): string {
  return hash('sha1', stableStringify(value), 'base64url');
}
