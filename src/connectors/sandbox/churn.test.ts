import { describe, expect, it } from 'vitest';
import { memoryState } from '../memory-state.js';
import { ChurnView, beginEpoch, readEpochs, type Epochs } from './churn.js';

const SIZE = 2000;
const absentIn = (view: ChurnView, epoch: number) => Array.from({ length: SIZE }, (_, i) => i).filter((i) => view.absent(i, epoch));
/** Epochs 1..n that began one minute apart from 2026-06-01T00:00. */
const history = (n: number, kept = n): Epochs => ({
  current: n,
  starts: Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 5, 1, 0, i)).toISOString()).slice(n - kept),
});
const at = (minute: number, seconds = 30) => new Date(Date.UTC(2026, 5, 1, 0, minute, seconds)).toISOString();

describe('sandbox churn', () => {
  it('keeps its epoch and the recent start instants in the connector state', async () => {
    const state = memoryState();
    expect(await readEpochs(state)).toEqual({ current: 0, starts: [] });
    const first = await beginEpoch(state, new Date('2026-06-01T00:00:00.000Z'));
    expect(first).toEqual({ current: 1, starts: ['2026-06-01T00:00:00.000Z'] });
    for (let i = 0; i < 70; i++) await beginEpoch(state, new Date(Date.UTC(2026, 5, 2, 0, i)));
    const after = await readEpochs(state);
    expect(after.current).toBe(71);
    expect(after.starts).toHaveLength(64);
    expect(after.starts.at(-1)).toBe(new Date(Date.UTC(2026, 5, 2, 1, 9)).toISOString());
  });

  it('hides a churn share of candidates in each epoch, another one in the next, none in epoch 0', () => {
    const view = new ChurnView(7, 0.2, history(3));
    expect(absentIn(view, 0)).toEqual([]);
    const one = absentIn(view, 1);
    const two = absentIn(view, 2);
    expect(one.length / SIZE).toBeGreaterThan(0.15);
    expect(one.length / SIZE).toBeLessThan(0.25);
    const both = one.filter((i) => two.includes(i));
    // Independent draws: about churn² of all candidates are absent in both epochs.
    expect(both.length).toBeLessThan(one.length / 2);
    expect(absentIn(new ChurnView(7, 0.2, history(3)), 1)).toEqual(one);
    expect(absentIn(new ChurnView(8, 0.2, history(3)), 1)).not.toEqual(one);
    expect(absentIn(new ChurnView(7, 0, history(3)), 1)).toEqual([]);
  });

  it('says what was re-created or deleted since an instant', () => {
    const view = new ChurnView(7, 0.2, history(3));
    const [inOne, inTwo, inThree] = [1, 2, 3].map((e) => new Set(absentIn(view, e)));
    if (!inOne || !inTwo || !inThree) throw new Error('unreachable');
    const all = Array.from({ length: SIZE }, (_, i) => i);
    // Since a moment in epoch 2: what changed is what epoch 3 changed.
    expect(all.filter((i) => view.reappearedSince(i, at(1)))).toEqual(all.filter((i) => inTwo.has(i) && !inThree.has(i)));
    expect(all.filter((i) => view.vanishedSince(i, at(1)))).toEqual(all.filter((i) => !inTwo.has(i) && inThree.has(i)));
    // Since a moment in epoch 1: present now and absent in epoch 1 or 2, and the reverse.
    expect(all.filter((i) => view.reappearedSince(i, at(0)))).toEqual(all.filter((i) => !inThree.has(i) && (inOne.has(i) || inTwo.has(i))));
    expect(all.filter((i) => view.vanishedSince(i, at(0)))).toEqual(all.filter((i) => inThree.has(i) && !(inOne.has(i) && inTwo.has(i))));
    // Since before the first epoch: everything absent now was deleted since; nothing present was absent in epoch 0.
    expect(all.filter((i) => view.vanishedSince(i, '2026-05-01T00:00:00.000Z'))).toEqual([...inThree]);
    // Since the current epoch began: nothing.
    expect(all.filter((i) => view.reappearedSince(i, at(2)) || view.vanishedSince(i, at(2)))).toEqual([]);
  });

  it('answers with a superset when the kept history does not reach back far enough', () => {
    const view = new ChurnView(7, 0.2, history(3, 2));
    const inThree = absentIn(view, 3);
    const all = Array.from({ length: SIZE }, (_, i) => i);
    expect(all.filter((i) => view.vanishedSince(i, at(0, 0)))).toEqual(inThree);
    expect(all.filter((i) => view.reappearedSince(i, at(0, 0)))).toEqual(all.filter((i) => !inThree.includes(i)));
  });
});
