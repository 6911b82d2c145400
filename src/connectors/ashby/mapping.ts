/**
 * Ashby records → source records (pure functions).
 *
 * - candidate = Ashby candidate (one person, many applications); `position` is the title;
 * - application = Ashby application: status `Hired` = HIRED, `Archived` = DECLINED with the archive
 *   reason's text and `archivedAt`, `Active`/`Lead` = PENDING; the stage is `currentInterviewStage`;
 * - job = Ashby job; its stages are those of its interview plans (default plan first), in plan order,
 *   including the plan's Hired and Archived stages (where hired and rejected applications sit);
 * - rejection reasons = the active archive reasons; tags = candidate tags; users with their global
 *   role as system role;
 * - interviews = the events of interview schedules (one schedule can hold several events);
 * - offers = Ashby offers; attachments = the candidate's résumé (CV) and other file handles.
 * Custom fields stay out (null upstream) for now.
 */
import type { RoleUnifiedType, SocialMedia } from '../../model/common.js';
import type {
  SourceApplication,
  SourceAttachment,
  SourceCandidate,
  SourceHiringTeamMember,
  SourceInterview,
  SourceJob,
  SourceOffer,
  SourceRejectionReason,
  SourceRole,
  SourceStage,
  SourceTag,
  SourceUser,
} from '../source-records.js';
import type {
  AshbyApplication,
  AshbyArchiveReason,
  AshbyCandidate,
  AshbyFileHandle,
  AshbyInterviewSchedule,
  AshbyJob,
  AshbyJobPosting,
  AshbyLocation,
  AshbyOffer,
  AshbyStage,
  AshbyTag,
  AshbyUser,
} from './vendor-schemas.js';

export const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** "Ada Lovelace King" → first "Ada", last "Lovelace King" (Ashby keeps one full name). */
export function splitName(name: string | null | undefined): { first_name: string | null; last_name: string | null } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { first_name: null, last_name: null };
  return { first_name: parts[0] ?? null, last_name: parts.length > 1 ? parts.slice(1).join(' ') : null };
}

// --- users and roles -------------------------------------------------------------------------

/** Ashby's global roles (users' `globalRole`), as system roles. */
export const GLOBAL_ROLES: ReadonlyArray<{ id: string; unified_type: RoleUnifiedType | null }> = [
  { id: 'Organization Admin', unified_type: 'ADMIN' },
  { id: 'Elevated Access', unified_type: null },
  { id: 'Limited Access', unified_type: null },
  { id: 'External Recruiter', unified_type: 'RECRUITER' },
];

export function mapRoles(): SourceRole[] {
  return GLOBAL_ROLES.map((r) => ({ remote_id: r.id, remote_label: r.id, scope: 'SYSTEM', unified_type: r.unified_type }));
}

export function mapUser(user: AshbyUser): SourceUser {
  const role = clean(user.globalRole);
  return {
    remote_id: user.id,
    first_name: clean(user.firstName),
    last_name: clean(user.lastName),
    email: clean(user.email),
    status: user.isEnabled === false ? 'INACTIVE' : 'ACTIVE',
    system_roles: role ? [{ remote_id: role, remote_label: role, scope: 'SYSTEM', unified_type: GLOBAL_ROLES.find((r) => r.id === role)?.unified_type ?? null }] : [],
  };
}

export const mapTag = (tag: AshbyTag): SourceTag => ({ remote_id: tag.id, name: clean(tag.title) });

/** Rejection reasons: the active archive reasons (every archive in Ashby is a rejection, by the org or the candidate). */
export function mapRejectionReasons(reasons: readonly AshbyArchiveReason[]): SourceRejectionReason[] {
  return reasons.filter((r) => r.isArchived !== true).map((r) => ({ remote_id: r.id, name: clean(r.text) }));
}

// --- jobs ------------------------------------------------------------------------------------

