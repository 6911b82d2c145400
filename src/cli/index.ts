#!/usr/bin/env node
/** `unified-ats serve|worker`: the server or a worker process, configured from the environment (see README). */
import { ConfigError, loadConfig } from '../config/config.js';
import { serveCommand } from './serve.js';
import { workerCommand } from './worker.js';

const COMMANDS: Record<string, () => Promise<void>> = { serve: serveCommand, worker: workerCommand };

const name = process.argv[2] ?? 'serve';
const command = COMMANDS[name];
if (!command) {
  console.error(`Unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}`);
  process.exit(2);
}
try {
  loadConfig(name === 'worker' ? { ROLE: 'worker' } : {});
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(2);
}
await command();
