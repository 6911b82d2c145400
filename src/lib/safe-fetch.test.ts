import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidrContains, classifyIp, embeddedIpv4, parseCidr, parseIpv6 } from './ip.js';
import { addressPolicy, safeFetch, SafeFetchError } from './safe-fetch.js';

describe('classifyIp', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1%eth0', 'link-local'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyIp(address)).toBe(kind);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['2002:7f00:0001::', 'loopback'],
    ['2002:a9fe:a9fe::1', 'link-local'],
    ['2001:0:4136:e378::1', 'reserved'],
  ])('classifies %s by the IPv4 address it reaches (%s)', (address, kind) => {
    expect(classifyIp(address)).toBe(kind);
  });

  it('returns null for what is not an address', () => {
    for (const text of ['localhost', 'example.com', '1.2.3', '1.2.3.256', '01.2.3.4.5', ':::1', '1::2::3', '12345::1', '']) {
      expect(classifyIp(text), text).toBeNull();
    }
  });

  it('parses IPv6 forms', () => {
    expect([...(parseIpv6('::ffff:1.2.3.4') ?? [])].slice(10)).toEqual([255, 255, 1, 2, 3, 4]);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).not.toBeNull();
    expect(parseIpv6('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(parseIpv6('1.2.3.4::')).toBeNull();
    expect(embeddedIpv4(parseIpv6('2606:4700::1') ?? new Uint8Array(16))).toBeNull();
  });
});

describe('cidrContains', () => {
  it('matches IPv4 and IPv6 ranges, and IPv4-mapped addresses against IPv4 ranges', () => {
    const ten = parseCidr('10.0.0.0/8');
    const one = parseCidr('127.0.0.1');
    const ula = parseCidr('fd00::/8');
    if (!ten || !one || !ula) throw new Error('unparsed');
    expect(cidrContains(ten, '10.200.3.4')).toBe(true);
    expect(cidrContains(ten, '11.0.0.1')).toBe(false);
    expect(cidrContains(ten, '::ffff:10.0.0.1')).toBe(true);
    expect(cidrContains(one, '127.0.0.1')).toBe(true);
    expect(cidrContains(one, '127.0.0.2')).toBe(false);
    expect(cidrContains(ula, 'fd12::1')).toBe(true);
    expect(cidrContains(ula, 'fe80::1')).toBe(false);
    expect(cidrContains(ula, '10.0.0.1')).toBe(false);
  });

  it('refuses malformed ranges', () => {
    for (const text of ['10.0.0.0/33', 'fd00::/129', 'nope/8', '10.0.0.0/x']) expect(parseCidr(text), text).toBeNull();
  });
});

describe('addressPolicy', () => {
  it('refuses non-public addresses unless allowed, all or by range', () => {
    expect(addressPolicy(false)('8.8.8.8')).toBeNull();
    expect(addressPolicy(false)('127.0.0.1')).toMatch(/loopback/);
    expect(addressPolicy(false)('::ffff:127.0.0.1')).toMatch(/loopback/);
    expect(addressPolicy(true)('127.0.0.1')).toBeNull();
    const some = addressPolicy(['127.0.0.1/32']);
    expect(some('127.0.0.1')).toBeNull();
    expect(some('::ffff:127.0.0.1')).toBeNull();
    expect(some('::1')).toMatch(/loopback/);
    expect(some('10.0.0.1')).toMatch(/private/);
  });
});

