/** Facts about Greenhouse (Harvest API v3) as data: credentials, models, writes, limits. See README.md. */
import type { Manifest } from '../connector.js';
import { WRITE_ACTION_IDS, type AttachmentRules, type WriteActionId } from '../writes.js';
import { accepted, mimeTypesOf, sameKeys } from '../attachment-facts.js';

const ON_BEHALF_ACTIONS = WRITE_ACTION_IDS.filter((id): id is Exclude<WriteActionId, 'ats_import_tracked_application'> => id !== 'ats_import_tracked_application');
const GREENHOUSE_UPLOAD = accepted(100 * 1_000_000, mimeTypesOf('doc', 'docx', 'pdf', 'rtf', 'txt'));
const GREENHOUSE_FILES: AttachmentRules = {
  totalSizeBytes: null,
  types: { CV: GREENHOUSE_UPLOAD, COVER_LETTER: GREENHOUSE_UPLOAD, OTHER: GREENHOUSE_UPLOAD },
  source: 'https://support.greenhouse.io/hc/en-us/articles/360052218132',
};

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
      // Kombo's keys (contract §4.2–4.18). On-Behalf-Of becomes the token's `sub` (writes.ts); the
      // greenhousev3 keys may also come directly under `greenhouse` (this connector's earlier spelling).
      remoteFields: {
        greenhouse: {
          ...sameKeys(ON_BEHALF_ACTIONS, ['post_headers.On-Behalf-Of']),
          ats_add_application_note: ['post_headers.On-Behalf-Of', 'visibility'],
          ats_add_application_result_link: ['post_headers.On-Behalf-Of', 'visibility'],
          ats_add_candidate_result_link: ['post_headers.On-Behalf-Of', 'visibility'],
          ats_reject_application: ['post_headers.On-Behalf-Of', 'rejection_email'],
          ats_create_application: ['post_headers.On-Behalf-Of', 'candidate', 'application'],
          ats_create_candidate: ['post_headers.On-Behalf-Of', 'candidate', 'application'],
        },
        greenhousev3: {
          ats_add_application_note: ['visibility'],
          ats_add_application_result_link: ['visibility'],
          ats_add_candidate_result_link: ['visibility'],
          ats_reject_application: ['rejection_email'],
          ats_create_application: ['candidate', 'application'],
          ats_create_candidate: ['candidate', 'application'],
        },
      },
      // Greenhouse Support, "Supported formats for resumes, cover letters and other candidate uploads":
      // candidate uploads up to 100 MB, as doc, docx, pdf, rtf or txt. Any number of each type.
      attachmentRules: {
        ats_create_application: GREENHOUSE_FILES,
        ats_create_candidate: GREENHOUSE_FILES,
        ats_add_application_attachment: GREENHOUSE_FILES,
        ats_add_candidate_attachment: GREENHOUSE_FILES,
      },
    },
  },
  // Harvest v3 meters requests per 30-second window (50 per window is what integrators report);
  // 1.6/s stays under it, and a 429's Retry-After pauses every request of the integration.
  politeness: { requestsPerSecond: 1.6, concurrency: 2, timeoutMs: 30_000, maxRetries: 6, maxRetryDelayMs: 60_000 },
};
