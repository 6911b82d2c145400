import { describe, expect, it } from 'vitest';
import { anonymise } from './anonymise.js';

describe('anonymise', () => {
  it('removes personal data at every depth and keeps ids, timestamps and shapes', () => {
    const candidate = {
      id: 'c1',
      remote_id: 'r1',
      first_name: 'Ann',
      last_name: 'Lee',
      email_addresses: [{ email_address: 'ann@example.com', type: 'PERSONAL' }],
      phone_numbers: [{ phone_number: '+1', type: null }],
      location: { city: 'Berlin' },
      changed_at: '2024-01-01T00:00:00.000Z',
      applications: [{ id: 'a1', job: { id: 'j1', name: 'Engineer' } }],
      tags: [{ id: 't', name: 'Top' }],
    };
    expect(anonymise(candidate)).toEqual({
      id: 'c1',
      remote_id: 'r1',
      first_name: null,
      last_name: null,
      email_addresses: [],
      phone_numbers: [],
      location: null,
      changed_at: '2024-01-01T00:00:00.000Z',
      applications: [{ id: 'a1', job: { id: 'j1', name: 'Engineer' } }],
      tags: [{ id: 't', name: 'Top' }],
    });
    expect(anonymise({ candidate: { first_name: 'x', email_addresses: null } })).toEqual({ candidate: { first_name: null, email_addresses: [] } });
  });
});