describe('safeFetch', () => {
  let server: http.Server;
  let base: string;
  let port: number;
  const hits: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/file') return res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4 hello');
      if (url.pathname === '/redirect') return res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
      if (url.pathname === '/loop') return res.writeHead(301, { location: '/loop' }).end();
      if (url.pathname === '/big') return res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(5000));
      if (url.pathname === '/big-declared') return res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5000' }).end('x'.repeat(5000));
      if (url.pathname === '/big-chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('x'.repeat(3000));
        res.end('x'.repeat(3000));
        return;
      }
      if (url.pathname === '/slow') return setTimeout(() => res.writeHead(200).end('late'), 2000);
      res.writeHead(404).end('not here');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  const allowLocal = { maxBytes: 4096, timeoutMs: 1000, allowPrivate: ['127.0.0.1/32'] } as const;

  const failure = async (promise: Promise<unknown>) => {
    const err = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(err instanceof SafeFetchError)) throw new Error(`expected a SafeFetchError, got ${String(err)}`);
    return err;
  };

  it('downloads a file when the address is allowed', async () => {
    const file = await safeFetch(`${base}/file`, allowLocal);
    expect(Buffer.from(file.body).toString()).toBe('%PDF-1.4 hello');
    expect(file.contentType).toBe('application/pdf');
  });

  it('refuses loopback, private, link-local and mapped addresses by default, before connecting', async () => {
    const before = hits.length;
    for (const url of [`${base}/file`, `http://[::1]:${port}/file`, `http://[::ffff:127.0.0.1]:${port}/file`, 'http://10.0.0.1/x', 'http://169.254.169.254/latest/meta-data', 'http://0.0.0.0/', 'http://2130706433/']) {
      const err = await failure(safeFetch(url, { maxBytes: 4096, timeoutMs: 1000 }));
      expect(err.reason, url).toBe('blocked_address');
    }
    expect(hits.length).toBe(before);
  });

  it('checks what a host name resolves to', async () => {
    const resolve = (host: string) => Promise.resolve(host === 'files.example' ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.1.1.1', family: 4 }]);
    const err = await failure(safeFetch(`http://files.example:${port}/file`, { maxBytes: 4096, timeoutMs: 1000, resolve }));
    expect(err.reason).toBe('blocked_address');
    expect(err.message).toMatch(/loopback/);
    // Allowed ranges apply to resolved addresses too.
    const ok = await safeFetch(`http://files.example:${port}/file`, { ...allowLocal, resolve });
    expect(ok.body.length).toBeGreaterThan(0);
    // One bad address among several is enough to refuse.
    const mixed = (host: string) => Promise.resolve([{ address: '127.0.0.1', family: 4 }, { address: host === 'x' ? '8.8.8.8' : '169.254.1.1', family: 4 }]);
    expect((await failure(safeFetch(`http://mixed.example:${port}/file`, { ...allowLocal, resolve: mixed }))).reason).toBe('blocked_address');
  });

  it('refuses a redirect to a refused address, and follows allowed ones', async () => {
    for (const target of ['http://10.0.0.1/x', 'http://169.254.169.254/latest', `http://[::1]:${port}/file`, `http://127.0.0.2:${port}/file`]) {
      const err = await failure(safeFetch(`${base}/redirect?to=${encodeURIComponent(target)}`, allowLocal));
      expect(err.reason, target).toBe('blocked_address');
    }
    const followed = await safeFetch(`${base}/redirect?to=${encodeURIComponent('/file')}`, allowLocal);
    expect(followed.url).toBe(`${base}/file`);
    expect((await failure(safeFetch(`${base}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`, allowLocal))).reason).toBe('invalid_url');
    expect((await failure(safeFetch(`${base}/loop`, allowLocal))).reason).toBe('too_many_redirects');
  });

  it('enforces the size cap, with and without Content-Length', async () => {
    expect((await failure(safeFetch(`${base}/big`, allowLocal))).reason).toBe('too_large');
    expect((await failure(safeFetch(`${base}/big-declared`, allowLocal))).message).toMatch(/5000 bytes/);
    expect((await failure(safeFetch(`${base}/big-chunked`, allowLocal))).reason).toBe('too_large');
  });

  it('times out, refuses other schemes and reports HTTP errors', async () => {
    expect((await failure(safeFetch(`${base}/slow`, { ...allowLocal, timeoutMs: 200 }))).reason).toBe('timeout');
    expect((await failure(safeFetch('ftp://example.com/x', allowLocal))).reason).toBe('invalid_url');
    expect((await failure(safeFetch('not a url', allowLocal))).reason).toBe('invalid_url');
    const missing = await failure(safeFetch(`${base}/missing`, allowLocal));
    expect(missing.reason).toBe('http_status');
    expect(missing.message).toMatch(/404/);
  });
});
