/**
 * The database schema as Kysely sees it. Timestamps are ISO-8601 UTC strings and JSON is text
 * on both dialects, so every query is portable.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';

export interface EnvironmentTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ApiKeyTable {
  id: string;
  environment_id: string;
  /** sha256 of the key; the key itself is never stored. */
  key_hash: string;
  label: string;
  created_at: string;
}

export interface IntegrationTable {
  id: string;
  environment_id: string;
  tool: string;
  status: 'ACTIVE' | 'INVALID' | 'INACTIVE';
  setup_status: 'INCOMPLETE' | 'FINAL_SYNC_PENDING' | 'COMPLETED';
  organization_name: string;
  origin_id: string | null;
  creator_email: string | null;
  /** Vendor credentials, encrypted with the configured key (see lib/crypto.ts). */
  credentials: string;
  base_url: string | null;
  created_at: string;
  updated_at: string;
  first_synced_at: string | null;
  last_successful_sync_at: string | null;
  data_expired_at: string | null;
}

export interface SyncRunTable {
  id: string;
  integration_id: string;
  type: 'FULL' | 'DELTA';
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'PARTIALLY_FAILED' | 'FAILED' | 'AUTHENTICATION_FAILED' | 'CANCELLED' | 'TIMED_OUT';
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  error: string | null;
  /** JSON: per-model counts of created, updated, deleted and unchanged records. */
  stats: string;
  heartbeat_at: string | null;
  worker_id: string | null;
  /** JSON (sync/progress.ts): records and pages per model so far, retries, 429 waits, grouped errors. */
  progress: string | null;
}

export interface ConnectorStateTable {
  integration_id: string;
  key: string;
  value: string;
  updated_at: string;
}

/**
 * One row per synced record (migration 0012): its own fields as JSON, one content hash, and real
 * columns for what lists filter on and what read-time composition joins on.
 */
export interface RecordTable {
  integration_id: string;
  model: string;
  id: string;
  remote_id: string | null;
  /** JSON of the record's own fields and nested lists (references resolved to our ids). */
  data: string;
  /**
   * Three 11-character hashes (sync/record-hash.ts): direct fields (moves `changed_at`), what
   * `updated_after` tracks of the record itself (moves `updated_at`), everything stored (a
   * change rewrites the row). Empty for rows converted by migration 0012 (not known yet).
   */
  hash: string;
  /** 1 when inserted, +1 at every rewrite: tells created from updated in an upsert's RETURNING. */
  version: number;
  changed_at: string;
  updated_at: string;
  remote_created_at: string | null;
  remote_deleted_at: string | null;
  last_seen_run: string;
  /** Set when a deleted record's personal data was removed after the retention period. */
  anonymised_at: string | null;
  /**
   * The record's fields as its parent's view nests them, as JSON object text (`ModelSpec.embed`;
   * null for models that have none), from which the parent's `nested` is written.
   */
  embed: string | null;
  /**
   * The children a record's view nests (a candidate's applications: `ModelSpec.nests`), as the
   * database joined their `embed` texts when one of them changed (`rewriteNested`): for each,
   * `<job_id> <current_stage_id>\u0001{"id":…,"remote_id":…,<embedded fields>,"changed_at":…`
   * (the object left open for the job and stage, which are filled in when read, so a renamed
   * job rewrites nothing), separated by `\u0002`, in id order. JSON text never holds these two
   * characters unescaped. NULL without live children. A page of parents is one query.
   */
  nested: string | null;
  /** References other records' views embed or lists filter by (null where the model has none). */
  candidate_id: string | null;
  job_id: string | null;
  application_id: string | null;
  current_stage_id: string | null;
  /** JSON of the vendor's raw object (remote_data, integration fields), or null. */
  remote_data: string | null;
  /** JSON `{key: value}` of the vendor's custom fields, or null. */
  custom_values: string | null;
}

export interface WebhookEndpointTable {
  id: string;
  environment_id: string;
  url: string;
  /** Encrypted with the vault. */
  secret: string;
  description: string | null;
  created_at: string;
}

/** An integration's public endpoint for its vendor's webhooks (migration 0013). */
export interface InboundWebhookTable {
  integration_id: string;
  /** sha256 of the path token: how a delivery finds its integration. */
  token_hash: string;
  /** The path token and the secret, encrypted with the vault. */
  token: string;
  secret: string;
  /** What registration created at the vendor (JSON `WebhookRegistration`), encrypted; null when nothing is registered. */
  registration: string | null;
  mode: 'api' | 'manual';
  /** REGISTERED (api), MANUAL (the customer registers it), FAILED (api registration failed: `error`), PAUSED (integration disabled). */
  status: 'REGISTERED' | 'MANUAL' | 'FAILED' | 'PAUSED';
  error: string | null;
  created_at: string;
  updated_at: string;
  last_delivery_at: string | null;
}

/** A record a vendor webhook named that is not refreshed yet (migration 0014; see there for the claim). */
export interface PendingRefreshTable {
  integration_id: string;
  /** The connector's source model and the vendor's id (a `RecordRef`). */
  model: string;
  remote_id: string;
  /** When a delivery first named it. */
  first_seen: string;
  /** Failed refreshes so far. */
  attempts: number;
  /** Not refreshed before this (backoff after a failure). */
  next_attempt_at: string;
  last_error: string | null;
  /** 1 when named again while claimed: kept for another refresh. */
  redelivered: number;
  /** 1 when refreshed during a sync: read once more after the sync. */
  after_sync: number;
  claimed_by: string | null;
  /** The claim's lease: after it the row may be taken again (its process died). */
  claimed_until: string | null;
}

