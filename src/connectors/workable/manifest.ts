/** Facts about Workable (SPI v3) as data: credentials, models, writes, limits. See README.md. */
import type { Manifest } from '../connector.js';
import { WRITE_ACTION_IDS, type AttachmentRules, type WriteActionId } from '../writes.js';
import { accepted, mimeTypesOf, sameKeys } from '../attachment-facts.js';

/** Actions Workable records under a member (`member_id` in the request). */
const MEMBER_ACTIONS: readonly WriteActionId[] = [
  'ats_move_application_to_stage',
  'ats_reject_application',
  'ats_add_application_note',
  'ats_add_application_result_link',
  'ats_add_candidate_result_link',
  'ats_add_application_attachment',
  'ats_add_candidate_attachment',
];

const COMMENT_ACTIONS = MEMBER_ACTIONS.filter((id) => id !== 'ats_move_application_to_stage' && id !== 'ats_reject_application');

// Workable Help, "How do I attach files to a candidate's profile?" (115013034447): files go on
// comments, up to 20 MB each, of these types. Every file of ours on an existing candidate is one.
const COMMENT_FILE = accepted(20 * 1_000_000, mimeTypesOf('png', 'jpeg', 'jpg', 'gif', 'tiff', 'pdf', 'docx', 'doc', 'rtf', 'odt', 'html', 'txt', 'xlsx', 'xls', 'pptx', 'ppt', 'zip'));
const WORKABLE_COMMENT_FILES: AttachmentRules = {
  types: { CV: COMMENT_FILE, COVER_LETTER: COMMENT_FILE, OTHER: COMMENT_FILE },
  source: 'https://help.workable.com/hc/en-us/articles/115013034447',
};
// On creation the first CV is the résumé (Workable Help, "Uploading resumes / CVs" (115012661408):
// doc, docx, pdf, rtf, odt, html); the other files follow as comment files.
const WORKABLE_CREATE: AttachmentRules = {
  totalSizeBytes: null,
  types: { CV: accepted(20 * 1_000_000, mimeTypesOf('doc', 'docx', 'pdf', 'rtf', 'odt', 'html')), COVER_LETTER: COMMENT_FILE, OTHER: COMMENT_FILE },
  source: 'https://help.workable.com/hc/en-us/articles/115012661408 and 115013034447',
};

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
      // Kombo's key is the member the action is recorded under (`member_id`, our earlier spelling, too).
      // Workable's tag list and candidate creation take no member: there the key is reported unapplied,
      // except that a create's extra files are comments made as that member (writes.ts says so).
      remoteFields: {
        workable: {
          ...sameKeys(MEMBER_ACTIONS, ['on_behalf_of_user_remote_id', 'member_id']),
          // Comments also take Workable's visibility `policy`.
          ...sameKeys(COMMENT_ACTIONS, ['on_behalf_of_user_remote_id', 'member_id', 'policy']),
          ats_create_application: ['on_behalf_of_user_remote_id', 'member_id', 'sourced', 'candidate'],
          ats_create_candidate: ['on_behalf_of_user_remote_id', 'member_id', 'sourced', 'candidate'],
        },
      },
      attachmentRules: {
        ats_create_application: WORKABLE_CREATE,
        ats_create_candidate: WORKABLE_CREATE,
        ats_add_application_attachment: WORKABLE_COMMENT_FILES,
        ats_add_candidate_attachment: WORKABLE_COMMENT_FILES,
      },
    },
  },
  // Account tokens: 10 requests per 10 s (plus 2000 per minute). 0.9/s keeps under it with margin.
  politeness: { requestsPerSecond: 0.9, concurrency: 2, maxRetries: 6 },
};
