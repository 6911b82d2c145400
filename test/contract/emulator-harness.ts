/**
 * Runs the connector contract suite (`run-connector-contract.ts`) against a vendor emulator served
 * on a port, and holds the helpers the connector test files share. Vendor-neutral: the caller gives
 * the emulator factory and describes the vendor from the running emulator and its admin API; the
 * harness serves the emulator, throttles through its `/__admin/faults`, and closes it afterwards.
 *
 * @example
 * let emu: AcmeEmulator;
 * runEmulatorContract({
 *   connector: acmeConnector,
 *   emulator: () => (emu = createAcmeEmulator({ seed: 1, size: 300, rateLimitPerSecond: Infinity })),
 *   vendor: ({ running, admin }) => ({
 *     credentials: { api_key: emu.credentials['api_key'] ?? '' },
 *     baseUrl: running.url,
 *     deleteRecord: (_model, id) => admin('DELETE', `/candidates/${id}`),
 *   }),
 *   writes: { addCandidateTag: { input: (w) => ({ candidate_remote_id: taggedCandidate(w, 0).remote_id, tag_name: 'Contract', remote_fields: {} }) } },
 * });
 */
import type { Emulator } from '../../emulators/shared/emulator.js';
import { serveEmulator, type RunningEmulator } from '../../emulators/shared/serve.js';
import type { SourceApplication, SourceCandidate } from '../../src/connectors/source-records.js';
import type { FileToUpload } from '../../src/connectors/writes.js';
import { VirtualClock } from '../setup/virtual-clock.js';
import { runConnectorContract, type ConnectorContractOptions, type ContractVendor, type ContractWorld } from './run-connector-contract.js';

/** A call on the emulator's admin API (`/__admin<path>`, `body` as JSON); throws unless the answer is 2xx. */
export type EmulatorAdmin = (method: string, path: string, body?: unknown) => Promise<void>;

export interface EmulatorHarness<E extends Emulator> {
  emulator: E;
  running: RunningEmulator;
  admin: EmulatorAdmin;
}

/** Politeness for an emulator run without its rate limit (the 429 check injects throttling). */
export const UNLIMITED_EMULATOR_POLITENESS = { requestsPerSecond: 1000, concurrency: 8 } as const;

export interface EmulatorContractOptions<E extends Emulator> extends Omit<ConnectorContractOptions, 'setup'> {
  /** Creates the emulator (called once, in the suite's setup). */
  emulator(): E;
  /**
   * The vendor, given the running emulator and its admin API. `throttle` defaults to the emulator's
   * Retry-After faults and `close` to stopping the emulator.
   */
  vendor(harness: EmulatorHarness<E>): ContractVendor | Promise<ContractVendor>;
}

export function emulatorAdmin(running: RunningEmulator): EmulatorAdmin {
  return async (method, path, body) => {
    const res = await fetch(`${running.url}/__admin${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
  };
}

/** The contract suite's `setup` for an emulator: serves it and describes the vendor. */
export function emulatorSetup<E extends Emulator>(create: () => E, vendor: EmulatorContractOptions<E>['vendor']): () => Promise<ContractVendor> {
  return async () => {
    const emulator = create();
    const running = await serveEmulator(emulator);
    const admin = emulatorAdmin(running);
    return {
      throttle: (count) => admin('POST', '/faults', { throttleNext: count, retryAfterSeconds: 1 }),
      close: () => running.close(),
      ...(await vendor({ emulator, running, admin })),
    };
  };
}

/**
 * Registers the contract suite against an emulator (politeness defaults to
 * {@link UNLIMITED_EMULATOR_POLITENESS}; the client's waits run on a virtual clock unless given one).
 */
export function runEmulatorContract<E extends Emulator>(options: EmulatorContractOptions<E>): void {
  const { emulator, vendor, ...rest } = options;
  runConnectorContract({ politeness: UNLIMITED_EMULATOR_POLITENESS, clock: new VirtualClock(), ...rest, setup: emulatorSetup(emulator, vendor) });
}

/** A small PDF to upload, named `name`. */
export const contractFile = (name: string, type: FileToUpload['type'] = 'OTHER'): FileToUpload => ({
  name,
  content_type: 'application/pdf',
  type,
  data: new TextEncoder().encode(`%PDF-1.4\n% ${name}\n%%EOF\n`),
});

/** The `n`th pending application with a job (and passing `accept`): a different one for each write, by position. */
export function pendingApplication(w: ContractWorld, n: number, accept: (app: SourceApplication) => boolean = () => true): SourceApplication {
  const found = w.applications.filter((a) => a.outcome === 'PENDING' && a.job_remote_id !== null && accept(a))[n];
  if (!found) throw new Error('not enough pending applications');
  return found;
}

/** The `n`th candidate with tags (and passing `accept`). */
export function taggedCandidate(w: ContractWorld, n: number, accept: (candidate: SourceCandidate) => boolean = () => true): SourceCandidate {
  const found = w.candidates.filter((c) => c.tags.length > 0 && accept(c))[n];
  if (!found) throw new Error('not enough tagged candidates');
  return found;
}
