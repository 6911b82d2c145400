/** Facts about Teamtailor (public API v1, JSON:API) as data: credentials, models, writes, limits. See README.md. */
import type { Manifest } from '../connector.js';
import type { AttachmentRules, AttachmentTypeRule, WriteActionId } from '../writes.js';
import { sameKeys } from '../attachment-facts.js';

// Teamtailor's API takes files only as a public URL it downloads itself (POST /uploads with
// `url`): files sent as `data_url` go on by that URL, base64 `data` is refused (no URL to give).
const BY_URL: AttachmentTypeRule = { supported: true, maxFileSizeBytes: null, acceptedMimeTypes: null };
const FILES_BY_URL: AttachmentRules = { totalSizeBytes: null, types: { CV: BY_URL, COVER_LETTER: BY_URL, OTHER: BY_URL }, source: 'https://docs.teamtailor.com/#create-a-upload (a public url is required for the file)' };

const UNSUPPORTED: readonly WriteActionId[] = [
  // Nothing in Teamtailor takes an outside tracking id.
  'ats_import_tracked_application',
];

const ACTIONS: readonly WriteActionId[] = [
  'ats_move_application_to_stage',
  'ats_reject_application',
  'ats_add_application_note',
  'ats_add_application_result_link',
  'ats_add_candidate_result_link',
  'ats_add_candidate_tag',
  'ats_remove_candidate_tag',
  'ats_create_application',
  'ats_create_candidate',
  'ats_add_application_attachment',
  'ats_add_candidate_attachment',
];

/** Actions that write a note, whose author `remote_fields.teamtailor.user_id` names. */
const NOTE_ACTIONS: readonly WriteActionId[] = ['ats_add_application_note', 'ats_add_application_result_link', 'ats_add_candidate_result_link', 'ats_reject_application'];

/** New-candidate fields Teamtailor's candidate has no attribute for. */
const NEW_CANDIDATE_IGNORED = [
  'candidate.company',
  'candidate.title',
  'candidate.gender',
  'candidate.location',
  'candidate.availability_date',
  'candidate.salary_expectations',
  'candidate.additional_email_addresses',
  'candidate.additional_phone_numbers',
  'source.name',
  'sourced_by.user_id',
  'gdpr_consent.expires_at',
];

export const teamtailorManifest: Manifest = {
  id: 'teamtailor',
  label: 'Teamtailor',
  category: 'ATS',
  credentials: [
    {
      key: 'api_key',
      label: 'API key',
      secret: true,
      required: true,
      help: 'As a Teamtailor Company Admin: Settings → Integrations → API keys → "+ New API key", with scope Admin and permission Read/Write (a Public or Internal key cannot read candidates).',
    },
    {
      key: 'region',
      label: 'Region',
      secret: false,
      required: false,
      help: 'Where your Teamtailor account lives: "eu" (api.teamtailor.com, the default) or "na" (North America, api.na.teamtailor.com).',
    },
  ],
  defaultBaseUrl: 'https://api.teamtailor.com/v1',
  capabilities: {
    models: ['users', 'roles', 'tags', 'rejection_reasons', 'jobs', 'candidates', 'applications', 'attachments'],
    incremental: true,
    // Teamtailor stages (name, stage type, row order) are never archived and carry no fields.
    stageFields: { status: false, custom_fields: false },
    writes: {
      actions: ACTIONS,
      unsupported: UNSUPPORTED,
      // No result links in Teamtailor for an API key (partner results are partner-only): a note.
      resultLinks: 'note',
      ignoredFields: { ats_create_application: NEW_CANDIDATE_IGNORED, ats_create_candidate: NEW_CANDIDATE_IGNORED },
      remoteFields: {
        teamtailor: {
          ...sameKeys(NOTE_ACTIONS, ['user_id']),
          ats_create_application: ['candidate', 'application.attributes'],
          ats_create_candidate: ['candidate', 'application.attributes'],
        },
      },
      attachmentRules: { ats_create_application: FILES_BY_URL, ats_create_candidate: FILES_BY_URL, ats_add_application_attachment: FILES_BY_URL, ats_add_candidate_attachment: FILES_BY_URL },
    },
  },
  // Teamtailor counts about 50 requests per 10 s per key; 4 per second keeps under it.
  politeness: { requestsPerSecond: 4, concurrency: 2, maxRetries: 6 },
};
