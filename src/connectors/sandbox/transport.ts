/**
 * The Sandbox's fault-injecting mode talks HTTP to itself: every listing page (and the
 * deleted-records report) is one exchange through an in-memory transport — a `Fetcher` answering
 * real `Response`s: 429 with `Retry-After`, 500, a dropped connection, or the page after `slow_ms`
 * — wrapped in the same `politeFetch` vendor connectors get, with the manifest's politeness. So
 * the production retry code absorbs the faults (or gives up), and a 429 pauses the whole
 * integration like a vendor's would; what is left is mapped to the errors vendor connectors raise.
 *
 * One roll per exchange, from hash(seed, exchange number), decides its fate: the same sequence of
 * requests meets the same faults every time, whatever the integration's id (the number counts per
 * integration and restarts with the process or when the settings change).
 */
import { AppError } from '../../lib/errors.js';
import { DEFAULT_POLICY, politeFetch, type Fetcher, type RetryEvent } from '../../lib/polite-fetch.js';
import type { ConnectorContext } from '../connector.js';
import { vendorErrorFromResponse, vendorNetworkError } from '../kit/vendor-errors.js';
import { sandboxManifest } from './manifest.js';
import { Rng } from './prng.js';
import type { SandboxFaults } from './settings.js';
import { REMOTE_BASE_URL } from './shared.js';
import { sleep } from '../../lib/sleep.js';

/** Injected faults, `ok`, `aborted` (the caller's signal or the politeness timeout) and `refused` (the listing itself failed). */
export type ExchangeOutcome = 'ok' | 'rate_limited' | 'server_error' | 'dropped' | 'aborted' | 'refused';

export interface ExchangeRecord {
  /** When the request reached the transport (ms since the Unix epoch). */
  at: number;
  /** Path and query of the request, e.g. `/v1/candidates?offset=200`. */
  path: string;
  outcome: ExchangeOutcome;
  /** What a 429 asked for, in milliseconds. */
  retryAfterMs?: number;
}

const LOG_LIMIT = 1000;
const API_BASE = `${REMOTE_BASE_URL}/api`;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** The in-memory "server" of one integration in fault mode. */
export class SandboxTransport {
  /** The most recent exchanges, oldest first. */
  readonly exchanges: ExchangeRecord[] = [];
  readonly counts: Record<ExchangeOutcome, number> = { ok: 0, rate_limited: 0, server_error: 0, dropped: 0, aborted: 0, refused: 0 };
  private sequence = 0;
  private nextRequest = 0;
  /** What answers each open request, by request id: the listing that opened it computes the page. */
  private readonly answers = new Map<string, () => Promise<unknown>>();

  constructor(
    private readonly faults: SandboxFaults,
    private readonly seed: number,
  ) {}

  /** Registers what answers a request to `path` (its retries included) until `close`. */
  open(path: string, answer: () => Promise<unknown>): { url: string; close(): void } {
    const id = String(++this.nextRequest);
    const url = new URL(`${API_BASE}${path}`);
    url.searchParams.set('request', id);
    this.answers.set(id, answer);
    return { url: url.toString(), close: () => this.answers.delete(id) };
  }

