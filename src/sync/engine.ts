/**
 * One sync run of one integration: list every model through the connector, store own
 * fields, detect deletions after complete listings, then compose the wire views.
 *
 * Every write is an idempotent upsert keyed by our derived ids, so a run that dies at any
 * point can simply be run again and ends with the same data.
 */
import type { Logger } from 'pino';
import type { Connector, ConnectorContext, FetchLike, Page } from '../connectors/connector.js';
import { SOURCE_MODELS, type SourceModel, type SourceRecordMap, type SourceStage } from '../connectors/source-records.js';
import type { Vault } from '../lib/crypto.js';
import { AppError, VendorAuthError } from '../lib/errors.js';
import { recordId } from '../lib/ids.js';
import { hashOf } from '../lib/json.js';
import type { Db } from '../storage/db.js';
import type { IntegrationRow } from '../storage/database.js';
import { updateIntegration } from '../storage/repositories/integrations.repository.js';
import {
  markUnseenDeleted,
  readRecordBatch,
  replaceKeys,
  upsertOwnRecords,
  writeViews,
  type OwnRecordInput,
  type ViewUpdate,
} from '../storage/repositories/records.repository.js';
import { updateSyncRun, type FinalState } from '../storage/repositories/sync-runs.repository.js';
import { createLookups, toRelated } from './lookups.js';
import type { ModelSpec, Ref } from './model-spec.js';
import { applicationStagesSpec, COMPOSED_SPECS, SOURCE_SPECS } from './models/index.js';

export interface SyncDeps {
  db: Db;
  vault: Vault;
  logger: Logger;
  fetch: FetchLike;
  connectorFor(tool: string): Connector | undefined;
  now?: () => Date;
}

