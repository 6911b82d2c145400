/** A webhook receiver inside the test: verifies signatures the way a customer's backend would. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../src/webhooks/sign.js';

export interface Received {
  type: string;
  body: Record<string, unknown> & { id: string; type: string; data: Record<string, unknown> };
  raw: string;
  signatureValid: boolean;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Answer the next N deliveries with HTTP 500. */
  failNext(n: number): void;
  hits(): number;
  waitFor(predicate: (r: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(secret: string): Promise<Receiver> {
  const received: Received[] = [];
  let failures = 0;
  let hits = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits++;
      if (failures > 0) {
        failures--;
        res.writeHead(500).end('not now');
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw) as Received['body'];
      const signature = String(req.headers['x-kombo-signature'] ?? '');
      received.push({ type: body.type, body, raw, signatureValid: verifyWebhook(secret, raw, signature) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    failNext: (n) => {
      failures = n;
    },
    hits: () => hits,
    async waitFor(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`Webhooks not received in time; got ${received.map((r) => r.type).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
