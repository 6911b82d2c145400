/** Facts about Recruitee's ATS API as data: credentials, models, writes, limits. See README.md. */
import type { Manifest } from '../connector.js';
import type { WriteActionId } from '../writes.js';

/** New-candidate fields Recruitee's candidate has no place for (one `name`, `emails`, `phones`, `links`, `sources`). */
const NEW_CANDIDATE_IGNORED = [
  'candidate.company',
  'candidate.title',
  'candidate.location',
  'candidate.gender',
  'candidate.availability_date',
  'candidate.salary_expectations',
  'screening_question_answers',
  'sourced_by.user_id',
  'gdpr_consent.expires_at',
  'gdpr_consent.given',
];

// Not built (see README "Not supported"): removing a tag, which has no documented route.
const ACTIONS: readonly WriteActionId[] = [
  'ats_move_application_to_stage',
  'ats_reject_application',
  'ats_add_application_note',
  'ats_add_application_result_link',
  'ats_add_candidate_result_link',
  'ats_add_application_attachment',
  'ats_add_candidate_attachment',
  'ats_add_candidate_tag',
  'ats_create_application',
  'ats_create_candidate',
  'ats_import_tracked_application',
];

const NOTE_ACTIONS = ['ats_add_application_note', 'ats_add_application_result_link', 'ats_add_candidate_result_link'] as const;

export const recruiteeManifest: Manifest = {
  id: 'recruitee',
  label: 'Recruitee',
  category: 'ATS',
  credentials: [
    {
      key: 'company_id',
      label: 'Company id',
      secret: false,
      required: true,
      help: 'Recruitee → Settings → Apps and plugins → Personal API tokens: the company id under "Current company details". Use the numeric id.',
    },
    {
      key: 'api_token',
      label: 'Personal API token',
      secret: true,
      required: true,
      help: 'Recruitee → Settings → Apps and plugins → Personal API tokens → "+ New token" (shown once). The token acts with the permissions of the user who creates it; writes are recorded as that user.',
    },
  ],
  defaultBaseUrl: 'https://api.recruitee.com',
  capabilities: {
    models: ['users', 'tags', 'rejection_reasons', 'jobs', 'candidates', 'applications', 'attachments'],
    // Candidates (and their placements and files) changed since: `/search/new/candidates` with an `updated_at` filter.
    incremental: true,
    // Stages are the template's current ones (ACTIVE); category, group and the rest are their own fields.
    stageFields: { status: true, custom_fields: true },
    writes: {
      actions: ACTIONS,
      unsupported: [],
      // No result links in Recruitee: a note holds the label, the URL and the attributes.
      resultLinks: 'note',
      // Kombo's `recruitee: {id_type: "placement_id", placement_id}`.
      trackedApplicationIdKeys: ['recruitee'],
      ignoredFields: { ats_create_application: NEW_CANDIDATE_IGNORED, ats_create_candidate: NEW_CANDIDATE_IGNORED },
      // Kombo's keys: a note's `visibility` and `is_json`; a new candidate's `candidate` fields
      // (`cover_letter_text` becomes `cover_letter`, the rest is merged into the body).
      remoteFields: {
        recruitee: {
          ...Object.fromEntries(NOTE_ACTIONS.map((a) => [a, ['visibility', 'is_json']])),
          ats_reject_application: ['visibility'],
          ats_create_application: ['candidate'],
          ats_create_candidate: ['candidate'],
        },
      },
    },
  },
  // Recruitee publishes no limit and throttles hard: one request a second, two at a time, waiting out 429s.
  politeness: { requestsPerSecond: 1, concurrency: 2, maxRetries: 6 },
};
