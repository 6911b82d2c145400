/**
 * How one stored model is built: from a connector's source record to our own fields
 * (`toOwn`), and from own fields plus related records to the wire view (`compose`).
 *
 * Hashes decide the two timestamps of the contract (§2.4, §2.5): `changed_at` follows the
 * record's direct fields; `updated_at` (what `updated_after` filters on) follows the tracked
 * projection, which adds only the nested data the contract says a parent reacts to.
 */
import type { StoredRecord } from '../storage/repositories/records.repository.js';

/** Resolves a vendor's remote id to our stable id for a model. */
export type Ref = (model: string, remoteId: string) => string;

export type Json = Record<string, unknown>;

export interface OwnParts {
  /** Direct fields of the record (wire names), references already resolved. */
  fields: Json;
  /** Lists that belong to the record but are nested data in the contract's sense. */
  parts: Json;
  /** Index rows: filter values and references. */
  keys: Array<readonly [string, string]>;
}

/** A related record as the composer sees it. */
export interface Related {
  id: string;
  remote_id: string | null;
  own: Json;
  fieldsHash: string;
  changed_at: string;
  deleted_at: string | null;
}

export interface ComposeLookups {
  byIds(model: string, ids: readonly string[]): Promise<Map<string, Related>>;
  /** Live (not deleted) records of `model` whose index `field` holds one of `parentIds`, grouped by it. */
  children(model: string, field: string, parentIds: readonly string[]): Promise<Map<string, Related[]>>;
}

export interface Composed {
  view: Json;
  /** Everything `updated_after` must react to; hashed by the engine. */
  tracked: unknown;
  derivedKeys: Array<readonly [string, string]>;
}

export interface ModelSpec<S> {
  /** Storage and webhook name (`ats_` prefix omitted). */
  model: string;
  derivedFields: readonly string[];
  toOwn(source: S, ref: Ref): OwnParts;
  /** Builds views for a batch of records; absent for models that are never listed directly. */
  compose?: (records: ReadonlyArray<StoredRecord & { parsed: Related }>, lookups: ComposeLookups) => Promise<Composed[]>;
}

