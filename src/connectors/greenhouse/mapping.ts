/**
 * Harvest v3 records → source records (unified field names, Greenhouse ids as remote ids). Pure
 * functions: everything a record needs from other resources (stages, owners, rejection details,
 * tag ids…) is passed in. Write bodies (unified → v3) are in `writes.ts`.
 *
 * @example
 * mapApplication(app, { detail, reasonNames }); // → SourceApplication with outcome and rejection reason
 */
import type { AttachmentType, Location, OfferStatus, Outcome, SocialMedia } from '../../model/common.js';
import type {
  SourceApplication,
  SourceAttachment,
  SourceCandidate,
  SourceHiringTeamMember,
  SourceInterview,
  SourceJob,
  SourceOffer,
  SourceRejectionReason,
  SourceRoleRef,
  SourceTag,
  SourceUser,
} from '../source-records.js';
import type {
  GhApplication,
  GhAttachment,
  GhCandidate,
  GhCandidateTag,
  GhDepartment,
  GhInterview,
  GhInterviewer,
  GhJob,
  GhJobHiringManager,
  GhJobInterview,
  GhJobInterviewStage,
  GhJobOwner,
  GhOffer,
  GhOffice,
  GhRejectionDetail,
  GhRejectionReason,
  GhUser,
} from './vendor-schemas.js';
import { jobStageOf } from './vendor-schemas.js';

/** Greenhouse's web app, for `remote_url` (the API host says nothing about where people click). */
export const APP_URL = 'https://app.greenhouse.io';

