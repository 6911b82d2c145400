/**
 * Fetches a caller-supplied URL (an attachment's `data_url`) without letting the caller reach
 * into the deployment: only http(s); no loopback, private, link-local or otherwise non-public
 * address unless the operator allows it; every redirect hop checked again; a size cap and an
 * overall deadline.
 *
 * The address check runs on what the socket actually connects to (a `lookup` hook for host
 * names, an explicit check for IP literals), so DNS answers that change between check and
 * connect (DNS rebinding) cannot slip through.
 *
 * @example
 * const file = await safeFetch('https://files.example.com/cv.pdf', { maxBytes: 25 * 1024 * 1024, timeoutMs: 30_000 });
 * file.body.length; file.contentType;
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { cidrContains, classifyIp, parseCidr, type Cidr } from './ip.js';

export type SafeFetchFailure = 'invalid_url' | 'blocked_address' | 'too_large' | 'timeout' | 'http_status' | 'network' | 'too_many_redirects';

export class SafeFetchError extends Error {
  constructor(
    readonly reason: SafeFetchFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SafeFetchError';
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Non-public addresses that may be reached: none (false, the default), all (true), or these ranges. */
  allowPrivate?: boolean | readonly string[];
  /** Resolves host names; defaults to the system resolver (tests substitute their own). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

export interface FetchedFile {
  body: Uint8Array;
  /** The response's Content-Type, if it sent one. */
  contentType: string | null;
  /** The URL the body came from, after redirects. */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const systemResolve = (hostname: string): Promise<ResolvedAddress[]> =>
  dns.promises.lookup(hostname, { all: true, verbatim: true }).then((list) => list.map((a) => ({ address: a.address, family: a.family })));

/** Decides per address; built once per fetch from the operator's setting. */
export function addressPolicy(allowPrivate: boolean | readonly string[] = false): (address: string) => string | null {
  const ranges: Cidr[] = [];
  if (Array.isArray(allowPrivate)) {
    for (const text of allowPrivate as readonly string[]) {
      const cidr = parseCidr(text);
      if (!cidr) throw new Error(`Not an IP range: ${text}`);
      ranges.push(cidr);
    }
  }
  return (address) => {
    const kind = classifyIp(address);
    if (kind === null) return `${address} is not an IP address`;
    if (kind === 'public' || allowPrivate === true) return null;
    if (ranges.some((range) => cidrContains(range, address))) return null;
    return `${address} is a ${kind} address`;
  };
}

function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

function parseUrl(raw: string | URL): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SafeFetchError('invalid_url', 'it is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SafeFetchError('invalid_url', `only http and https URLs are fetched, not ${url.protocol}`);
  if (!url.hostname) throw new SafeFetchError('invalid_url', 'the URL has no host');
  return url;
}

interface HopAnswer {
  status: number;
  location: string | null;
  contentType: string | null;
  body: Uint8Array | null;
}

export async function safeFetch(raw: string, options: SafeFetchOptions): Promise<FetchedFile> {
  const refuse = addressPolicy(options.allowPrivate);
  const resolve = options.resolve ?? systemResolve;
  const maxRedirects = options.maxRedirects ?? 5;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    let url = parseUrl(raw);
    for (let hop = 0; ; hop++) {
      const answer = await requestOnce(url, { refuse, resolve, maxBytes: options.maxBytes, signal: controller.signal, timeoutMs: options.timeoutMs });
      if (REDIRECTS.has(answer.status) && answer.location) {
        if (hop >= maxRedirects) throw new SafeFetchError('too_many_redirects', `it redirected more than ${maxRedirects} times`);
        try {
          url = parseUrl(new URL(answer.location, url));
        } catch (err) {
          if (err instanceof SafeFetchError) throw new SafeFetchError(err.reason, `it redirected to a URL that is refused: ${err.message}`);
          throw err;
        }
        continue;
      }
      if (answer.status < 200 || answer.status > 299 || answer.body === null) {
        throw new SafeFetchError('http_status', `the server answered HTTP ${answer.status}`);
      }
      return { body: answer.body, contentType: answer.contentType, url: url.toString() };
    }
  } finally {
    clearTimeout(timer);
  }
}

interface HopOptions {
  refuse: (address: string) => string | null;
  resolve: (hostname: string) => Promise<ResolvedAddress[]>;
  maxBytes: number;
  signal: AbortSignal;
  timeoutMs: number;
}

function requestOnce(url: URL, options: HopOptions): Promise<HopAnswer> {
  const host = stripBrackets(url.hostname);
  if (classifyIp(host) !== null) {
    // IP literals never reach the lookup hook, so they are checked here.
    const reason = options.refuse(host);
    if (reason) return Promise.reject(new SafeFetchError('blocked_address', `${url.host} is refused: ${reason}`));
  }
  let failure: SafeFetchError | null = null;
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    options.resolve(hostname).then(
      (found) => {
        const family = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
        const addresses = family === 0 ? found : found.filter((a) => a.family === family);
        const blocked = addresses.map((a) => options.refuse(a.address)).find((reason) => reason !== null);
        const first = addresses[0];
        if (blocked || !first) {
          failure = blocked
            ? new SafeFetchError('blocked_address', `${hostname} is refused: it resolves to an address that may not be fetched (${blocked})`)
            : new SafeFetchError('network', `${hostname} did not resolve to an address`);
          callback(failure, '', 4);
          return;
        }
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => {
        failure = new SafeFetchError('network', `${hostname} could not be resolved (${err.code ?? err.message})`);
        callback(err, '', 4);
      },
    );
  };

  return new Promise<HopAnswer>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    const fail = (err: unknown) =>
      settle(() => {
        if (failure) return reject(failure);
        if (options.signal.aborted) return reject(new SafeFetchError('timeout', `it did not answer within ${Math.round(options.timeoutMs / 1000)} s`));
        const code = (err as NodeJS.ErrnoException | undefined)?.code;
        reject(new SafeFetchError('network', `it could not be fetched (${code ?? (err instanceof Error ? err.message : String(err))})`));
      });
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      { method: 'GET', headers: { accept: '*/*', 'user-agent': 'unified-ats attachment fetcher' }, lookup, signal: options.signal, agent: false },
      (res) => {
        const status = res.statusCode ?? 0;
        const contentType = typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : null;
        if (REDIRECTS.has(status) || status < 200 || status > 299) {
          res.resume();
          settle(() => resolve({ status, location: res.headers.location ?? null, contentType, body: null }));
          req.destroy();
          return;
        }
        res.on('error', fail);
        res.on('aborted', () => fail(new Error('the connection was closed early')));
        const declared = Number(res.headers['content-length'] ?? Number.NaN);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          failure = new SafeFetchError('too_large', `it is ${declared} bytes, more than the limit of ${options.maxBytes}`);
          fail(failure);
          req.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            failure ??= new SafeFetchError('too_large', `it is more than the limit of ${options.maxBytes} bytes`);
            fail(failure);
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          if (failure) return fail(failure);
          settle(() => resolve({ status, location: null, contentType, body: new Uint8Array(Buffer.concat(chunks)) }));
        });
      },
    );
    req.on('error', fail);
    req.end();
  });
}
