/** Facts about Greenhouse (Harvest API v3) as data: credentials, models, writes, limits. See README.md. */
import type { Manifest } from '../connector.js';
import { WRITE_ACTION_IDS } from '../writes.js';

const NEW_CANDIDATE_IGNORED = [
  'candidate.gender',
  'candidate.availability_date',
  'candidate.salary_expectations',
  'sourced_by.user_id',
  'gdpr_consent.expires_at',
  'gdpr_consent.given',
];

export const greenhouseManifest: Manifest = {
  id: 'greenhouse',
  label: 'Greenhouse',
  category: 'ATS',
  credentials: [
    {
      key: 'client_id',
      label: 'Client ID',
      secret: false,
      required: true,
      help: 'Greenhouse → Configure → Dev Center → API Credentials → Create new API credentials → "Harvest V3 (OAuth)". Copy the Client ID.',
    },
    {
      key: 'client_secret',
      label: 'Client Secret',
      secret: true,
      required: true,
      help: 'Shown next to the Client ID when the credentials are created. Then tick the scopes listed in our Greenhouse guide (Manage Scopes → Harvest).',
    },
    {
      key: 'user_id',
      label: 'Greenhouse user ID',
      secret: false,
      required: false,
      help: 'The numeric id of the user the integration acts as (the number in app.greenhouse.io/account/users/<id>); notes and rejections are recorded under this user. Use a Site Admin. Empty: the credentials\' service account.',
    },
  ],
  defaultBaseUrl: 'https://harvest.greenhouse.io',
  capabilities: {
    models: ['users', 'tags', 'rejection_reasons', 'jobs', 'candidates', 'applications', 'interviews', 'offers', 'attachments'],
    incremental: true,
    // Job interview stages carry `active` (false: taken out of the hiring plan); no custom fields.
    stageFields: { status: true, custom_fields: false },
    writes: {
      // Every write action.
      actions: WRITE_ACTION_IDS,
      // Harvest has no result-link object (the Assessment Partner API needs a partnership): notes.
      resultLinks: 'note',
      ignoredFields: { ats_create_application: NEW_CANDIDATE_IGNORED, ats_create_candidate: NEW_CANDIDATE_IGNORED },
      trackedApplicationIdKeys: ['greenhouse', 'greenhousev3'],
    },
  },
  // Harvest v3 meters requests per 30-second window (50 per window is what integrators report);
  // 1.6/s stays under it, and a 429's Retry-After pauses every request of the integration.
  politeness: { requestsPerSecond: 1.6, concurrency: 2, timeoutMs: 30_000, maxRetries: 6, maxRetryDelayMs: 60_000 },
};
