/**
 * The built-in Sandbox ATS: every page is generated on demand from (size, seed) in the
 * credentials (see `generator.ts`), with the integration's writes laid over it (`overlay.ts`,
 * `writes.ts`). Optional fault settings (`settings.ts`) make it a flaky vendor: pages then travel
 * through an in-memory HTTP exchange and the production retry code (`transport.ts`), and records
 * are deleted and re-created between syncs (`churn.ts`).
 */
import { VendorError } from '../../lib/errors.js';
import type { Connector, ConnectorContext, ListOptions, Page } from '../connector.js';
import { SOURCE_MODELS, type SourceModel } from '../source-records.js';
import { ChurnView, beginEpoch, readEpochs } from './churn.js';
import { attachmentContent } from './documents.js';
import { SandboxGenerator } from './generator.js';
import { decodeCursor, deletedSince, encodeCursor, listPage, ownerIndex } from './listing.js';
import { sandboxManifest } from './manifest.js';
import { readFile } from './overlay.js';
import { injectsTransportFaults, parseSandboxCredentials, parseSandboxFaults, type SandboxFaults } from './settings.js';
import { exchange } from './transport.js';
import { createSandboxWrites } from './writes.js';

export { parseSandboxCredentials } from './settings.js';

/** The listing whose first page begins a new churn epoch: the one the sync engine starts with. */
const EPOCH_MODEL: SourceModel = SOURCE_MODELS[0];

/** Runs `answer` directly, or as an HTTP exchange when transport faults are configured. */
function answered<T>(ctx: ConnectorContext, seed: number, faults: SandboxFaults, path: string, answer: () => Promise<T>): Promise<T> {
  return injectsTransportFaults(faults) ? exchange(ctx, seed, faults, path, answer) : answer();
}

/** The churn view of the integration in `epoch` (the current one when null). */
async function churnView(ctx: ConnectorContext, seed: number, faults: SandboxFaults, epoch: number | null): Promise<ChurnView> {
  if (faults.churn === 0) return new ChurnView(seed, 0, { current: 0, starts: [] });
  const epochs = await readEpochs(ctx.state);
  return new ChurnView(seed, faults.churn, epochs, epoch ?? epochs.current);
}

export const sandboxConnector: Connector = {
  manifest: sandboxManifest,

  async verify(ctx: ConnectorContext): Promise<void> {
    parseSandboxCredentials(ctx.credentials);
    parseSandboxFaults(ctx.credentials);
  },

  async list<M extends SourceModel>(ctx: ConnectorContext, model: M, options: ListOptions): Promise<Page<M>> {
    ctx.signal?.throwIfAborted();
    if (!SOURCE_MODELS.includes(model)) throw new VendorError('REMOTE.INPUT_INVALID', `The sandbox has no model "${String(model)}".`);
    const config = parseSandboxCredentials(ctx.credentials);
    const faults = parseSandboxFaults(ctx.credentials);
    let position = options.cursor === null ? null : decodeCursor(options.cursor, model, config);
    if (position === null) {
      const epochs = faults.churn === 0 ? { current: 0 } : model === EPOCH_MODEL ? await beginEpoch(ctx.state, new Date()) : await readEpochs(ctx.state);
      position = { offset: 0, epoch: epochs.current };
    }
    const { offset, epoch } = position;
    const since = options.since ?? null;
    const query = new URLSearchParams({ offset: String(offset), ...(epoch > 0 ? { epoch: String(epoch) } : {}), ...(since === null ? {} : { since }) });
    const slice = await answered(ctx, config.seed, faults, `/v1/${model}?${query}`, async () =>
      listPage(ctx.state, new SandboxGenerator(config), await churnView(ctx, config.seed, faults, epoch), model, offset, since),
    );
    return { records: slice.records, next: slice.nextOffset === null ? null : encodeCursor(model, config, { offset: slice.nextOffset, epoch }) };
  },

  async listDeleted(ctx: ConnectorContext, since: string) {
    ctx.signal?.throwIfAborted();
    const config = parseSandboxCredentials(ctx.credentials);
    const faults = parseSandboxFaults(ctx.credentials);
    return answered(ctx, config.seed, faults, `/v1/deleted?${new URLSearchParams({ since })}`, async () =>
      deletedSince(ctx.state, new SandboxGenerator(config), await churnView(ctx, config.seed, faults, null), since),
    );
  },

  async downloadAttachment(ctx, attachment) {
    ctx.signal?.throwIfAborted();
    const uploaded = await readFile(ctx.state, attachment.remote_id);
    if (uploaded) return uploaded;
    const config = parseSandboxCredentials(ctx.credentials);
    const generator = new SandboxGenerator(config);
    const unknown = () =>
      new VendorError('REMOTE.INPUT_INVALID', `The sandbox has no attachment "${attachment.remote_id}" for candidate "${attachment.candidate_remote_id}".`);
    const candidateIndex = ownerIndex('attachments', attachment) ?? Number.NaN;
    if (!Number.isSafeInteger(candidateIndex) || candidateIndex >= config.size) throw unknown();
    // A candidate deleted in this epoch took its files with it.
    const view = await churnView(ctx, config.seed, parseSandboxFaults(ctx.credentials), null);
    if (view.absent(candidateIndex)) throw unknown();
    const bundle = generator.candidate(candidateIndex);
    const found = bundle.attachments.find((a) => a.remote_id === attachment.remote_id);
    if (!found) throw unknown();
    const application = bundle.applications.find((a) => a.remote_id === found.application_remote_id);
    const jobIndex = Number(/^job-(\d+)$/.exec(application?.job_remote_id ?? '')?.[1] ?? Number.NaN) - 1;
    const jobName = Number.isSafeInteger(jobIndex) && jobIndex >= 0 ? generator.get(jobIndex).record.name : null;
    return attachmentContent(found, bundle, jobName);
  },

  writes: createSandboxWrites(async (ctx) => {
    const config = parseSandboxCredentials(ctx.credentials);
    const view = await churnView(ctx, config.seed, parseSandboxFaults(ctx.credentials), null);
    return { config, absent: (index) => view.absent(index) };
  }),
};
