/**
 * Wire views, composed when read: a page of records plus a few batched, indexed queries for the
 * records their views embed (an application's candidate, job and stage; a candidate's
 * applications…), then the integration's field settings (remote_data, integration fields,
 * custom fields). Nothing composed is stored, so nothing can go stale.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database.js';
import { readLinkedRows, readViewRows, type ViewRow } from '../storage/repositories/records.repository.js';
import { loadViewDecorator } from './fields.js';
import type { ComposeLookups, Json, Related } from './model-spec.js';
import { baseView } from './models/helpers.js';
import { VIEW_SPECS } from './models/index.js';

export function toRelated(row: Pick<ViewRow, 'id' | 'remote_id' | 'data' | 'changed_at' | 'remote_deleted_at'>): Related {
  return { id: row.id, remote_id: row.remote_id, own: JSON.parse(row.data) as Json, changed_at: row.changed_at, deleted_at: row.remote_deleted_at };
}

/** Batch lookups for the composers: one query per model and page, no N+1. */
export function createLookups(db: Kysely<Database>, integrationId: string): ComposeLookups {
  return {
    async byIds(model, ids) {
      const rows = ids.length ? await readViewRows(db, integrationId, model, ids) : [];
      return new Map(rows.map((row) => [row.id, toRelated(row)]));
    },
    async children(model, field, parentIds) {
      const grouped = new Map<string, Related[]>();
      if (parentIds.length === 0) return grouped;
      for (const row of await readLinkedRows(db, integrationId, model, field, parentIds)) {
        const list = grouped.get(row.link) ?? [];
        list.push(toRelated(row));
        grouped.set(row.link, list);
      }
      return grouped;
    },
  };
}

/** The views of `rows` (records of `model`), in their order. */
export async function composeViews(db: Kysely<Database>, integrationId: string, model: string, rows: readonly ViewRow[]): Promise<Json[]> {
  if (rows.length === 0) return [];
  const related = rows.map(toRelated);
  const compose = VIEW_SPECS.get(model)?.compose;
  const views = compose ? await compose(related, createLookups(db, integrationId)) : related.map((r) => baseView(r));
  const decorator = await loadViewDecorator(db, integrationId);
  decorator.decorate(
    model,
    views.map((view, i) => ({ view, remote_data: rows[i]?.remote_data ?? null, custom_values: rows[i]?.custom_values ?? null })),
  );
  return views;
}
