/** Presents an integration in Kombo's details shape (contract §5.5) plus our `sync_state`. */
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { Connector } from '../connectors/connector.js';
import type { IntegrationDetails } from '../model/integration.js';
import type { Database, IntegrationRow } from '../storage/database.js';
import { findActiveRun, findLastFinishedRun } from '../storage/repositories/sync-runs.repository.js';
import { firstSyncRetry, type RetryTimings } from '../tasks/first-sync-retry.js';
import { writeActionAvailable, writeActionSupport, writeFieldCoverage } from '../writes/capabilities.js';
import { readModelCoverage, WRITE_ACTIONS } from './read-models.js';
import { toolAssets } from './tool-assets.js';

export async function integrationDetails(
  db: Kysely<Database>,
  integration: IntegrationRow,
  connector: Connector | undefined,
  base: string,
  timings: RetryTimings,
  /** The integration's credentials: an action needing ones it lacks is not available (absent: not checked). */
  credentials: Readonly<Record<string, string>> | null = null,
): Promise<IntegrationDetails> {
  const [active, last, pending] = await Promise.all([
    findActiveRun(db, integration.id),
    findLastFinishedRun(db, integration.id),
    firstSyncRetry(db, integration, timings),
  ]);
  const assets = toolAssets(base, integration.tool);
  return {
    id: integration.id,
    tool: { id: integration.tool, label: connector?.manifest.label ?? integration.tool, internal_label: null, logo_url: assets.logo_url, icon_url: assets.icon_url },
    category: 'ATS' as const,
    status: integration.status,
    setup_status: integration.setup_status,
    end_user: { organization_name: integration.organization_name, creator_email: integration.creator_email, origin_id: integration.origin_id },
    scope_config: { id: 'default', name: 'Default' },
    data_expired_at: integration.data_expired_at,
    created_at: integration.created_at,
    beta: false,
    read_models: connector
      ? readModelCoverage(connector.manifest).map((m) => ({
          ...m,
          is_available: m.coverage_status === 'SUPPORTED',
          scope_config_setting: 'ENABLED' as const,
          opted_out_by_customer: false,
          fields: m.fields.map((f) => ({
            ...f,
            is_available: f.coverage_status === 'SUPPORTED',
            scope_config_setting: 'ENABLED' as const,
            opted_out_by_customer: false,
          })),
        }))
      : [],
    write_actions: WRITE_ACTIONS.map((a) => {
      const coverage = connector ? writeActionSupport(connector, a.id).coverage : 'NOT_IMPLEMENTED';
      const available = connector ? writeActionAvailable(connector, a.id, credentials) : false;
      return {
        id: a.id,
        label: a.label,
        is_available: available,
        coverage_status: coverage,
        scope_config_setting: 'ENABLED' as const,
        opted_out_by_customer: false,
        fields: a.fields.map((field) => {
          const fieldCoverage = connector ? writeFieldCoverage(connector, a.id, field) : coverage;
          return { id: field, is_available: available && fieldCoverage === 'SUPPORTED', coverage_status: fieldCoverage };
        }),
      };
    }),
    sync_state: {
      status: active ? (active.state === 'RUNNING' ? ('RUNNING' as const) : ('QUEUED' as const)) : ('IDLE' as const),
      last_sync: last
        ? { id: last.id, type: last.type, state: last.state, started_at: last.started_at, ended_at: last.ended_at, error: last.error }
        : null,
      last_successful_sync_at: integration.last_successful_sync_at,
      setup_pending: pending
        ? {
            // A queued or running attempt is the news, whatever the previous one said.
            reason: active
              ? `${active.state === 'RUNNING' ? 'A sync is running' : 'A sync is queued'}; data is served once it succeeds.${last ? ` Before: ${pending.reason}` : ''}`
              : pending.reason,
            next_retry_at: !active && pending.retryAt !== null ? new Date(pending.retryAt).toISOString() : null,
            failed_attempts: pending.failures,
          }
        : null,
    },
  };
}

export const retryTimings = (config: Config): RetryTimings => ({ firstRetryMs: config.sync.firstRetryMs, deltaIntervalMs: config.sync.deltaIntervalMs });
