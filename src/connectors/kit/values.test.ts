import { describe, expect, it } from 'vitest';
import { clean, contentTypeOfName, iso, splitName } from './values.js';

describe('kit values', () => {
  it('cleans text, reads timestamps of any precision, splits names, types file names', () => {
    expect([clean('  Ada '), clean('   '), clean(null)]).toEqual(['Ada', null, null]);
    expect([iso('2024-04-02T08:15:31.123456Z'), iso('2024-04-02T08:15:31Z'), iso('soon'), iso(undefined)]).toEqual(['2024-04-02T08:15:31.123Z', '2024-04-02T08:15:31.000Z', null, null]);
    expect(splitName(' Ada  King Lovelace ')).toEqual({ first_name: 'Ada', last_name: 'King Lovelace' });
    expect(splitName('Cher')).toEqual({ first_name: 'Cher', last_name: null });
    expect(splitName('')).toEqual({ first_name: null, last_name: null });
    expect([contentTypeOfName('CV.PDF'), contentTypeOfName('notes'), contentTypeOfName('a.xyz')]).toEqual(['application/pdf', 'application/octet-stream', 'application/octet-stream']);
  });
});
