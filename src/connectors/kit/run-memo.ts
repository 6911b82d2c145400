/**
 * Asking a vendor once per sync run: the engine hands one context object to every call of a run
 * (and one to each write action), so lookups that several models or pages need (stages, members,
 * reasons) are kept per context and key. A failed lookup is forgotten, so the next call asks again
 * instead of repeating a stale failure.
 *
 * @example
 * const stages = runMemo<SourceStage[]>();
 * const list = await stages(ctx, 'all', () => client.all('/stages', {}, stageSchema).then(mapStages));
 */

export type RunMemo<T> = (ctx: object, key: string, load: () => Promise<T>) => Promise<T>;

export function runMemo<T>(): RunMemo<T> {
  const runs = new WeakMap<object, Map<string, Promise<T>>>();
  return (ctx, key, load) => {
    let kept = runs.get(ctx);
    if (!kept) runs.set(ctx, (kept = new Map()));
    const found = kept.get(key);
    if (found) return found;
    const loading = load();
    kept.set(key, loading);
    loading.catch(() => {
      if (kept.get(key) === loading) kept.delete(key);
    });
    return loading;
  };
}
