/** Builds the stored wire views from own fields: all of them, or only those a change reaches. */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { hashOf } from '../lib/json.js';
import type { Database } from '../storage/database.js';
import type { Db } from '../storage/db.js';
import {
  readRecordWalk,
  readRecordsByIds,
  parseKeys,
  readKeyLists,
  replaceKeys,
  uniqueKeys,
  writeViews,
  type IndexKey,
  type KeyChange,
  type StoredRecord,
  type ViewUpdate,
} from '../storage/repositories/records.repository.js';
import { affectedIds, type ChangeSet } from './affected.js';
import { loadViewDecorator, type ViewDecorator } from './fields.js';
import { createLookups, toRelated } from './lookups.js';
import type { ModelSpec } from './model-spec.js';
import { COMPOSED_SPECS } from './models/index.js';

const BATCH = 1000;

/** Rebuilds every view of the integration (full syncs). */
export async function composeAll(database: Db, integrationId: string, now: () => string): Promise<ViewDecorator> {
  const { kysely: db, dialect } = database;
  const decorator = await loadViewDecorator(db, integrationId);
  for (const spec of COMPOSED_SPECS) {
    let after: string | null = null;
    for (;;) {
      const walk: { rows: StoredRecord[]; next: string | null } = await readRecordWalk(db, dialect, integrationId, spec.model, after, BATCH);
      const batch = walk.rows;
      if (batch.length === 0) break;
      after = walk.next;
      await composeBatch(db, integrationId, spec, batch, now, decorator);
    }
  }
  return decorator;
}

/** Rebuilds only the views that `changes` reach (delta syncs and writes). */
export async function composeChanged(db: Kysely<Database>, integrationId: string, changes: ChangeSet, now: () => string): Promise<void> {
  // Targets are computed before any view is written: the edges read index rows, not views.
  const decorator = await loadViewDecorator(db, integrationId);
  const targets = new Map<string, string[]>();
  for (const spec of COMPOSED_SPECS) targets.set(spec.model, [...(await affectedIds(db, integrationId, spec.model, changes))]);
  for (const spec of COMPOSED_SPECS) {
    const ids = targets.get(spec.model) ?? [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = await readRecordsByIds(db, integrationId, spec.model, ids.slice(i, i + BATCH));
      await composeBatch(db, integrationId, spec, batch, now, decorator);
    }
  }
}

async function composeBatch(
  db: Kysely<Database>,
  integrationId: string,
  spec: ModelSpec<never>,
  batch: StoredRecord[],
  now: () => string,
  decorator: ViewDecorator,
): Promise<void> {
  // SQLite calls are synchronous underneath: give HTTP requests a turn between batches.
  await yieldToEventLoop();
  const compose = spec.compose;
  if (!compose || batch.length === 0) return;
  const composed = await compose(
    batch.map((row) => ({ ...row, parsed: toRelated(row) })),
    createLookups(db, integrationId),
  );
  const updates: ViewUpdate[] = [];
  // Derived index rows as composed, by record (compared with the stored list below).
  const derivedAfter = new Map<string, IndexKey[]>();
  const at = now();
  // Field data (integration_fields, custom_fields, remote_data) is added to the views here.
  const decorations = await decorator.decorate(
    db,
    integrationId,
    spec.model,
    composed.map((result, i) => ({ id: batch[i]?.id ?? '', view: result.view })),
  );
  composed.forEach((result, i) => {
    const row = batch[i];
    if (!row) return;
    const decoration = decorations?.[i];
    const view = JSON.stringify(result.view);
    const tracked = hashOf(decoration && decoration.tracked !== null ? [result.tracked, decoration.tracked] : result.tracked);
    if (view === row.view && tracked === row.tracked_hash) return;
    if (spec.derivedFields.length) derivedAfter.set(row.id, uniqueKeys(result.derivedKeys));
    updates.push({ id: row.id, view, tracked_hash: tracked, updated_at: tracked === row.tracked_hash ? null : at, derived_keys: null });
  });
  if (updates.length === 0) return;
  await db.transaction().execute(async (trx) => {
    // The stored derived rows are read inside the transaction: another compose of the same record
    // (a write action's) may have replaced them since the batch was read.
    const rekeyed: KeyChange[] = [];
    if (derivedAfter.size) {
      const stored = await readKeyLists(trx, integrationId, spec.model, [...derivedAfter.keys()]);
      for (const update of updates) {
        const after = derivedAfter.get(update.id);
        const current = stored.get(update.id);
        if (!after || !current) continue;
        const text = JSON.stringify(after);
        if (text === current.derived_keys) continue;
        update.derived_keys = text;
        rekeyed.push({ id: update.id, before: parseKeys(current.derived_keys), after });
      }
    }
    await writeViews(trx, integrationId, spec.model, updates);
    await replaceKeys(trx, integrationId, spec.model, rekeyed);
  });
}
