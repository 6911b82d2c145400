/**
 * The built-in Sandbox ATS: no HTTP, every page is generated on demand from
 * (size, seed) in the credentials (see `generator.ts`), with the integration's writes laid over
 * it (`overlay.ts`, `writes.ts`).
 */
import { VendorAuthError, VendorError } from '../../lib/errors.js';
import type { Connector, ConnectorContext, ListOptions, Page } from '../connector.js';
import { SOURCE_MODELS, type SourceModel } from '../source-records.js';
import { attachmentContent } from './documents.js';
import { DEFAULT_SEED, DEFAULT_SIZE, MAX_SIZE, PAGE_SIZE, SandboxGenerator, type SandboxConfig } from './generator.js';
import { sandboxManifest } from './manifest.js';
import { isOverlayModel, overlayPage, readFile } from './overlay.js';
import { createSandboxWrites } from './writes.js';

function integerCredential(credentials: Record<string, string>, key: string, fallback: number, max: number): number {
  const raw = credentials[key]?.trim() ?? '';
  if (raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value > max) {
    throw new VendorAuthError(`The sandbox "${key}" must be a whole number from 0 to ${max.toLocaleString('en-US')}; got "${raw}".`);
  }
  return value;
}

/** Reads `size` and `seed`; throws `VendorAuthError` when either is present but not a non-negative integer in range. */
export function parseSandboxCredentials(credentials: Record<string, string>): SandboxConfig {
  return {
    size: integerCredential(credentials, 'size', DEFAULT_SIZE, MAX_SIZE),
    seed: integerCredential(credentials, 'seed', DEFAULT_SEED, Number.MAX_SAFE_INTEGER),
  };
}

interface CursorState {
  v: 1;
  model: SourceModel;
  offset: number;
  size: number;
  seed: number;
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, model: SourceModel, config: SandboxConfig): number {
  const invalid = (why: string) => new VendorError('REMOTE.INPUT_INVALID', `Invalid sandbox cursor for ${model}: ${why}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor this connector issued');
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid('not a cursor this connector issued');
  const state = parsed as Partial<Record<keyof CursorState, unknown>>;
  if (state.v !== 1 || state.model !== model) throw invalid('it belongs to another listing');
  if (state.size !== config.size || state.seed !== config.seed) throw invalid('the size or seed changed since the listing started');
  const offset = state.offset;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) throw invalid('bad offset');
  return offset;
}

export const sandboxConnector: Connector = {
  manifest: sandboxManifest,

  async verify(ctx: ConnectorContext): Promise<void> {
    parseSandboxCredentials(ctx.credentials);
  },

  async list<M extends SourceModel>(ctx: ConnectorContext, model: M, options: ListOptions): Promise<Page<M>> {
    ctx.signal?.throwIfAborted();
    if (!SOURCE_MODELS.includes(model)) throw new VendorError('REMOTE.INPUT_INVALID', `The sandbox has no model "${String(model)}".`);
    const config = parseSandboxCredentials(ctx.credentials);
    const offset = options.cursor === null ? 0 : decodeCursor(options.cursor, model, config);
    const slice = new SandboxGenerator(config).slice(model, offset, PAGE_SIZE);
    const records = isOverlayModel(model) ? await overlayPage(ctx.state, model, slice.records, slice.nextOffset === null) : slice.records;
    return {
      records,
      next: slice.nextOffset === null ? null : encodeCursor({ v: 1, model, offset: slice.nextOffset, size: config.size, seed: config.seed }),
    };
  },

  async downloadAttachment(ctx, attachment) {
    ctx.signal?.throwIfAborted();
    const uploaded = await readFile(ctx.state, attachment.remote_id);
    if (uploaded) return uploaded;
    const config = parseSandboxCredentials(ctx.credentials);
    const generator = new SandboxGenerator(config);
    const unknown = () =>
      new VendorError('REMOTE.INPUT_INVALID', `The sandbox has no attachment "${attachment.remote_id}" for candidate "${attachment.candidate_remote_id}".`);
    const match = /^cand-([1-9]\d*)$/.exec(attachment.candidate_remote_id);
    const candidateIndex = match?.[1] === undefined ? Number.NaN : Number(match[1]) - 1;
    if (!Number.isSafeInteger(candidateIndex) || candidateIndex >= config.size) throw unknown();
    const bundle = generator.candidate(candidateIndex);
    const found = bundle.attachments.find((a) => a.remote_id === attachment.remote_id);
    if (!found) throw unknown();
    const application = bundle.applications.find((a) => a.remote_id === found.application_remote_id);
    const jobIndex = Number(/^job-(\d+)$/.exec(application?.job_remote_id ?? '')?.[1] ?? Number.NaN) - 1;
    const jobName = Number.isSafeInteger(jobIndex) && jobIndex >= 0 ? generator.get(jobIndex).record.name : null;
    return attachmentContent(found, bundle, jobName);
  },

  writes: createSandboxWrites((ctx) => parseSandboxCredentials(ctx.credentials)),
};
