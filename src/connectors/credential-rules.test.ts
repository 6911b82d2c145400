import { describe, expect, it } from 'vitest';
import type { CredentialField } from './connector.js';
import { credentialAlternatives, missingCredentials } from './credential-rules.js';
import { leverManifest } from './lever/manifest.js';

const field = (key: string, required: boolean, alternative?: string): CredentialField => ({
  key, label: key.toUpperCase(), secret: false, required, help: '', ...(alternative ? { alternative } : {}),
});

describe('missingCredentials', () => {
  it('names plain required fields', () => {
    const fields = [field('a', true), field('b', true), field('c', false)];
    expect(missingCredentials(fields, { c: 'x' }, 'Tool')).toBe('A and B are required for Tool.');
    expect(missingCredentials(fields, { a: 'x', b: ' y ' }, 'Tool')).toBeNull();
    expect(missingCredentials(fields, { a: 'x', b: '  ' }, 'Tool')).toBe('B is required for Tool.');
  });

  it('asks for one of the alternatives, and for the rest of the one begun', () => {
    const fields = [field('key', true, 'a key'), field('user', true, 'a login'), field('password', true, 'a login'), field('note', false)];
    expect(missingCredentials(fields, {}, 'Tool')).toBe('Tool needs one of: a key or a login.');
    expect(missingCredentials(fields, { user: 'u' }, 'Tool')).toBe('PASSWORD is required when connecting Tool with a login.');
    expect(missingCredentials(fields, { key: 'k' }, 'Tool')).toBeNull();
    expect(missingCredentials(fields, { user: 'u', password: 'p' }, 'Tool')).toBeNull();
  });

  it("takes Lever's API key or any of its OAuth tokens, nothing else", () => {
    const fields = leverManifest.credentials;
    expect(credentialAlternatives(fields).map((a) => [a.name, a.fields.map((f) => f.key)])).toEqual([
      ['API key', ['api_key']],
      ['OAuth tokens', ['access_token', 'refresh_token', 'client_id', 'client_secret']],
    ]);
    expect(missingCredentials(fields, { perform_as: 'u1' }, 'Lever')).toBe('Lever needs one of: API key or OAuth tokens.');
    expect(missingCredentials(fields, { api_key: 'k' }, 'Lever')).toBeNull();
    expect(missingCredentials(fields, { access_token: 't' }, 'Lever')).toBeNull();
  });
});
