import pLimit, { type LimitFunction } from 'p-limit';
import type { Logger } from 'pino';
import type { Queue, SendOptions, TaskName, TaskPayloads } from './queue.js';

type Handler = (payload: unknown) => Promise<void>;

/**
 * Jobs in memory, for single-process SQLite deployments. A crash loses the queue, not the work:
 * callers re-send what their tables say is pending when they start.
 */
export class InProcessQueue implements Queue {
  readonly kind = 'in-process' as const;
  private readonly workers = new Map<TaskName, { handler: Handler; limit: LimitFunction }>();
  private readonly backlog = new Map<TaskName, unknown[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly logger: Logger) {}

  start(): Promise<void> {
    return Promise.resolve();
  }

  send<T extends TaskName>(task: T, payload: TaskPayloads[T], options: SendOptions = {}): Promise<void> {
    const delay = options.startAfter ? options.startAfter.getTime() - Date.now() : 0;
    if (delay > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.dispatch(task, payload);
      }, delay);
      timer.unref();
      this.timers.add(timer);
    } else {
      this.dispatch(task, payload);
    }
    return Promise.resolve();
  }

  work<T extends TaskName>(task: T, handler: (payload: TaskPayloads[T]) => Promise<void>, concurrency: number): Promise<void> {
    this.workers.set(task, { handler: handler as Handler, limit: pLimit(concurrency) });
    for (const payload of this.backlog.get(task) ?? []) this.dispatch(task, payload);
    this.backlog.delete(task);
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  private dispatch(task: TaskName, payload: unknown): void {
    if (this.stopped) return;
    const worker = this.workers.get(task);
    if (!worker) {
      this.backlog.set(task, [...(this.backlog.get(task) ?? []), payload]);
      return;
    }
    const job = worker
      .limit(() => (this.stopped ? Promise.resolve() : worker.handler(payload)))
      .catch((err: unknown) => this.logger.error({ err, task }, 'job failed'))
      .finally(() => this.running.delete(job));
    this.running.add(job);
  }
}
