/**
 * Write operations a connector may offer (the contract's ATS write actions, §4).
 *
 * Every input names records by the vendor's **remote ids**: the write service resolves our ids
 * from the store first. Every operation returns the records it created or changed as **source
 * records**, which the service puts into the store before it answers, so the caller's next read
 * already sees the write. Operations throw typed errors (`lib/errors.ts`): `VendorError` with a
 * REMOTE.* code for vendor answers (see `kit/vendor-errors.ts`), `AppError('ATS.JOB_CLOSED')`,
 * `AppError('ATS.APPLICATION_ALREADY_EXISTS')`.
 *
 * Which actions a tool supports is data in its manifest (`capabilities.writes`); shared code
 * decides availability from that and from which operations exist (`writes/capabilities.ts`).
 *
 * @example
 * const result = await connector.writes?.addCandidateTag?.(ctx, { candidate_remote_id: 'c-1', tag_name: 'VIP', remote_fields: {} });
 * // result.records.candidates = [the candidate with its new tag]
 */
import type { AttachmentType } from '../model/common.js';
import type { ConnectorContext } from './connector.js';
import type { SourceModel, SourceRecordMap } from './source-records.js';

/** The contract's write actions, by their `write_actions[].id` in integration details. */
export const WRITE_ACTION_IDS = [
  'ats_move_application_to_stage',
  'ats_add_application_result_link',
  'ats_add_application_note',
  'ats_add_application_attachment',
  'ats_reject_application',
  'ats_create_candidate',
  'ats_add_candidate_attachment',
  'ats_add_candidate_result_link',
  'ats_add_candidate_tag',
  'ats_remove_candidate_tag',
  'ats_create_application',
  'ats_import_tracked_application',
] as const;
export type WriteActionId = (typeof WRITE_ACTION_IDS)[number];

/**
 * How a tool stores a result link (an assessment's report URL with its label and attributes):
 * - `native`: the tool has result links; the connector implements the result-link operations.
 * - `link_field` / `custom_field`: the connector's result-link operations write a URL field, or
 *   custom fields named `<custom_field_name_prefix><key>`; the caller is warned.
 * - `note`: written as a note holding the label, the URL and the attributes (note operations).
 * - `attachment`: written as a small text file holding the same (attachment operations).
 */
export type ResultLinkStrategy = 'native' | 'link_field' | 'custom_field' | 'note' | 'attachment';

export interface WriteCapabilities {
  /** Actions the connector performs; any other is answered with INTEGRATION.ACTION_NOT_AVAILABLE. */
  actions: readonly WriteActionId[];
  /** Actions the tool itself lacks (coverage `UNSUPPORTED`); the rest not in `actions` are `NOT_IMPLEMENTED`. */
  unsupported?: readonly WriteActionId[];
  /** Why the tool lacks the `unsupported` actions (its API's limit), told with every refusal of one. */
  unsupportedReason?: string;
  /**
   * Optional credential keys an action needs (a second key some tools ask for writing): an
   * integration connected without them cannot perform it (`is_available: false`, ACTION_NOT_AVAILABLE).
   */
  credentialsNeeded?: Partial<Record<WriteActionId, readonly string[]>>;
  resultLinks: ResultLinkStrategy;
  /** Request fields (write-action field ids such as `candidate.gender`) the tool has no place for; callers are warned. */
  ignoredFields?: Partial<Record<WriteActionId, readonly string[]>>;
  /** Keys of the import-tracked-application body this tool understands (contract §4.24). */
  trackedApplicationIdKeys?: readonly string[];
  /**
   * The `remote_fields` the connector applies: by tool key (`remote_fields.<tool key>`, e.g. both
   * `greenhouse` and `greenhousev3`), then action, the dotted key paths it uses
   * (`post_headers.On-Behalf-Of`); a path covers everything beneath it, `'*'` every key. Keys not
   * listed, and tool keys not listed, are not sent and are named in the answer's `warnings`.
   */
  remoteFields?: Readonly<Record<string, Partial<Record<WriteActionId, readonly string[]>>>>;
  /** What the tool accepts as files, per action that takes them (`writes/attachment-rules.ts`). */
  attachmentRules?: Partial<Record<AttachmentActionId, AttachmentRules>>;
}

