import type { Manifest } from '../connector.js';
import { WRITE_ACTION_IDS, type AttachmentRules, type WriteActionId } from '../writes.js';
import { SOURCE_MODELS } from '../source-records.js';
import { DEFAULT_BASE_URL } from './client.js';
import { accepted, sameKeys } from '../attachment-facts.js';

// Lever Help, "Adding and deleting resumes" (20087357076253): résumés up to 10 MB. No limit or
// type list is documented for other files.
const LEVER_FILES: AttachmentRules = {
  types: { CV: accepted(10 * 1_000_000, null), COVER_LETTER: accepted(null, null), OTHER: accepted(null, null) },
  source: 'https://help.lever.co/hc/en-us/articles/20087357076253',
};

/** New-candidate fields Lever's create-opportunity endpoint has no place for. */
const NEW_CANDIDATE_IGNORED = [
  'candidate.title',
  'candidate.gender',
  'candidate.availability_date',
  'candidate.salary_expectations',
  'screening_question_answers',
  'gdpr_consent.expires_at',
  'gdpr_consent.given',
];

// Lever has nothing to attach an outside tracking id to.
const UNSUPPORTED_WRITES: readonly WriteActionId[] = ['ats_import_tracked_application'];
const LEVER_WRITES = WRITE_ACTION_IDS.filter((id) => !UNSUPPORTED_WRITES.includes(id));

export const leverManifest: Manifest = {
  id: 'lever',
  label: 'Lever',
  category: 'ATS',
  credentials: [
    {
      key: 'api_key',
      label: 'API key',
      secret: true,
      required: true,
      alternative: 'API key',
      help: 'A Lever API key (Settings › Integrations and API › API Credentials) with read access and, for writes, write access. Give it access to confidential data to sync confidential postings and candidates. Use this or an OAuth access token.',
    },
    {
      key: 'access_token',
      label: 'OAuth access token',
      secret: true,
      // An access token alone works, and so do the renewal fields alone: Lever's client checks which.
      required: false,
      alternative: 'OAuth tokens',
      help: 'Instead of an API key: an OAuth access token of a Lever partner app (scopes such as opportunities:read:admin). It expires after about an hour; add the refresh token and the app credentials so it is renewed.',
    },
    { key: 'refresh_token', label: 'OAuth refresh token', secret: true, required: false, alternative: 'OAuth tokens', help: 'Renews the access token (needs the offline_access scope).' },
    { key: 'client_id', label: 'OAuth client id', secret: false, required: false, alternative: 'OAuth tokens', help: 'The client id of the Lever partner app, for renewing the access token.' },
    { key: 'client_secret', label: 'OAuth client secret', secret: true, required: false, alternative: 'OAuth tokens', help: 'The client secret of the Lever partner app, for renewing the access token.' },
    {
      key: 'perform_as',
      label: 'Act as user',
      secret: false,
      required: false,
      help: 'The id of the Lever user that writes are attributed to (perform_as). Without it, new candidates are created as the posting owner and other writes as Lever decides.',
    },
  ],
  defaultBaseUrl: DEFAULT_BASE_URL,
  capabilities: {
    models: SOURCE_MODELS,
    incremental: true,
    // Stages are `{id, text}`: no archived flag, no custom fields.
    stageFields: { status: false, custom_fields: false },
    writes: {
      // Every write action except the unsupported ones.
      actions: WRITE_ACTION_IDS.filter((id) => !UNSUPPORTED_WRITES.includes(id)),
      unsupported: UNSUPPORTED_WRITES,
      // No result links in Lever: the URL goes to the person's links and a note holds label, URL and attributes.
      resultLinks: 'link_field',
      ignoredFields: { ats_create_application: NEW_CANDIDATE_IGNORED, ats_create_candidate: NEW_CANDIDATE_IGNORED },
      // Kombo documents `perform_as` for notes; every Lever write takes it (a query parameter), so
      // it is applied to all. `candidate` (create) is merged into the new opportunity's body.
      remoteFields: {
        lever: {
          ...sameKeys(LEVER_WRITES, ['perform_as']),
          ats_create_application: ['perform_as', 'candidate'],
          ats_create_candidate: ['perform_as', 'candidate'],
        },
      },
      attachmentRules: {
        ats_create_application: { ...LEVER_FILES, totalSizeBytes: null },
        ats_create_candidate: { ...LEVER_FILES, totalSizeBytes: null },
        ats_add_application_attachment: LEVER_FILES,
        ats_add_candidate_attachment: LEVER_FILES,
      },
    },
  },
  // Lever: 10 requests per second per key or token, bursts to 20.
  politeness: { requestsPerSecond: 10, concurrency: 4 },
};
