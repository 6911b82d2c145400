/**
 * The shared connector contract suite: one Vitest suite every HTTP connector runs against its
 * vendor emulator. It knows nothing about any vendor: the options object says how to reach the
 * vendor, how to change things behind the connector's back, which writes to exercise, and which
 * checks do not apply (each with a reason).
 *
 * What it checks, in order (later checks change vendor data, so they come last):
 * - `verify`: good credentials pass; every set of bad credentials throws `INTEGRATION.AUTHENTICATION_INVALID`.
 * - `full`: every model in `capabilities.models` lists completely; each record has a remote id; counts
 *   match the vendor's when `expectedCounts` is given.
 * - `references`: remote-id references between the listed models resolve (application → candidate,
 *   job, stage of that job; interview/offer → application; attachment → candidate).
 * - `pagination`: the listed models span several pages; every page is followed and no remote id repeats.
 * - `rate-limit`: the vendor answers 429 (with `Retry-After`) and the listing still succeeds,
 *   absorbed by `politeFetch` with the manifest's `politeness`.
 * - `expired-token`: after the vendor expires the tokens the connector issued, it recovers on its own.
 * - `attachment-download`: one listed attachment downloads with a content type and bytes.
 * - `delta`: with `capabilities.incremental`, a record changed at the vendor is listed with `since`,
 *   and the delta listing is smaller than the full one.
 * - `write:<operation>`: each write operation the manifest declares, with the input `writes[op]` builds;
 *   each declared action must have its operation implemented.
 * - `deletions`: a record deleted at the vendor is missing from the next full listing (and reported
 *   by `listDeleted`, when the connector has it).
 *
 * The context handed to the connector is built like the engine's: the given credentials and base
 * URL, a `politeFetch` over the global fetch with the manifest's politeness, and one in-memory
 * state shared by every test (so cached tokens carry over).
 *
 * @example
 * import { runConnectorContract } from '../../../test/contract/run-connector-contract.js';
 * runConnectorContract({
 *   connector: acmeConnector,
 *   async setup() {
 *     const running = await serveEmulator(createAcmeEmulator({ seed: 1, size: 300, rateLimitPerSecond: Infinity }));
 *     const admin = (path: string, init?: RequestInit) => fetch(`${running.url}/__admin${path}`, init);
 *     return {
 *       credentials: { api_key: 'k' },
 *       baseUrl: running.url,
 *       badCredentials: [{ label: 'wrong key', credentials: { api_key: 'nope' } }],
 *       throttle: async (n) => void (await admin('/faults', { method: 'POST', body: JSON.stringify({ throttleNext: n, retryAfterSeconds: 1 }) })),
 *       expireTokens: async () => void (await admin('/tokens/expire', { method: 'POST' })),
 *       updateRecord: async (model, id) => void (await admin(`/${model}/${id}/update`, { method: 'POST' })),
 *       deleteRecord: async (model, id) => void (await admin(`/${model}/${id}`, { method: 'DELETE' })),
 *       close: () => running.close(),
 *     };
 *   },
 *   paginatedModels: ['candidates', 'applications'],
 *   delta: { model: 'candidates' },
 *   deletion: { model: 'candidates' },
 *   writes: {
 *     addCandidateTag: { input: (w) => ({ candidate_remote_id: first(w.candidates).remote_id, tag_name: 'Contract', remote_fields: {} }), expectModels: ['candidates'] },
 *   },
 *   skip: [{ reason: 'Acme has no attachments', tests: ['attachment-download'] }],
 * });
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/errors.js';
import { DEFAULT_POLICY, politeFetch, type Fetcher } from '../../src/lib/polite-fetch.js';
import type { Connector, ConnectorContext, ConnectorState, Page } from '../../src/connectors/connector.js';
import { memoryState } from '../../src/connectors/memory-state.js';
import { SOURCE_MODELS, type SourceModel, type SourceRecordMap } from '../../src/connectors/source-records.js';
import { WRITE_ACTION_IDS, type ConnectorWrites, type WriteOperation, type WriteResult } from '../../src/connectors/writes.js';
import { writeActionSupport } from '../../src/writes/capabilities.js';
import { systemClock, type Clock } from '../../src/lib/clock.js';

/** Every record the connector listed, per model (filled by the `full` check, or lazily). */
export type ContractWorld = { [M in SourceModel]: SourceRecordMap[M][] };

