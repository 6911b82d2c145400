import type { Kysely } from 'kysely';
import type { Database } from '../storage/database.js';
import { findByKey, readRelatedByIds, type RelatedRow } from '../storage/repositories/records.repository.js';
import type { ComposeLookups, Json, Related } from './model-spec.js';

export function toRelated(row: RelatedRow): Related {
  const colon = row.own_hash.indexOf(':');
  return {
    id: row.id,
    remote_id: row.remote_id,
    own: JSON.parse(row.own) as Json,
    fieldsHash: colon < 0 ? row.own_hash : row.own_hash.slice(0, colon),
    changed_at: row.changed_at,
    deleted_at: row.remote_deleted_at,
  };
}

/** Batch lookups for the composer: one query per model and batch, no N+1. */
export function createLookups(db: Kysely<Database>, integrationId: string): ComposeLookups {
  return {
    async byIds(model, ids) {
      const rows = await readRelatedByIds(db, integrationId, model, ids);
      return new Map(rows.map((row) => [row.id, toRelated(row)]));
    },
    async children(model, field, parentIds) {
      const links = await findByKey(db, integrationId, model, field, parentIds);
      const rows = await readRelatedByIds(
        db,
        integrationId,
        model,
        links.map((l) => l.record_id),
      );
      const byId = new Map(rows.filter((r) => r.remote_deleted_at === null).map((row) => [row.id, toRelated(row)]));
      const grouped = new Map<string, Related[]>();
      for (const link of links.sort((a, b) => (a.record_id < b.record_id ? -1 : 1))) {
        const child = byId.get(link.record_id);
        if (!child) continue;
        const list = grouped.get(link.value) ?? [];
        list.push(child);
        grouped.set(link.value, list);
      }
      return grouped;
    },
  };
}
