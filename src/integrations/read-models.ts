import type { Manifest } from '../connectors/connector.js';
import type { WriteActionId } from '../connectors/writes.js';
import type { CoverageStatus } from '../model/integration.js';

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

const NEW_CANDIDATE_FIELDS = [
  'candidate.first_name',
  'candidate.last_name',
  'candidate.email_address',
  'candidate.additional_email_addresses',
  'candidate.company',
  'candidate.title',
  'candidate.phone_number',
  'candidate.additional_phone_numbers',
  'candidate.location',
  'candidate.gender',
  'candidate.availability_date',
  'candidate.salary_expectations',
  'candidate.social_links',
  'attachments',
  'screening_question_answers',
  'source',
  'sourced_by.user_id',
  'gdpr_consent.expires_at',
  'gdpr_consent.given',
] as const;
const ATTACHMENT_FIELDS = ['attachment.name', 'attachment.content_type', 'attachment.data_url', 'attachment.data', 'attachment.type'] as const;
const RESULT_LINK_FIELDS = ['label', 'url', 'details.custom_field_name_prefix', 'details.attributes'] as const;

/** The write actions of the contract (§4) with the request fields each takes; coverage comes from the connector. */
export const WRITE_ACTIONS: ReadonlyArray<{ id: WriteActionId; label: string; fields: readonly string[] }> = [
  { id: 'ats_move_application_to_stage', label: 'Move application to stage', fields: ['stage_id'] },
  { id: 'ats_add_application_result_link', label: 'Add result link to application', fields: RESULT_LINK_FIELDS },
  { id: 'ats_add_application_note', label: 'Add note to application', fields: ['content', 'content_type'] },
  { id: 'ats_add_application_attachment', label: 'Add attachment to application', fields: ATTACHMENT_FIELDS },
  { id: 'ats_reject_application', label: 'Reject application', fields: ['rejection_reason_id', 'note'] },
  { id: 'ats_create_candidate', label: 'Create candidate', fields: [...NEW_CANDIDATE_FIELDS, 'application.job_id', 'application.stage_id'] },
  { id: 'ats_add_candidate_attachment', label: 'Add attachment to candidate', fields: ATTACHMENT_FIELDS },
  { id: 'ats_add_candidate_result_link', label: 'Add result link to candidate', fields: RESULT_LINK_FIELDS },
  { id: 'ats_add_candidate_tag', label: 'Add tag to candidate', fields: ['tag.name'] },
  { id: 'ats_remove_candidate_tag', label: 'Remove tag from candidate', fields: ['tag.name'] },
  { id: 'ats_create_application', label: 'Create application', fields: ['stage_id', ...NEW_CANDIDATE_FIELDS] },
  { id: 'ats_import_tracked_application', label: 'Import tracked application', fields: ['tracked_at'] },
];

/** A coverage status as the wire says it (`model/integration.ts`). */
export type Coverage = CoverageStatus;

/**
 * Where each read model embeds a stage: its fields whose availability depends on the tool (not
 * only on the model) are listed with their own coverage. Fields not listed follow the model.
 */
const STAGE_FIELD_PATHS: Partial<Record<(typeof READ_MODELS)[number]['id'], string>> = {
  ats_jobs: 'stages.',
  ats_applications: 'current_stage.',
  ats_application_stages: '',
};

export interface FieldCoverage {
  id: string;
  coverage_status: Coverage;
}

function stageFieldCoverage(manifest: Manifest, modelId: string, supported: boolean): FieldCoverage[] {
  const prefix = STAGE_FIELD_PATHS[modelId as keyof typeof STAGE_FIELD_PATHS];
  if (prefix === undefined) return [];
  const fields = manifest.capabilities.stageFields ?? {};
  return (['status', 'custom_fields'] as const).map((field) => ({
    id: `${prefix}${field}`,
    coverage_status: supported && fields[field] === true ? 'SUPPORTED' : 'UNSUPPORTED',
  }));
}

export function readModelCoverage(manifest: Manifest): Array<{ id: string; label: string; coverage_status: Coverage; fields: FieldCoverage[] }> {
  return READ_MODELS.map((m) => {
    const supported = manifest.capabilities.models.includes(m.source);
    return { id: m.id, label: m.label, coverage_status: supported ? 'SUPPORTED' : 'UNSUPPORTED', fields: stageFieldCoverage(manifest, m.id, supported) };
  });
}
