#!/usr/bin/env node
/** `unified-ats <command>`: see help.ts, or run with --help. */
import { limitHeapGrowth } from '../lib/heap.js';
import { runCli } from './run.js';

limitHeapGrowth();

const outcome = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
});
if (typeof outcome === 'number') {
  process.exitCode = outcome;
} else {
  const shutdown = () => {
    void outcome.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
