import { describe, expect, it } from 'vitest';
import { Signer, Vault } from './crypto.js';
import { randomId, recordId } from './ids.js';
import { hashOf, stableStringify } from './json.js';

describe('ids', () => {
  it('derives the same record id from the same inputs and different ids otherwise', () => {
    expect(recordId('sandbox:a', 'jobs', '1')).toBe(recordId('sandbox:a', 'jobs', '1'));
    expect(recordId('sandbox:a', 'jobs', '1')).not.toBe(recordId('sandbox:a', 'jobs', '2'));
    expect(recordId('sandbox:a', 'jobs', '1')).not.toBe(recordId('sandbox:b', 'jobs', '1'));
    expect(recordId('sandbox:a', 'jobs', '1')).toMatch(/^[1-9A-HJ-NP-Za-km-z]{24}$/);
  });
  it('keeps the ids stored data already uses, however many the memo has seen', () => {
    // Computed by the first implementation; a change here would orphan every stored record.
    expect(recordId('sandbox:a', 'jobs', '1')).toBe('3uDymo5nUCzoxTvf6BbXSLD3');
    const first = Array.from({ length: 60_000 }, (_, i) => recordId('sandbox:a', 'candidates', String(i)));
    expect(new Set(first).size).toBe(60_000);
    expect(Array.from({ length: 60_000 }, (_, i) => recordId('sandbox:a', 'candidates', String(i)))).toEqual(first);
    expect(recordId('sandbox:a', 'jobs', '1')).toBe('3uDymo5nUCzoxTvf6BbXSLD3');
  });
  it('makes random ids of 24 base58 characters', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[1-9A-HJ-NP-Za-km-z]{24}$/);
  });
});

describe('Vault', () => {
  it('round-trips and refuses another key', () => {
    const sealed = new Vault('one').encrypt('{"api_key":"secret"}');
    expect(sealed).not.toContain('secret');
    expect(new Vault('one').decrypt(sealed)).toBe('{"api_key":"secret"}');
    expect(() => new Vault('two').decrypt(sealed)).toThrow();
  });
});

describe('Signer', () => {
  it('verifies its own tokens and rejects altered ones', () => {
    const signer = new Signer('s', 'cursor');
    const token = signer.sign('{"k":"abc"}');
    expect(signer.verify(token)).toBe('{"k":"abc"}');
    expect(signer.verify(token.replace(/^./, 'x'))).toBeNull();
    expect(signer.verify(`${token}x`)).toBeNull();
    expect(signer.verify('garbage')).toBeNull();
    expect(new Signer('s', 'download').verify(token)).toBeNull();
  });
});

describe('stableStringify', () => {
  it('ignores key order', () => {
    expect(stableStringify({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(hashOf({ a: 1, b: 2 })).toBe(hashOf({ b: 2, a: 1 }));
    expect(hashOf({ a: 1 })).not.toBe(hashOf({ a: 2 }));
  });
});
