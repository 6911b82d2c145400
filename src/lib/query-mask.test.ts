import { describe, expect, it } from 'vitest';
import { maskQuery } from './query-mask.js';

describe('maskQuery', () => {
  it('keeps paging and flags, hides values that may be personal', () => {
    expect(maskQuery('?page_size=50&email=ann%40example.com&first_name=Ann&include_deleted=true')).toBe('?page_size=50&email=…&first_name=…&include_deleted=true');
    expect(maskQuery('')).toBe('');
    expect(maskQuery('?q=Smith')).toBe('?q=…');
  });
});
