/**
 * The connector contract.
 *
 * Terminology:
 * - **tool**: a vendor we connect to (`greenhouse`, `lever`, `sandbox`); its id is `manifest.id`.
 * - **manifest**: facts about a tool as data: label, credential fields, capabilities. Shared code
 *   branches on these facts, never on the tool id.
 * - **source record**: a record in unified field names with remote-id references
 *   (see `source-records.ts`); the sync engine resolves and composes them.
 * - **page**: one slice of a model's listing plus an opaque connector cursor for the next slice.
 *
 * @example
 * const page = await connector.list(ctx, 'candidates', null);
 * for (const candidate of page.records) console.log(candidate.remote_id);
 * if (page.next) await connector.list(ctx, 'candidates', page.next);
 */
import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.js';
import type { PolitenessPolicy, RetryEvent } from '../lib/polite-fetch.js';
import type { SourceModel, SourceRecordMap } from './source-records.js';
import type { ConnectorWebhooks } from './connector-webhooks.js';
import type { ConnectorWrites, WriteCapabilities } from './writes.js';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface CredentialField {
  key: string;
  label: string;
  secret: boolean;
  /** With `alternative`: required when that alternative is the one chosen. */
  required: boolean;
  help: string;
  /**
   * The way of authenticating this field belongs to, where a tool accepts several (Lever: an API
   * key or OAuth tokens). Exactly one alternative must be complete; see `credential-rules.ts`.
   */
  alternative?: string;
}

export interface ConnectorCapabilities {
  /** Models the tool can provide; the others are reported as unsupported and served empty. */
  models: readonly SourceModel[];
  /** Whether `list` honours `since` for incremental reads. */
  incremental: boolean;
  /**
   * List filters (query parameter names) the tool cannot provide, per list endpoint model,
   * e.g. `{ jobs: ['job_codes'] }`. `ignore_unsupported_filters` decides what they do.
   */
  unsupportedFilters?: Partial<Record<string, readonly string[]>>;
  /** Write actions and how result links are stored (see `writes.ts`); absent: read-only. */
  writes?: WriteCapabilities;
  /**
   * Which of a stage's optional fields the tool fills (SDK 1.3.x): `status` where it marks stages
   * archived or deleted, `custom_fields` where stages carry fields of their own. Absent: neither,
   * and they are served as null. Reported in the integration's read-model field coverage.
   */
  stageFields?: { status?: boolean; custom_fields?: boolean };
}

export interface Manifest {
  id: string;
  label: string;
  category: 'ATS';
  /** Shown to the person connecting the tool. */
  credentials: readonly CredentialField[];
  defaultBaseUrl: string | null;
  capabilities: ConnectorCapabilities;
  /** The vendor's documented limits, applied per vendor account (integrations on the same credentials share them) to every request (lib/polite-fetch.ts). */
  politeness?: Partial<PolitenessPolicy>;
  /**
   * A tool of this server's own with generated data (the Sandbox): the connect page's picker
   * offers it to end customers only when the operator sets CONNECT_SANDBOX=1.
   */
  demo?: boolean;
}

/**
 * Small persistent state per integration that a connector may keep (OAuth tokens and their
 * expiry, the Sandbox's record of writes). Values are strings; `null` deletes.
 */
export interface ConnectorState {
  get(key: string): Promise<string | null>;
  set(key: string, value: string | null): Promise<void>;
}

export interface ConnectorContext {
  integrationId: string;
  credentials: Record<string, string>;
  baseUrl: string | null;
  fetch: FetchLike;
  logger: Logger;
  state: ConnectorState;
  signal?: AbortSignal;
  /** The clock the connector's own waits run on (the one its polite `fetch` uses); absent: the system clock. */
  clock?: Clock;
  /**
   * Called for each retry of a polite fetcher the connector builds itself (the Sandbox's), so the
   * sync counts them as it counts those of `fetch`. Absent outside syncs.
   */
  onRetry?: (event: RetryEvent) => void;
  /**
   * Write actions only: told the moment the vendor accepted a change, before the connector reads
   * anything back. A failure after that point must not free the request's Idempotency-Key, or a
   * retry would write a second time (see `WriteRun`). Vendor clients call it for every successful
   * request that is not a read.
   */
  vendorWrote?: () => void;
}

export interface Page<M extends SourceModel> {
  records: SourceRecordMap[M][];
  /** Opaque to everyone but the connector; null when the listing is complete. */
  next: string | null;
  /**
   * Called once the page's records are stored. A connector keeps its incremental position here
   * (e.g. a vendor's sync token): kept earlier, a crash between listing and storing would skip
   * the page's changes until the next full sync.
   */
  afterStored?: () => Promise<void>;
}

export interface ListOptions {
  /** Resume point from the previous page of the same listing. */
  cursor: string | null;
  /** Only records changed after this instant, when `capabilities.incremental`. */
  since?: string;
}

export interface AttachmentContent {
  contentType: string;
  body: Uint8Array;
}

/** One vendor API a caller may reach through `POST /v1/passthrough/{tool}/{api}`. */
export interface PassthroughApi {
  /** The `{api}` path segment(s), e.g. `harvest/v3`. */
  id: string;
  label: string;
}

/** Where a passthrough request goes and how it is authenticated (built per request). */
export interface PassthroughTarget {
  /** Absolute base URL; the caller's path is appended below it and can never leave it. */
  baseUrl: string;
  /** Authentication (and other fixed) headers; callers cannot override these. */
  headers: Record<string, string>;
}

/**
 * Optional capability: raw requests to the vendor's API through the integration's credentials.
 * Shared code (`src/passthrough/`) validates the path, merges params and sends the request with
 * `ctx.fetch`, so passthrough shares the integration's vendor rate limit with syncs and writes.
 */
export interface ConnectorPassthrough {
  apis: readonly PassthroughApi[];
  /** Vendor-specific header names (lowercase) that carry authentication besides `authorization`. */
  authHeaders?: readonly string[];
  prepare(ctx: ConnectorContext, api: string): Promise<PassthroughTarget>;
}

export interface Connector {
  manifest: Manifest;
  /** Passthrough requests (absent: the tool offers none). */
  passthrough?: ConnectorPassthrough;
  /** Checks the credentials against the vendor; throws `VendorAuthError` when they are rejected. */
  verify(ctx: ConnectorContext): Promise<void>;
  list<M extends SourceModel>(ctx: ConnectorContext, model: M, options: ListOptions): Promise<Page<M>>;
  /**
   * Records the vendor reports as deleted since an instant (a deleted-records endpoint), for
   * delta syncs; tools without one rely on full listings for deletion detection.
   */
  listDeleted?(ctx: ConnectorContext, since: string): Promise<Array<{ model: SourceModel; remote_id: string }>>;
  /** Downloads one attachment's bytes by its remote id. */
  downloadAttachment(ctx: ConnectorContext, attachment: { remote_id: string; candidate_remote_id: string }): Promise<AttachmentContent>;
  /** Write operations (`writes.ts`), each declared in `manifest.capabilities.writes`. */
  writes?: ConnectorWrites;
  /** Vendor webhooks that trigger targeted refreshes (`webhooks.ts`); absent: polling only. */
  webhooks?: ConnectorWebhooks;
}
