import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../services.js';
import { registerGetActions } from './ats/get-action.js';
import { registerAttachmentReads } from './ats/list-attachments.js';
import { registerListApplications } from './ats/list-applications.js';
import { registerListCandidates } from './ats/list-candidates.js';
import { registerListInterviews } from './ats/list-interviews.js';
import { registerListJobs } from './ats/list-jobs.js';
import { registerPlainLists } from './ats/list-plain.js';
import { registerListRoles } from './ats/list-roles.js';
import { registerListUsers } from './ats/list-users.js';
import { registerWriteRoutes } from './ats/writes/index.js';
import { registerCreateLink } from './connect/create-link.js';
import { registerIntegrationByToken } from './connect/integration-by-token.js';
import { registerCheckApiKey } from './general/check-api-key.js';
import { registerCreateIntegration } from './general/create-integration.js';
import { registerDeleteIntegration } from './general/delete-integration.js';
import { registerForceSync } from './general/force-sync.js';
import { registerGetIntegration } from './general/get-integration.js';
import { registerInboundWebhookSecret } from './general/inbound-webhook-secret.js';
import { registerListIntegrations } from './general/list-integrations.js';
import { registerGetTools } from './general/get-tools.js';
import { registerGetSync, registerListSyncs } from './general/list-syncs.js';
import { registerListChanges } from './general/list-changes.js';
import { registerRequestLogs } from './general/request-logs.js';
import { registerListCustomFields } from './general/list-custom-fields.js';
import { registerListIntegrationFields } from './general/list-integration-fields.js';
import { registerPassthrough } from './general/passthrough.js';
import { registerUpdateCustomFieldMapping } from './general/update-custom-field-mapping.js';
import { registerUpdateIntegration } from './general/update-integration.js';
import { registerUpdateIntegrationField } from './general/update-integration-field.js';
import { registerRelink } from './general/relink.js';
import { registerSetIntegrationEnabled } from './general/set-integration-enabled.js';
import { registerSetupLink } from './general/setup-link.js';
import { registerWebhookEndpoints } from './general/webhook-endpoints.js';
import { registerVendorWebhook } from './inbound/vendor-webhook.js';

/** ATS endpoints: they run behind the integration gate (X-Integration-Id, first sync finished). */
export function registerAtsRoutes(app: OpenAPIHono<AppEnv>): void {
  registerListApplications(app);
  registerListCandidates(app);
  registerListJobs(app);
  registerListUsers(app);
  registerListRoles(app);
  registerListInterviews(app);
  registerPlainLists(app);
  registerAttachmentReads(app);
  registerWriteRoutes(app);
  registerGetActions(app);
}

/** Routes vendors call (no API key). */
export function registerPublicRoutes(app: OpenAPIHono<AppEnv>): void {
  registerVendorWebhook(app);
}

export function registerGeneralRoutes(app: OpenAPIHono<AppEnv>): void {
  registerCheckApiKey(app);
  registerForceSync(app);
  registerPassthrough(app);
  registerListIntegrations(app);
  registerCreateIntegration(app);
  registerGetIntegration(app);
  registerDeleteIntegration(app);
  registerUpdateIntegration(app);
  registerListIntegrationFields(app);
  registerUpdateIntegrationField(app);
  registerListCustomFields(app);
  registerUpdateCustomFieldMapping(app);
  registerSetIntegrationEnabled(app);
  registerInboundWebhookSecret(app);
  registerListSyncs(app);
  registerGetSync(app);
  registerListChanges(app);
  registerRequestLogs(app);
  registerWebhookEndpoints(app);
  registerRelink(app);
  registerSetupLink(app);
  registerGetTools(app);
  registerCreateLink(app);
  registerIntegrationByToken(app);
}
