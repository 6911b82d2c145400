import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './sign.js';

describe('webhook signatures', () => {
  it('is HMAC-SHA256 of the raw body in base64url without padding', () => {
    const body = '{"id":"1","type":"sync-finished"}';
    const expected = createHmac('sha256', 'secret').update(body).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(signWebhook('secret', body)).toBe(expected);
    expect(signWebhook('secret', body)).not.toMatch(/[=+/]/);
  });
  it('verifies only the same body and secret', () => {
    const sig = signWebhook('secret', 'a');
    expect(verifyWebhook('secret', 'a', sig)).toBe(true);
    expect(verifyWebhook('secret', 'a ', sig)).toBe(false);
    expect(verifyWebhook('other', 'a', sig)).toBe(false);
  });
});
