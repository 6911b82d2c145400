/**
 * One delivery attempt: POST the stored payload, signed, and record what happened. Failures
 * are retried with exponential backoff for more than a day, then the delivery is FAILED.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Vault } from '../lib/crypto.js';
import { sortableId } from '../lib/ids.js';
import type { Database } from '../storage/database.js';
import { insertWebhookAttempt, loadDelivery, updateDelivery } from '../storage/repositories/webhooks.repository.js';
import { signWebhook } from './sign.js';

/** Waits before attempt 2, 3, …: adds up to a little over 24 hours. */
export const RETRY_DELAYS_MS = [10e3, 30e3, 60e3, 5 * 60e3, 15 * 60e3, 30 * 60e3, 60 * 60e3, 2 * 3600e3, 4 * 3600e3, 8 * 3600e3, 8 * 3600e3];

export interface DeliverDeps {
  db: Kysely<Database>;
  vault: Vault;
  logger: Logger;
  fetch: typeof fetch;
  schedule(deliveryId: string, at: Date): Promise<void>;
  timeoutMs?: number;
  retryDelaysMs?: readonly number[];
}

export async function deliverWebhook(deps: DeliverDeps, deliveryId: string): Promise<void> {
  const delivery = await loadDelivery(deps.db, deliveryId);
  if (!delivery || delivery.state !== 'PENDING') return;
  if (!delivery.url || !delivery.secret) {
    await updateDelivery(deps.db, deliveryId, { state: 'FAILED', last_error: 'The endpoint was deleted.', next_attempt_at: null });
    return;
  }
  const started = Date.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const response = await deps.fetch(delivery.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Kombo-Signature': signWebhook(deps.vault.decrypt(delivery.secret), delivery.payload), 'User-Agent': 'unified-ats-webhooks' },
      body: delivery.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
    status = response.status;
    await response.body?.cancel().catch(() => undefined);
    if (status < 200 || status >= 300) error = `The endpoint answered HTTP ${status}.`;
  } catch (err) {
    error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  const now = new Date();
  await insertWebhookAttempt(deps.db, { id: sortableId(now), delivery_id: deliveryId, attempted_at: now.toISOString(), status, error, duration_ms: Date.now() - started });
  const attempts = delivery.attempts + 1;
  if (error === null) {
    await updateDelivery(deps.db, deliveryId, { state: 'DELIVERED', attempts, last_status: status, last_error: null, delivered_at: now.toISOString(), next_attempt_at: null });
    return;
  }
  const delay = (deps.retryDelaysMs ?? RETRY_DELAYS_MS)[attempts - 1];
  if (delay === undefined) {
    await updateDelivery(deps.db, deliveryId, { state: 'FAILED', attempts, last_status: status, last_error: error, next_attempt_at: null });
    deps.logger.warn({ delivery_id: deliveryId, type: delivery.type }, 'webhook delivery gave up');
    return;
  }
  const next = new Date(now.getTime() + delay);
  await updateDelivery(deps.db, deliveryId, { attempts, last_status: status, last_error: error, next_attempt_at: next.toISOString() });
  await deps.schedule(deliveryId, next);
}
