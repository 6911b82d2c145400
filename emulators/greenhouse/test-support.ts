/** Helpers shared by the Greenhouse emulator tests (in-process requests, no network). */
import type { Emulator, EmulatorOptions } from '../shared/emulator.js';
import { createGreenhouseEmulator } from './app.js';

export interface Harness {
  em: Emulator;
  token: string;
  get(path: string, token?: string): Promise<Response>;
  send(method: string, path: string, body?: unknown): Promise<Response>;
  /** Follows `Link: rel="next"` from `path` and returns every record seen, in order. */
  walk(path: string): Promise<{ records: Record<string, unknown>[]; requests: string[] }>;
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export async function requestToken(em: Emulator, form = 'grant_type=client_credentials'): Promise<Response> {
  return em.app.request('/token', {
    method: 'POST',
    headers: { Authorization: basic(em.credentials.client_id ?? '', em.credentials.client_secret ?? ''), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form,
  });
}

export function nextLink(res: Response): string | null {
  const header = res.headers.get('Link');
  const match = header ? /<([^>]+)>;\s*rel="next"/.exec(header) : null;
  return match?.[1] ?? null;
}

export async function harness(options: Partial<EmulatorOptions> = {}): Promise<Harness> {
  const em = createGreenhouseEmulator({ seed: 7, size: 120, rateLimitPerSecond: Infinity, ...options });
  const tokenRes = await requestToken(em);
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
  const h: Harness = {
    em,
    token,
    get: (path, t = token) => Promise.resolve(em.app.request(path, { headers: auth(t) })),
    send: (method, path, body) =>
      Promise.resolve(
        em.app.request(path, {
          method,
          headers: { ...auth(token), 'Content-Type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      ),
    async walk(path) {
      const records: Record<string, unknown>[] = [];
      const requests: string[] = [];
      let next: string | null = path;
      while (next) {
        requests.push(next);
        const res = await h.get(next);
        if (res.status !== 200) throw new Error(`${next} -> ${res.status} ${await res.text()}`);
        records.push(...((await res.json()) as Record<string, unknown>[]));
        next = nextLink(res);
      }
      return { records, requests };
    },
  };
  return h;
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
