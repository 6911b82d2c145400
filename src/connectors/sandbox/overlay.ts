/**
 * The Sandbox's "vendor-side" record of writes, kept in the integration's connector state so a
 * later sync still sees them. Generated records stay a pure function of (seed, size, index);
 * writes live next to them as an overlay:
 *
 * - one JSON blob per model (`candidates`, `applications`, `attachments`, `tags`) holding the
 *   records a write created or changed, by remote id, plus the order created ones were made in.
 *   A listing reads its model's blob once per page, puts changed records in place of the
 *   generated ones and appends created ones after the last generated page;
 * - notes (including result links, which the Sandbox stores as notes) and tracked imports,
 *   which no listing reads;
 * - uploaded file bodies, one key per file, read only when the file is downloaded.
 *
 * Writes of one integration are serialised in this process (read-modify-write of a blob).
 */
import type { ConnectorState } from '../connector.js';
import type { SourceApplication, SourceAttachment, SourceCandidate, SourceModel, SourceTag } from '../source-records.js';

const PREFIX = 'sandbox:writes:v1:';

export interface OverlayModels {
  candidates: SourceCandidate;
  applications: SourceApplication;
  attachments: SourceAttachment;
  tags: SourceTag;
}
export type OverlayModel = keyof OverlayModels;
export const OVERLAY_MODELS: readonly OverlayModel[] = ['candidates', 'applications', 'attachments', 'tags'];

export const isOverlayModel = (model: SourceModel): model is OverlayModel => (OVERLAY_MODELS as readonly string[]).includes(model);

export interface OverlayBlob<T> {
  /** Created or changed records, by remote id: the vendor's current version. */
  records: Record<string, T>;
  /** Remote ids of records created by writes, oldest first. */
  created: string[];
}

export interface SandboxNote {
  remote_id: string;
  application_remote_id: string | null;
  candidate_remote_id: string;
  content: string;
  created_at: string;
}

export async function readOverlay<K extends OverlayModel>(state: ConnectorState, model: K): Promise<OverlayBlob<OverlayModels[K]>> {
  const raw = await state.get(`${PREFIX}${model}`);
  return raw ? (JSON.parse(raw) as OverlayBlob<OverlayModels[K]>) : { records: {}, created: [] };
}

export async function writeOverlay<K extends OverlayModel>(state: ConnectorState, model: K, blob: OverlayBlob<OverlayModels[K]>): Promise<void> {
  await state.set(`${PREFIX}${model}`, JSON.stringify(blob));
}

/** Records one page of a listing as the vendor has them now; `complete`: the last page, where created records go. */
export async function overlayPage<T extends { remote_id: string }>(state: ConnectorState, model: OverlayModel, records: T[], complete: boolean): Promise<T[]> {
  const blob = (await readOverlay(state, model)) as unknown as OverlayBlob<T>;
  if (blob.created.length === 0 && Object.keys(blob.records).length === 0) return records;
  const out = records.map((record) => blob.records[record.remote_id] ?? record);
  if (complete) for (const id of blob.created) out.push(...(blob.records[id] ? [blob.records[id]] : []));
  return out;
}

export async function readNotes(state: ConnectorState): Promise<SandboxNote[]> {
  const raw = await state.get(`${PREFIX}notes`);
  return raw ? (JSON.parse(raw) as SandboxNote[]) : [];
}

export async function writeNotes(state: ConnectorState, notes: SandboxNote[]): Promise<void> {
  await state.set(`${PREFIX}notes`, JSON.stringify(notes));
}

export async function readTracked(state: ConnectorState): Promise<Record<string, string | null>> {
  const raw = await state.get(`${PREFIX}tracked`);
  return raw ? (JSON.parse(raw) as Record<string, string | null>) : {};
}

export async function writeTracked(state: ConnectorState, tracked: Record<string, string | null>): Promise<void> {
  await state.set(`${PREFIX}tracked`, JSON.stringify(tracked));
}

/** The next number for a remote id of something a write creates (`cand-w1`, `app-w2`, …). */
export async function nextSequence(state: ConnectorState): Promise<number> {
  const next = Number((await state.get(`${PREFIX}seq`)) ?? '0') + 1;
  await state.set(`${PREFIX}seq`, String(next));
  return next;
}

export async function writeFile(state: ConnectorState, remoteId: string, data: Uint8Array, contentType: string): Promise<void> {
  await state.set(`${PREFIX}file:${remoteId}`, JSON.stringify({ content_type: contentType, data: Buffer.from(data).toString('base64') }));
}

export async function readFile(state: ConnectorState, remoteId: string): Promise<{ contentType: string; body: Uint8Array } | null> {
  const raw = await state.get(`${PREFIX}file:${remoteId}`);
  if (!raw) return null;
  const parsed = JSON.parse(raw) as { content_type: string; data: string };
  return { contentType: parsed.content_type, body: new Uint8Array(Buffer.from(parsed.data, 'base64')) };
}

const locks = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier write of the same integration in this process has finished. */
export async function exclusive<T>(integrationId: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(integrationId) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  locks.set(integrationId, tail);
  try {
    return await run;
  } finally {
    if (locks.get(integrationId) === tail) locks.delete(integrationId);
  }
}