export interface ModelStats {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export type RunStats = Record<string, ModelStats>;

const COMPOSE_BATCH = 250;

class SyncCancelled extends Error {
  constructor() {
    super('The sync was cancelled (integration disabled or deleted).');
  }
}

export function connectorContext(deps: Pick<SyncDeps, 'vault' | 'fetch'>, integration: IntegrationRow, logger: Logger): ConnectorContext {
  return {
    integrationId: integration.id,
    credentials: JSON.parse(deps.vault.decrypt(integration.credentials)) as Record<string, string>,
    baseUrl: integration.base_url,
    fetch: deps.fetch,
    logger,
  };
}

export async function executeSyncRun(deps: SyncDeps, integration: IntegrationRow, runId: string, signal?: AbortSignal): Promise<FinalState> {
  const now = () => (deps.now ? deps.now() : new Date()).toISOString();
  const logger = deps.logger.child({ integration_id: integration.id, sync_id: runId });
  const db = deps.db.kysely;
  const stats: RunStats = {};
  await updateSyncRun(db, runId, { state: 'RUNNING', started_at: now() });

  let state: FinalState = 'SUCCEEDED';
  let error: string | null = null;
  try {
    const connector = deps.connectorFor(integration.tool);
    if (!connector) throw new AppError('PLATFORM.UNKNOWN_ERROR', `No connector for tool "${integration.tool}"`);
    const ctx = { ...connectorContext(deps, integration, logger), ...(signal ? { signal } : {}) };
    const ref: Ref = (model, remoteId) => recordId(integration.id, model, remoteId);
    const listed: string[] = [];
    for (const model of SOURCE_MODELS) {
      if (!connector.manifest.capabilities.models.includes(model)) continue;
      await listModel(deps, connector, ctx, integration.id, model, runId, ref, stats, now);
      listed.push(model);
      if (model === 'jobs') listed.push(applicationStagesSpec.model);
    }
    // Only a run whose every listing completed may conclude that missing records were deleted.
    for (const model of listed) {
      const deleted = await markUnseenDeleted(db, integration.id, model, runId, now());
      statsFor(stats, model).deleted += deleted;
    }
    if (signal?.aborted) throw new SyncCancelled();
    for (const spec of COMPOSED_SPECS) await composeModel(deps, integration.id, spec, now);
    const at = now();
    await updateIntegration(db, integration.id, {
      setup_status: 'COMPLETED',
      first_synced_at: integration.first_synced_at ?? at,
      last_successful_sync_at: at,
      data_expired_at: null,
      updated_at: at,
    });
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    if (err instanceof SyncCancelled) {
      state = 'CANCELLED';
    } else if (err instanceof VendorAuthError) {
      state = 'AUTHENTICATION_FAILED';
      await updateIntegration(db, integration.id, { status: 'INVALID', updated_at: now() });
    } else {
      state = 'FAILED';
    }
    logger.warn({ err }, 'sync failed');
  }
  await updateSyncRun(db, runId, { state, ended_at: now(), error, stats: JSON.stringify(stats) });
  logger.info({ state, stats }, 'sync finished');
  return state;
}

function statsFor(stats: RunStats, model: string): ModelStats {
  stats[model] ??= { created: 0, updated: 0, deleted: 0, unchanged: 0 };
  return stats[model];
}

function toInput<S>(spec: ModelSpec<S>, source: S & { remote_id: string }, ref: Ref, integrationId: string): OwnRecordInput {
  const { fields, parts, keys } = spec.toOwn(source, ref);
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

async function listModel<M extends SourceModel>(
  deps: SyncDeps,
  connector: Connector,
  ctx: ConnectorContext,
  integrationId: string,
  model: M,
  runId: string,
  ref: Ref,
  stats: RunStats,
  now: () => string,
): Promise<void> {
  const spec = SOURCE_SPECS[model] as ModelSpec<SourceRecordMap[M]>;
  let cursor: string | null = null;
  do {
    if (ctx.signal?.aborted) throw new SyncCancelled();
    const page: Page<M> = await connector.list(ctx, model, { cursor });
    const inputs = page.records.map((record) => toInput(spec, record, ref, integrationId));
    const stages = model === 'jobs' ? uniqueStages(page.records as SourceRecordMap['jobs'][]) : [];
    await deps.db.kysely.transaction().execute(async (trx) => {
      const at = now();
      add(statsFor(stats, model), await upsertOwnRecords(trx, integrationId, model, runId, inputs, at, spec.derivedFields));
      if (stages.length) {
        const stageInputs = stages.map((s) => toInput(applicationStagesSpec, s, ref, integrationId));
        add(statsFor(stats, applicationStagesSpec.model), await upsertOwnRecords(trx, integrationId, applicationStagesSpec.model, runId, stageInputs, at));
      }
    });
    cursor = page.next;
  } while (cursor);
}

function uniqueStages(jobs: SourceRecordMap['jobs'][]): SourceStage[] {
  const byId = new Map<string, SourceStage>();
  for (const job of jobs) for (const stage of job.stages) byId.set(stage.remote_id, { ...stage, index: null });
  return [...byId.values()];
}

function add(target: ModelStats, counts: { created: number; updated: number; unchanged: number }): void {
  target.created += counts.created;
  target.updated += counts.updated;
  target.unchanged += counts.unchanged;
}

/** Rebuilds the wire views of one model in id-ordered batches; writes only what changed. */
async function composeModel(deps: SyncDeps, integrationId: string, spec: ModelSpec<never>, now: () => string): Promise<void> {
  const compose = spec.compose;
  if (!compose) return;
  const db = deps.db.kysely;
  const lookups = createLookups(db, integrationId);
  let afterId: string | null = null;
  for (;;) {
    const batch = await readRecordBatch(db, integrationId, spec.model, afterId, COMPOSE_BATCH);
    if (batch.length === 0) return;
    afterId = batch[batch.length - 1]?.id ?? null;
    const withParsed = batch.map((row) => ({ ...row, parsed: toRelated(row) }));
    const composed = await compose(withParsed, lookups);
    const updates: ViewUpdate[] = [];
    const rekeyed: Array<{ id: string; keys: ReadonlyArray<readonly [string, string]> }> = [];
    const at = now();
    composed.forEach((result, i) => {
      const row = batch[i];
      if (!row) return;
      const view = JSON.stringify(result.view);
      const tracked = hashOf(result.tracked);
      if (view === row.view && tracked === row.tracked_hash) return;
      updates.push({ id: row.id, view, tracked_hash: tracked, updated_at: tracked === row.tracked_hash ? null : at });
      if (spec.derivedFields.length && tracked !== row.tracked_hash) rekeyed.push({ id: row.id, keys: result.derivedKeys });
    });
    if (updates.length === 0) continue;
    await db.transaction().execute(async (trx) => {
      await writeViews(trx, integrationId, spec.model, updates);
      await replaceKeys(trx, integrationId, spec.model, rekeyed, spec.derivedFields);
    });
  }
}