/** Already canonical, on a day every month has (Date.parse rolls 30 February over into March). */
const CANONICAL = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** A vendor timestamp as ISO-8601 UTC with milliseconds; null when absent or unreadable. */
export function iso(value: string | null | undefined): string | null {
  if (!value) return null;
  // Most timestamps arrive as we store them: a test instead of a parse and a format each.
  if (CANONICAL.test(value)) return value;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/** A `YYYY-MM-DD` date as midnight UTC. */
export function dateAsIso(value: string | null | undefined): string | null {
  if (!value) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : iso(value);
}

const upper = (value: string | null | undefined): string | null => (value ? value.trim().toUpperCase() : null);
const raw = (value: string | null | undefined): Location | null => (value?.trim() ? { raw: value.trim() } : null);

export function mapUser(user: GhUser): SourceUser {
  const admin: SourceRoleRef = { remote_id: null, remote_label: 'Site Admin', scope: 'SYSTEM', unified_type: 'ADMIN' };
  return {
    remote_id: String(user.id),
    first_name: user.first_name,
    last_name: user.last_name,
    email: user.primary_email,
    status: user.deactivated ? 'INACTIVE' : 'ACTIVE',
    system_roles: user.site_admin ? [admin] : [],
  };
}

export const mapTag = (tag: GhCandidateTag): SourceTag => ({ remote_id: String(tag.id), name: tag.name });

export const mapRejectionReason = (reason: GhRejectionReason): SourceRejectionReason => ({ remote_id: String(reason.id), name: reason.name });

/** The employment type custom field (`employment_type`, Greenhouse's built-in single select) as Kombo's enum. */
export function employmentType(job: GhJob): string | null {
  const fields = job.custom_fields ?? {};
  const field = fields['employment_type'] ?? Object.values(fields).find((f) => /employment\s*type/i.test(f.name ?? ''));
  const value = typeof field?.value === 'string' ? field.value : null;
  if (!value) return null;
  if (/full/i.test(value)) return 'FULL_TIME';
  if (/part/i.test(value)) return 'PART_TIME';
  if (/intern/i.test(value)) return 'INTERNSHIP';
  if (/season/i.test(value)) return 'SEASONAL';
  if (/contract|temp|freelance/i.test(value)) return 'CONTRACT';
  return value;
}

const JOB_STATUS: Record<string, string> = { open: 'OPEN', closed: 'CLOSED', draft: 'DRAFT' };

const OWNER_ROLES: Record<string, { role: 'RECRUITER' | 'COORDINATOR' | 'SOURCER'; label: string }> = {
  recruiter: { role: 'RECRUITER', label: 'Recruiter' },
  coordinator: { role: 'COORDINATOR', label: 'Coordinator' },
  sourcer: { role: 'SOURCER', label: 'Sourcer' },
};

/** Everything a job needs from the resources v3 no longer nests. */
export interface JobParts {
  stages: readonly GhJobInterviewStage[];
  owners: readonly GhJobOwner[];
  hiringManagers: readonly GhJobHiringManager[];
  departments: ReadonlyMap<number, GhDepartment>;
  offices: ReadonlyMap<number, GhOffice>;
}

export function hiringTeam(owners: readonly GhJobOwner[], hiringManagers: readonly GhJobHiringManager[]): SourceHiringTeamMember[] {
  const members = new Map<string, SourceHiringTeamMember>();
  const add = (userId: number, role: SourceHiringTeamMember['hiring_team_roles'][number], label: string) => {
    const key = String(userId);
    const member = members.get(key) ?? { user_remote_id: key, hiring_team_roles: [], job_roles: [] };
    if (!member.hiring_team_roles.includes(role)) {
      member.hiring_team_roles.push(role);
      member.job_roles.push({ remote_id: null, remote_label: label, scope: 'JOB', unified_type: role });
    }
    members.set(key, member);
  };
  for (const hm of hiringManagers) add(hm.user_id, 'HIRING_MANAGER', 'Hiring Manager');
  for (const owner of owners) {
    const kind = OWNER_ROLES[owner.type];
    if (kind) add(owner.user_id, kind.role, kind.label);
  }
  return [...members.values()];
}

export function mapJob(job: GhJob, parts: JobParts): SourceJob {
  const own = parts.stages.filter((s) => s.job_id === job.id).sort((a, b) => a.sort_order - b.sort_order || a.id - b.id);
  // Greenhouse keeps a stage removed from the hiring plan as `active: false`; applications can
  // still sit in it, so it stays listed as INACTIVE, after the plan and without a position in it.
  const stages = [
    ...own.filter((s) => s.active).map((s, index) => ({ remote_id: String(s.id), name: s.name, index, status: 'ACTIVE' as const, custom_fields: null })),
    ...own.filter((s) => !s.active).map((s) => ({ remote_id: String(s.id), name: s.name, index: null, status: 'INACTIVE' as const, custom_fields: null })),
  ];
  const owners = parts.owners.filter((o) => o.job_id === job.id);
  const office = (job.office_ids ?? []).map((id) => parts.offices.get(id)).find((o) => o !== undefined);
  const contact = owners.find((o) => o.type === 'recruiter' && o.responsible) ?? owners.find((o) => o.type === 'recruiter');
  return {
    remote_id: String(job.id),
    name: job.name,
    job_code: job.requisition_id,
    description: null,
    confidential: job.confidential,
    weekly_hours: null,
    employment_type: employmentType(job),
    status: JOB_STATUS[job.status] ?? upper(job.status),
    visibility: null,
    category: null,
    department: job.department_id === null ? null : (parts.departments.get(job.department_id)?.name ?? null),
    post_url: null,
    experience_level: null,
    remote_work_status: null,
    salary_amount: null,
    salary_amount_from: null,
    salary_amount_to: null,
    salary_currency: null,
    salary_period: null,
    location: office ? raw(office.location ?? office.name) : null,
    remote_url: `${APP_URL}/sdash/${job.id}`,
    opened_at: iso(job.opened_at),
    closed_at: iso(job.closed_at),
    contact_user_remote_id: contact ? String(contact.user_id) : null,
    remote_created_at: iso(job.created_at),
    remote_updated_at: iso(job.updated_at),
    stages,
    screening_questions: [],
    job_postings: [],
    hiring_team: hiringTeam(owners, parts.hiringManagers.filter((h) => h.job_id === job.id)),
  };
}

function socialType(url: string): string | null {
  const host = URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, '') : url.toLowerCase();
  if (host.includes('linkedin.')) return 'LINKEDIN';
  if (host.includes('github.')) return 'GITHUB';
  if (host.includes('twitter.') || host === 'x.com') return 'TWITTER';
  if (host.includes('xing.')) return 'XING';
  return null;
}

export function mapCandidate(candidate: GhCandidate, tagIdsByName: ReadonlyMap<string, number>): SourceCandidate {
  const social: SocialMedia[] = [
    ...candidate.social_media_addresses.map((s) => ({ link: s.value, type: socialType(s.value), username: null })),
    ...candidate.website_addresses.map((w) => ({ link: w.value, type: socialType(w.value) ?? upper(w.type ?? null), username: null })),
  ];
  return {
    remote_id: String(candidate.id),
    first_name: candidate.first_name,
    last_name: candidate.last_name,
    company: candidate.company,
    title: candidate.title,
    confidential: candidate.private,
    source: null,
    phone_numbers: candidate.phone_numbers.map((p) => ({ phone_number: p.value, type: upper(p.type) })),
    email_addresses: candidate.email_addresses.map((e) => ({ email_address: e.value, type: upper(e.type) })),
    social_media: social,
    location: raw(candidate.addresses[0]?.value),
    remote_url: `${APP_URL}/people/${candidate.id}`,
    // Candidates carry tag names; tags are ids elsewhere, so names are resolved through the tag list.
    tags: candidate.tags.map((name) => {
      const tagId = tagIdsByName.get(name.toLowerCase());
      return { remote_id: tagId === undefined ? name : String(tagId), name };
    }),
    remote_created_at: iso(candidate.created_at),
    remote_updated_at: iso(candidate.updated_at),
  };
}

