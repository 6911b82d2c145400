/**
 * Sandbox listings as the "vendor" computes them: the generated records of a page
 * (`generator.ts`) with the integration's writes laid over them (`overlay.ts`), minus the
 * candidates absent in the listing's epoch (`churn.ts`), and — for incremental reads — only what
 * changed since an instant. Also the cursors that carry a listing's position and epoch, and the
 * report of what was deleted since an instant.
 *
 * "Changed since" means: `remote_updated_at` at or after the instant (generated records have fixed
 * past timestamps; writes stamp their time), no timestamp at all (users, roles, tags and rejection
 * reasons are always listed whole), or belonging to a candidate re-created since. A re-created
 * record comes back exactly as it was, timestamps included, like a restored record.
 */
import { VendorError } from '../../lib/errors.js';
import type { ConnectorState } from '../connector.js';
import type { SourceModel, SourceRecordMap, SourceTimestamps } from '../source-records.js';
import type { ChurnView } from './churn.js';
import { PAGE_SIZE, type SandboxConfig, type SandboxGenerator, type Slice } from './generator.js';
import { isOverlayModel, overlayPage, readOverlay } from './overlay.js';

interface CursorState {
  v: 1;
  model: SourceModel;
  offset: number;
  size: number;
  seed: number;
  /** Absent for epoch 0, so cursors without churn are what they always were. */
  epoch?: number;
}

export interface Position {
  offset: number;
  epoch: number;
}

export function encodeCursor(model: SourceModel, config: SandboxConfig, position: Position): string {
  const state: CursorState = { v: 1, model, offset: position.offset, size: config.size, seed: config.seed, ...(position.epoch > 0 ? { epoch: position.epoch } : {}) };
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export function decodeCursor(cursor: string, model: SourceModel, config: SandboxConfig): Position {
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
  if (!isCount(state.offset)) throw invalid('bad offset');
  const epoch = state.epoch ?? 0;
  if (!isCount(epoch)) throw invalid('bad epoch');
  return { offset: state.offset, epoch };
}

const generatedIndex = (pattern: RegExp, remoteId: string | undefined): number | null => {
  const match = remoteId === undefined ? null : pattern.exec(remoteId);
  return match?.[1] === undefined ? null : Number(match[1]) - 1;
};

/** The index of the generated candidate a record hangs off; null for other models and for candidates created by writes. */
export function ownerIndex(model: SourceModel, record: { remote_id: string; candidate_remote_id?: string; application_remote_id?: string | null }): number | null {
  switch (model) {
    case 'candidates':
      return generatedIndex(/^cand-([1-9]\d*)$/, record.remote_id);
    case 'applications':
    case 'attachments':
      return generatedIndex(/^cand-([1-9]\d*)$/, record.candidate_remote_id);
    case 'interviews':
    case 'offers':
      return generatedIndex(/^app-([1-9]\d*)-\d+$/, record.application_remote_id ?? undefined);
    default:
      return null;
  }
}

/** One page of `model` from `offset` in the view's epoch; with `since`, only what changed since. */
export async function listPage<M extends SourceModel>(
  state: ConnectorState,
  generator: SandboxGenerator,
  view: ChurnView,
  model: M,
  offset: number,
  since: string | null,
): Promise<Slice<M>> {
  const slice = generator.slice(model, offset, PAGE_SIZE);
  const records = isOverlayModel(model) ? await overlayPage(state, model, slice.records, slice.nextOffset === null) : slice.records;
  if (!view.churns && since === null) return { records, nextOffset: slice.nextOffset };
  const sinceMs = since === null ? Number.NaN : Date.parse(since);
  const keep = (record: SourceRecordMap[M]): boolean => {
    const owner = ownerIndex(model, record);
    if (owner !== null && view.absent(owner)) return false;
    if (since === null) return true;
    const updated = (record as Partial<SourceTimestamps>).remote_updated_at ?? null;
    if (updated === null || Date.parse(updated) >= sinceMs) return true;
    return owner !== null && view.reappearedSince(owner, since);
  };
  // A page may come out short or even empty; its cursor still moves on by a whole page.
  return { records: records.filter(keep), nextOffset: slice.nextOffset };
}

/** Every record that vanished since `since` (absent in the view's epoch, present at some moment after `since`). */
export async function deletedSince(
  state: ConnectorState,
  generator: SandboxGenerator,
  view: ChurnView,
  since: string,
): Promise<Array<{ model: SourceModel; remote_id: string }>> {
  if (!view.churns) return [];
  // Records writes created on a generated candidate vanish with it.
  const written = new Map<number, Array<{ model: SourceModel; remote_id: string }>>();
  for (const model of ['applications', 'attachments'] as const) {
    const blob = await readOverlay(state, model);
    for (const id of blob.created) {
      const owner = ownerIndex(model, blob.records[id] ?? { remote_id: id });
      if (owner !== null) written.set(owner, [...(written.get(owner) ?? []), { model, remote_id: id }]);
    }
  }
  const out: Array<{ model: SourceModel; remote_id: string }> = [];
  for (let index = 0; index < generator.counts.candidates; index++) {
    if (!view.vanishedSince(index, since)) continue;
    const bundle = generator.candidate(index);
    const add = (model: SourceModel, records: ReadonlyArray<{ remote_id: string }>) => {
      for (const record of records) out.push({ model, remote_id: record.remote_id });
    };
    add('candidates', [bundle.candidate]);
    add('applications', bundle.applications);
    add('interviews', bundle.interviews);
    add('offers', bundle.offers);
    add('attachments', bundle.attachments);
    out.push(...(written.get(index) ?? []));
  }
  return out;
}
