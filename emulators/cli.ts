/**
 * Starts one emulator by hand: `npm run emulator -- greenhouse --port 4010 [--size 500] [--seed 1]
 * [--rate-limit 50] [--server http://127.0.0.1:3000]`. Faults can then be switched with `POST /__admin/faults`.
 */
import { parseArgs } from 'node:util';
import { EMULATORS } from './index.js';
import { serveEmulator } from './shared/serve.js';
import { startHints } from './start-hints.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '4010' },
    size: { type: 'string', default: '500' },
    seed: { type: 'string', default: '1' },
    'rate-limit': { type: 'string' },
    // Where unified-ats listens, for the printed curl.
    server: { type: 'string', default: 'http://127.0.0.1:3000' },
  },
});
const name = positionals[0] ?? '';
const load = EMULATORS[name];
if (!load) {
  console.error(`Usage: npm run emulator -- <${Object.keys(EMULATORS).join('|')}> [--port N] [--size N] [--seed N] [--rate-limit N] [--server URL]`);
  process.exit(2);
}
const factory = await load();
const rate = values['rate-limit'];
const emulator = factory({ seed: Number(values.seed), size: Number(values.size), ...(rate ? { rateLimitPerSecond: Number(rate) } : {}) });
const running = await serveEmulator(emulator, Number(values.port));
console.log(startHints(name, running.url, emulator.credentials, values.server.replace(/\/+$/, '')).join('\n'));
