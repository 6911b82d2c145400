/** Helpers for the Lever emulator tests: an emulator plus authenticated request shortcuts. */
import { createLeverEmulator, type LeverEmulator, type LeverEmulatorOptions } from './app.js';

export interface ListBody {
  data: Record<string, unknown>[];
  hasNext: boolean;
  next?: string;
}

export interface ErrorBody {
  code: string;
  message: string;
}

export function basic(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
}

export function setup(options: Partial<LeverEmulatorOptions> = {}) {
  const emu: LeverEmulator = createLeverEmulator({ seed: 7, size: 300, rateLimitPerSecond: Infinity, ...options });
  const key = emu.credentials.api_key ?? '';
  const auth = { Authorization: basic(key) };
  const request = (path: string, init: RequestInit = {}) =>
    emu.app.request(path, { ...init, headers: { ...auth, ...(init.headers as Record<string, string> | undefined) } });
  const getJson = async <T>(path: string): Promise<T> => {
    const res = await request(path);
    if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const sendJson = (method: string, path: string, body: unknown) =>
    request(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const admin = (method: string, path: string, body?: unknown) =>
    emu.app.request(path, { method, ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) });
  /** Every record of a list, following `next` (optionally URL-encoding it once more). */
  const walk = async (path: string, opts: { doubleEncode?: boolean } = {}) => {
    const items: Record<string, unknown>[] = [];
    let next: string | undefined;
    for (let guard = 0; guard < 10_000; guard++) {
      const sep = path.includes('?') ? '&' : '?';
      const offset = next === undefined ? '' : `${sep}offset=${opts.doubleEncode ? encodeURIComponent(next) : next}`;
      const page = await getJson<ListBody>(`${path}${offset}`);
      items.push(...page.data);
      if (!page.hasNext) {
        if ('next' in page) throw new Error('last page carries next');
        return items;
      }
      next = page.next;
    }
    throw new Error('pagination did not end');
  };
  const performAs = emu.state.accountOwner.id;
  return { emu, key, request, getJson, sendJson, admin, walk, performAs };
}