  readonly fetch: Fetcher = async (input, init) => {
    const at = Date.now();
    const url = new URL(input instanceof Request ? input.url : String(input));
    const path = `${url.pathname.slice(new URL(API_BASE).pathname.length)}${url.search.replace(/[?&]request=\d+$/, '')}`;
    const record = (outcome: ExchangeOutcome, extra: Partial<ExchangeRecord> = {}) => {
      this.counts[outcome]++;
      this.exchanges.push({ at, path, outcome, ...extra });
      if (this.exchanges.length > LOG_LIMIT) this.exchanges.shift();
    };
    const roll = new Rng(this.seed, 'faults', this.sequence++).next();
    // Paths are `/v1/<model>`; the deleted-records report is faulted only when every listing is.
    const model = url.pathname.split('/').at(-1) ?? '';
    const faulty = this.faults.models === null || (this.faults.models as readonly string[]).includes(model);
    const { rate429, rate500, dropRate, slowMs } = faulty ? this.faults : { rate429: 0, rate500: 0, dropRate: 0, slowMs: 0 };
    try {
      await sleep(slowMs, init?.signal);
    } catch (err) {
      record('aborted');
      throw err;
    }
    if (roll < rate429) {
      const seconds = Number(this.faults.retryAfterSeconds.toFixed(3));
      record('rate_limited', { retryAfterMs: Math.round(seconds * 1000) });
      return json(429, { message: 'Too many requests (sandbox fault setting fail_rate_429).' }, { 'retry-after': String(seconds) });
    }
    if (roll < rate429 + rate500) {
      record('server_error');
      return json(500, { message: 'Internal server error (sandbox fault setting fail_rate_500).' });
    }
    if (roll < rate429 + rate500 + dropRate) {
      record('dropped');
      // What undici throws when the other side closes the socket.
      throw new TypeError('fetch failed', { cause: new Error('other side closed (sandbox fault setting drop_rate)') });
    }
    const answer = this.answers.get(url.searchParams.get('request') ?? '');
    if (!answer) return json(404, { message: `No open request for ${path}.` });
    try {
      const body = await answer();
      record('ok');
      return json(200, body);
    } catch (err) {
      record('refused');
      const message = err instanceof Error ? err.message : String(err);
      return json(err instanceof AppError && err.code === 'REMOTE.INPUT_INVALID' ? 400 : 500, { message });
    }
  };
}

interface SandboxClient {
  key: string;
  transport: SandboxTransport;
  fetch: Fetcher;
  /** The running sync's retry counter (ctx.onRetry): one sync per integration runs at a time. */
  onRetry: ((event: RetryEvent) => void) | undefined;
}

/** One client per integration, like the engine's pool; replaced when the settings change. */
const clients = new Map<string, SandboxClient>();
const CLIENT_LIMIT = 1000;

function clientFor(integrationId: string, seed: number, faults: SandboxFaults): SandboxClient {
  const key = JSON.stringify([seed, faults]);
  const cached = clients.get(integrationId);
  if (cached?.key === key) return cached;
  const transport = new SandboxTransport(faults, seed);
  // Seeded backoff jitter: a rerun waits the same, which keeps timings in tests reproducible.
  const jitter = new Rng(seed, 'backoff', 0);
  const client: SandboxClient = { key, transport, fetch: () => Promise.reject(new Error('not ready')), onRetry: undefined };
  client.fetch = politeFetch(transport.fetch, { ...DEFAULT_POLICY, ...sandboxManifest.politeness }, () => jitter.next(), undefined, (event) => client.onRetry?.(event));
  clients.delete(integrationId);
  const oldest = clients.keys().next();
  if (clients.size >= CLIENT_LIMIT && !oldest.done) clients.delete(oldest.value);
  clients.set(integrationId, client);
  return client;
}

/** The transport behind an integration's fault mode (undefined before its first exchange): for tests and debugging. */
export function sandboxTransport(integrationId: string): SandboxTransport | undefined {
  return clients.get(integrationId)?.transport;
}

/**
 * Sends one request through the integration's polite client, answered by `answer`; throws the
 * typed error a vendor connector would when it fails for good (retries exhausted, or a
 * `Retry-After` longer than the politeness allows waiting for).
 */
export async function exchange<T>(ctx: ConnectorContext, seed: number, faults: SandboxFaults, path: string, answer: () => Promise<T>): Promise<T> {
  const client = clientFor(ctx.integrationId, seed, faults);
  if (ctx.onRetry) client.onRetry = ctx.onRetry;
  const request = client.transport.open(path, answer);
  try {
    let response: Response;
    try {
      response = await client.fetch(request.url, ctx.signal ? { signal: ctx.signal } : {});
    } catch (err) {
      if (ctx.signal?.aborted) throw err;
      throw vendorNetworkError(err, sandboxManifest.label);
    }
    if (!response.ok) throw await vendorErrorFromResponse(response, sandboxManifest.label);
    return (await response.json()) as T;
  } finally {
    request.close();
  }
}
