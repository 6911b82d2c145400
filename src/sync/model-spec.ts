/**
 * How one stored model is built: from a connector's source record to our own fields
 * (`toOwn`), and from own fields plus related records to the wire view (`compose`, when read).
 *
 * Hashes decide the two timestamps of the contract (§2.4, §2.5): `changed_at` follows the
 * record's direct fields; `updated_at` (what `updated_after` filters on) also follows `tracked`,
 * the record's own nested data that the contract says it reacts to, and the records linked to it
 * (sync/propagate.ts).
 */

/** Resolves a vendor's remote id to our stable id for a model. */
export type Ref = (model: string, remoteId: string) => string;

export type Json = Record<string, unknown>;

export interface OwnParts {
  /** Direct fields of the record (wire names), references already resolved. */
  fields: Json;
  /** Lists that belong to the record but are nested data in the contract's sense. */
  parts: Json;
  /** What of `parts` moves `updated_at` (e.g. tag ids: tags added or removed). */
  tracked?: unknown;
  /** Filter values (references are columns of their own and need none). */
  keys: Array<readonly [string, string]>;
}

/** A related record as the composer sees it. */
export interface Related {
  id: string;
  remote_id: string | null;
  /** Parsed when first read: a composer that needs only references and ids never parses it. */
  readonly own: Json;
  /** The reference columns (`candidate_id`, `job_id`, `application_id`, `current_stage_id`). */
  links: Readonly<Record<'candidate_id' | 'job_id' | 'application_id' | 'current_stage_id', string | null>>;
  changed_at: string;
  deleted_at: string | null;
}

/** A child as its parent's view nests it (`ModelSpec.embed`), without its row being read. */
export interface Embedded {
  id: string;
  remote_id: string | null;
  links: Readonly<Record<'job_id' | 'current_stage_id', string | null>>;
  changed_at: string;
  /** The JSON object text `embed` wrote. */
  text: string;
}

/** JSON text already serialised, spliced into a view as it is (see sync/views.ts). */
export class RawJson {
  constructor(readonly text: string) {}
}

export interface ComposeLookups {
  byIds(model: string, ids: readonly string[]): Promise<Map<string, Related>>;
  /** Live (not deleted) records of `model` whose reference `field` holds one of `parentIds`, grouped by it. */
  children(model: string, field: 'candidate_id' | 'application_id' | 'job_id', parentIds: readonly string[]): Promise<Map<string, Related[]>>;
  /** Live records of `model` nested in the candidates `parentIds`, as their `embed` wrote them, grouped by candidate. */
  embeddedIn(model: string, parentIds: readonly string[]): Promise<Map<string, Embedded[]>>;
  /**
   * A memo of composed texts that outlives the page: emptied whenever any record of the
   * integration changed since it was filled (so it may hold anything derived from stored records).
   */
  memo(name: string): Promise<Map<string, string>>;
}

export interface ModelSpec<S> {
  /** Storage and webhook name (`ats_` prefix omitted). */
  model: string;
  toOwn(source: S, ref: Ref): OwnParts;
  /**
   * Builds the views of a page of records; absent for models that are never listed directly.
   * With `appends`, it returns only the nested keys that follow the record's own fields (the
   * view is then spliced from the stored JSON text without parsing it); otherwise whole views.
   */
  compose?: (records: readonly Related[], lookups: ComposeLookups) => Promise<Json[]>;
  appends?: boolean;
  /**
   * The direct fields the record's parent view nests (an application in its candidate), stored
   * beside the record so the parent's page reads them from an index (`Embedded`).
   */
  embed?: (fields: Json) => Json;
}
