import { loadConfig } from '../config/config.js';
import { startServer } from '../main.js';

/** A worker process: syncs, schedules and webhook deliveries from the shared PostgreSQL queue; no HTTP. */
export async function workerCommand(): Promise<void> {
  const config = loadConfig({ ROLE: 'worker' });
  const worker = await startServer(config);
  process.stdout.write(`unified-ats worker ${worker.services.runner.workerId} started (concurrency ${config.sync.concurrency})\n`);
  const shutdown = () => {
    void worker.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