const JOB_STATUS: Record<string, string> = { Open: 'OPEN', Closed: 'CLOSED', Draft: 'DRAFT', Archived: 'ARCHIVED' };
const EMPLOYMENT: Record<string, string> = { FullTime: 'FULL_TIME', PartTime: 'PART_TIME', Intern: 'INTERNSHIP', Contract: 'CONTRACT', Temporary: 'SEASONAL' };
const WORKPLACE: Record<string, string> = { OnSite: 'ON_SITE', Remote: 'REMOTE', Hybrid: 'HYBRID' };
const TEAM_ROLE: Record<string, 'RECRUITER' | 'HIRING_MANAGER' | 'COORDINATOR' | 'SOURCER' | 'INTERVIEWER'> = {
  'hiring manager': 'HIRING_MANAGER',
  recruiter: 'RECRUITER',
  'recruiting coordinator': 'COORDINATOR',
  coordinator: 'COORDINATOR',
  sourcer: 'SOURCER',
  interviewer: 'INTERVIEWER',
};

/**
 * The stages of a job's interview plans, default plan first, each plan in its own order. Ashby's
 * interview stages carry no archived flag nor custom fields, so `status` and `custom_fields` are null.
 */
export function mapStages(job: Pick<AshbyJob, 'defaultInterviewPlanId' | 'interviewPlanIds'>, stagesByPlan: ReadonlyMap<string, readonly AshbyStage[]>): SourceStage[] {
  const plans = [...new Set([job.defaultInterviewPlanId, ...(job.interviewPlanIds ?? [])].filter((p): p is string => typeof p === 'string' && p !== ''))];
  const out: SourceStage[] = [];
  for (const plan of plans) {
    const stages = [...(stagesByPlan.get(plan) ?? [])].sort((a, b) => (a.orderInInterviewPlan ?? 0) - (b.orderInInterviewPlan ?? 0));
    for (const stage of stages) if (!out.some((s) => s.remote_id === stage.id)) out.push({ remote_id: stage.id, name: clean(stage.title), index: out.length, status: null, custom_fields: null });
  }
  return out;
}

export function mapJob(
  job: AshbyJob,
  stagesByPlan: ReadonlyMap<string, readonly AshbyStage[]>,
  departments: ReadonlyMap<string, string | null>,
  locations: ReadonlyMap<string, AshbyLocation>,
  postings: readonly AshbyJobPosting[] = [],
): SourceJob {
  const listed = postings.find((p) => p.isListed === true);
  const workplace = listed?.workplaceType ?? postings[0]?.workplaceType ?? '';
  const loc = job.locationId ? locations.get(job.locationId) : undefined;
  const postal = loc?.address?.postalAddress;
  const team = new Map<string, SourceHiringTeamMember>();
  for (const member of job.hiringTeam ?? []) {
    const label = clean(member.role);
    const unified = TEAM_ROLE[(label ?? '').toLowerCase()] ?? null;
    const entry = team.get(member.userId) ?? { user_remote_id: member.userId, hiring_team_roles: [], job_roles: [] };
    if (unified && !entry.hiring_team_roles.includes(unified)) entry.hiring_team_roles.push(unified);
    if (label) entry.job_roles.push({ remote_id: label, remote_label: label, scope: 'JOB', unified_type: unified });
    team.set(member.userId, entry);
  }
  const recruiter = (job.hiringTeam ?? []).find((m) => TEAM_ROLE[(m.role ?? '').toLowerCase()] === 'RECRUITER');
  return {
    remote_id: job.id,
    name: clean(job.title),
    job_code: clean(job.customRequisitionId),
    description: null,
    confidential: job.confidential ?? null,
    weekly_hours: null,
    employment_type: EMPLOYMENT[job.employmentType ?? ''] ?? null,
    status: JOB_STATUS[job.status ?? ''] ?? null,
    visibility: job.confidential ? 'CONFIDENTIAL' : listed ? 'PUBLIC' : postings.length > 0 ? 'UNLISTED' : null,
    category: null,
    department: job.departmentId ? (departments.get(job.departmentId) ?? null) : null,
    post_url: clean(listed?.externalLink),
    experience_level: null,
    remote_work_status: WORKPLACE[workplace] ?? null,
    salary_amount: null,
    salary_amount_from: null,
    salary_amount_to: null,
    salary_currency: null,
    salary_period: null,
    location: loc
      ? { city: clean(postal?.addressLocality) ?? clean(loc.name), state: clean(postal?.addressRegion), country: clean(postal?.addressCountry), raw: clean(loc.name) }
      : null,
    remote_url: `https://app.ashbyhq.com/jobs/${encodeURIComponent(job.id)}`,
    opened_at: clean(job.openedAt),
    closed_at: clean(job.closedAt),
    remote_created_at: clean(job.createdAt),
    remote_updated_at: clean(job.updatedAt),
    contact_user_remote_id: recruiter?.userId ?? job.author?.id ?? null,
    stages: mapStages(job, stagesByPlan),
    screening_questions: [],
    job_postings: postings.map((p) => ({
      remote_id: p.id,
      title: clean(p.title),
      description_html: null,
      status: p.isListed === true ? 'ACTIVE' : 'INACTIVE',
      visibility: p.isListed === true ? 'PUBLIC' : 'UNLISTED',
      url: clean(p.externalLink) ?? clean(p.applyLink),
    })),
    hiring_team: [...team.values()],
  };
}

