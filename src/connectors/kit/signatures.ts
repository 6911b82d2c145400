/**
 * What vendors' webhook signature schemes share: an HMAC over some bytes, written as hex or
 * base64, compared in constant time, and the JSON body read without throwing.
 *
 * @example
 * const ok = anySecretMatches(secrets, (s) => hmac(s, body, 'hex'), header.replace(/^sha256[= ]/, ''));
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookSecrets } from '../connector-webhooks.js';

export function hmac(secret: string, message: string, encoding: 'hex' | 'base64' = 'hex'): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest(encoding);
}

/** Constant-time comparison of two signatures as text (hex is compared case-insensitively). */
export function sameSignature(expected: string, given: string, options: { caseInsensitive?: boolean } = {}): boolean {
  const a = Buffer.from(options.caseInsensitive ? expected.toLowerCase() : expected);
  const b = Buffer.from(options.caseInsensitive ? given.toLowerCase() : given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the signature matches under any of the secrets the delivery may be signed with. */
export function anySecretMatches(secrets: readonly string[], sign: (secret: string) => string, given: string, options: { caseInsensitive?: boolean } = {}): boolean {
  return given !== '' && secrets.some((secret) => secret !== '' && sameSignature(sign(secret), given, options));
}

/** Our own secret and the vendor-issued ones, in one list. */
export const allSecrets = (secrets: WebhookSecrets): string[] => [...secrets.issued, secrets.own];

/** The body as JSON, or undefined when it is not JSON. */
export function jsonBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Where a top-level member of a JSON object sits in the text as sent. */
export interface RawMember {
  key: string;
  /** Offset of the member's key (its opening quote). */
  start: number;
  /** Offsets of the value's first character and one past its last. */
  valueStart: number;
  valueEnd: number;
}

const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t';

function skipSpace(text: string, at: number): number {
  let i = at;
  while (isSpace(text[i])) i++;
  return i;
}

/** One past the closing quote of the string that opens at `at`. */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** One past the last character of the value that starts at `at` (the text is known to be JSON). */
function valueEnd(text: string, at: number): number {
  const first = text[at];
  if (first === '"') return stringEnd(text, at);
  if (first !== '{' && first !== '[') {
    let i = at;
    while (i < text.length && !isSpace(text[i]) && text[i] !== ',' && text[i] !== '}' && text[i] !== ']') i++;
    return i;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (ch === '{' || ch === '[') depth++;
    else if ((ch === '}' || ch === ']') && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The top-level members of a JSON object body with their positions in the text as received, for
 * vendors that sign part of a body (one member's bytes) rather than all of it: slicing keeps the
 * bytes exactly as sent, where `JSON.stringify(JSON.parse(…))` would not (escapes, number forms).
 * Empty when the body is no JSON object.
 */
export function rawMembers(body: string): RawMember[] {
  const parsed = jsonBody(body);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return [];
  const members: RawMember[] = [];
  let i = skipSpace(body, 0) + 1;
  for (;;) {
    i = skipSpace(body, i);
    if (body[i] !== '"') return members;
    const start = i;
    const keyEnd = stringEnd(body, i);
    const key = JSON.parse(body.slice(start, keyEnd)) as string;
    const valueStart = skipSpace(body, skipSpace(body, keyEnd) + 1);
    const end = valueEnd(body, valueStart);
    if (end < 0) return members;
    members.push({ key, start, valueStart, valueEnd: end });
    i = skipSpace(body, end);
    if (body[i] !== ',') return members;
    i++;
  }
}
