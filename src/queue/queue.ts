/**
 * The job queue.
 *
 * Terminology:
 * - **task**: a named kind of work with a typed payload (`sync`, `deliver-webhook`).
 * - **job**: one task with one payload, sent now or for later (`startAfter`).
 * - **worker**: a handler processing jobs of one task, `concurrency` at a time.
 *
 * Returning from a handler means done; throwing means the job failed. Handlers are idempotent:
 * the state they act on lives in our own tables (sync runs, webhook deliveries), so a job that
 * runs twice, or a job lost in a crash and re-sent on start, does no harm.
 *
 * Two implementations: in-process for SQLite (one process), pg-boss on PostgreSQL so any number
 * of worker processes share the jobs.
 *
 * @example
 * await queue.work('sync', async ({ runId }) => runSync(runId), 2);
 * await queue.send('sync', { runId });
 */
export interface TaskPayloads {
  sync: { runId: string };
  'deliver-webhook': { deliveryId: string };
}

export type TaskName = keyof TaskPayloads;

export interface SendOptions {
  startAfter?: Date;
}

export interface Queue {
  readonly kind: 'in-process' | 'pg-boss';
  start(): Promise<void>;
  send<T extends TaskName>(task: T, payload: TaskPayloads[T], options?: SendOptions): Promise<void>;
  work<T extends TaskName>(task: T, handler: (payload: TaskPayloads[T]) => Promise<void>, concurrency: number): Promise<void>;
  stop(): Promise<void>;
}

export const TASKS: readonly TaskName[] = ['sync', 'deliver-webhook'];
