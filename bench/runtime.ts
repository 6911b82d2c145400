/**
 * How the benchmarks start our code: compiled (`npm run build`, what a production deployment runs)
 * unless BENCH_TSX=1 asks for the sources through tsx. tsx transpiles in a loader thread that costs
 * the process about 40 MB of memory, which the memory targets should not count.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const FROM_SOURCE = process.env['BENCH_TSX'] === '1';

/** Node arguments that run `file` (a path under the repository, `.ts`). Builds once when compiled. */
export function nodeArgs(root: string, file: string): string[] {
  if (FROM_SOURCE) return ['--import', 'tsx', file];
  return [path.join(root, 'dist', file.replace(/\.ts$/, '.js'))];
}

/**
 * The Node flags a deployment runs the server with: those of `npm run start:built`, so a benchmark
 * measures the server as it is run, not as a bare `node` would run it.
 */
export function serverNodeFlags(root: string): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const command = scripts['start:built'] ?? '';
  if (!command.startsWith('node ')) throw new Error(`unexpected start:built script: ${command}`);
  return command.split(/\s+/).filter((word) => word.startsWith('--'));
}

let built = false;
export function ensureBuilt(root: string): void {
  if (FROM_SOURCE || built) return;
  console.log('Building (npm run build) to run compiled code; BENCH_TSX=1 runs the sources instead ...');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  built = true;
}
