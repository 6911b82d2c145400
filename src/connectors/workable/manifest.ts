/** Facts about Workable (SPI v3) as data: credentials, models, writes, limits. See README.md. */
import type { Manifest } from '../connector.js';
import { WRITE_ACTION_IDS, type WriteActionId } from '../writes.js';

/** New-candidate fields Workable's create endpoint has no place for. */
const NEW_CANDIDATE_IGNORED = [
  'candidate.company',
  'candidate.gender',
  'candidate.availability_date',
  'candidate.salary_expectations',
  'candidate.additional_email_addresses',
  'candidate.additional_phone_numbers',
  'screening_question_answers',
  'source.name',
  'sourced_by.user_id',
  'gdpr_consent.expires_at',
  'gdpr_consent.given',
];

// Nothing in Workable takes an outside tracking id.
const UNSUPPORTED_WRITES: readonly WriteActionId[] = ['ats_import_tracked_application'];

export const workableManifest: Manifest = {
  id: 'workable',
  label: 'Workable',
  category: 'ATS',
  credentials: [
    {
      key: 'subdomain',
      label: 'Account subdomain',
      secret: false,
      required: true,
      help: 'The part before .workable.com in your Workable address (acme for https://acme.workable.com).',
    },
    {
      key: 'api_key',
      label: 'API access token',
      secret: true,
      required: true,
      help: 'Workable → Settings → Integrations → Apps → "Generate API token", as an admin, with the scopes r_account, r_jobs, r_candidates, r_offers and, for writes, w_candidates.',
    },
    {
      key: 'member_id',
      label: 'Acting member id',
      secret: false,
      required: false,
      help: 'The id of the Workable member that moves, disqualifications and comments are recorded under (GET /spi/v3/members). Empty: the first active admin.',
    },
  ],
  defaultBaseUrl: 'https://{subdomain}.workable.com/spi/v3',
  capabilities: {
    models: ['users', 'roles', 'tags', 'rejection_reasons', 'jobs', 'candidates', 'applications', 'interviews', 'offers', 'attachments'],
    incremental: true,
    // Stages (`{id, slug, name, kind, position}`) carry no archived flag nor custom fields.
    stageFields: { status: false, custom_fields: false },
    writes: {
      // Every write action except the unsupported ones.
      actions: WRITE_ACTION_IDS.filter((id) => !UNSUPPORTED_WRITES.includes(id)),
      unsupported: UNSUPPORTED_WRITES,
      // No result links in Workable: a comment holds the label, the URL and the attributes.
      resultLinks: 'note',
      ignoredFields: { ats_create_application: NEW_CANDIDATE_IGNORED, ats_create_candidate: NEW_CANDIDATE_IGNORED },
    },
  },
  // Account tokens: 10 requests per 10 s (plus 2000 per minute). 0.9/s keeps under it with margin.
  politeness: { requestsPerSecond: 0.9, concurrency: 2, maxRetries: 6 },
};