/** The ids of the checks, for `skip`. Write checks are `write:<operation>`. */
export type ContractTestId =
  | 'verify'
  | 'verify-bad-credentials'
  | 'full'
  | 'references'
  | 'pagination'
  | 'rate-limit'
  | 'expired-token'
  | 'attachment-download'
  | 'delta'
  | 'deletions'
  | `write:${WriteOperation}`;

export interface ContractSkip {
  /** Why these checks do not apply to this connector; required, shown in the test name. */
  reason: string;
  tests: readonly ContractTestId[];
}

/** A running vendor (usually an emulator on a port) and the levers to change it behind the connector's back. */
export interface ContractVendor {
  credentials: Record<string, string>;
  baseUrl: string | null;
  /** Credential sets the vendor must reject, each with a label for the test name (undefined values are left out). */
  badCredentials?: ReadonlyArray<{ label: string; credentials: Readonly<Record<string, string | undefined>> }>;
  /** Makes the vendor answer the next `count` requests with 429 and a short `Retry-After`. */
  throttle?(count: number): Promise<void>;
  /** Makes every access token (or session) the vendor issued so far invalid. */
  expireTokens?(): Promise<void>;
  /** Changes the record so that an incremental listing reports it. */
  updateRecord?(model: SourceModel, remoteId: string): Promise<void>;
  /** Deletes the record at the vendor. */
  deleteRecord?(model: SourceModel, remoteId: string): Promise<void>;
  /** The vendor's own record counts, compared with the full listing. */
  expectedCounts?(): Promise<Partial<Record<SourceModel, number>>>;
  close?(): Promise<void>;
}

type WriteInput<K extends WriteOperation> = Parameters<NonNullable<ConnectorWrites[K]>>[1];
type WriteOutput<K extends WriteOperation> = Awaited<ReturnType<NonNullable<ConnectorWrites[K]>>>;

/** How to exercise one write operation. */
export interface ContractWriteCase<K extends WriteOperation> {
  /** The operation's input, from the records listed so far (remote ids). */
  input(world: ContractWorld): WriteInput<K> | Promise<WriteInput<K>>;
  /** Models the result must carry at least one record of. */
  expectModels?: readonly SourceModel[];
  /** Checks that the write landed at the vendor (through its API or admin endpoints). */
  check?(args: { world: ContractWorld; input: WriteInput<K>; result: WriteOutput<K>; vendor: ContractVendor; ctx: ConnectorContext }): Promise<void> | void;
}

export type ContractWriteCases = { [K in WriteOperation]?: ContractWriteCase<K> };

export interface ConnectorContractOptions {
  connector: Connector;
  /** Starts the vendor (called once, before every check). */
  setup(): Promise<ContractVendor>;
  /** Models that must span more than one page at the vendor's size. Default: none (each model is still walked). */
  paginatedModels?: readonly SourceModel[];
  /** Models that may legitimately be empty at the vendor's size. */
  mayBeEmpty?: readonly SourceModel[];
  /** The model and record used for the delta check (default record: the first listed). */
  delta?: { model: SourceModel; pick?(world: ContractWorld): string };
  /** The model and record used for the deletion check (default record: the last listed). */
  deletion?: { model: SourceModel; pick?(world: ContractWorld): string };
  /** Inputs for the write operations; every operation behind a declared action needs one (or a skip). */
  writes?: ContractWriteCases;
  /** Politeness overrides for the test context (e.g. a shorter timeout); the manifest's apply otherwise. */
  politeness?: Partial<typeof DEFAULT_POLICY>;
  /** The clock of the client's waits (pacing, Retry-After); the system clock by default. */
  clock?: Clock;
  skip?: readonly ContractSkip[];
  /** Per-check timeout in ms (default 60 s). */
  timeoutMs?: number;
}

const silent = pino({ level: 'silent' });