const OUTCOME: Record<string, Outcome> = { in_process: 'PENDING', active: 'PENDING', hired: 'HIRED', rejected: 'DECLINED' };

export function mapApplication(app: GhApplication, rejection: { detail: GhRejectionDetail | undefined; reasonNames: ReadonlyMap<number, string> }): SourceApplication {
  const detail = rejection.detail;
  const rejected = app.status === 'rejected';
  const reasonId = rejected ? (detail?.rejection_reason_id ?? null) : null;
  return {
    remote_id: String(app.id),
    candidate_remote_id: String(app.candidate_id),
    job_remote_id: app.job_id === null ? null : String(app.job_id),
    current_stage_remote_id: jobStageOf(app) === null ? null : String(jobStageOf(app)),
    // `converted` marks a prospect application turned into a candidate application: neither open nor decided.
    outcome: OUTCOME[app.status] ?? null,
    rejection_reason_name: reasonId === null ? null : (rejection.reasonNames.get(reasonId) ?? null),
    rejected_at: rejected ? iso(detail?.rejected_at ?? app.rejected_at) : null,
    screening_question_answers: null,
    remote_url: `${APP_URL}/people/${app.candidate_id}?application_id=${app.id}`,
    remote_created_at: iso(app.created_at),
    remote_updated_at: iso(app.updated_at),
  };
}

export function mapInterview(interview: GhInterview, interviewers: readonly GhInterviewer[], jobInterview: GhJobInterview | undefined): SourceInterview {
  const starting = iso(interview.starts_at) ?? dateAsIso(interview.all_day_start_on);
  const ending = iso(interview.ends_at) ?? dateAsIso(interview.all_day_end_on);
  const url = interview.video_conferencing_url;
  return {
    remote_id: String(interview.id),
    application_remote_id: String(interview.application_id),
    stage_remote_id: jobInterview?.job_interview_stage_id == null ? null : String(jobInterview.job_interview_stage_id),
    title: jobInterview?.name ?? null,
    starting_at: starting,
    ending_at: ending,
    location: raw(interview.location),
    video_conferencing_url: url,
    // Greenhouse deletes cancelled interviews; the statuses it lists are all live ones.
    canceled: false,
    interviewer_remote_ids: interviewers.filter((i) => i.interview_id === interview.id && i.user_id !== null).map((i) => String(i.user_id)),
    remote_created_at: iso(interview.created_at),
    remote_updated_at: iso(interview.updated_at),
  };
}

export function offerStatus(offer: GhOffer): OfferStatus | null {
  switch (offer.status.toLowerCase()) {
    case 'accepted':
      return 'ACCEPTED';
    case 'rejected':
      return 'DECLINED';
    case 'deprecated':
      return 'ABANDONED';
    case 'created':
    case 'unresolved':
      return offer.sent_on ? 'SENT' : 'DRAFT';
    default:
      return null;
  }
}

export const mapOffer = (offer: GhOffer): SourceOffer => ({
  remote_id: String(offer.id),
  application_remote_id: String(offer.application_id),
  status: offerStatus(offer),
  employment_start_date: dateAsIso(offer.starts_on),
  remote_created_at: iso(offer.created_at),
  remote_updated_at: iso(offer.updated_at),
});

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  rtf: 'application/rtf',
  txt: 'text/plain',
  html: 'text/html',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

export function contentTypeFor(fileName: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

export function attachmentType(type: string): AttachmentType {
  if (type === 'resume') return 'CV';
  if (type === 'cover_letter') return 'COVER_LETTER';
  return 'OTHER';
}

/** `candidateId`: the attachment's own, or its application's when Greenhouse left it null. */
export const mapAttachment = (attachment: GhAttachment, candidateId: number): SourceAttachment => ({
  remote_id: String(attachment.id),
  candidate_remote_id: String(candidateId),
  application_remote_id: attachment.application_id === null ? null : String(attachment.application_id),
  type: attachmentType(attachment.type),
  file_name: attachment.filename,
  content_type: contentTypeFor(attachment.filename),
  remote_created_at: iso(attachment.created_at),
  remote_updated_at: iso(attachment.updated_at),
});
