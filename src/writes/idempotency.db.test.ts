/** Idempotency keys against a real database, every dialect: claims, replays, races, expiry. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb } from '../../test/setup/dialects.js';
import { AppError, IdempotencyInProgressError, InputError } from '../lib/errors.js';
import type { Db } from '../storage/db.js';
import { findIdempotencyKey } from '../storage/repositories/idempotency.repository.js';
import { claimIdempotencyKey, completeIdempotency, holdIdempotencyClaim, IDEMPOTENCY_TTL_MS, releaseIdempotency, replayedError, type Claim } from './idempotency.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DIALECTS)('idempotency keys on $name', (dialect) => {
  let db: Db;
  let close: () => Promise<void>;
  const integration = `sandbox:${dialect.name}`;
  let n = 0;
  const freshKey = () => `key-${++n}-${Date.now()}`;

  beforeAll(async () => {
    ({ db, close } = await openTestDb(dialect));
  });
  afterAll(async () => {
    await close?.();
  });

  it('claims a new key, replays the stored answer and refuses another request with the same key', async () => {
    const key = freshKey();
    expect(await claimIdempotencyKey(db.kysely, integration, key, 'fp-1')).toEqual({ kind: 'claimed' });
    await completeIdempotency(db.kysely, integration, key, { kind: 'success', status: 200, body: '{"status":"success","data":{},"warnings":[]}' });
    expect(await claimIdempotencyKey(db.kysely, integration, key, 'fp-1')).toEqual({
      kind: 'replay',
      answer: { kind: 'success', status: 200, body: '{"status":"success","data":{},"warnings":[]}' },
    });
    const mismatch = await claimIdempotencyKey(db.kysely, integration, key, 'fp-2').catch((e: unknown) => e);
    expect(mismatch).toBeInstanceOf(InputError);
    expect((mismatch as Error).message).toMatch(/Idempotency-Key/);
    // Keys are per integration.
    expect(await claimIdempotencyKey(db.kysely, `${integration}-other`, key, 'fp-2')).toEqual({ kind: 'claimed' });
  });

  it('replays an error stored after the vendor wrote', async () => {
    const key = freshKey();
    await claimIdempotencyKey(db.kysely, integration, key, 'fp');
    await completeIdempotency(db.kysely, integration, key, { kind: 'error', code: 'PLATFORM.UNKNOWN_ERROR', message: 'stored after the write' });
    const claim = await claimIdempotencyKey(db.kysely, integration, key, 'fp');
    if (claim.kind !== 'replay' || claim.answer.kind !== 'error') throw new Error('expected a replayed error');
    const err = replayedError(claim.answer);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'PLATFORM.UNKNOWN_ERROR', message: 'stored after the write' });
  });

  it('gives a key up when nothing was written, so the next request runs', async () => {
    const key = freshKey();
    await claimIdempotencyKey(db.kysely, integration, key, 'fp-a');
    await releaseIdempotency(db.kysely, integration, key);
    expect(await findIdempotencyKey(db.kysely, integration, key)).toBeUndefined();
    expect(await claimIdempotencyKey(db.kysely, integration, key, 'fp-b')).toEqual({ kind: 'claimed' });
  });

  it('answers 409-style when the first request does not finish in time', async () => {
    const key = freshKey();
    await claimIdempotencyKey(db.kysely, integration, key, 'fp');
    const err = await claimIdempotencyKey(db.kysely, integration, key, 'fp', { waitMs: 120, pollMs: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdempotencyInProgressError);
  });

  it('lets a request take over a claim whose request died, and only one', async () => {
    const key = freshKey();
    await claimIdempotencyKey(db.kysely, integration, key, 'fp');
    const later = () => new Date(Date.now() + 60_000);
    const claims = await Promise.all([1, 2, 3].map(() => claimIdempotencyKey(db.kysely, integration, key, 'fp', { staleMs: 1000, waitMs: 300, pollMs: 20, now: later }).catch((e: unknown) => e)));
    expect(claims.filter((c) => (c as Claim).kind === 'claimed')).toHaveLength(1);
  });

  it('keeps a running request\'s claim from being taken over, and lets it go once the request stops', async () => {
    const key = freshKey();
    await claimIdempotencyKey(db.kysely, integration, key, 'fp');
    const letGo = holdIdempotencyClaim(db.kysely, integration, key, { staleMs: 200 });
    await sleep(400);
    // Older than staleMs since the claim, but touched meanwhile: still the first request's.
    const whileHeld = await claimIdempotencyKey(db.kysely, integration, key, 'fp', { staleMs: 200, waitMs: 150, pollMs: 20 }).catch((e: unknown) => e);
    expect(whileHeld).toBeInstanceOf(IdempotencyInProgressError);
    letGo();
    await sleep(300);
    const afterwards = await claimIdempotencyKey(db.kysely, integration, key, 'fp', { staleMs: 200, waitMs: 150, pollMs: 20 });
    expect(afterwards.kind).toBe('claimed');
  });

  it('forgets keys after 24 hours', async () => {
    const key = freshKey();
    await claimIdempotencyKey(db.kysely, integration, key, 'fp-old');
    await completeIdempotency(db.kysely, integration, key, { kind: 'success', status: 200, body: '{}' });
    const row = await findIdempotencyKey(db.kysely, integration, key);
    expect(Date.parse(row?.expires_at ?? '') - Date.parse(row?.created_at ?? '')).toBe(IDEMPOTENCY_TTL_MS);
    const tomorrow = () => new Date(Date.now() + IDEMPOTENCY_TTL_MS + 1000);
    expect(await claimIdempotencyKey(db.kysely, integration, key, 'fp-new', { now: tomorrow })).toEqual({ kind: 'claimed' });
  });

  it('lets exactly one of many concurrent requests with one key write, and gives the others its answer', async () => {
    const key = freshKey();
    let vendorWrites = 0;
    const request = async (i: number): Promise<string> => {
      const claim = await claimIdempotencyKey(db.kysely, integration, key, 'same-body', { pollMs: 10 });
      if (claim.kind === 'replay') return claim.answer.kind === 'success' ? claim.answer.body : 'error';
      vendorWrites++;
      await sleep(100);
      const body = `{"winner":${i}}`;
      await completeIdempotency(db.kysely, integration, key, { kind: 'success', status: 200, body });
      return body;
    };
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => request(i)));
    expect(vendorWrites).toBe(1);
    expect(new Set(answers).size).toBe(1);
  });
});