export interface WebhookEventTable {
  id: string;
  environment_id: string;
  type: string;
  /** The exact JSON body every endpoint receives (and that is signed). */
  payload: string;
  created_at: string;
}

export interface WebhookDeliveryTable {
  id: string;
  event_id: string;
  endpoint_id: string;
  state: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface WebhookAttemptTable {
  id: string;
  delivery_id: string;
  attempted_at: string;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

/** Multi-valued and text filter values of a record (e-mails, names, job codes…), one row each. */
export interface RecordKeyTable {
  integration_id: string;
  model: string;
  record_id: string;
  field: string;
  value: string;
}

/** One entry of the change feed (migration 0012). */
export interface RecordChangeTable {
  integration_id: string;
  /** Per integration, from 1, without gaps; bigint (a string from PostgreSQL). */
  seq: number | string;
  model: string;
  record_id: string;
  remote_id: string | null;
  type: 'CREATED' | 'UPDATED' | 'DELETED';
  changed_at: string;
}

export interface RecordChangeHeadTable {
  integration_id: string;
  last_seq: number | string;
  /** Entries up to this number were removed by retention. */
  pruned_through: number | string;
}

export interface RequestLogTable {
  id: string;
  environment_id: string | null;
  integration_id: string | null;
  method: string;
  path: string;
  status: number;
  code: string | null;
  message: string | null;
  duration_ms: number;
  created_at: string;
}

/** A write request's Idempotency-Key and, once it finished, its response (kept 24 h). */
export interface IdempotencyKeyTable {
  integration_id: string;
  key: string;
  /** Hash of method, path and body: the same key with another request is refused. */
  fingerprint: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  /** The success body, exactly as first sent. */
  response_body: string | null;
  /** Or the error that ended the request after the vendor had written. */
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
}

/** A connection link (connect flow): single use, expires; the token itself is never stored. */
export interface ConnectLinkTable {
  id: string;
  environment_id: string;
  /** sha256 of the link's token. */
  token_hash: string;
  link_type: 'EMBEDDED' | 'MAGIC_LINK';
  integration_category: 'ATS';
  /** The tool the link is fixed to; null lets the end user pick. */
  integration_tool: string | null;
  /** Set on reconnection links: the integration whose credentials the flow replaces. */
  relink_integration_id: string | null;
  end_user_email: string | null;
  end_user_organization_name: string;
  end_user_origin_id: string | null;
  language: string;
  scope_config_id: string | null;
  created_at: string;
  expires_at: string;
  /** While a submission is being verified with the vendor, other submissions wait for it. */
  claimed_until: string | null;
  used_at: string | null;
  /** The integration the finished flow created or reconnected. */
  integration_id: string | null;
}

/** What a finished connect flow hands the embedding page; exchanged once for the integration. */
export interface ConnectActivationTokenTable {
  /** sha256 of the token. */
  token_hash: string;
  environment_id: string;
  integration_id: string;
  link_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Per-integration settings of the field features (migration 0005). */
export interface IntegrationSettingsTable {
  integration_id: string;
  /** 1: views carry `remote_data` (off by default). */
  remote_data_enabled: number;
  updated_at: string;
}

/** A vendor field found by syncs (`GET /v1/integrations/{id}/integration-fields`). */
export interface IntegrationFieldTable {
  id: string;
  integration_id: string;
  /** `ats_candidates`, `ats_applications`, `ats_jobs`. */
  model: string;
  key: string;
  type: 'DEFAULT' | 'CUSTOM';
  label: string | null;
  passthrough_enabled: number;
  created_at: string;
}

/** A custom field of ours (`custom_fields` key on records), mapped onto an integration field or not. */
export interface CustomFieldTable {
  id: string;
  integration_id: string;
  model: string;
  key: string;
  label: string | null;
  description: string | null;
  integration_field_id: string | null;
  created_at: string;
}

export interface Database {
  integration_settings: IntegrationSettingsTable;
  integration_fields: IntegrationFieldTable;
  custom_fields: CustomFieldTable;
  environments: EnvironmentTable;
  api_keys: ApiKeyTable;
  integrations: IntegrationTable;
  sync_runs: SyncRunTable;
  connector_state: ConnectorStateTable;
  records: RecordTable;
  record_keys: RecordKeyTable;
  record_changes: RecordChangeTable;
  record_change_heads: RecordChangeHeadTable;
  request_logs: RequestLogTable;
  webhook_endpoints: WebhookEndpointTable;
  inbound_webhooks: InboundWebhookTable;
  pending_refreshes: PendingRefreshTable;
  webhook_events: WebhookEventTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  idempotency_keys: IdempotencyKeyTable;
  connect_links: ConnectLinkTable;
  connect_activation_tokens: ConnectActivationTokenTable;
  kysely_migration: { name: string; timestamp: string };
}

export type IntegrationRow = Selectable<IntegrationTable>;
export type InboundWebhookRow = Selectable<InboundWebhookTable>;
export type PendingRefreshRow = Selectable<PendingRefreshTable>;
export type NewIntegrationRow = Insertable<IntegrationTable>;
export type IntegrationUpdate = Updateable<IntegrationTable>;
export type SyncRunRow = Selectable<SyncRunTable>;
export type RecordRow = Selectable<RecordTable>;
export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;
export type RequestLogRow = Selectable<RequestLogTable>;
export type ConnectLinkRow = Selectable<ConnectLinkTable>;
export type ConnectActivationTokenRow = Selectable<ConnectActivationTokenTable>;
export type IntegrationFieldRow = Selectable<IntegrationFieldTable>;
export type CustomFieldRow = Selectable<CustomFieldTable>;
