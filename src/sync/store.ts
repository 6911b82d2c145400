/** Turns source records into stored records (one transaction per batch, one statement per page). */
import { hash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SourceExtras, SourceModel, SourceRecordMap, SourceStage } from '../connectors/source-records.js';
import { recordId } from '../lib/ids.js';
import type { Database } from '../storage/database.js';
import { transactionWithRetry } from '../storage/db-errors.js';
import { HASH_PART, LINK_COLUMNS, rewriteNested, upsertRecords, type Links, type RecordInput, type UpsertCounts, type WrittenLinks } from '../storage/repositories/records.repository.js';
import { appendChanges, appendDeletions } from '../storage/repositories/record-changes.repository.js';
import { upsertEntries } from './feed.js';
import type { ModelSpec, Ref } from './model-spec.js';
import { discoverFields, rawColumns } from './fields.js';
import { touchTrackingRecords } from './propagate.js';
import type { SeenIds } from './seen.js';
import { applicationStagesSpec, NESTING_PARENTS, SOURCE_SPECS, VIEW_SPECS } from './models/index.js';

export interface ModelStats {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export type RunStats = Record<string, ModelStats>;

export function statsFor(stats: RunStats, model: string): ModelStats {
  stats[model] ??= { created: 0, updated: 0, deleted: 0, unchanged: 0 };
  return stats[model];
}

/** What a run (or a write action's ingest) changed: counts per model, and the models changed. */
export interface ChangeReport {
  stats: RunStats;
  changedModels: Set<string>;
}

export const newChangeReport = (): ChangeReport => ({ stats: {}, changedModels: new Set() });

export const refFor =
  (integrationId: string): Ref =>
  (model, remoteId) =>
    recordId(integrationId, model, remoteId);

const digest = (text: string) => hash('md5', text, 'base64url').slice(0, HASH_PART);

const isLink = (field: string) => (LINK_COLUMNS as readonly string[]).includes(field);

/**
 * The stored form of one source record. The JSON text is written once: the hash parts are taken
 * from the same strings (toOwn builds every record's fields in the same key order).
 */
function toInput<S>(spec: ModelSpec<S>, source: S & { remote_id: string }, integrationId: string, keepRemote: boolean): RecordInput {
  const { fields, parts, tracked, keys } = spec.toOwn(source, refFor(integrationId));
  const fieldsText = JSON.stringify(fields);
  const partsText = JSON.stringify(parts);
  const data = partsText === '{}' ? fieldsText : fieldsText === '{}' ? partsText : `${fieldsText.slice(0, -1)},${partsText.slice(1)}`;
  const raw = rawColumns(spec.model, source as SourceExtras, keepRemote);
  const custom = raw.custom_values ?? '';
  const remoteCreated = fields['remote_created_at'];
  const links = {} as Links;
  for (const column of LINK_COLUMNS) {
    const value = fields[column];
    links[column] = typeof value === 'string' ? value : null;
  }
  return {
    id: recordId(integrationId, spec.model, source.remote_id),
    remote_id: source.remote_id,
    data,
    hash: hashParts(fieldsText, partsText, JSON.stringify(tracked ?? null), raw.remote_data ?? '', custom),
    remote_created_at: typeof remoteCreated === 'string' ? remoteCreated : null,
    links,
    remote_data: raw.remote_data,
    custom_values: raw.custom_values,
    embed: spec.embed ? JSON.stringify(spec.embed(fields)) : null,
    // References are columns of their own.
    keys: keys.filter(([field]) => !isLink(field)),
  };
}

/**
 * Direct fields (moves `changed_at`); what `updated_after` tracks of the record itself (custom
 * field values too); everything stored. The later parts hash the first part's digest instead of
 * the fields' text again: each text is hashed once.
 */
function hashParts(fieldsText: string, partsText: string, trackedText: string, rawText: string, customText: string): string {
  const fields = digest(fieldsText);
  // Most records track nothing and have no nested parts, raw payload or custom values: their
  // later parts are the first one, without hashing again.
  const tracked = trackedText === 'null' && customText === '' ? fields : digest(`${fields}\u0000${trackedText}\u0000${customText}`);
  const content = partsText === '{}' && rawText === '' && customText === '' ? fields : digest(`${fields}\u0000${partsText}\u0000${rawText}\u0000${customText}`);
  return fields + tracked + content;
}

function uniqueStages(jobs: ReadonlyArray<SourceRecordMap['jobs']>): SourceStage[] {
  const byId = new Map<string, SourceStage>();
  for (const job of jobs) for (const stage of job.stages) byId.set(stage.remote_id, { ...stage, index: null });
  return [...byId.values()];
}

/**
 * Stores one batch of a model's source records as seen by `runId`; jobs also yield the global
 * stage list. Records tracking changed ones get their `updated_at` moved in the same transaction.
 */
export async function storeSourceRecords<M extends SourceModel>(
  db: Kysely<Database>,
  integrationId: string,
  model: M,
  records: ReadonlyArray<SourceRecordMap[M]>,
  runId: string,
  now: string,
  report: ChangeReport,
  options: {
    /** When the run started: records whose `updated_at` moved since are not moved again. */
    runStartedAt: string;
    /** A full listing's memory of the records it saw (see `markUnseenDeleted`). */
    seen?: SeenIds;
    /** Write `runId` into unchanged records too (write actions: see `markUnseenDeleted`). */
    touchUnchanged?: boolean;
    /** Most records are probably stored unchanged already (see `upsertRecords`). */
    mostlyStored?: boolean;
    /**
     * The integration's first sync: no record has a stored candidate to have moved from, so that is
     * not looked up (a lookup per application, 10% of a first sync of 100k candidates).
     */
    firstSync?: boolean;
    /** The models whose raw vendor payload is kept (`modelsKeepingRemoteData`). */
    keepRemote: ReadonlySet<string>;
  },
): Promise<void> {
  const spec = SOURCE_SPECS[model] as ModelSpec<SourceRecordMap[M]>;
  const keep = options.keepRemote.has(model);
  const inputs = records.map((record) => toInput(spec, record, integrationId, keep));
  const stages = model === 'jobs' ? uniqueStages(records as ReadonlyArray<SourceRecordMap['jobs']>) : [];
  const stageInputs = stages.map((s) => toInput(applicationStagesSpec, s, integrationId, false));
  // Counted apart and added once committed: a transaction PostgreSQL aborts for a lock conflict runs again.
  const batch = await transactionWithRetry(db, async (trx) => {
    const local = newChangeReport();
    const feed: Array<[string, ReturnType<typeof upsertEntries>]> = [];
    const nesting: Array<[string, WrittenLinks[], string[]]> = [];
    const write = async (name: string, inputsOf: RecordInput[]) => {
      const counts = await upsertRecords(trx, integrationId, name, runId, inputsOf, now, {
        touchUnchanged: options.touchUnchanged ?? false,
        skipStored: options.mostlyStored ?? false,
        previousCandidates: NESTING_PARENTS.has(name) && !options.firstSync,
      });
      recordCounts(local, name, counts);
      feed.push([name, upsertEntries(inputsOf, counts)]);
      // A record that moved to another candidate changed the view of the one it left too.
      const changed = [...counts.fieldsChanged, ...counts.movedFrom];
      await touchTracking(trx, integrationId, name, changed, now, options.runStartedAt, local);
      nesting.push([name, changed, counts.createdIds]);
    };
    await write(model, inputs);
    await discoverFields(trx, integrationId, model, records as ReadonlyArray<SourceExtras>, now);
    if (stages.length) await write(applicationStagesSpec.model, stageInputs);
    // Last in the transaction: numbering the entries locks the integration's feed until the commit.
    for (const [name, entries] of feed) await appendChanges(trx, integrationId, name, entries, now);
    for (const [name, changed, created] of nesting) await rewriteNestedOf(trx, integrationId, name, changed, created);
    return local;
  });
  mergeReport(report, batch);
  options.seen?.add(model, inputs.map((input) => input.id));
  if (stages.length) options.seen?.add(applicationStagesSpec.model, stageInputs.map((input) => input.id));
}

/** Adds the counts and changed models of `from` to `into`. */
export function mergeReport(into: ChangeReport, from: ChangeReport): void {
  for (const [model, stats] of Object.entries(from.stats)) {
    const target = statsFor(into.stats, model);
    target.created += stats.created;
    target.updated += stats.updated;
    target.deleted += stats.deleted;
    target.unchanged += stats.unchanged;
  }
  for (const model of from.changedModels) into.changedModels.add(model);
}

/** Moves `updated_at` of the records tracking `changed` ones, noting their models as changed. */
async function touchTracking(
  db: Kysely<Database>,
  integrationId: string,
  model: string,
  changed: readonly WrittenLinks[],
  now: string,
  notBefore: string,
  report: ChangeReport,
): Promise<void> {
  const moved = await touchTrackingRecords(db, integrationId, model, changed, now, notBefore);
  for (const name of moved.keys()) report.changedModels.add(name);
}

/**
 * Stores what marking `deleted` records of `model` deleted changed, in the transaction that marked
 * them: their count, the records tracking them, the change feed, their parents' nested children.
 */
export async function storeDeletions(db: Kysely<Database>, integrationId: string, model: string, deleted: readonly WrittenLinks[], now: string, notBefore: string): Promise<ChangeReport> {
  const report = newChangeReport();
  statsFor(report.stats, model).deleted += deleted.length;
  if (deleted.length) report.changedModels.add(model);
  await touchTracking(db, integrationId, model, deleted, now, notBefore, report);
  await appendDeletions(db, integrationId, model, deleted.map((d) => d.id), now);
  await rewriteNestedOf(db, integrationId, model, deleted);
  return report;
}

/**
 * Rewrites the nested children (`records.nested`) of the parents of `changed` records of `model`
 * (written, deleted or moved away, with the parent they left), and of the `created` records of
 * `model` when its views nest children (a parent stored after them nests them from the start).
 *
 * Call after the transaction's change-feed entries: these lock the integration's feed until the
 * commit, so on PostgreSQL a rewrite starts only once any other transaction writing the same
 * integration committed, and its statement then reads their children too (a rewrite that waited
 * on a row lock would otherwise write a list read before the other transaction committed).
 */
async function rewriteNestedOf(db: Kysely<Database>, integrationId: string, model: string, changed: readonly WrittenLinks[], created: readonly string[] = []): Promise<void> {
  const parent = NESTING_PARENTS.get(model);
  if (parent) {
    const parentIds = changed.flatMap((record) => (record.candidate_id ? [record.candidate_id] : []));
    if (parentIds.length) await rewriteNested(db, integrationId, parent, model, parentIds);
  }
  const child = VIEW_SPECS.get(model)?.nests;
  if (child && created.length) await rewriteNested(db, integrationId, model, child, created, true);
}

function recordCounts(report: ChangeReport, model: string, counts: UpsertCounts): void {
  const target = statsFor(report.stats, model);
  target.created += counts.created;
  target.updated += counts.updated;
  target.unchanged += counts.unchanged;
  if (counts.changedIds.length) report.changedModels.add(model);
}
