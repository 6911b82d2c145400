import { z } from '@hono/zod-openapi';
import { dateTime } from './common.js';

export const IntegrationCategorySchema = z.enum(['HRIS', 'ATS', 'ASSESSMENT', 'LMS']);
export type IntegrationCategory = z.infer<typeof IntegrationCategorySchema>;

export const IntegrationStatusSchema = z.enum(['ACTIVE', 'INVALID', 'INACTIVE']);
export type IntegrationStatus = z.infer<typeof IntegrationStatusSchema>;

export const IntegrationSetupStatusSchema = z.enum(['INCOMPLETE', 'FINAL_SYNC_PENDING', 'COMPLETED']);
export type IntegrationSetupStatus = z.infer<typeof IntegrationSetupStatusSchema>;

export const CoverageStatusSchema = z.enum(['SUPPORTED', 'UNSUPPORTED', 'NOT_IMPLEMENTED', 'UNKNOWN']);
export type CoverageStatus = z.infer<typeof CoverageStatusSchema>;

export const ScopeConfigSettingSchema = z.enum(['ENABLED', 'DISABLED', 'OPTIONAL']);
export type ScopeConfigSetting = z.infer<typeof ScopeConfigSettingSchema>;

export const IntegrationToolSchema = z.object({
  id: z.string(),
  label: z.string(),
  internal_label: z.string().nullable(),
  logo_url: z.string(),
  icon_url: z.string(),
});
export type IntegrationTool = z.infer<typeof IntegrationToolSchema>;

export const ReadModelFieldCoverageSchema = z.object({
  id: z.string(),
  is_available: z.boolean(),
  coverage_status: CoverageStatusSchema,
  scope_config_setting: ScopeConfigSettingSchema,
  opted_out_by_customer: z.boolean(),
});
export type ReadModelFieldCoverage = z.infer<typeof ReadModelFieldCoverageSchema>;

export const ReadModelCoverageSchema = z.object({
  id: z.string(),
  label: z.string(),
  is_available: z.boolean(),
  coverage_status: CoverageStatusSchema,
  scope_config_setting: ScopeConfigSettingSchema,
  opted_out_by_customer: z.boolean(),
  fields: z.array(ReadModelFieldCoverageSchema),
});
export type ReadModelCoverage = z.infer<typeof ReadModelCoverageSchema>;

/** Write-action fields carry no scope setting / opt-out. */
export const WriteActionFieldCoverageSchema = z.object({
  id: z.string(),
  is_available: z.boolean(),
  coverage_status: CoverageStatusSchema,
});
export type WriteActionFieldCoverage = z.infer<typeof WriteActionFieldCoverageSchema>;

export const WriteActionCoverageSchema = z.object({
  id: z.string(),
  label: z.string(),
  is_available: z.boolean(),
  coverage_status: CoverageStatusSchema,
  scope_config_setting: ScopeConfigSettingSchema,
  opted_out_by_customer: z.boolean(),
  fields: z.array(WriteActionFieldCoverageSchema),
});
export type WriteActionCoverage = z.infer<typeof WriteActionCoverageSchema>;

export const SyncTypeSchema = z.enum(['FULL', 'DELTA']);
export type SyncType = z.infer<typeof SyncTypeSchema>;

export const SyncRunStateSchema = z.enum(['SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED', 'AUTHENTICATION_FAILED', 'CANCELLED', 'TIMED_OUT']);
export type SyncRunState = z.infer<typeof SyncRunStateSchema>;

export const SyncActivitySchema = z.enum(['IDLE', 'QUEUED', 'RUNNING']);
export type SyncActivity = z.infer<typeof SyncActivitySchema>;

/** Our addition to the integration details (not part of Kombo's schema; the SDK strips it). */
export const SyncStateSchema = z
  .object({
    status: SyncActivitySchema,
    last_sync: z
      .object({
        id: z.string(),
        type: SyncTypeSchema,
        state: SyncRunStateSchema,
        started_at: dateTime.nullable(),
        ended_at: dateTime.nullable(),
        error: z.string().nullable(),
      })
      .nullable(),
    last_successful_sync_at: dateTime.nullable(),
    setup_pending: z
      .object({
        reason: z.string().openapi({ description: 'Why setup is still pending (reads answer INTEGRATION.SETUP_SYNC_PENDING until a sync succeeds).' }),
        next_retry_at: dateTime.nullable().openapi({ description: 'When a failed first sync is tried again (backoff from FIRST_SYNC_RETRY up to DELTA_SYNC_INTERVAL); null when no retry is scheduled.' }),
        failed_attempts: z.number().int(),
      })
      .nullable()
      .openapi({ description: 'unified-ats extension: set while the first sync has not succeeded (setup_status FINAL_SYNC_PENDING).' }),
  })
  .openapi('SyncState');
export type SyncState = z.infer<typeof SyncStateSchema>;

/** `data` of GET /integrations/{integration_id} (contract §5.5), exactly as Kombo defines it. */
export const KomboIntegrationDetailsSchema = z.object({
  id: z.string(),
  tool: IntegrationToolSchema,
  category: IntegrationCategorySchema,
  status: IntegrationStatusSchema,
  setup_status: IntegrationSetupStatusSchema,
  end_user: z.object({
    organization_name: z.string(),
    creator_email: z.string().nullable(),
    origin_id: z.string().nullable(),
  }),
  scope_config: z.object({ id: z.string(), name: z.string().nullable() }),
  data_expired_at: dateTime.nullable(),
  created_at: dateTime,
  beta: z.boolean(),
  read_models: z.array(ReadModelCoverageSchema),
  write_actions: z.array(WriteActionCoverageSchema),
});
export type KomboIntegrationDetails = z.infer<typeof KomboIntegrationDetailsSchema>;

/** The integration's public endpoint for its ATS's webhooks (ours; tools without webhooks: null). */
export const InboundWebhookSchema = z
  .object({
    url: z.string().openapi({ description: 'Where the ATS posts its webhooks; the path is the secret part, keep it private.' }),
    secret: z.string().nullable().openapi({ description: "The signing secret to enter in the ATS's webhook settings (manual registration only)." }),
    vendor_secret: z
      .enum(['MISSING', 'SET'])
      .nullable()
      .openapi({
        description:
          "Where the ATS generates the signing key itself (Teamtailor): whether it was given to us (`PUT /integrations/{id}/inbound-webhook/vendor-secret`); deliveries are refused until it is. Null for tools signed with our secret.",
      }),
    mode: z.enum(['api', 'manual']).openapi({ description: "`api`: registered through the ATS's API on connect; `manual`: add it in the ATS's settings." }),
    status: z.enum(['REGISTERED', 'MANUAL', 'FAILED', 'PAUSED']),
    error: z.string().nullable().openapi({ description: 'Why registration through the API failed (polling keeps the data current meanwhile).' }),
    events: z.array(z.string()).openapi({ description: "The ATS's events that trigger a refresh." }),
    instructions: z.string(),
    last_delivery_at: z.string().nullable(),
  })
  .openapi('InboundWebhook');
export type InboundWebhook = z.infer<typeof InboundWebhookSchema>;

/** `data` of GET /integrations/{integration_id} as this server emits it: §5.5 plus `sync_state` (always sent) and `inbound_webhook`. */
export const IntegrationDetailsSchema = KomboIntegrationDetailsSchema.extend({
  sync_state: SyncStateSchema,
  inbound_webhook: InboundWebhookSchema.nullable().optional(),
}).openapi('IntegrationDetails');
export type IntegrationDetails = z.infer<typeof IntegrationDetailsSchema>;
