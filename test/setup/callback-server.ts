/**
 * A vendor-webhook callback URL on loopback for emulator and connector tests: records every request
 * and answers a handshake (`X-Hook-Secret`, as SmartRecruiters sends on activation) with 200, echoing
 * the header while `echo()` says so; other requests get 202.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CallbackServer {
  url: string;
  received: Array<{ headers: IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

export async function startCallbackServer(echo: () => boolean = () => true): Promise<CallbackServer> {
  const received: CallbackServer['received'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const secret = req.headers['x-hook-secret'];
      if (typeof secret === 'string' && echo()) res.setHeader('X-Hook-Secret', secret);
      res.statusCode = typeof secret === 'string' ? 200 : 202;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((done) => server.close(() => done())) };
}