// --- candidates ------------------------------------------------------------------------------

const CONTACT_TYPE: Record<string, string> = { Personal: 'PERSONAL', Work: 'WORK', Other: 'OTHER', Mobile: 'MOBILE' };
const SOCIAL_TYPE: Record<string, string> = { LinkedIn: 'LINKEDIN', GitHub: 'GITHUB', Twitter: 'X', X: 'X', Xing: 'XING', Facebook: 'FACEBOOK', Website: 'WEBSITE' };

export function mapCandidate(c: AshbyCandidate): SourceCandidate {
  const { first_name, last_name } = splitName(c.name);
  const emails = [...(c.emailAddresses ?? [])];
  if (c.primaryEmailAddress && !emails.some((e) => e.value === c.primaryEmailAddress?.value)) emails.unshift(c.primaryEmailAddress);
  const phones = [...(c.phoneNumbers ?? [])];
  if (c.primaryPhoneNumber && !phones.some((p) => p.value === c.primaryPhoneNumber?.value)) phones.unshift(c.primaryPhoneNumber);
  const part = (type: string) => clean(c.location?.locationComponents?.find((p) => p.type === type)?.name);
  const summary = clean(c.location?.locationSummary);
  const social: SocialMedia[] = (c.socialLinks ?? []).map((l) => ({ link: l.url, type: SOCIAL_TYPE[l.type ?? ''] ?? clean(l.type), username: null }));
  return {
    remote_id: c.id,
    first_name,
    last_name,
    company: clean(c.company),
    title: clean(c.position),
    confidential: null,
    source: clean(c.source?.title),
    phone_numbers: phones.map((p) => ({ phone_number: p.value, type: CONTACT_TYPE[p.type ?? ''] ?? null })),
    email_addresses: emails.map((e) => ({ email_address: e.value, type: CONTACT_TYPE[e.type ?? ''] ?? null })),
    social_media: social,
    location: summary || c.location ? { city: part('City'), state: part('Region'), country: part('Country'), raw: summary } : null,
    remote_url: clean(c.profileUrl),
    tags: (c.tags ?? []).map(mapTag),
    remote_created_at: clean(c.createdAt),
    remote_updated_at: clean(c.updatedAt),
  };
}

// --- applications ----------------------------------------------------------------------------

export function mapApplication(a: AshbyApplication): SourceApplication {
  const status = a.status ?? '';
  const outcome = status === 'Hired' ? 'HIRED' : status === 'Archived' ? 'DECLINED' : 'PENDING';
  return {
    remote_id: a.id,
    candidate_remote_id: a.candidate?.id ?? '',
    job_remote_id: a.job?.id ?? null,
    current_stage_remote_id: a.currentInterviewStage?.id ?? null,
    outcome,
    rejection_reason_name: outcome === 'DECLINED' ? clean(a.archiveReason?.text) : null,
    rejected_at: outcome === 'DECLINED' ? clean(a.archivedAt) : null,
    screening_question_answers: null,
    remote_url: a.candidate?.id ? `https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/${a.candidate.id}?applicationId=${a.id}` : null,
    remote_created_at: clean(a.createdAt),
    remote_updated_at: clean(a.updatedAt),
  };
}

