/**
 * Benchmark: how fresh vendor webhooks keep our data. Per vendor whose webhooks we support, its
 * emulator (documented rate limit on) and the real server on the system clock, polling switched
 * off (delta and full intervals of 10 000 hours): BENCH_CHANGES stage moves are made at the vendor
 * through the emulator's admin helper, one after another; each is timed until the new stage is
 * readable through our API *and* our signed `data-changed` for it has arrived. Prints p50/p95/max
 * per vendor and p95 against the 10-second target.
 *
 *   npm run bench:webhooks
 *   BENCH_CHANGES=50 BENCH_TOOLS=lever,ashby npm run bench:webhooks
 *   BENCH_COALESCE_MS=250 npm run bench:webhooks     # the per-integration coalescing window (default 500 ms)
 *   TEST_DATABASE_URL=postgres://… BENCH_DIALECT=postgres npm run bench:webhooks   # on PostgreSQL (a fresh database)
 *
 * Target: p95 <= 10 000 ms per vendor (ratio p95 / target <= 1).
 */
import { systemClock } from '../src/lib/clock.js';
import { DIALECTS } from '../test/setup/dialects.js';
import { VENDOR_CASES } from '../test/e2e/vendor-webhooks/cases.js';
import { measureStageMove, percentile, startVendorRig } from '../test/e2e/vendor-webhooks/harness.js';

const CHANGES = Number(process.env['BENCH_CHANGES'] ?? 20);
const TOOLS = process.env['BENCH_TOOLS']?.split(',').map((t) => t.trim()) ?? VENDOR_CASES.map((v) => v.tool);
const COALESCE_MS = process.env['BENCH_COALESCE_MS'] ? Number(process.env['BENCH_COALESCE_MS']) : undefined;
const TARGET_MS = 10_000;
const dialect = DIALECTS.find((d) => d.name === (process.env['BENCH_DIALECT'] ?? 'sqlite')) ?? DIALECTS[0];

const clock = { now: () => systemClock.now(), sleep: (ms: number) => systemClock.sleep(ms) };
const rows: string[] = [];
let failed = false;
if (!dialect) throw new Error('no storage dialect');
for (const vendor of VENDOR_CASES.filter((v) => TOOLS.includes(v.tool))) {
  const rig = await startVendorRig(vendor, dialect, { clock, ...(COALESCE_MS === undefined ? {} : { coalesceMs: COALESCE_MS }) });
  try {
    const latencies: number[] = [];
    let unsigned = 0;
    for (let n = 0; n < CHANGES; n++) {
      const measured = await measureStageMove(rig, n, 60_000);
      latencies.push(measured.latencyMs);
      if (!measured.signed) unsigned++;
    }
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    const max = Math.max(...latencies);
    if (p95 > TARGET_MS || unsigned > 0) failed = true;
    rows.push(
      `${vendor.tool.padEnd(15)} ${String(CHANGES).padStart(7)} ${String(p50).padStart(8)} ${String(p95).padStart(8)} ${String(max).padStart(8)}   ${(p95 / TARGET_MS).toFixed(3)}${unsigned ? `   ${unsigned} unsigned!` : ''}`,
    );
  } finally {
    await rig.close();
  }
}

console.log(`\nVendor webhooks: change at the vendor → readable through the API and announced by a signed data-changed (${dialect.name}, polling off, ms on the system clock)`);
console.log('vendor          changes   p50 ms   p95 ms   max ms   p95/10s');
for (const row of rows) console.log(row);
console.log(failed ? '\nTARGET MISSED: p95 above 10 s or an unsigned data-changed' : '\nTarget met: p95 <= 10 s for every vendor');
process.exitCode = failed ? 1 : 0;
