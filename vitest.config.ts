import os from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files run side by side: each owns its database, ports and emulators, and most of their time
 * is spent waiting on I/O (HTTP on loopback, PostgreSQL), not on the CPU. Vitest's default of one
 * worker per core would leave a 2-core machine mostly idle, so it gets three workers per core.
 */
const workers = Math.max(4, os.availableParallelism() * 3);

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'emulators/**/*.test.ts'],
    exclude: ['**/*.case.test.ts', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: workers,
    fileParallelism: true,
  },
});
