/**
 * Runs tasks of one key one after another (in this process), tasks of different keys side by
 * side. p-limit has no notion of keys; a Map of promise chains is all it takes.
 *
 * @example
 * const lock = new KeyedLock();
 * await lock.run(integrationId, () => storeAndCompose());
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
