/**
 * One phase of the sync benchmark, run in its own process so its peak memory is its own:
 *   fetch  <tool> <base_url> <credentials-json>             list every model through the connector, store nothing
 *   sync   <tool> <base_url> <credentials-json> <data-dir|postgres-url> <FULL|DELTA>  run the real sync engine
 * Prints one line `RESULT {ms, cpuMs, records, rssMb, …}` (other output may surround it). `cpuMs` is this
 * process's CPU time (user and system), steadier than wall time on a busy machine; it leaves out
 * the emulator's and PostgreSQL's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { memoryState } from '../src/connectors/memory-state.js';
import { connectorFor } from '../src/connectors/registry.js';
import { SOURCE_MODELS } from '../src/connectors/source-records.js';
import { Vault } from '../src/lib/crypto.js';
import { limitHeapGrowth } from '../src/lib/heap.js';
import { createLogger } from '../src/lib/logger.js';
import { openDb } from '../src/storage/db.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { executeSyncRun } from '../src/sync/engine.js';

// As the server runs (src/cli/index.ts).
limitHeapGrowth();

const [phase, tool = '', baseUrl = '', credentialsJson = '{}', dataDir = '', type = 'FULL'] = process.argv.slice(2);
const connector = connectorFor(tool);
if (!connector) throw new Error(`unknown tool ${tool}`);
const credentials = JSON.parse(credentialsJson) as Record<string, string>;
const logger = createLogger(process.env['BENCH_VERBOSE'] ? 'debug' : 'warn');

/** With BENCH_VERBOSE, the largest heap and native memory seen (where the RSS goes). */
const peaks = { heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
if (process.env['BENCH_VERBOSE']) {
  setInterval(() => {
    const m = process.memoryUsage();
    for (const key of Object.keys(peaks) as Array<keyof typeof peaks>) peaks[key] = Math.max(peaks[key], m[key]);
  }, 200).unref();
  process.on('exit', () => console.error('memory peaks (MB):', Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, Math.round(v / 1048576)]))));
}

/** CPU time of this process since `from` (a `process.cpuUsage()`), in ms. */
const cpuMsSince = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};

function peakRssMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

if (phase === 'fetch') {
  const ctx = { integrationId: 'bench', credentials, baseUrl, fetch, logger, state: memoryState() };
  const started = performance.now();
  const cpu = process.cpuUsage();
  let records = 0;
  for (const model of SOURCE_MODELS.filter((m) => connector.manifest.capabilities.models.includes(m))) {
    let cursor: string | null = null;
    const t0 = performance.now();
    do {
      const page: { records: unknown[]; next: string | null } = await connector.list(ctx, model, { cursor });
      records += page.records.length;
      cursor = page.next;
    } while (cursor);
    if (process.env['BENCH_VERBOSE']) console.error(`fetched ${model} in ${Math.round(performance.now() - t0)} ms`);
  }
  console.log(`RESULT ${JSON.stringify({ ms: performance.now() - started, cpuMs: cpuMsSince(cpu), records, rssMb: peakRssMb() })}`);
} else {
  // `dataDir` is a folder for SQLite, or a postgres:// URL.
  const db = openDb(dataDir.startsWith('postgres') ? { databaseUrl: dataDir } : { sqliteFile: path.join(dataDir, 'bench.sqlite') });
  await migrateToLatest(db);
  const vault = new Vault('bench');
  const now = new Date().toISOString();
  const id = `${tool}:bench`;
  const existing = await db.kysely.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!existing) {
    await db.kysely.insertInto('environments').values({ id: 'env', name: 'default', created_at: now }).execute();
    await db.kysely
      .insertInto('integrations')
      .values({
        id, environment_id: 'env', tool, status: 'ACTIVE', setup_status: 'FINAL_SYNC_PENDING', organization_name: 'Bench', origin_id: null,
        creator_email: null, credentials: vault.encrypt(credentialsJson), base_url: baseUrl, created_at: now, updated_at: now,
        first_synced_at: null, last_successful_sync_at: null, data_expired_at: null,
      })
      .execute();
  }
  const runId = `run-${Date.now()}`;
  await db.kysely
    .insertInto('sync_runs')
    .values({ id: runId, integration_id: id, type: type === 'DELTA' ? 'DELTA' : 'FULL', state: 'QUEUED', created_at: now, started_at: null, ended_at: null, error: null, stats: '{}', heartbeat_at: null, worker_id: null })
    .execute();
  const integration = await db.kysely.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const outcome = await executeSyncRun({ db, vault, logger, fetch, connectorFor }, integration, runId, undefined, type === 'DELTA' ? 'DELTA' : 'FULL');
  const ms = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  const records = Object.values(outcome.stats).reduce((n, s) => n + s.created + s.updated + s.unchanged, 0);
  const changed = Object.values(outcome.stats).reduce((n, s) => n + s.created + s.updated + s.deleted, 0);
  const run = await db.kysely.selectFrom('sync_runs').select('type').where('id', '=', runId).executeTakeFirstOrThrow();
  await db.close();
  console.log(`RESULT ${JSON.stringify({ ms, cpuMs, records, changed, state: outcome.state, type: run.type, error: outcome.error, rssMb: peakRssMb() })}`);
}
