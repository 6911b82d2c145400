/**
 * One write request: the connector and its context, the warnings collected on the way, the
 * vendor call, and putting what the vendor returned into the store before the answer goes out.
 *
 * `vendorWritten` turns true as soon as the vendor accepted the write (the connector's client
 * reports it through `ctx.vendorWrote`, before any reading back; at the latest when the operation
 * returns): from then on a failure must not let a retry with the same Idempotency-Key write again.
 */
import type { Logger } from 'pino';
import type { Connector, ConnectorContext, FetchLike } from '../connectors/connector.js';
import { SOURCE_MODELS, type SourceModel, type SourceRecordMap } from '../connectors/source-records.js';
import type { ConnectorWrites, WriteActionId, WriteOperation, WriteResult } from '../connectors/writes.js';
import type { Vault } from '../lib/crypto.js';
import { ActionNotAvailableError, AppError } from '../lib/errors.js';
import type { FetchPool } from '../lib/polite-fetch.js';
import type { Db } from '../storage/db.js';
import type { IntegrationRow } from '../storage/database.js';
import { connectorContext } from '../runtime/connector-context.js';
import { openCredentials } from '../runtime/credentials.js';
import { ingestSourceRecords } from '../sync/ingest.js';
import type { AttachmentLimits } from './attachments.js';
import { requireWriteAction, type ActionSupport } from './capabilities.js';
import { remoteFieldWarnings } from './remote-fields.js';

export interface WriteDeps {
  db: Db;
  vault: Vault;
  fetch: FetchLike;
  fetchPool?: FetchPool;
  logger: Logger;
  connectorFor(tool: string): Connector | undefined;
  attachments: AttachmentLimits;
  now?: () => Date;
}

export class WriteRun {
  readonly warnings: string[] = [];
  vendorWritten = false;
  readonly connector: Connector;
  private ctx: ConnectorContext | null = null;

  constructor(
    readonly deps: WriteDeps,
    readonly integration: IntegrationRow,
  ) {
    const connector = deps.connectorFor(integration.tool);
    if (!connector) throw new ActionNotAvailableError(`This server has no connector for the tool "${integration.tool}" any more.`);
    this.connector = connector;
  }

  get tool(): string {
    return this.connector.manifest.label;
  }

  /** Throws INTEGRATION.ACTION_NOT_AVAILABLE unless the connector can do `action`. */
  require(action: WriteActionId, label: string): ActionSupport {
    return requireWriteAction(this.connector, action, label, openCredentials(this.deps.vault, this.integration.credentials));
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** Warns about `remote_fields` the connector does not apply to `action` (other tools' keys included); all are passed on. */
  checkRemoteFields(action: WriteActionId, remoteFields: Readonly<Record<string, unknown>> | null | undefined): Readonly<Record<string, unknown>> {
    const fields = remoteFields ?? {};
    for (const warning of remoteFieldWarnings(this.connector.manifest, action, fields)) this.warn(warning);
    return fields;
  }

  /** Warns about request fields the tool has no place for (its manifest's `ignoredFields`). */
  checkIgnoredFields(action: WriteActionId, body: unknown): void {
    for (const field of this.connector.manifest.capabilities.writes?.ignoredFields?.[action] ?? []) {
      let value: unknown = body;
      for (const part of field.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
      if (value !== undefined && value !== null) this.warn(`${this.tool} has no place for "${field}"; it was not stored.`);
    }
  }

  private context(): ConnectorContext {
    this.ctx ??= {
      ...connectorContext(this.deps, this.integration, this.deps.logger.child({ integration_id: this.integration.id, write: true }), 'interactive'),
      vendorWrote: () => {
        this.vendorWritten = true;
      },
    };
    return this.ctx;
  }

  /** Calls the vendor through `operation`, then stores what it returned. */
  async perform<K extends WriteOperation, R extends WriteResult>(
    operation: K,
    call: (op: NonNullable<ConnectorWrites[K]>, ctx: ConnectorContext) => Promise<R>,
  ): Promise<R> {
    const op = this.connector.writes?.[operation];
    if (!op) throw new ActionNotAvailableError(`${this.tool} integrations cannot perform this action.`);
    const result = await call(op as NonNullable<ConnectorWrites[K]>, this.context());
    this.vendorWritten = true;
    for (const warning of result.warnings ?? []) this.warn(warning);
    try {
      await this.ingest(result);
    } catch (err) {
      this.deps.logger.error({ err, integration_id: this.integration.id, operation }, 'storing the result of a write failed');
      throw new AppError(
        'PLATFORM.UNKNOWN_ERROR',
        `${this.tool} accepted the write, but storing its result failed; the next sync brings it in. Do not repeat the request.`,
        { cause: err },
      );
    }
    return result;
  }

  private async ingest(result: WriteResult): Promise<void> {
    const deps = { db: this.deps.db, ...(this.deps.now ? { now: this.deps.now } : {}) };
    for (const model of SOURCE_MODELS) {
      const records = result.records[model] as ReadonlyArray<SourceRecordMap[SourceModel]> | undefined;
      if (records?.length) await ingestSourceRecords(deps, this.integration, model, records);
    }
  }
}