/** The write actions that take files, each with its own attachment restrictions. */
export const ATTACHMENT_ACTION_IDS = ['ats_create_application', 'ats_create_candidate', 'ats_add_application_attachment', 'ats_add_candidate_attachment'] as const;
export type AttachmentActionId = (typeof ATTACHMENT_ACTION_IDS)[number];

/** What the tool accepts for one attachment type; `null`: not known (not enforced). */
export interface AttachmentTypeRule {
  supported: boolean;
  maxFileSizeBytes: number | null;
  /** Lower-case MIME types without parameters. */
  acceptedMimeTypes: readonly string[] | null;
  /** How many files of this type one create request must/may carry (create actions only). */
  minAmount?: number | null;
  maxAmount?: number | null;
}

/** A tool's attachment restrictions for one action, with where the facts come from. */
export interface AttachmentRules {
  /** All files of one create request together (create actions only). */
  totalSizeBytes?: number | null;
  types: Readonly<Record<AttachmentType, AttachmentTypeRule>>;
  /** The vendor documentation the numbers come from. */
  source: string;
}

/** Fields of `remote_fields` are passed through untouched, keyed by tool id (contract §8). */
export type RemoteFields = Readonly<Record<string, unknown>>;

/** A file to upload, already downloaded or decoded by the write service. */
export interface FileToUpload {
  name: string;
  content_type: string;
  type: AttachmentType;
  data: Uint8Array;
  /** The public URL the caller sent the file as (`data_url`), for tools that fetch files themselves. */
  source_url?: string;
}

export interface MoveApplicationToStageInput {
  application_remote_id: string;
  stage_remote_id: string;
  /** The application's job, when known from the store. */
  job_remote_id: string | null;
  remote_fields: RemoteFields;
}

export interface ApplicationNoteInput {
  application_remote_id: string;
  candidate_remote_id: string;
  content: string;
  content_type: 'PLAIN_TEXT';
  remote_fields: RemoteFields;
}

export interface CandidateNoteInput {
  candidate_remote_id: string;
  content: string;
  content_type: 'PLAIN_TEXT';
  remote_fields: RemoteFields;
}

export interface ResultLinkDetails {
  custom_field_name_prefix: string;
  attributes: ReadonlyArray<{ key: string; value: string }>;
}

export interface ApplicationResultLinkInput {
  application_remote_id: string;
  candidate_remote_id: string;
  label: string;
  url: string;
  details: ResultLinkDetails | null;
  remote_fields: RemoteFields;
}

export interface CandidateResultLinkInput {
  candidate_remote_id: string;
  label: string;
  url: string;
  details: ResultLinkDetails | null;
  remote_fields: RemoteFields;
}

export interface ApplicationAttachmentInput {
  application_remote_id: string;
  candidate_remote_id: string;
  attachment: FileToUpload;
  remote_fields: RemoteFields;
}

export interface CandidateAttachmentInput {
  candidate_remote_id: string;
  attachment: FileToUpload;
  remote_fields: RemoteFields;
}

export interface RejectApplicationInput {
  application_remote_id: string;
  rejection_reason_remote_id: string;
  rejection_reason_name: string | null;
  note: string | null;
  remote_fields: RemoteFields;
}

export interface CandidateTagInput {
  candidate_remote_id: string;
  /** Tags are addressed by name: added ones are created when missing, removed ones may be absent. */
  tag_name: string;
  remote_fields: RemoteFields;
}

export type ContactType = 'PERSONAL' | 'WORK' | 'OTHER';

