/** What the passthrough tests share: escape attempts, the emulators' request logs, refusals. */
import type { RunningEmulator } from '../../emulators/shared/serve.js';
import { isGeneralError, type KomboGeneralError, type Sdk } from '../setup/sdks.js';

/** The requests an emulator received (`GET /__admin/requests`), as `METHOD /path`. */
export async function requestsOf(running: RunningEmulator): Promise<string[]> {
  const res = await fetch(`${running.url}/__admin/requests`);
  return ((await res.json()) as { requests: string[] }).requests;
}

/** The `sdk`'s error of a refused request; fails when the request was not refused. */
export async function refusal(sdk: Sdk, promise: Promise<unknown>): Promise<KomboGeneralError> {
  try {
    await promise;
  } catch (err) {
    if (isGeneralError(sdk, err)) return err;
    throw err;
  }
  throw new Error('the request was not refused');
}

/** Paths that try to leave the vendor's host or base path, in every encoding we know of. */
export const ESCAPES = [
  'http://evil.example/x',
  'https://evil.example',
  'HTTP://evil.example/',
  '//evil.example/x',
  '/\\evil.example/x',
  '\\\\evil.example\\x',
  '/../token',
  '../token',
  '/candidates/../../token',
  '/./candidates',
  '/%2e%2e/token',
  '/%2E%2E/token',
  '/%252e%252e/token',
  '/%25252e%25252e/token',
  '/..%2ftoken',
  '/..%252ftoken',
  '/%2f%2fevil.example/x',
  '%2F%2Fevil.example',
  '/x%3F/%2e%2e/%2e%2e/token',
  '/@evil.example',
  'user@evil.example/x',
  '/candidates%00',
  '/candidates\r\nHost: evil.example',
  '/candidates%0d%0aX-Injected: 1',
  '/candidates#frag',
  'javascript:alert(1)',
  '/%5c%5cevil.example',
  '/candidates/%',
];