/** Walks one model completely; returns the records and the number of pages. */
export async function listAll<M extends SourceModel>(
  connector: Connector,
  ctx: ConnectorContext,
  model: M,
  since?: string,
): Promise<{ records: SourceRecordMap[M][]; pages: number }> {
  const records: SourceRecordMap[M][] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Page<M> = await connector.list(ctx, model, since === undefined ? { cursor } : { cursor, since });
    records.push(...page.records);
    await page.afterStored?.();
    pages++;
    if (pages > 100_000) throw new Error(`${model}: the listing never ends (cursor ${String(page.next)})`);
    cursor = page.next;
  } while (cursor);
  return { records, pages };
}

function emptyWorld(): ContractWorld {
  return Object.fromEntries(SOURCE_MODELS.map((m) => [m, []])) as unknown as ContractWorld;
}

function authCode(err: unknown): string | null {
  return err instanceof AppError ? err.code : null;
}

/** Registers the contract suite for one connector (call at the top level of a test file). */
export function runConnectorContract(options: ConnectorContractOptions): void {
  const { connector } = options;
  const manifest = connector.manifest;
  const skipped = new Map<ContractTestId, string>();
  for (const entry of options.skip ?? []) {
    if (!entry.reason.trim()) throw new Error('runConnectorContract: every skip needs a reason');
    for (const test of entry.tests) skipped.set(test, entry.reason);
  }
  const timeout = options.timeoutMs ?? 60_000;
  const models = SOURCE_MODELS.filter((m) => manifest.capabilities.models.includes(m));
  const clock = options.clock ?? systemClock;

  let vendor: ContractVendor;
  let state: ConnectorState;
  let fetcher: Fetcher;
  let world: ContractWorld | null = null;

  const defined = (credentials: Readonly<Record<string, string | undefined>>): Record<string, string> =>
    Object.fromEntries(Object.entries(credentials).filter((e): e is [string, string] => e[1] !== undefined));
  const context = (credentials?: Readonly<Record<string, string | undefined>>, own?: { state?: ConnectorState }): ConnectorContext => ({
    integrationId: `${manifest.id}:contract`,
    credentials: defined(credentials ?? vendor.credentials),
    baseUrl: vendor.baseUrl,
    fetch: fetcher,
    clock,
    logger: silent,
    state: own?.state ?? state,
  });

  async function loadWorld(): Promise<ContractWorld> {
    if (world) return world;
    const next = emptyWorld();
    for (const model of models) (next as Record<SourceModel, unknown[]>)[model] = (await listAll(connector, context(), model)).records;
    world = next;
    return next;
  }

  /** `it`, or `it.skip` with the reason in the name. */
  const check = (id: ContractTestId, name: string, body: () => Promise<void>) => {
    const reason = skipped.get(id);
    if (reason !== undefined) it.skip(`${name} (skipped: ${reason})`, body);
    else it(name, body, timeout);
  };
  const need = <T>(value: T | undefined, what: string, id: ContractTestId): T => {
    if (value === undefined) throw new Error(`runConnectorContract: provide ${what}, or skip "${id}" with a reason`);
    return value;
  };

  describe(`connector contract: ${manifest.label} (${manifest.id})`, () => {
    beforeAll(async () => {
      vendor = await options.setup();
      state = memoryState();
      fetcher = politeFetch(globalThis.fetch, { ...DEFAULT_POLICY, ...manifest.politeness, ...options.politeness }, Math.random, clock);
    });
    afterAll(async () => {
      await vendor?.close?.();
    });

    check('verify', 'verify accepts good credentials', async () => {
      await expect(connector.verify(context(undefined, { state: memoryState() }))).resolves.toBeUndefined();
    });

    check('verify-bad-credentials', 'verify rejects bad credentials with INTEGRATION.AUTHENTICATION_INVALID', async () => {
      const bad = need(vendor.badCredentials, 'vendor.badCredentials', 'verify-bad-credentials');
      expect(bad.length).toBeGreaterThan(0);
      for (const { label, credentials } of bad) {
        const err = await connector.verify(context(credentials, { state: memoryState() })).then(() => null, (e: unknown) => e);
        expect(err, `verify with ${label} should fail`).not.toBeNull();
        expect(authCode(err), `verify with ${label}: ${String(err)}`).toBe('INTEGRATION.AUTHENTICATION_INVALID');
      }
    });

    check('full', 'lists every model in capabilities completely', async () => {
      world = null;
      const listed = await loadWorld();
      const counts = (await vendor.expectedCounts?.()) ?? {};
      for (const model of models) {
        const records = listed[model] as Array<{ remote_id: string }>;
        if (!options.mayBeEmpty?.includes(model)) expect(records.length, `${model} is empty`).toBeGreaterThan(0);
        for (const record of records) expect(typeof record.remote_id === 'string' && record.remote_id !== '', `${model} record without remote_id`).toBe(true);
        const expected = counts[model];
        if (expected !== undefined) expect(records.length, `${model} count`).toBe(expected);
      }
    });

    check('references', 'references between listed records resolve', async () => {
      const w = await loadWorld();
      const has = (model: SourceModel) => models.includes(model);
      const ids = (model: SourceModel) => new Set((w[model] as Array<{ remote_id: string }>).map((r) => r.remote_id));
      const candidates = ids('candidates');
      const applications = ids('applications');
      const jobs = new Map(w.jobs.map((j) => [j.remote_id, j]));
      if (has('applications')) {
        for (const app of w.applications) {
          if (has('candidates')) expect(candidates.has(app.candidate_remote_id), `application ${app.remote_id} → candidate ${app.candidate_remote_id}`).toBe(true);
          if (!has('jobs') || app.job_remote_id === null) continue;
          const job = jobs.get(app.job_remote_id);
          expect(job, `application ${app.remote_id} → job ${app.job_remote_id}`).toBeDefined();
          if (app.current_stage_remote_id !== null) {
            expect(job?.stages.map((s) => s.remote_id), `application ${app.remote_id} → stage of its job`).toContain(app.current_stage_remote_id);
          }
        }
      }
      for (const model of ['interviews', 'offers'] as const) {
        if (!has(model) || !has('applications')) continue;
        for (const r of w[model]) if (r.application_remote_id !== null) expect(applications.has(r.application_remote_id), `${model} ${r.remote_id} → application`).toBe(true);
      }
      if (has('attachments') && has('candidates')) {
        for (const a of w.attachments) expect(candidates.has(a.candidate_remote_id), `attachment ${a.remote_id} → candidate`).toBe(true);
      }
    });

    check('pagination', 'follows every page without repeating a record', async () => {
      for (const model of models) {
        const { records, pages } = await listAll(connector, context(), model);
        const remoteIds = (records as Array<{ remote_id: string }>).map((r) => r.remote_id);
        const dupes = remoteIds.filter((id, i) => remoteIds.indexOf(id) !== i);
        expect(dupes, `${model} repeats remote ids`).toEqual([]);
        if (options.paginatedModels?.includes(model)) expect(pages, `${model} should span several pages`).toBeGreaterThan(1);
        if (world) expect(records.length, `${model}: same count as the first full listing`).toBe((world[model] as unknown[]).length);
      }
    });

    check('rate-limit', 'absorbs 429 answers (Retry-After) through politeFetch', async () => {
      const throttle = need(vendor.throttle?.bind(vendor), 'vendor.throttle', 'rate-limit');
      const model = models[0];
      if (!model) throw new Error('the manifest lists no models');
      const expected = (await listAll(connector, context(), model)).records.length;
      await throttle(2);
      const { records } = await listAll(connector, context(), model);
      expect(records.length).toBe(expected);
    });

    check('expired-token', 'recovers when the vendor expires its tokens', async () => {
      const expire = need(vendor.expireTokens?.bind(vendor), 'vendor.expireTokens', 'expired-token');
      const model = models[0];
      if (!model) throw new Error('the manifest lists no models');
      await connector.list(context(), model, { cursor: null });
      await expire();
      const page = await connector.list(context(), model, { cursor: null });
      expect(page.records.length).toBeGreaterThanOrEqual(0);
      // and again, with whatever the connector cached after recovering
      await expect(connector.list(context(), model, { cursor: null })).resolves.toBeDefined();
    });

    check('attachment-download', 'downloads a listed attachment', async () => {
      const w = await loadWorld();
      const attachment = w.attachments[0];
      if (!attachment) throw new Error('no attachment listed: seed the vendor with one, or skip "attachment-download" with a reason');
      const content = await connector.downloadAttachment(context(), attachment);
      expect(content.body.byteLength).toBeGreaterThan(0);
      expect(content.contentType).toMatch(/\//);
    });

    if (manifest.capabilities.incremental) {
      check('delta', 'lists a record changed at the vendor when given `since`', async () => {
        const spec = need(options.delta, 'options.delta', 'delta');
        const update = need(vendor.updateRecord?.bind(vendor), 'vendor.updateRecord', 'delta');
        const w = await loadWorld();
        const all = w[spec.model] as Array<{ remote_id: string }>;
        const remoteId = spec.pick ? spec.pick(w) : all[0]?.remote_id;
        if (!remoteId) throw new Error(`no ${spec.model} record to change`);
        const since = new Date(Date.now() - 1000).toISOString();
        await update(spec.model, remoteId);
        const { records } = await listAll(connector, context(), spec.model, since);
        const listed = (records as Array<{ remote_id: string }>).map((r) => r.remote_id);
        expect(listed).toContain(remoteId);
        expect(listed.length, 'the delta listing should be smaller than the full one').toBeLessThan(Math.max(all.length, 2));
      });
    }

    const declared = manifest.capabilities.writes?.actions ?? [];
    if (declared.length > 0) {
      it('implements the operation behind every declared write action', () => {
        for (const action of declared) {
          expect(WRITE_ACTION_IDS).toContain(action);
          expect(writeActionSupport(connector, action).coverage, action).toBe('SUPPORTED');
        }
      });
    }
    const strategy = manifest.capabilities.writes?.resultLinks ?? 'native';
    const operations = [...new Set(declared.map((action) => writeActionSupport(connector, action).operation))];
    if (strategy === 'note' || strategy === 'attachment') {
      // Result links written another way still need that way's operation exercised
      // (with link_field/custom_field the result-link operations are that way, so they stay).
      for (const op of ['addApplicationResultLink', 'addCandidateResultLink'] as const) {
        const i = operations.indexOf(op);
        if (i >= 0) operations.splice(i, 1);
      }
    }
    for (const operation of operations) {
      check(`write:${operation}`, `write ${operation} lands at the vendor`, async () => {
        const spec = need(options.writes?.[operation] as ContractWriteCase<typeof operation> | undefined, `writes.${operation}`, `write:${operation}`);
        const op = connector.writes?.[operation] as ((ctx: ConnectorContext, input: unknown) => Promise<WriteResult>) | undefined;
        if (!op) throw new Error(`${operation} is declared but not implemented`);
        const w = await loadWorld();
        const input = await spec.input(w);
        const ctx = context();
        const result = await op(ctx, input);
        for (const model of spec.expectModels ?? []) {
          expect(result.records[model]?.length ?? 0, `${operation} should return ${model}`).toBeGreaterThan(0);
        }
        await (spec.check as ((args: unknown) => Promise<void> | void) | undefined)?.({ world: w, input, result, vendor, ctx });
      });
    }

    check('deletions', 'a record deleted at the vendor disappears from the next full listing', async () => {
      const spec = need(options.deletion, 'options.deletion', 'deletions');
      const remove = need(vendor.deleteRecord?.bind(vendor), 'vendor.deleteRecord', 'deletions');
      const w = await loadWorld();
      const all = w[spec.model] as Array<{ remote_id: string }>;
      const remoteId = spec.pick ? spec.pick(w) : all[all.length - 1]?.remote_id;
      if (!remoteId) throw new Error(`no ${spec.model} record to delete`);
      const since = new Date(Date.now() - 1000).toISOString();
      await remove(spec.model, remoteId);
      const { records } = await listAll(connector, context(), spec.model);
      const listed = (records as Array<{ remote_id: string }>).map((r) => r.remote_id);
      expect(listed).not.toContain(remoteId);
      if (connector.listDeleted) {
        const gone = await connector.listDeleted(context(), since);
        expect(gone).toContainEqual({ model: spec.model, remote_id: remoteId });
      }
    });
  });
}
