import { describe, expect, it } from 'vitest';
import { InputError } from '../lib/errors.js';
import { ESCAPES } from '../../test/e2e/passthrough-escapes.js';
import { buildPassthroughUrl, checkPassthroughHeaders } from './guard.js';

const BASE = 'https://harvest.greenhouse.io/v3';

describe('buildPassthroughUrl', () => {
  it('appends relative paths below the base and merges params', () => {
    expect(buildPassthroughUrl(BASE, '/candidates').toString()).toBe('https://harvest.greenhouse.io/v3/candidates');
    expect(buildPassthroughUrl(BASE, 'candidates/12/activity_feed').toString()).toBe('https://harvest.greenhouse.io/v3/candidates/12/activity_feed');
    expect(buildPassthroughUrl(BASE, '/candidates?per_page=5&page=1', { page: '2', email: 'a@b.example' }).toString()).toBe(
      'https://harvest.greenhouse.io/v3/candidates?per_page=5&page=2&email=a%40b.example',
    );
    expect(buildPassthroughUrl('https://api.lever.co/v1/', '/opportunities').toString()).toBe('https://api.lever.co/v1/opportunities');
    expect(buildPassthroughUrl('http://127.0.0.1:9000', '/v3/users').toString()).toBe('http://127.0.0.1:9000/v3/users');
    expect(buildPassthroughUrl(BASE, '/candidates/a%20b').pathname).toBe('/v3/candidates/a%20b');
  });

  it.each(ESCAPES)('refuses %j', (path) => {
    expect(() => buildPassthroughUrl(BASE, path)).toThrow(InputError);
  });

  it('refuses paths that only turn into an escape after several decodings', () => {
    let path = '/../token';
    for (let i = 0; i < 4; i++) path = path.replace(/%/g, '%25').replace(/\./g, '%2e');
    expect(() => buildPassthroughUrl(BASE, path)).toThrow(/segments/);
    expect(() => buildPassthroughUrl(BASE, '/%25%25%25%25%25%25%2e')).toThrow(InputError);
  });

  it('never yields another origin or a path outside the base', () => {
    const samples = ['/a', 'a/b', '/a;b', '/a:b', '/%41', '/a?x=//evil.example', '/a?next=http://evil.example', '/a..b', '/...'];
    for (const sample of samples) {
      const url = buildPassthroughUrl(BASE, sample);
      expect(url.origin).toBe('https://harvest.greenhouse.io');
      expect(url.pathname.startsWith('/v3/')).toBe(true);
    }
  });
});

describe('checkPassthroughHeaders', () => {
  it('passes ordinary headers', () => {
    expect(checkPassthroughHeaders({ 'X-Custom': '1', Accept: 'text/csv' }, { Authorization: 'Bearer t' })).toEqual({ 'X-Custom': '1', Accept: 'text/csv' });
  });
  it.each(['Authorization', 'authorization', 'Cookie', 'Host', 'Proxy-Authorization', 'X-Api-Key', 'Content-Length', 'Transfer-Encoding'])('refuses %s', (name) => {
    expect(() => checkPassthroughHeaders({ [name]: 'x' }, {})).toThrow(InputError);
  });
  it('refuses the headers the integration sets and the tool declares', () => {
    expect(() => checkPassthroughHeaders({ 'On-Behalf-Of': '1' }, { 'On-Behalf-Of': '2' })).toThrow(/cannot be set/);
    expect(() => checkPassthroughHeaders({ 'X-Vendor-Key': '1' }, {}, ['x-vendor-key'])).toThrow(/cannot be set/);
  });
  it('refuses header injection', () => {
    expect(() => checkPassthroughHeaders({ 'X-A': 'a\r\nHost: evil' }, {})).toThrow(InputError);
    expect(() => checkPassthroughHeaders({ 'X A': 'a' }, {})).toThrow(InputError);
  });
});
