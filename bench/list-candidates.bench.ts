/**
 * Benchmark: walk every page of `GET /v1/ats/candidates` (page_size=250) and compare against a floor,
 * a bare `node:http` server replaying the very same bytes. Also reports the serving process's peak RSS.
 *
 *   npm run bench:list             # 100 000 sandbox candidates (seeding takes a few minutes)
 *   BENCH_SIZE=2000 npm run bench:list  # quick
 *
 * Targets (issue 18): walk time ours/floor <= 2; peak RSS <= 250 MB for the first sync of the Sandbox and for the walk.
 * Exit code 0 on a MISS (this is a report); non-zero only on an actual error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, nodeArgs, serverNodeFlags } from './runtime.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = Number(process.env.BENCH_SIZE ?? 100_000);
const API_KEY = 'bench-api-key-0123456789abcdef';
const PAGE_SIZE = 250;
const RUNS = 3;
const SEED_TIMEOUT_MS = 20 * 60_000;
const TARGET_RATIO = 2;
/** Issue 18: the server's peak during a first sync of the Sandbox, and while walking it. */
const TARGET_RSS_MB = 250;

interface Proc {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Recent stdout lines (for diagnostics and for waiting on a banner line). */
  lines: string[];
  exited: Promise<number | null>;
}

const procs = new Set<Proc>();

function spawnNode(name: string, args: string[], env: NodeJS.ProcessEnv, flags: string[] = []): Proc {
  // Spawn node itself (not a wrapper) so that `pid` is the process doing the serving.
  const [file = '', ...rest] = args;
  const child = spawn(process.execPath, [...flags, ...nodeArgs(ROOT, file), ...rest], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not spawn ${name}`);
  const lines: string[] = [];
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.trim()) process.stderr.write(`[${name}] ${line}\n`);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc: Proc = { name, child, pid: child.pid, lines, exited };
  procs.add(proc);
  void exited.then(() => procs.delete(proc));
  return proc;
}

async function waitForLine(proc: Proc, pattern: RegExp, timeoutMs: number, progress?: (elapsedMs: number) => void): Promise<RegExpMatchArray> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let lastProgress = started;
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  for (;;) {
    if (progress && Date.now() - lastProgress >= 10_000) {
      lastProgress = Date.now();
      progress(lastProgress - started);
    }
    for (const line of proc.lines) {
      const match = line.match(pattern);
      if (match) return match;
    }
    if (exitCode !== undefined) throw new Error(`${proc.name} exited (code ${exitCode}) before printing ${pattern}:\n${proc.lines.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`${proc.name} did not print ${pattern} within ${timeoutMs} ms:\n${proc.lines.join('\n')}`);
    await sleep(50);
  }
}

async function stopProc(proc: Proc): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 15_000);
  await proc.exited;
  clearTimeout(timer);
}

function killAll(): void {
  for (const proc of procs) if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Peak resident set size (VmHWM) of a live process, in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = status.match(/^VmHWM:\s+(\d+)\s+kB/m);
  if (!match?.[1]) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

const authHeaders = (integrationId?: string): Record<string, string> => ({
  authorization: `Bearer ${API_KEY}`,
  ...(integrationId ? { 'x-integration-id': integrationId } : {}),
});

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} -> ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

interface IntegrationDetails {
  id: string;
  tool: { id: string };
  setup_status: string;
  sync_state?: { status: string };
}
interface Envelope<T> {
  status: string;
  data: T;
}
interface Page<T> {
  next: string | null;
  results: T[];
}

// ---------------------------------------------------------------------------------------- server

function serverEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    API_KEY,
    SANDBOX: '1',
    SANDBOX_SIZE: String(SIZE),
    LOG_LEVEL: 'warn',
  };
}

async function startServer(name: string, dataDir: string, timeoutMs = 120_000): Promise<{ proc: Proc; base: string }> {
  const proc = spawnNode(name, ['src/cli/index.ts', 'serve'], serverEnv(dataDir), serverNodeFlags(ROOT));
  const progress = (ms: number) => console.log(`  ... ${(ms / 1000).toFixed(0)} s: waiting for ${name} process to listen`);
  const match = await waitForLine(proc, /listening on (http:\/\/127\.0\.0\.1:\d+)/, timeoutMs, progress);
  return { proc, base: match[1] ?? '' };
}

