/** Transactions PostgreSQL aborts for a lock conflict run again; other failures do not. */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { transactionWithRetry } from './db-errors.js';

/** A stand-in whose transactions fail with the given errors, in turn, then succeed. */
function failingDb(errors: unknown[]): { db: Kysely<Database>; runs: () => number } {
  let runs = 0;
  const db = {
    transaction: () => ({
      execute: async <T>(work: (trx: unknown) => Promise<T>): Promise<T> => {
        runs++;
        const error = errors.shift();
        if (error) throw error;
        return work({});
      },
    }),
  } as unknown as Kysely<Database>;
  return { db, runs: () => runs };
}

const conflict = (code: string) => Object.assign(new Error('conflict'), { code });

describe('transactionWithRetry', () => {
  it('runs a transaction again after a deadlock or serialization failure', async () => {
    const { db, runs } = failingDb([conflict('40P01'), conflict('40001')]);
    await expect(transactionWithRetry(db, () => Promise.resolve('done'))).resolves.toBe('done');
    expect(runs()).toBe(3);
  });

  it('gives up after the last attempt, and never retries other errors', async () => {
    const deadlocks = failingDb([conflict('40P01'), conflict('40P01'), conflict('40P01')]);
    await expect(transactionWithRetry(deadlocks.db, () => Promise.resolve('done'))).rejects.toThrow('conflict');
    expect(deadlocks.runs()).toBe(3);
    const other = failingDb([conflict('23505')]);
    await expect(transactionWithRetry(other.db, () => Promise.resolve('done'))).rejects.toThrow('conflict');
    expect(other.runs()).toBe(1);
  });
});
