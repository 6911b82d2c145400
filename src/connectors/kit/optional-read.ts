/**
 * Reads a part of the vendor's data that some accounts do not have: credentials without the
 * scope or role (403, INTEGRATION.PERMISSION_MISSING) or a plan without the endpoint (404). Such
 * a part is logged and read as `fallback` instead of failing the whole sync; any other failure
 * is thrown as it is.
 *
 * @example
 * const offers = await optionalRead(ctx, 'Workable', 'offers', () => client.offers(id), []);
 */
import { AppError, VendorError } from '../../lib/errors.js';
import type { ConnectorContext } from '../connector.js';

export async function optionalRead<T>(ctx: ConnectorContext, vendor: string, what: string, read: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await read();
  } catch (err) {
    const status = err instanceof VendorError ? err.vendorStatus : undefined;
    if ((err instanceof AppError && err.code === 'INTEGRATION.PERMISSION_MISSING') || status === 404) {
      ctx.logger.warn({ err }, `${vendor} does not serve ${what} to these credentials; read as none`);
      return fallback;
    }
    throw err;
  }
}
