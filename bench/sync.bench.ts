/**
 * Benchmark: a full sync of a vendor emulator's data over loopback HTTP, next to fetching the
 * same pages through the same connector without storing them; then a delta sync after 1% of the
 * candidates changed, and a second full sync after another 1% changed (the daily full sync of a large
 * integration). Every phase runs in its own process (peak RSS is the phase's own).
 *
 *   npm run bench:sync                                 # Greenhouse emulator, 100 000 candidates
 *   BENCH_SIZE=5000 BENCH_TOOL=lever npm run bench:sync
 *   BENCH_DATABASE_URL=postgres://user:pw@host/db npm run bench:sync   # on PostgreSQL (a fresh database is created and dropped)
 *
 * Targets: full sync / fetch-only <= 2.0 on SQLite (3.0 on PostgreSQL), second full after 1% changed <= 1.3,
 * sync peak RSS <= 250 MB, delta <= 5% of the full sync. Also prints the store's size.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureBuilt, nodeArgs, serverNodeFlags } from './runtime.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = Number(process.env['BENCH_SIZE'] ?? 100_000);
const TOOL = process.env['BENCH_TOOL'] ?? 'greenhouse';

/** How each emulator changes one candidate-like record, and how to find a few of them. */
const MUTATORS: Record<string, (base: string, count: number) => Promise<number>> = {
  async greenhouse(base, count) {
    let changed = 0;
    // The emulator numbers candidates from 41 000 001 (like Greenhouse's large ids); every 100th changes.
    for (let n = 0; changed < count && n < count * 200; n += 100) {
      const res = await fetch(`${base}/__admin/candidates/${41_000_001 + n}/update`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: `Changed ${Date.now()}` }) });
      await res.body?.cancel();
      if (res.ok) changed++;
    }
    return changed;
  },
  async lever(base, count) {
    const state = (await (await fetch(`${base}/__admin/state`)).json()) as { opportunityIds?: string[] };
    let changed = 0;
    for (const id of (state.opportunityIds ?? []).slice(0, count)) {
      const res = await fetch(`${base}/__admin/opportunities/${id}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ headline: `Changed ${Date.now()}` }) });
      await res.body?.cancel();
      if (res.ok) changed++;
    }
    return changed;
  },
};

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const [file = '', ...rest] = args;
    const profile = process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`] : [];
    const child = spawn(process.execPath, ['--max-old-space-size=4096', ...serverNodeFlags(ROOT), ...profile, ...nodeArgs(ROOT, file), ...rest], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

/** An empty database next to the one `adminUrl` names, so every run starts from nothing. */
async function freshPostgres(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ua_bench_${Date.now().toString(36)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Size of the store: the SQLite files in `dataDir`, or the PostgreSQL database `url` names. */
async function storeSizeMb(dataDir: string, url: string | null): Promise<number> {
  if (url === null) return readdirSync(dataDir).reduce((n, f) => n + statSync(path.join(dataDir, f)).size, 0) / 1048576;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size');
    return Number(rows[0]?.size ?? 0) / 1048576;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  ensureBuilt(ROOT);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ua-bench-sync-'));
  const postgres = process.env['BENCH_DATABASE_URL'] ? await freshPostgres(process.env['BENCH_DATABASE_URL']) : null;
  const target = postgres?.url ?? dataDir;
  const emulator = spawn(process.execPath, ['--import', 'tsx', 'emulators/cli.ts', TOOL, '--port', '0', '--size', String(SIZE), '--rate-limit', '1000000000'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let banner = '';
    const base = await new Promise<string>((resolve, reject) => {
      emulator.stdout.on('data', (d: Buffer) => {
        banner += d.toString();
        const match = /listening on (http:\/\/\S+)/.exec(banner);
        const creds = /credentials: (\{.*\})/.exec(banner);
        if (match?.[1] && creds) resolve(match[1]);
      });
      emulator.once('exit', () => reject(new Error('emulator exited')));
    });
    const credentials = /credentials: (\{.*\})/.exec(banner)?.[1] ?? '{}';
    console.log(`${TOOL} emulator with ${SIZE} candidates at ${base}; storing into ${postgres ? 'PostgreSQL' : 'SQLite'}`);
    type Result = { ms: number; cpuMs: number; records: number; rssMb: number; changed?: number; state?: string; type?: string; error?: string | null };
    const parse = (out: string) => JSON.parse(out.split('\n').find((line) => line.startsWith('RESULT '))?.slice(7) ?? '{}') as Result;
    const fetchOnly = parse(await run(['bench/sync-phase.ts', 'fetch', TOOL, base, credentials]));
    const cpu = (r: Result) => `CPU ${(r.cpuMs / 1000).toFixed(1)} s`;
    console.log(`fetch only : ${(fetchOnly.ms / 1000).toFixed(1)} s (${cpu(fetchOnly)}), ${fetchOnly.records} records, peak RSS ${fetchOnly.rssMb.toFixed(0)} MB`);
    const full = parse(await run(['bench/sync-phase.ts', 'sync', TOOL, base, credentials, target, 'FULL']));
    console.log(`full sync  : ${(full.ms / 1000).toFixed(1)} s (${cpu(full)}), ${full.records} records, ${full.state}, peak RSS ${full.rssMb.toFixed(0)} MB${full.error ? ` (${full.error})` : ''}`);
    const sizeMb = await storeSizeMb(dataDir, postgres?.url ?? null);
    console.log(`store size : ${sizeMb.toFixed(1)} MB after the first full sync`);
    const mutate = MUTATORS[TOOL];
    const changedAtVendor = mutate ? await mutate(base, Math.max(1, Math.round(SIZE / 100))) : 0;
    const delta = parse(await run(['bench/sync-phase.ts', 'sync', TOOL, base, credentials, target, 'DELTA']));
    console.log(`delta sync : ${(delta.ms / 1000).toFixed(1)} s (${delta.type}, ${cpu(delta)}), ${changedAtVendor} changed at the vendor, ${delta.changed ?? 0} records changed, ${delta.state}`);
    const changedAgain = mutate ? await mutate(base, Math.max(1, Math.round(SIZE / 100))) : 0;
    const again = parse(await run(['bench/sync-phase.ts', 'sync', TOOL, base, credentials, target, 'FULL']));
    console.log(`full again : ${(again.ms / 1000).toFixed(1)} s (${cpu(again)}), ${changedAgain} changed at the vendor, ${again.changed ?? 0} records changed, ${again.state}, peak RSS ${again.rssMb.toFixed(0)} MB`);
    const ratio = full.ms / fetchOnly.ms;
    const ratioTarget = postgres ? 3 : 2;
    const againRatio = again.ms / fetchOnly.ms;
    const deltaShare = delta.ms / full.ms;
    console.log('\n=== sync benchmark ===');
    console.log(`full sync / fetch only : ${ratio.toFixed(2)}  target <= ${ratioTarget}   ${ratio <= ratioTarget ? 'PASS' : 'MISS'}`);
    const rss = Math.max(full.rssMb, again.rssMb);
    console.log(`sync peak RSS          : ${rss.toFixed(0)} MB  target <= 250  ${rss <= 250 ? 'PASS' : 'MISS'}`);
    console.log(`delta / full           : ${(deltaShare * 100).toFixed(1)}%  target <= 5%  ${deltaShare <= 0.05 ? 'PASS' : 'MISS'}`);
    console.log(`second full / fetch    : ${againRatio.toFixed(2)}  target <= 1.3   ${againRatio <= 1.3 ? 'PASS' : 'MISS'}  (the daily full sync after 1% changed)`);
    console.log(`store size             : ${sizeMb.toFixed(1)} MB (${((sizeMb * 1024) / Math.max(1, full.records)).toFixed(2)} KB per record)`);
    // Wall time moves with the machine's load (fetch only alone by ±25% on a shared 2-core VM);
    // the same ratios in our process's CPU time show whether a change helped. Not the targets:
    // they leave out the emulator's and PostgreSQL's share.
    console.log(`CPU ratios (ours only) : full ${(full.cpuMs / fetchOnly.cpuMs).toFixed(2)}, second full ${(again.cpuMs / fetchOnly.cpuMs).toFixed(2)}, delta ${((delta.cpuMs / full.cpuMs) * 100).toFixed(1)}%`);
  } finally {
    emulator.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    await postgres?.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
