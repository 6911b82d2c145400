import type { Manifest } from '../connectors/connector.js';

/** Read models in Kombo's vocabulary (`ats_*`, the data-changed model names) and where they come from. */
export const READ_MODELS = [
  { id: 'ats_jobs', label: 'Jobs', source: 'jobs' },
  { id: 'ats_candidates', label: 'Candidates', source: 'candidates' },
  { id: 'ats_applications', label: 'Applications', source: 'applications' },
  { id: 'ats_application_stages', label: 'Application stages', source: 'jobs' },
  { id: 'ats_users', label: 'Users', source: 'users' },
  { id: 'ats_roles', label: 'Roles', source: 'roles' },
  { id: 'ats_tags', label: 'Tags', source: 'tags' },
  { id: 'ats_offers', label: 'Offers', source: 'offers' },
  { id: 'ats_interviews', label: 'Interviews', source: 'interviews' },
  { id: 'ats_rejection_reasons', label: 'Rejection reasons', source: 'rejection_reasons' },
] as const;

/** The write actions of the contract; none is implemented by a connector yet. */
export const WRITE_ACTIONS = [
  { id: 'ats_move_application_to_stage', label: 'Move application to stage' },
  { id: 'ats_add_application_result_link', label: 'Add result link to application' },
  { id: 'ats_add_application_note', label: 'Add note to application' },
  { id: 'ats_add_application_attachment', label: 'Add attachment to application' },
  { id: 'ats_reject_application', label: 'Reject application' },
  { id: 'ats_create_candidate', label: 'Create candidate' },
  { id: 'ats_add_candidate_attachment', label: 'Add attachment to candidate' },
  { id: 'ats_add_candidate_result_link', label: 'Add result link to candidate' },
  { id: 'ats_add_candidate_tag', label: 'Add tag to candidate' },
  { id: 'ats_remove_candidate_tag', label: 'Remove tag from candidate' },
  { id: 'ats_create_application', label: 'Create application' },
  { id: 'ats_import_tracked_application', label: 'Import tracked application' },
] as const;

export type Coverage = 'SUPPORTED' | 'UNSUPPORTED' | 'NOT_IMPLEMENTED' | 'UNKNOWN';

export function readModelCoverage(manifest: Manifest): Array<{ id: string; label: string; coverage_status: Coverage }> {
  return READ_MODELS.map((m) => ({
    id: m.id,
    label: m.label,
    coverage_status: manifest.capabilities.models.includes(m.source) ? 'SUPPORTED' : 'UNSUPPORTED',
  }));
}
