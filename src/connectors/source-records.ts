/**
 * Source records: what a connector hands to the sync engine.
 *
 * They carry the unified (Kombo wire) field names and enums, but every reference
 * to another record is the *remote* id from the vendor. The sync engine turns
 * remote ids into our stable ids and composes the nested wire shapes, so a
 * connector never needs to know about storage or about other records' ids.
 */
import type {
  EmailAddress,
  HiringTeamRole,
  Location,
  OfferStatus,
  Outcome,
  PhoneNumber,
  StageStatus,
  RoleScope,
  RoleUnifiedType,
  ScreeningQuestionAnswer,
  ScreeningQuestionFormat,
  SocialMedia,
  AttachmentType,
} from '../model/common.js';

/** Every model the sync engine stores. `application_stages` is derived from jobs. */
export const SOURCE_MODELS = [
  'users',
  'roles',
  'tags',
  'rejection_reasons',
  'jobs',
  'candidates',
  'applications',
  'interviews',
  'offers',
  'attachments',
] as const;
export type SourceModel = (typeof SOURCE_MODELS)[number];

export interface SourceTimestamps {
  remote_created_at: string | null;
  remote_updated_at: string | null;
}

/** A vendor custom field's value on a record, keyed by the vendor's field key. */
export interface SourceCustomField {
  label: string | null;
  value: unknown;
}

/**
 * Optional raw vendor data a record may carry. It is stored apart from the record's own fields
 * (it never moves `changed_at` by itself) and feeds `remote_data`, integration fields and
 * custom fields (`src/sync/fields.ts`).
 */
export interface SourceExtras {
  /** The vendor's object as received (top-level keys become DEFAULT integration fields). */
  remote_data?: Record<string, unknown>;
  /** The vendor's custom fields on the record (they become CUSTOM integration fields). */
  remote_custom_fields?: Record<string, SourceCustomField>;
}

export interface SourceUser {
  remote_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  status: 'ACTIVE' | 'INACTIVE' | null;
  system_roles: SourceRoleRef[];
}

export interface SourceRoleRef {
  remote_id: string | null;
  remote_label: string | null;
  scope: RoleScope | null;
  unified_type: RoleUnifiedType | null;
}

export interface SourceRole extends SourceRoleRef {
  remote_id: string;
}

export interface SourceTag {
  remote_id: string;
  name: string | null;
}

export interface SourceRejectionReason {
  remote_id: string;
  name: string | null;
}

export interface SourceStage {
  remote_id: string;
  name: string | null;
  index: number | null;
  /** ACTIVE / INACTIVE where the tool marks stages archived or deleted; null where it has no such notion. */
  status: StageStatus | null;
  /** The tool's own fields on the stage, raw; null where stages carry none. */
  custom_fields: Record<string, unknown> | null;
}

export interface SourceScreeningQuestion {
  remote_id: string;
  title: string | null;
  description: string | null;
  /** Option ids inside `format` are remote ids; the engine rewrites them. */
  format: ScreeningQuestionFormat | null;
  category: 'EEO' | 'DEMOGRAPHIC' | null;
  index: number | null;
  required: boolean | null;
  precondition_question_remote_id: string | null;
  precondition_options: string[] | boolean[] | null;
}

export interface SourceJobPosting {
  remote_id: string;
  title: string | null;
  description_html: string | null;
  status: 'ACTIVE' | 'INACTIVE' | 'DRAFT' | null;
  visibility: 'PUBLIC' | 'INTERNAL' | 'UNLISTED' | null;
  url: string | null;
}

export interface SourceHiringTeamMember {
  user_remote_id: string;
  hiring_team_roles: HiringTeamRole[];
  job_roles: SourceRoleRef[];
}

export interface SourceJob extends SourceTimestamps, SourceExtras {
  remote_id: string;
  name: string | null;
  job_code: string | null;
  description: string | null;
  confidential: boolean | null;
  weekly_hours: number | null;
  employment_type: string | null;
  status: string | null;
  visibility: string | null;
  category: string | null;
  department: string | null;
  post_url: string | null;
  experience_level: string | null;
  remote_work_status: string | null;
  salary_amount: number | null;
  salary_amount_from: number | null;
  salary_amount_to: number | null;
  salary_currency: string | null;
  salary_period: string | null;
  location: Location | null;
  remote_url: string | null;
  opened_at: string | null;
  closed_at: string | null;
  contact_user_remote_id: string | null;
  stages: SourceStage[];
  screening_questions: SourceScreeningQuestion[];
  job_postings: SourceJobPosting[];
  hiring_team: SourceHiringTeamMember[];
}

export interface SourceCandidate extends SourceTimestamps, SourceExtras {
  remote_id: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  title: string | null;
  confidential: boolean | null;
  source: string | null;
  phone_numbers: PhoneNumber[];
  email_addresses: EmailAddress[];
  social_media: SocialMedia[];
  location: Location | null;
  remote_url: string | null;
  /** Tags by remote id (or by name where the vendor has no tag ids). */
  tags: SourceTag[];
}

export interface SourceApplication extends SourceTimestamps, SourceExtras {
  remote_id: string;
  candidate_remote_id: string;
  job_remote_id: string | null;
  current_stage_remote_id: string | null;
  outcome: Outcome | null;
  rejection_reason_name: string | null;
  rejected_at: string | null;
  screening_question_answers: ScreeningQuestionAnswer[] | null;
  remote_url: string | null;
}

export interface SourceInterview extends SourceTimestamps {
  remote_id: string;
  application_remote_id: string | null;
  stage_remote_id: string | null;
  title: string | null;
  starting_at: string | null;
  ending_at: string | null;
  location: Location | null;
  video_conferencing_url: string | null;
  canceled: boolean | null;
  interviewer_remote_ids: string[];
}

export interface SourceOffer extends SourceTimestamps {
  remote_id: string;
  application_remote_id: string | null;
  status: OfferStatus | null;
  employment_start_date: string | null;
}

export interface SourceAttachment extends SourceTimestamps {
  remote_id: string;
  candidate_remote_id: string;
  application_remote_id: string | null;
  type: AttachmentType;
  file_name: string;
  content_type: string;
}

export interface SourceRecordMap {
  users: SourceUser;
  roles: SourceRole;
  tags: SourceTag;
  rejection_reasons: SourceRejectionReason;
  jobs: SourceJob;
  candidates: SourceCandidate;
  applications: SourceApplication;
  interviews: SourceInterview;
  offers: SourceOffer;
  attachments: SourceAttachment;
}
