import { describe, expect, it } from 'vitest';
import type { WebhookRegistration } from '../connector-webhooks.js';
import { registerPerEvent } from './webhook-registration.js';

describe('registerPerEvent', () => {
  it('creates one webhook per event and keeps the secrets the vendor issued', async () => {
    const registration = await registerPerEvent(
      ['a', 'b', 'c'],
      async (event) => (event === 'b' ? null : { id: `hook-${event}`, secret: event === 'c' ? 'sig-c' : null }),
      () => Promise.reject(new Error('nothing to undo')),
      ['known'],
    );
    expect(registration).toEqual({ remoteIds: ['hook-a', 'hook-c'], issuedSecrets: ['known', 'sig-c'] });
  });

  it('removes what it created when an event fails, and throws the vendor error', async () => {
    const removed: WebhookRegistration[] = [];
    const failure = new Error('vendor refused event c');
    await expect(
      registerPerEvent(
        ['a', 'b', 'c', 'd'],
        async (event) => {
          if (event === 'c') throw failure;
          return { id: `hook-${event}` };
        },
        async (registration) => void removed.push(structuredClone(registration)),
      ),
    ).rejects.toBe(failure);
    expect(removed).toEqual([{ remoteIds: ['hook-a', 'hook-b'], issuedSecrets: [] }]);
  });
});
