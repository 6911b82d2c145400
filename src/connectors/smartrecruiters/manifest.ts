/** Facts about SmartRecruiters (customer API) as data: credentials, models, writes, limits. See README.md. */
import type { Manifest } from '../connector.js';
import type { WriteActionId } from '../writes.js';
import { DEFAULT_BASE_URL } from './client.js';

/** New-candidate fields `POST /jobs/{id}/candidates` has no place for, or that are not sent yet. */
const NEW_CANDIDATE_IGNORED = [
  'candidate.gender',
  'candidate.availability_date',
  'candidate.salary_expectations',
  'candidate.additional_email_addresses',
  'candidate.additional_phone_numbers',
  'screening_question_answers',
  'source.name',
  'source.id',
  'sourced_by.user_id',
  'gdpr_consent.expires_at',
  'gdpr_consent.given',
];

const ACTIONS: readonly WriteActionId[] = [
  'ats_add_application_note',
  'ats_move_application_to_stage',
  'ats_reject_application',
  'ats_add_candidate_tag',
  'ats_remove_candidate_tag',
  'ats_add_application_result_link',
  'ats_add_candidate_result_link',
  'ats_add_candidate_attachment',
  'ats_add_application_attachment',
  'ats_create_application',
  'ats_create_candidate',
  'ats_import_tracked_application',
];

export const smartRecruitersManifest: Manifest = {
  id: 'smartrecruiters',
  label: 'SmartRecruiters',
  category: 'ATS',
  credentials: [
    {
      key: 'api_key',
      label: 'API key',
      secret: true,
      required: false,
      help: 'SmartRecruiters → Settings → Apps & Integrations → Credentials → New credential → API key (an administrator; the key carries every scope and is shown once). Leave empty when you use an OAuth client below.',
    },
    {
      key: 'client_id',
      label: 'OAuth client ID',
      secret: false,
      required: false,
      help: 'Instead of an API key: Credentials → New credential → OAuth client, with the scopes candidates_read, candidates_manage, candidates_create, jobs_read, users_read, configuration_read and webhooks_manage (for changes within seconds), and a System Role that sees every job.',
    },
    { key: 'client_secret', label: 'OAuth client secret', secret: true, required: false, help: 'The secret shown with the OAuth client ID.' },
  ],
  defaultBaseUrl: DEFAULT_BASE_URL,
  capabilities: {
    models: ['users', 'roles', 'tags', 'rejection_reasons', 'jobs', 'candidates', 'applications', 'offers', 'attachments'],
    incremental: true,
    // Stages come from hiring-process sub-statuses: those only inactive processes use are INACTIVE;
    // custom_fields carry the status, sub-status and the processes a stage comes from.
    stageFields: { status: true, custom_fields: true },
    writes: {
      actions: ACTIONS,
      // Kombo's identifier for SmartRecruiters: candidate and job remote ids.
      trackedApplicationIdKeys: ['smartrecruiters'],
      // No result links in SmartRecruiters: a message on the candidate holds the label, URL and attributes.
      resultLinks: 'note',
      ignoredFields: { ats_create_application: NEW_CANDIDATE_IGNORED, ats_create_candidate: NEW_CANDIDATE_IGNORED },
    },
  },
  // Documented: 10 requests per second per credential and 8 at a time (one at a time on GET /candidates).
  politeness: { requestsPerSecond: 8, concurrency: 4, maxRetries: 6 },
};
