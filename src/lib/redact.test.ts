import { describe, expect, it } from 'vitest';
import { maskSecrets } from './redact.js';

describe('maskSecrets', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/ats', 'postgres://app:***@db:5432/ats'],
    ['connect to "mysql://u:p@localhost/db" failed', 'connect to "mysql://u:***@localhost/db" failed'],
    ['postgres://:only-password@db/x', 'postgres://:***@db/x'],
    ['postgresql://app:p%40ss%3Aword@db/x?sslmode=require', 'postgresql://app:***@db/x?sslmode=require'],
    ['two: https://a:1@h/ and redis://b:2@h2', 'two: https://a:***@h/ and redis://b:***@h2'],
  ])('masks %s', (input, expected) => {
    expect(maskSecrets(input)).toBe(expected);
  });

  it.each(['postgres://app@db/ats', 'https://example.com:8443/path', 'no url here: a:b@c', 'user@example.com'])('leaves %s alone', (text) => {
    expect(maskSecrets(text)).toBe(text);
  });
});
