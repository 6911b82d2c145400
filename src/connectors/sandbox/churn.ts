/**
 * Records deleted and re-created between syncs (the `churn` setting).
 *
 * The Sandbox's world moves in epochs. Every listing of `users` from its first page begins a new
 * epoch: the sync engine lists `users` first, so each sync sees exactly one new epoch, and the
 * listings after it carry that epoch in their cursors (a listing stays consistent even if another
 * epoch begins meanwhile). In epoch e ≥ 1 a `churn` share of the generated candidates, chosen by
 * hash(seed, e, index), is absent together with their applications, interviews, offers and
 * attachments. The next epoch draws another share, so the absent ones mostly come back under the
 * same remote ids (re-created; our store un-deletes them). Epoch 0, before any listing, is complete.
 *
 * The current epoch and the start instants of the recent ones live in the connector state, so
 * incremental reads can say what appeared or vanished since an instant.
 */
import type { ConnectorState } from '../connector.js';
import { Rng } from './prng.js';

const KEY = 'sandbox:epoch';
/** Start instants kept; a delta reaching back further gets a superset (every absent or present record). */
const HISTORY = 64;

export interface Epochs {
  current: number;
  /** Start instants (ISO) of the most recent epochs, oldest first; the last one is `current`'s. */
  starts: string[];
}

export async function readEpochs(state: ConnectorState): Promise<Epochs> {
  const stored = await state.get(KEY);
  return stored === null ? { current: 0, starts: [] } : (JSON.parse(stored) as Epochs);
}

export async function beginEpoch(state: ConnectorState, at: Date): Promise<Epochs> {
  const { current, starts } = await readEpochs(state);
  const next: Epochs = { current: current + 1, starts: [...starts, at.toISOString()].slice(-HISTORY) };
  await state.set(KEY, JSON.stringify(next));
  return next;
}

/** Which generated candidates exist in one epoch, and what changed about them since an instant. */
export class ChurnView {
  constructor(
    private readonly seed: number,
    private readonly churn: number,
    private readonly epochs: Epochs,
    /** The epoch a listing runs in (from its cursor); the current one by default. */
    readonly epoch: number = epochs.current,
  ) {}

  get churns(): boolean {
    return this.churn > 0;
  }

  /** Whether candidate `index` (and everything hanging off it) is missing in `epoch`. */
  absent(index: number, epoch = this.epoch): boolean {
    return this.churn > 0 && epoch > 0 && new Rng(this.seed, `churn:${epoch}`, index).next() < this.churn;
  }

  /** Present now, and absent at some moment after `since`: it was re-created since. */
  reappearedSince(index: number, since: string): boolean {
    if (!this.churns || this.absent(index)) return false;
    const from = this.epochAt(since);
    return from === null || this.someEpoch(from, (e) => this.absent(index, e));
  }

  /** Absent now, and present at some moment after `since`: it was deleted since. */
  vanishedSince(index: number, since: string): boolean {
    if (!this.absent(index)) return false;
    const from = this.epochAt(since);
    return from === null || this.someEpoch(from, (e) => !this.absent(index, e));
  }

  /** Whether `test` holds for an epoch from `from` up to the one before this view's. */
  private someEpoch(from: number, test: (epoch: number) => boolean): boolean {
    for (let e = from; e < this.epoch; e++) if (test(e)) return true;
    return false;
  }

  /** The epoch in effect at `instant`; null when the kept history does not reach back that far. */
  private epochAt(instant: string): number | null {
    const at = Date.parse(instant);
    const { current, starts } = this.epochs;
    const first = current - starts.length + 1;
    for (let j = starts.length - 1; j >= 0; j--) if (Date.parse(starts[j] ?? '') <= at) return first + j;
    // Before every kept start: epoch 0 if the history is complete, otherwise unknown.
    return first <= 1 ? 0 : null;
  }
}
