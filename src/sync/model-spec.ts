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
  /**
   * The children this record's view nests (`ModelSpec.nests`), as stored with it (`records.nested`):
   * `<job_id> <current_stage_id>\u0001<child text>` each, separated by `\u0002`,
   * where the child text is its JSON object up to `changed_at`, left open for what the parent adds.
   * JSON text never holds these two characters unescaped. Null without children.
   */
  nested: string | null;
}

/** Splits `Related.nested` into its children: their references (`<job_id> <current_stage_id>`) and texts. */
export function nestedChildren(nested: string | null): Array<{ refs: string; text: string }> {
  if (nested === null || nested === '') return [];
  return nested.split('\u0002').map((child) => {
    const cut = child.indexOf('\u0001');
    return { refs: child.slice(0, cut), text: child.slice(cut + 1) };
  });
}

/**
 * JSON text already serialised, spliced into a view as it is (see sync/views.ts). Kept as the
 * pieces it was built from: a page's text is then joined once from flat strings, instead of
 * flattening a tree of concatenations per view.
 */
export class RawJson {
  constructor(readonly pieces: readonly string[]) {}
  get text(): string {
    return this.pieces.join('');
  }
}

export interface ComposeLookups {
  byIds(model: string, ids: readonly string[]): Promise<Map<string, Related>>;
  /** Live (not deleted) records of `model` whose reference `field` holds one of `parentIds`, grouped by it. */
  children(model: string, field: 'candidate_id' | 'application_id' | 'job_id', parentIds: readonly string[]): Promise<Map<string, Related[]>>;
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
   * beside the record, from which the database writes the parent's `Related.nested`.
   */
  embed?: (fields: Json) => Json;
  /** The model whose records (linked by `candidate_id`, with `embed`) this model's views nest. */
  nests?: string;
}
