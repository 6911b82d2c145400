import { createHmac, timingSafeEqual } from 'node:crypto';

/** Kombo's scheme: HMAC-SHA256 of the exact body bytes, base64url without padding (`X-Kombo-Signature`). */
export function signWebhook(secret: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

export function verifyWebhook(secret: string, body: string | Uint8Array, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
