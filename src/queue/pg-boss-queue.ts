import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { TASKS, type Queue, type SendOptions, type TaskName, type TaskPayloads } from './queue.js';

/**
 * Jobs in PostgreSQL through pg-boss, shared by every worker process on every machine.
 * Our handlers record their own outcome, so pg-boss's retries are off: a failed job is not
 * re-run blindly; the sync reaper and the webhook backoff decide what happens next.
 */
export class PgBossQueue implements Queue {
  readonly kind = 'pg-boss' as const;
  private readonly boss: PgBoss;

  constructor(
    databaseUrl: string,
    private readonly logger: Logger,
  ) {
    this.boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 4 });
    this.boss.on('error', (err: Error) => this.logger.error({ err }, 'pg-boss error'));
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const task of TASKS) {
      // Idempotent: createQueue on an existing queue is a no-op in pg-boss 10 when it exists.
      const existing = await this.boss.getQueue(task);
      if (!existing) await this.boss.createQueue(task, { name: task, policy: 'standard', retryLimit: 0, expireInHours: 12 });
    }
  }

  async send<T extends TaskName>(task: T, payload: TaskPayloads[T], options: SendOptions = {}): Promise<void> {
    await this.boss.send(task, payload, options.startAfter ? { startAfter: options.startAfter, retryLimit: 0 } : { retryLimit: 0 });
  }

  async work<T extends TaskName>(task: T, handler: (payload: TaskPayloads[T]) => Promise<void>, concurrency: number): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      await this.boss.work<TaskPayloads[T]>(task, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        for (const job of jobs) await handler(job.data);
      });
    }
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}
