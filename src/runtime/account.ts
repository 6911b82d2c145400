/**
 * Which vendor account an integration talks to: integrations of one tool with the same base URL
 * and the same credentials reach the same account, and so share its rate limit.
 *
 * The fingerprint is an HMAC with a key made at process start, so neither the credentials nor a
 * hash that could be checked against guessed ones ever appears in memory keys, logs or dumps
 * that outlive the process.
 *
 * @example
 * accountFingerprint('lever', 'https://api.lever.co/v1', { api_key: 'k' }); // → 'acct_3f…'
 */
import { createHmac, randomBytes } from 'node:crypto';

const PROCESS_KEY = randomBytes(32);

/** A base URL as the vendor sees it: scheme and host lower-cased, no trailing slash. */
function normalisedBaseUrl(baseUrl: string | null): string {
  if (!baseUrl) return '';
  try {
    const url = new URL(baseUrl);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return baseUrl.trim().replace(/\/+$/, '');
  }
}

export function accountFingerprint(tool: string, baseUrl: string | null, credentials: Readonly<Record<string, string>>): string {
  const mac = createHmac('sha256', PROCESS_KEY);
  // Length-prefixed parts: no two different inputs run together into the same text.
  const part = (text: string) => mac.update(`${Buffer.byteLength(text)}:${text};`);
  part(tool);
  part(normalisedBaseUrl(baseUrl));
  for (const key of Object.keys(credentials).sort()) {
    part(key);
    part(credentials[key] ?? '');
  }
  return `acct_${mac.digest('base64url')}`;
}
