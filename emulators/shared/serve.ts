import { serve, type ServerType } from '@hono/node-server';
import type { Emulator } from './emulator.js';

export interface RunningEmulator {
  url: string;
  close(): Promise<void>;
}

/** Serves an emulator on loopback (port 0 picks a free port). */
export function serveEmulator(emulator: Emulator, port = 0, hostname = '127.0.0.1'): Promise<RunningEmulator> {
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch: emulator.app.fetch, port, hostname }, (info) => {
      resolve({
        url: `http://${hostname}:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once('error', reject);
  });
}
