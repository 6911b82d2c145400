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
