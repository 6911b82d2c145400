/** Turns source records into stored own fields (one transaction per batch). */
import type { Kysely } from 'kysely';
import type { SourceModel, SourceRecordMap, SourceStage } from '../connectors/source-records.js';
import { recordId } from '../lib/ids.js';
import { hashOf } from '../lib/json.js';
import type { Database } from '../storage/database.js';
import { upsertOwnRecords, type OwnRecordInput } from '../storage/repositories/records.repository.js';
import { appendChanges, type ChangeEntry } from '../storage/repositories/record-changes.repository.js';
import type { ChangeSet } from './affected.js';
import { upsertEntries } from './feed.js';
import type { ModelSpec, Ref } from './model-spec.js';
import { storeExtras } from './fields.js';
import type { SeenIds } from './seen.js';
import { applicationStagesSpec, SOURCE_SPECS } from './models/index.js';

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

export const refFor =
  (integrationId: string): Ref =>
  (model, remoteId) =>
    recordId(integrationId, model, remoteId);

function toInput<S>(spec: ModelSpec<S>, source: S & { remote_id: string }, integrationId: string): OwnRecordInput {
  const { fields, parts, keys } = spec.toOwn(source, refFor(integrationId));
  const remoteCreated = fields['remote_created_at'];
  return {
    id: recordId(integrationId, spec.model, source.remote_id),
    remote_id: source.remote_id,
    own: { ...fields, ...parts },
    fieldsHash: hashOf(fields),
    fullHash: hashOf(parts),
    remote_created_at: typeof remoteCreated === 'string' ? remoteCreated : null,
    keys,
  };
}

function uniqueStages(jobs: ReadonlyArray<SourceRecordMap['jobs']>): SourceStage[] {
  const byId = new Map<string, SourceStage>();
  for (const job of jobs) for (const stage of job.stages) byId.set(stage.remote_id, { ...stage, index: null });
  return [...byId.values()];
}

/**
 * Stores one batch of a model's source records as seen by `runId`; jobs also yield the global
 * stage list. Counts go to `stats`, changed ids to `changes`.
 */
export async function storeSourceRecords<M extends SourceModel>(
  db: Kysely<Database>,
  integrationId: string,
  model: M,
  records: ReadonlyArray<SourceRecordMap[M]>,
  runId: string,
  now: string,
  stats: RunStats,
  changes: ChangeSet,
  options: {
    /** A full listing's memory of the records it saw (see `markUnseenDeleted`). */
    seen?: SeenIds;
    /** Whether unchanged records get `runId` written into them (default: yes; syncs say no). */
    touchUnchanged?: boolean;
  } = {},
): Promise<void> {
  const spec = SOURCE_SPECS[model] as ModelSpec<SourceRecordMap[M]>;
  const inputs = records.map((record) => toInput(spec, record, integrationId));
  const stages = model === 'jobs' ? uniqueStages(records as ReadonlyArray<SourceRecordMap['jobs']>) : [];
  const touchUnchanged = options.touchUnchanged ?? true;
  await db.transaction().execute(async (trx) => {
    const counts = await upsertOwnRecords(trx, integrationId, model, runId, inputs, now, { derivedFields: spec.derivedFields, touchUnchanged });
    add(statsFor(stats, model), counts);
    changes.add(model, counts.changedIds);
    options.seen?.add(model, inputs.map((input) => input.id));
    // Raw vendor data lives apart from own fields: it never changes hashes, only views.
    changes.add(model, await storeExtras(trx, integrationId, model, records, now));
    let stageChanges: ChangeEntry[] = [];
    if (stages.length) {
      const stageInputs = stages.map((s) => toInput(applicationStagesSpec, s, integrationId));
      const stageCounts = await upsertOwnRecords(trx, integrationId, applicationStagesSpec.model, runId, stageInputs, now, { touchUnchanged });
      options.seen?.add(applicationStagesSpec.model, stageInputs.map((input) => input.id));
      add(statsFor(stats, applicationStagesSpec.model), stageCounts);
      changes.add(applicationStagesSpec.model, stageCounts.changedIds);
      stageChanges = upsertEntries(stageInputs, stageCounts);
    }
    // Last in the transaction: numbering the entries locks the integration's feed until the commit.
    await appendChanges(trx, integrationId, model, upsertEntries(inputs, counts), now);
    await appendChanges(trx, integrationId, applicationStagesSpec.model, stageChanges, now);
  });
}

function add(target: ModelStats, counts: { created: number; updated: number; unchanged: number }): void {
  target.created += counts.created;
  target.updated += counts.updated;
  target.unchanged += counts.unchanged;
}