async function seed(dataDir: string): Promise<{ seconds: number; rssMb: number }> {
  const started = performance.now();
  console.log(`Seeding ${SIZE} sandbox candidates ...`);
  const { proc, base } = await startServer('seed', dataDir, SEED_TIMEOUT_MS);
  const sandboxId = (await waitForLine(proc, /Sandbox integration: (sandbox:\S+)/, 10_000))[1] ?? '';
  console.log(`  seeding process listening after ${((performance.now() - started) / 1000).toFixed(1)} s; sandbox integration ${sandboxId}`);
  let lastReport = 0;
  for (;;) {
    const elapsed = performance.now() - started;
    if (elapsed > SEED_TIMEOUT_MS) throw new Error(`seeding did not complete within ${SEED_TIMEOUT_MS / 60_000} minutes`);
    if (proc.child.exitCode !== null) throw new Error(`seeding server exited (code ${proc.child.exitCode}):\n${proc.lines.join('\n')}`);
    const { data } = await getJson<Envelope<IntegrationDetails>>(`${base}/v1/integrations/${encodeURIComponent(sandboxId)}`, authHeaders());
    if (data.setup_status === 'COMPLETED') break;
    if (elapsed - lastReport >= 10_000) {
      lastReport = elapsed;
      console.log(`  ... ${(elapsed / 1000).toFixed(0)} s: setup_status=${data.setup_status}, sync=${data.sync_state?.status ?? '?'}`);
    }
    await sleep(1000);
  }
  const seconds = (performance.now() - started) / 1000;
  const rssMb = peakRssMb(proc.pid);
  console.log(`Seeding completed in ${seconds.toFixed(1)} s (seeding process peak RSS ${rssMb.toFixed(0)} MB)`);
  await stopProc(proc);
  return { seconds, rssMb };
}

// ------------------------------------------------------------------------------------------ walk

interface RecordedPage {
  path: string;
  body: Buffer;
}
interface WalkResult {
  ms: number;
  pages: number;
  bytes: number;
  candidates: number;
  recorded: RecordedPage[];
}

async function walk(base: string, integrationId: string, record: boolean): Promise<WalkResult> {
  const headers = authHeaders(integrationId);
  const recorded: RecordedPage[] = [];
  let pages = 0;
  let bytes = 0;
  let candidates = 0;
  let url: URL | null = new URL(`/v1/ats/candidates?page_size=${PAGE_SIZE}`, base);
  const started = performance.now();
  while (url) {
    const res = await fetch(url, { headers });
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`GET ${url.href} -> ${res.status}: ${body.toString('utf8', 0, 500)}`);
    const page = (JSON.parse(body.toString('utf8')) as Envelope<Page<unknown>>).data;
    pages += 1;
    bytes += body.length;
    candidates += page.results.length;
    if (record) recorded.push({ path: url.pathname + url.search, body });
    url = page.next === null ? null : new URL(`/v1/ats/candidates?page_size=${PAGE_SIZE}&cursor=${encodeURIComponent(page.next)}`, base);
  }
  return { ms: performance.now() - started, pages, bytes, candidates, recorded };
}

interface Timing {
  best: number;
  median: number;
  runs: number[];
}

/** One warm-up walk (recorded), then RUNS timed walks. */
async function measure(label: string, base: string, integrationId: string): Promise<{ warmup: WalkResult; timing: Timing }> {
  const warmup = await walk(base, integrationId, true);
  console.log(`${label}: warm-up ${warmup.ms.toFixed(0)} ms, ${warmup.pages} pages`);
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await walk(base, integrationId, false);
    if (result.candidates !== warmup.candidates || result.pages !== warmup.pages) {
      throw new Error(`${label}: walk ${i + 1} saw ${result.candidates} candidates / ${result.pages} pages, warm-up saw ${warmup.candidates} / ${warmup.pages}`);
    }
    runs.push(result.ms);
    console.log(`${label}: walk ${i + 1} ${result.ms.toFixed(0)} ms`);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { warmup, timing: { best: sorted[0] ?? NaN, median: sorted[Math.floor(sorted.length / 2)] ?? NaN, runs } };
}

// ------------------------------------------------------------------------------------------ main

