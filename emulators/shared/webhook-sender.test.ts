import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../test/setup/virtual-clock.js';
import { WebhookSender } from './webhook-sender.js';

describe('WebhookSender', () => {
  let server: http.Server;
  let url = '';
  let failures = 0;
  const bodies: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        if (failures-- > 0) res.writeHead(503).end();
        else res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('retries a failing receiver after the vendor’s waits, then stops at the first 2xx', async () => {
    const clock = new VirtualClock();
    const sender = new WebhookSender({ retryDelaysMs: [60_000, 900_000, 3_600_000], now: clock.now, sleep: (ms) => clock.sleep(ms) });
    failures = 2;
    sender.send('candidate_moved', { url, headers: { 'Content-Type': 'application/json' }, body: '{"id":"1"}' });
    await sender.settle();
    expect(sender.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    expect(clock.waits).toEqual([60_000, 900_000]);
    expect(bodies.slice(-3)).toEqual(['{"id":"1"}', '{"id":"1"}', '{"id":"1"}']);
  });

  it('gives up after the last documented retry', async () => {
    const clock = new VirtualClock();
    const sender = new WebhookSender({ retryDelaysMs: [1_000], now: clock.now, sleep: (ms) => clock.sleep(ms) });
    failures = 5;
    sender.send('x', { url, headers: {}, body: '{}' });
    await sender.settle();
    expect(sender.attempts.map((a) => a.status)).toEqual([503, 503]);
    failures = 0;
  });

  it('holds deliveries back while paused and sends them when resumed', async () => {
    const clock = new VirtualClock();
    const sender = new WebhookSender({ retryDelaysMs: [], now: clock.now, sleep: (ms) => clock.sleep(ms) });
    sender.setPaused(true);
    sender.send('a', { url, headers: {}, body: '{"n":1}' });
    sender.send('a', { url, headers: {}, body: '{"n":2}' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(sender.attempts).toEqual([]);
    sender.setPaused(false);
    await sender.settle();
    expect(sender.attempts.map((a) => a.body)).toEqual(['{"n":1}', '{"n":2}']);
  });
});