export interface NewCandidate {
  first_name: string;
  last_name: string;
  email_address: string;
  additional_email_addresses: ReadonlyArray<{ type: ContactType; email_address: string }>;
  company: string | null;
  title: string | null;
  phone_number: string | null;
  additional_phone_numbers: ReadonlyArray<{ type: ContactType; phone_number: string }>;
  /** `country` is ISO 3166-1 alpha-2, upper case. */
  location: { city: string | null; country: string; state: string | null; street_1: string | null; zip_code: string | null } | null;
  gender: 'MALE' | 'FEMALE' | 'OTHER' | null;
  availability_date: string | null;
  salary_expectations: { period: 'MONTH' | 'YEAR'; amount: number } | null;
  social_links: ReadonlyArray<{ url: string }>;
}

/** A screening answer checked against its question's format; option ids are remote ids. */
export type ScreeningAnswerInput = { question_remote_id: string } & (
  | { type: 'TEXT'; value: string }
  | { type: 'NUMBER'; value: number }
  | { type: 'BOOLEAN'; value: boolean }
  /** An ISO-8601 date-time. */
  | { type: 'DATE'; value: string }
  | { type: 'SINGLE_SELECT'; option_remote_id: string }
  | { type: 'MULTI_SELECT'; option_remote_ids: readonly string[] }
  | { type: 'FILE'; file: FileToUpload }
  /** The question's format is unknown; the caller's value is passed on as it came. */
  | { type: 'UNKNOWN'; value: unknown }
);

export interface CreateApplicationInput {
  job_remote_id: string;
  /** Null: the job's default (first) stage. */
  stage_remote_id: string | null;
  candidate: NewCandidate;
  attachments: readonly FileToUpload[];
  screening_question_answers: readonly ScreeningAnswerInput[];
  source: { name: string | null; unified_key: string | null; id: string | null } | null;
  sourced_by_user_remote_id: string | null;
  gdpr_consent: { expires_at: string | null; given: boolean | null } | null;
  remote_fields: RemoteFields;
}

/** The identifier of an application to import, normalised from whichever `id_type` the caller used. */
export interface ImportTrackedApplicationInput {
  application_remote_id: string | null;
  candidate_remote_id: string | null;
  job_remote_id: string | null;
  tracked_at: string | null;
  /** The body key the identifier came under and its value, as sent. */
  id_key: string;
  id_value: Readonly<Record<string, unknown>>;
}

/** Records the write created or changed, per model, as the vendor now has them. */
export type SourceRecordBatch = { [M in SourceModel]?: ReadonlyArray<SourceRecordMap[M]> };

export interface WriteResult {
  records: SourceRecordBatch;
  /** Things the caller should know (a field the tool ignored, a fallback taken). */
  warnings?: readonly string[];
}

export interface CreateApplicationResult extends WriteResult {
  candidate_remote_id: string;
  application_remote_id: string;
}

export interface ImportTrackedApplicationResult extends WriteResult {
  application_remote_id: string;
}

type Op<I, R = WriteResult> = (ctx: ConnectorContext, input: I) => Promise<R>;

/** The operations; a connector implements those its manifest declares. */
export interface ConnectorWrites {
  moveApplicationToStage?: Op<MoveApplicationToStageInput>;
  addApplicationNote?: Op<ApplicationNoteInput>;
  /** Not an action of the contract; used for candidate result links written as notes. */
  addCandidateNote?: Op<CandidateNoteInput>;
  addApplicationResultLink?: Op<ApplicationResultLinkInput>;
  addCandidateResultLink?: Op<CandidateResultLinkInput>;
  addApplicationAttachment?: Op<ApplicationAttachmentInput>;
  addCandidateAttachment?: Op<CandidateAttachmentInput>;
  rejectApplication?: Op<RejectApplicationInput>;
  addCandidateTag?: Op<CandidateTagInput>;
  removeCandidateTag?: Op<CandidateTagInput>;
  /** Creates the application, and its candidate unless the vendor matches an existing one (createApplication and createCandidate). */
  createApplication?: Op<CreateApplicationInput, CreateApplicationResult>;
  importTrackedApplication?: Op<ImportTrackedApplicationInput, ImportTrackedApplicationResult>;
}

export type WriteOperation = keyof ConnectorWrites;
