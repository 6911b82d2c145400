import type { Manifest } from '../connector.js';
import { WRITE_ACTION_IDS, type AttachmentRules, type WriteActionId } from '../writes.js';
import { SOURCE_MODELS } from '../source-records.js';
import { DEFAULT_BASE_URL } from './client.js';
import { accepted, sameKeys } from '../attachment-facts.js';

// Ashby docs, "Candidate Files and File Categories": file uploads accept files up to 50 MB; no type list.
const ASHBY_FILE = accepted(50 * 1_000_000, null);
const ASHBY_FILES: AttachmentRules = {
  types: { CV: ASHBY_FILE, COVER_LETTER: ASHBY_FILE, OTHER: ASHBY_FILE },
  source: 'https://docs.ashbyhq.com/candidate-files-and-file-categories',
};

/** New-candidate fields `candidate.create` has no place for. */
const NEW_CANDIDATE_IGNORED = [
  'candidate.company',
  'candidate.title',
  'candidate.gender',
  'candidate.availability_date',
  'candidate.salary_expectations',
  'screening_question_answers',
  'gdpr_consent.expires_at',
  'gdpr_consent.given',
];

// Ashby has nothing to attach an outside tracking id to.
const UNSUPPORTED_WRITES: readonly WriteActionId[] = ['ats_import_tracked_application'];
const ASHBY_WRITES = WRITE_ACTION_IDS.filter((id) => !UNSUPPORTED_WRITES.includes(id));

export const ashbyManifest: Manifest = {
  id: 'ashby',
  label: 'Ashby',
  category: 'ATS',
  credentials: [
    {
      key: 'api_key',
      label: 'API key',
      secret: true,
      required: true,
      help: 'An Ashby API key (Admin › Integrations › API Keys) with read access to Candidates, Jobs, Interviews, Hiring Process, Organization and Offers, write access to Candidates for writes, and write access to Hiring Process to create tags (candidateTag.create) that do not exist yet.',
    },
  ],
  defaultBaseUrl: DEFAULT_BASE_URL,
  capabilities: {
    models: SOURCE_MODELS,
    incremental: true,
    // Interview stages carry no archived flag nor custom fields.
    stageFields: { status: false, custom_fields: false },
    writes: {
      // Every write action except the unsupported ones.
      actions: WRITE_ACTION_IDS.filter((id) => !UNSUPPORTED_WRITES.includes(id)),
      unsupported: UNSUPPORTED_WRITES,
      // Result links are written as candidate notes holding label, URL and attributes.
      resultLinks: 'note',
      ignoredFields: { ats_create_application: NEW_CANDIDATE_IGNORED, ats_create_candidate: NEW_CANDIDATE_IGNORED },
      // Kombo documents no Ashby keys; `remote_fields.ashby` is merged into the request bodies as it comes.
      remoteFields: { ashby: sameKeys(ASHBY_WRITES, ['*']) },
      attachmentRules: {
        ats_create_application: { ...ASHBY_FILES, totalSizeBytes: null },
        ats_create_candidate: { ...ASHBY_FILES, totalSizeBytes: null },
        ats_add_application_attachment: ASHBY_FILES,
        ats_add_candidate_attachment: ASHBY_FILES,
      },
    },
  },
  // Ashby: 1000 requests per minute per key (X-RateLimit-Limit); stay under it.
  politeness: { requestsPerSecond: 15, concurrency: 4 },
};
