import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AppError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';
import { memoryState } from '../memory-state.js';
import { optionalRead } from './optional-read.js';

const ctx: ConnectorContext = { integrationId: 't', credentials: {}, baseUrl: null, fetch: globalThis.fetch, logger: pino({ level: 'silent' }), state: memoryState() };

describe('optionalRead', () => {
  it('reads a missing permission or endpoint as the fallback, and throws anything else', async () => {
    expect(await optionalRead(ctx, 'V', 'offers', () => Promise.resolve([1]), [])).toEqual([1]);
    expect(await optionalRead(ctx, 'V', 'offers', () => Promise.reject(new AppError('INTEGRATION.PERMISSION_MISSING', 'no scope')), [])).toEqual([]);
    expect(await optionalRead(ctx, 'V', 'offers', () => Promise.reject(new VendorError('REMOTE.INPUT_INVALID', 'gone', { vendorStatus: 404 })), null)).toBeNull();
    await expect(optionalRead(ctx, 'V', 'offers', () => Promise.reject(new VendorError('REMOTE.SERVICE_UNAVAILABLE', 'down', { vendorStatus: 503 })), [])).rejects.toMatchObject({ code: 'REMOTE.SERVICE_UNAVAILABLE' });
  });
});
