import type { Config } from '../config/config.js';
import { startServer, type RunningServer } from '../main.js';
import type { CliIo } from './io.js';

/** A worker process: syncs, schedules and webhook deliveries from the shared PostgreSQL queue; no HTTP. */
export async function workerCommand(config: Config, io: CliIo): Promise<RunningServer> {
  const worker = await startServer(config);
  io.out(`unified-ats worker ${worker.services.runner.workerId} started (concurrency ${config.sync.concurrency})\n`);
  return worker;
}
