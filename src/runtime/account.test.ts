import { describe, expect, it } from 'vitest';
import { accountFingerprint } from './account.js';

describe('accountFingerprint', () => {
  const key = { api_key: 'secret-key-123' };

  it('is the same for one tool, base URL and credentials, however the URL is written', () => {
    expect(accountFingerprint('lever', 'https://api.lever.co/v1', key)).toBe(accountFingerprint('lever', 'https://API.lever.co/v1/', { ...key }));
    expect(accountFingerprint('lever', 'https://api.lever.co/v1', { b: '2', a: '1' })).toBe(accountFingerprint('lever', 'https://api.lever.co/v1', { a: '1', b: '2' }));
  });

  it('differs when the tool, the base URL or any credential differs', () => {
    const base = accountFingerprint('lever', 'https://api.lever.co/v1', key);
    expect(accountFingerprint('ashby', 'https://api.lever.co/v1', key)).not.toBe(base);
    expect(accountFingerprint('lever', 'https://api.eu.lever.co/v1', key)).not.toBe(base);
    expect(accountFingerprint('lever', 'https://api.lever.co/v1', { api_key: 'other' })).not.toBe(base);
    // Parts are length-prefixed: moving text between key and value changes the fingerprint.
    expect(accountFingerprint('lever', null, { ab: 'c' })).not.toBe(accountFingerprint('lever', null, { a: 'bc' }));
  });

  it('never contains the credentials', () => {
    const fingerprint = accountFingerprint('lever', 'https://api.lever.co/v1', key);
    expect(fingerprint).toMatch(/^acct_[A-Za-z0-9_-]{43}$/);
    expect(fingerprint).not.toContain('secret');
  });
});