async function main(): Promise<void> {
  ensureBuilt(ROOT);
  if (!Number.isInteger(SIZE) || SIZE < 1) throw new Error(`BENCH_SIZE must be a positive integer, got ${process.env.BENCH_SIZE}`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'unified-ats-bench-'));
  const dataDir = path.join(tmp, 'data');
  try {
    // 1. Prepare: seed, then serve from a fresh process.
    const seeded = await seed(dataDir);
    const { proc: server, base } = await startServer('server', dataDir);
    const integrations = await getJson<Envelope<Page<IntegrationDetails>>>(`${base}/v1/integrations?page_size=250`, authHeaders());
    const sandbox = integrations.data.results.find((i) => i.tool.id === 'sandbox');
    if (!sandbox) throw new Error('no sandbox integration after restart');
    if (sandbox.setup_status !== 'COMPLETED') throw new Error(`sandbox setup_status after restart is ${sandbox.setup_status}`);
    const rssAtStartMb = peakRssMb(server.pid);

    // 2. Walk unified-ats.
    const ours = await measure('unified-ats', base, sandbox.id);
    const rssMb = peakRssMb(server.pid);
    if (ours.warmup.candidates !== SIZE) console.warn(`warning: walked ${ours.warmup.candidates} candidates, expected ${SIZE}`);
    await stopProc(server);

    // 3. Floor: a bare node:http child replaying the same bytes on the same paths.
    const index: { path: string; offset: number; length: number }[] = [];
    let offset = 0;
    for (const page of ours.warmup.recorded) {
      index.push({ path: page.path, offset, length: page.body.length });
      offset += page.body.length;
    }
    const indexFile = path.join(tmp, 'pages.json');
    const dataFile = path.join(tmp, 'pages.bin');
    writeFileSync(indexFile, JSON.stringify(index));
    writeFileSync(dataFile, Buffer.concat(ours.warmup.recorded.map((p) => p.body)));
    ours.warmup.recorded.length = 0;
    const floorProc = spawnNode('floor', ['bench/floor-server.ts', indexFile, dataFile], { ...process.env });
    const port = (await waitForLine(floorProc, /^LISTENING (\d+)$/, 60_000))[1] ?? '';
    const floor = await measure('floor', `http://127.0.0.1:${port}`, sandbox.id);
    if (floor.warmup.bytes !== ours.warmup.bytes) throw new Error(`floor served ${floor.warmup.bytes} bytes, recorded ${ours.warmup.bytes}`);
    await stopProc(floorProc);

    // 5. Report.
    const ratio = ours.timing.median / floor.timing.median;
    const ratioBest = ours.timing.best / floor.timing.best;
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    const fmt = (t: Timing) => `best ${t.best.toFixed(0)} ms, median ${t.median.toFixed(0)} ms (runs ${t.runs.map((r) => r.toFixed(0)).join(' / ')})`;
    const report = [
      '',
      '=== list-candidates benchmark ===',
      `candidates walked : ${ours.warmup.candidates} (page_size=${PAGE_SIZE})`,
      `pages             : ${ours.warmup.pages}`,
      `bytes             : ${ours.warmup.bytes} (${(ours.warmup.bytes / 1024 / 1024).toFixed(1)} MB)`,
      `seeding time      : ${seeded.seconds.toFixed(1)} s`,
      `seeding peak RSS  : ${seeded.rssMb.toFixed(1)} MB (the first sync)  target <= ${TARGET_RSS_MB}  ${verdict(seeded.rssMb <= TARGET_RSS_MB)}`,
      `unified-ats walk  : ${fmt(ours.timing)}`,
      `floor walk        : ${fmt(floor.timing)}`,
      `ratio ours/floor  : ${ratio.toFixed(2)} on median (${ratioBest.toFixed(2)} on best)  target <= ${TARGET_RATIO}  ${verdict(ratio <= TARGET_RATIO)}`,
      `walk peak RSS     : ${rssMb.toFixed(1)} MB (after start: ${rssAtStartMb.toFixed(1)} MB)  target <= ${TARGET_RSS_MB}  ${verdict(rssMb <= TARGET_RSS_MB)}`,
      '',
    ];
    console.log(report.join('\n'));
  } finally {
    killAll();
    rmSync(tmp, { recursive: true, force: true });
  }
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

try {
  await main();
} catch (err) {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  killAll();
  process.exitCode = 1;
}
