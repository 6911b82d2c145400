/**
 * The import rules of `.dependency-cruiser.cjs` (explained in src/README.md, "Layers"): the
 * source tree keeps them, and a tree with a wrong import fails them. The wrong tree is written to
 * a temporary folder so no broken file ever sits in the repository.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

const reportSchema = z.object({
  summary: z.object({
    violations: z.array(z.object({ from: z.string(), to: z.string(), rule: z.object({ name: z.string() }) })),
  }),
});

/** Runs depcruise on `src` below `cwd`; its violations as `rule: from → to`. */
async function violations(cwd: string): Promise<string[]> {
  const run = promisify(execFile);
  // depcruise exits non-zero when it finds violations; the JSON report is complete either way.
  const { stdout } = await run(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'json'], { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
  );
  const report = reportSchema.parse(JSON.parse(stdout));
  return report.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A small tree of TypeScript files (path → imports) in a temporary folder. */
function tree(files: Record<string, readonly string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ua-boundaries-'));
  made.push(dir);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, noEmit: true } }));
  for (const [path, imports] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    const lines = imports.map((target, i) => `import { x as x${i} } from '${target}';\nconsole.log(x${i});`);
    writeFileSync(join(dir, path), `${lines.join('\n')}\nexport const x = 1;\n`);
  }
  return dir;
}

describe('import boundaries', () => {
  it('the source tree keeps them', async () => {
    expect(await violations(ROOT)).toEqual([]);
  });

  it('an allowed tree passes', async () => {
    const dir = tree({
      'src/http/app.ts': ['../integrations/create.js', '../lib/ids.js'],
      'src/integrations/create.ts': ['../sync/engine.js'],
      'src/sync/engine.ts': ['../runtime/context.js', '../connectors/registry.js'],
      'src/runtime/context.ts': ['../storage/db.js', '../connectors/connector.js'],
      'src/connectors/registry.ts': ['./acme/connector.js'],
      'src/connectors/connector.ts': [],
      'src/connectors/acme/connector.ts': ['../kit/http.js'],
      'src/connectors/kit/http.ts': ['../../lib/ids.js'],
      'src/storage/db.ts': ['../model/job.js'],
      'src/model/job.ts': [],
      'src/lib/ids.ts': [],
    });
    expect(await violations(dir)).toEqual([]);
  });

  it('a wrong import fails them', async () => {
    const dir = tree({
      'src/lib/clock.ts': ['../http/app.js'],
      'src/http/app.ts': [],
      'src/connectors/kit/fake-vendor.ts': ['../../../emulators/acme.js'],
      'emulators/acme.ts': [],
      'src/sync/engine.ts': ['../connectors/acme/client.js'],
      'src/connectors/acme/client.ts': ['../other/client.js'],
      'src/connectors/other/client.ts': [],
      'src/storage/db.ts': ['../connectors/connector.js'],
      'src/connectors/connector.ts': [],
      'src/model/a.ts': ['./b.js'],
      'src/model/b.ts': ['./a.js'],
      'src/shiny/new.ts': ['../lib/clock.js'],
    });
    const found = await violations(dir);
    expect(found).toEqual(
      expect.arrayContaining([
        'base-not-above: src/lib/clock.ts → src/http/app.ts',
        'src-not-tests: src/connectors/kit/fake-vendor.ts → emulators/acme.ts',
        'vendors-stay-in-their-folder: src/sync/engine.ts → src/connectors/acme/client.ts',
        'vendors-not-each-other: src/connectors/acme/client.ts → src/connectors/other/client.ts',
        'adapters-independent: src/storage/db.ts → src/connectors/connector.ts',
        'every-file-in-a-layer: src/shiny/new.ts → src/lib/clock.ts',
      ]),
    );
    expect(found.some((v) => v.startsWith('no-circular: src/model/'))).toBe(true);
  });
});
