/** Facts about Personio's recruiting APIs as data: credentials, models, writes, limits. See README.md. */
import type { Manifest } from '../connector.js';
import type { AttachmentRules, WriteActionId } from '../writes.js';
import { accepted, mimeTypesOf } from '../attachment-facts.js';
import { PERSONIO_CREATE_KEYS } from './writes.js';

/** Everything but creating an application: Personio's public API has no route for it. */
const UNSUPPORTED: readonly WriteActionId[] = [
  'ats_move_application_to_stage',
  'ats_reject_application',
  'ats_add_application_note',
  'ats_add_application_result_link',
  'ats_add_candidate_result_link',
  'ats_add_application_attachment',
  'ats_add_candidate_attachment',
  'ats_add_candidate_tag',
  'ats_remove_candidate_tag',
  'ats_import_tracked_application',
];

const RECRUITING_CREDENTIALS = ['recruiting_api_key', 'company_id'];

/** New-candidate fields the Recruiting API's create call has no place for. */
const NEW_CANDIDATE_IGNORED = [
  'candidate.additional_email_addresses',
  'candidate.company',
  'candidate.title',
  'candidate.additional_phone_numbers',
  'candidate.social_links',
  'screening_question_answers',
  'sourced_by.user_id',
  'gdpr_consent.expires_at',
  'gdpr_consent.given',
];

/**
 * The documents endpoint (personio/api-docs, personio-recruiting-api.yaml): 20 MB per file and a
 * list of extensions, as MIME types; any number of files of every category.
 */
const DOCUMENT_TYPES = [
  ...mimeTypesOf('pdf', 'pptx', 'xlsx', 'docx', 'doc', 'xls', 'ppt', 'odt', 'zip', 'gif', 'jpg', 'png', 'txt', 'rtf'),
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/x-7z-compressed',
  'application/gzip',
  'application/vnd.rar',
  'image/bmp',
  'image/tiff',
  'text/csv',
  'video/mp4',
  'video/3gpp',
  'video/quicktime',
  'video/x-msvideo',
  'video/x-ms-wmv',
];
const DOCUMENT = accepted(20 * 1024 * 1024, DOCUMENT_TYPES);
const ON_CREATE: AttachmentRules = {
  totalSizeBytes: null,
  types: { CV: DOCUMENT, COVER_LETTER: DOCUMENT, OTHER: DOCUMENT },
  source: 'https://developer.personio.de/reference/post_v1-recruiting-applications-documents (max 20 MB; pdf, pptx, xlsx, docx, doc, xls, ppt, ods, odt, 7z, gz, rar, zip, bmp, gif, jpg, png, tif, csv, txt, rtf, mp4, 3gp, mov, avi, wmv)',
};

export const personioManifest: Manifest = {
  id: 'personio',
  label: 'Personio',
  category: 'ATS',
  credentials: [
    {
      key: 'client_id',
      label: 'Client ID',
      secret: false,
      required: true,
      help: 'For reading: Personio → Settings → Integrations → API credentials → "Generate new credentials", with the scope personio:recruiting:read (and personio:persons:read to name hiring team members). Copy the Client ID.',
    },
    {
      key: 'client_secret',
      label: 'Client secret',
      secret: true,
      required: true,
      help: 'The Client secret shown with the Client ID when the API credentials are generated (shown once).',
    },
    {
      key: 'recruiting_api_key',
      label: 'Recruiting API key',
      secret: true,
      required: false,
      help: 'Only to create applications: Settings → Integrations → API credentials → Recruiting API key. Without it (and the company id) the integration reads only.',
    },
    {
      key: 'company_id',
      label: 'Company ID',
      secret: false,
      required: false,
      help: 'Needed with the Recruiting API key: the number shown at https://{your-company}.personio.de/configuration/api/credentials/management.',
    },
  ],
  defaultBaseUrl: 'https://api.personio.de',
  capabilities: {
    models: ['users', 'jobs', 'candidates', 'applications'],
    // Candidates and applications changed since: `updated_at.gt` (documented for both); jobs are listed whole.
    incremental: true,
    // Stages are the category's phases and Personio's system phases, all in use; `type`/`kind` say which.
    stageFields: { status: true, custom_fields: true },
    writes: {
      actions: ['ats_create_application', 'ats_create_candidate'],
      unsupported: UNSUPPORTED,
      // The v1 Recruiting API's key and company id; without them an integration only reads.
      credentialsNeeded: { ats_create_application: RECRUITING_CREDENTIALS, ats_create_candidate: RECRUITING_CREDENTIALS },
      unsupportedReason:
        "Personio's public API reads recruiting data (v2) and creates applications (v1 Recruiting API) only: it has no route to move, reject, note, tag or attach files to existing candidates and applications.",
      // Nowhere to put one: no notes or files can be added after creation.
      resultLinks: 'note',
      ignoredFields: { ats_create_application: NEW_CANDIDATE_IGNORED, ats_create_candidate: NEW_CANDIDATE_IGNORED },
      remoteFields: { personio: { ats_create_application: PERSONIO_CREATE_KEYS, ats_create_candidate: PERSONIO_CREATE_KEYS } },
      attachmentRules: { ats_create_application: ON_CREATE, ats_create_candidate: ON_CREATE },
    },
  },
  // v2 reads publish no limit; the v1 Recruiting API allows 20 requests per minute per company and
  // the token endpoint 150 per minute. Five a second, two at a time, waiting out 429s.
  politeness: { requestsPerSecond: 5, concurrency: 2, maxRetries: 6 },
};