// --- interviews and offers -------------------------------------------------------------------

/** Each event of a schedule is one interview; titles come from the interview definitions. */
export function mapInterviews(schedule: AshbyInterviewSchedule, titles: ReadonlyMap<string, string | null>): SourceInterview[] {
  return (schedule.interviewEvents ?? []).map((e) => {
    const where = clean(e.location);
    return {
      remote_id: e.id,
      application_remote_id: clean(schedule.applicationId),
      stage_remote_id: clean(schedule.interviewStageId),
      title: (e.interviewId ? titles.get(e.interviewId) : null) ?? null,
      starting_at: clean(e.startTime),
      ending_at: clean(e.endTime),
      location: where ? { raw: where } : null,
      video_conferencing_url: clean(e.meetingLink),
      canceled: schedule.status === 'Cancelled',
      interviewer_remote_ids: e.interviewerUserIds ?? [],
      remote_created_at: clean(e.createdAt) ?? clean(schedule.createdAt),
      remote_updated_at: clean(e.updatedAt) ?? clean(schedule.updatedAt),
    };
  });
}

const OFFER_STATUS: Record<string, SourceOffer['status']> = {
  WaitingOnApprovalStart: 'DRAFT',
  WaitingOnApprovalDefinition: 'DRAFT',
  WaitingOnOfferApproval: 'DRAFT',
  WaitingOnCandidateResponse: 'SENT',
  CandidateAccepted: 'ACCEPTED',
  CandidateRejected: 'DECLINED',
  OfferCancelled: 'ABANDONED',
};
const ACCEPTANCE: Record<string, SourceOffer['status']> = { Accepted: 'ACCEPTED', Declined: 'DECLINED', Cancelled: 'ABANDONED', WaitingOnResponse: 'SENT', Pending: 'DRAFT', Created: 'DRAFT' };

export function mapOffer(o: AshbyOffer): SourceOffer {
  const start = clean(o.latestVersion?.startDate);
  return {
    remote_id: o.id,
    application_remote_id: clean(o.applicationId),
    status: OFFER_STATUS[o.offerStatus ?? ''] ?? ACCEPTANCE[o.acceptanceStatus ?? ''] ?? null,
    employment_start_date: start ? (start.length === 10 ? `${start}T00:00:00.000Z` : start) : null,
    remote_created_at: clean(o.createdAt) ?? clean(o.latestVersion?.createdAt),
    remote_updated_at: clean(o.updatedAt) ?? clean(o.decidedAt),
  };
}

// --- attachments -----------------------------------------------------------------------------

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain',
  rtf: 'application/rtf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  odt: 'application/vnd.oasis.opendocument.text',
  html: 'text/html',
  zip: 'application/zip',
};

export function contentTypeOf(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

function mapFile(c: AshbyCandidate, f: AshbyFileHandle, type: SourceAttachment['type']): SourceAttachment {
  const name = clean(f.name) ?? f.id;
  return {
    remote_id: f.id,
    candidate_remote_id: c.id,
    application_remote_id: null,
    type,
    file_name: name,
    content_type: contentTypeOf(name),
    remote_created_at: null,
    remote_updated_at: null,
  };
}

/** The résumé (CV) and the other files of a candidate; files hang off the candidate, not an application. */
export function mapAttachments(c: AshbyCandidate): SourceAttachment[] {
  const out: SourceAttachment[] = [];
  if (c.resumeFileHandle) out.push(mapFile(c, c.resumeFileHandle, 'CV'));
  for (const f of c.fileHandles ?? []) if (!out.some((a) => a.remote_id === f.id)) out.push(mapFile(c, f, 'OTHER'));
  return out;
}
