/**
 * Idempotency-Key for write requests (our addition to Kombo's API).
 *
 * The first request with a key claims it (a row inserted before the vendor is called; the
 * primary key lets only one of several concurrent requests win). The winner runs and stores its
 * answer; the others wait for it and send the same answer. A retry within 24 hours gets the
 * stored answer and never writes again; the same key with a different request is refused.
 * A request that fails before the vendor wrote anything gives its key up, so a retry runs again.
 *
 * @example
 * const claim = await claimIdempotencyKey(db, integrationId, key, fingerprint);
 * if (claim.kind === 'replay') return claim.answer;
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError, ATS_CODES, IdempotencyInProgressError, INTEGRATION_CODES, InputError, PLATFORM_CODES, REMOTE_CODES, type ErrorCode } from '../lib/errors.js';
import { stableStringify } from '../lib/json.js';
import type { Database } from '../storage/database.js';
import {
  claimIdempotencyKey as claimRow,
  completeIdempotencyKey,
  deleteExpiredIdempotencyKey,
  deleteExpiredIdempotencyKeys,
  findIdempotencyKey,
  releaseIdempotencyKey,
  takeOverIdempotencyKey,
  touchIdempotencyKey,
} from '../storage/repositories/idempotency.repository.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotencyOptions {
  /** How often a waiting request looks whether the first one finished. */
  pollMs?: number;
  /** How long a request waits for the first one before answering 409. */
  waitMs?: number;
  /**
   * A claim untouched for this long belongs to a request that died; it may be taken over. A live
   * request touches its claim every fifth of this (`holdIdempotencyClaim`), however long it runs.
   */
  staleMs?: number;
  now?: () => Date;
}

const DEFAULTS = { pollMs: 50, waitMs: 30_000, staleMs: 10 * 60 * 1000 };

/** What a finished request answered. */
export type StoredAnswer = { kind: 'success'; status: number; body: string } | { kind: 'error'; code: ErrorCode; message: string };

export type Claim = { kind: 'claimed' } | { kind: 'replay'; answer: StoredAnswer };

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Checks the header value: 1–255 visible ASCII characters. */
export function checkIdempotencyKey(key: string): string {
  if (!KEY_PATTERN.test(key)) {
    throw new InputError('Invalid header "Idempotency-Key": it must be 1 to 255 visible ASCII characters (a UUID is a good choice).');
  }
  return key;
}

/** What makes two requests "the same": method, path and body (key order does not matter). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${stableStringify(body ?? null)}`).digest('base64url');
}

const ALL_CODES = new Set<string>([...PLATFORM_CODES, ...INTEGRATION_CODES, ...REMOTE_CODES, ...ATS_CODES]);
const isErrorCode = (code: string | null): code is ErrorCode => code !== null && ALL_CODES.has(code);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let lastSweep = 0;

/** Claims `key` for this request, or returns the stored answer of the request that had it. */
export async function claimIdempotencyKey(
  db: Kysely<Database>,
  integrationId: string,
  key: string,
  fingerprint: string,
  options: IdempotencyOptions = {},
): Promise<Claim> {
  const { pollMs, waitMs, staleMs } = { ...DEFAULTS, ...options };
  const clock = options.now ?? (() => new Date());
  const started = Date.now();
  if (started - lastSweep > 60_000) {
    lastSweep = started;
    await deleteExpiredIdempotencyKeys(db, clock().toISOString());
  }
  for (;;) {
    const now = clock();
    const claimed = await claimRow(db, {
      integration_id: integrationId,
      key,
      fingerprint,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
    });
    if (claimed) return { kind: 'claimed' };
    const row = await findIdempotencyKey(db, integrationId, key);
    if (!row) continue; // given up in between: claim again
    if (row.expires_at <= now.toISOString()) {
      await deleteExpiredIdempotencyKey(db, integrationId, key, now.toISOString());
      continue;
    }
    if (row.fingerprint !== fingerprint) {
      throw new InputError(
        `Invalid header "Idempotency-Key": "${key}" was already used for a different request (another endpoint, id or body) in the last 24 hours. Use a new key for a new request.`,
      );
    }
    if (row.state === 'completed') {
      if (isErrorCode(row.error_code)) return { kind: 'replay', answer: { kind: 'error', code: row.error_code, message: row.error_message ?? '' } };
      return { kind: 'replay', answer: { kind: 'success', status: row.response_status ?? 200, body: row.response_body ?? '{}' } };
    }
    if (Date.parse(row.updated_at) < now.getTime() - staleMs && (await takeOverIdempotencyKey(db, integrationId, key, row.updated_at, now.toISOString()))) {
      return { kind: 'claimed' };
    }
    if (Date.now() - started >= waitMs) throw new IdempotencyInProgressError(key);
    await sleep(pollMs);
  }
}

/**
 * Keeps the claim of a running request fresh until the returned function is called, so that a
 * request still working after `staleMs` (a vendor slowed by rate limits, a large upload) is not
 * taken for dead and its write repeated by a retry.
 */
export function holdIdempotencyClaim(db: Kysely<Database>, integrationId: string, key: string, options: Pick<IdempotencyOptions, 'staleMs' | 'now'> = {}): () => void {
  const staleMs = options.staleMs ?? DEFAULTS.staleMs;
  const clock = options.now ?? (() => new Date());
  const timer = setInterval(() => {
    // A missed touch is retried at the next tick; the claim goes stale only after several.
    touchIdempotencyKey(db, integrationId, key, clock().toISOString()).catch(() => undefined);
  }, staleMs / 5);
  timer.unref();
  return () => clearInterval(timer);
}

/** Stores the answer retries will receive. */
export async function completeIdempotency(db: Kysely<Database>, integrationId: string, key: string, answer: StoredAnswer, now = new Date()): Promise<void> {
  await completeIdempotencyKey(
    db,
    integrationId,
    key,
    answer.kind === 'success'
      ? { response_status: answer.status, response_body: answer.body, error_code: null, error_message: null }
      : { response_status: 0, response_body: null, error_code: answer.code, error_message: answer.message },
    now.toISOString(),
  );
}

/** Gives the key up: nothing was written, so the next request with it runs afresh. */
export async function releaseIdempotency(db: Kysely<Database>, integrationId: string, key: string): Promise<void> {
  await releaseIdempotencyKey(db, integrationId, key);
}

/** The error a replayed failure is raised as. */
export function replayedError(answer: Extract<StoredAnswer, { kind: 'error' }>): AppError {
  return new AppError(answer.code, answer.message);
}
