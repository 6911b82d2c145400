/**
 * SmartRecruiters records → source records (pure).
 *
 * Applications: SmartRecruiters has none of its own ids; an application is a candidate's
 * assignment to a job, so its remote id is `<candidateId>:<jobId>`.
 *
 * Stages: the status list is fixed for every company (LEAD, NEW, IN_REVIEW, INTERVIEW, OFFERED,
 * HIRED; REJECTED, WITHDRAWN and TRANSFERRED end an application) and hiring processes refine some
 * statuses with free-text sub-statuses. A job's stages are the statuses in order, each followed by
 * its sub-statuses (`<STATUS>:<subStatus>`); sub-statuses only inactive processes use stay listed as
 * INACTIVE so that older applications still point at a stage.
 */
import type { SourceApplication, SourceAttachment, SourceCandidate, SourceCustomField, SourceHiringTeamMember, SourceJob, SourceOffer, SourceRole, SourceStage, SourceUser } from '../source-records.js';
import type { HiringTeamRole, ScreeningQuestionAnswer } from '../../model/common.js';
import type { SrApplication, SrAttachment, SrCandidate, SrHistory, SrJob, SrOffer, SrProcess, SrProperty, SrScreeningAnswer, SrTeamMember, SrUser } from './vendor-schemas.js';

export const PIPELINE = ['LEAD', 'NEW', 'IN_REVIEW', 'INTERVIEW', 'OFFERED', 'HIRED'] as const;
/** Statuses that end an application without a hire: the stage is the one before. */
export const CLOSING = new Set(['REJECTED', 'WITHDRAWN', 'TRANSFERRED']);
const LABEL: Record<string, string> = { LEAD: 'Lead', NEW: 'New', IN_REVIEW: 'In review', INTERVIEW: 'Interview', OFFERED: 'Offered', HIRED: 'Hired' };

const clean = (s: string | null | undefined): string | null => (s && s.trim() ? s.trim() : null);

export const applicationRemoteId = (candidateId: string, jobId: string) => `${candidateId}:${jobId}`;

export function splitApplicationId(remoteId: string): { candidateId: string; jobId: string } | null {
  const at = remoteId.indexOf(':');
  if (at <= 0 || at === remoteId.length - 1) return null;
  return { candidateId: remoteId.slice(0, at), jobId: remoteId.slice(at + 1) };
}

export const stageRemoteId = (status: string, subStatus: string | null | undefined) => (clean(subStatus) ? `${status}:${clean(subStatus)}` : status);

export function splitStageId(remoteId: string): { status: string; subStatus: string | null } {
  const at = remoteId.indexOf(':');
  return at < 0 ? { status: remoteId, subStatus: null } : { status: remoteId.slice(0, at), subStatus: remoteId.slice(at + 1) };
}

/** The company's stages from its hiring processes (see the module comment). */
export function mapStages(processes: readonly SrProcess[]): SourceStage[] {
  const stages: SourceStage[] = [];
  for (const status of PIPELINE) {
    stages.push({ remote_id: status, name: LABEL[status] ?? status, index: stages.length, status: 'ACTIVE', custom_fields: { status, sub_status: null, hiring_process_ids: [] } });
    const subs = new Map<string, { active: boolean; processes: string[] }>();
    for (const process of processes) {
      for (const sub of process.subStatuses?.[status] ?? []) {
        const seen = subs.get(sub) ?? { active: false, processes: [] };
        seen.active ||= process.active !== false;
        seen.processes.push(process.id);
        subs.set(sub, seen);
      }
    }
    for (const [sub, seen] of subs) {
      stages.push({
        remote_id: stageRemoteId(status, sub),
        name: `${LABEL[status] ?? status}: ${sub}`,
        index: stages.length,
        status: seen.active ? 'ACTIVE' : 'INACTIVE',
        custom_fields: { status, sub_status: sub, hiring_process_ids: seen.processes },
      });
    }
  }
  return stages;
}

/** The stage an application is in: its status and sub-status, else the status alone when the sub-status is unknown. */
export function stageOf(status: string | null | undefined, subStatus: string | null | undefined, stages: readonly SourceStage[]): string | null {
  if (!status) return null;
  const exact = stageRemoteId(status, subStatus);
  if (stages.some((s) => s.remote_id === exact)) return exact;
  return stages.some((s) => s.remote_id === status) ? status : null;
}

export function mapUser(user: SrUser): SourceUser {
  return {
    remote_id: user.id,
    first_name: clean(user.firstName),
    last_name: clean(user.lastName),
    email: clean(user.email),
    status: user.active === false || /^inactive$/i.test(user.status ?? '') ? 'INACTIVE' : user.active === true || /^active$/i.test(user.status ?? '') ? 'ACTIVE' : null,
    system_roles: user.systemRole?.id ? [mapSystemRole({ id: user.systemRole.id, name: user.systemRole.name })] : [],
  };
}

/**
 * A system role of the users API (`systemRole {id, name}`, `GET /user-api/v201804/system-roles`).
 * Only the built-in Administrator role has a clear unified counterpart; SmartRecruiters' other
 * roles (Extended, Standard, Restricted, Employee and custom ones) grant rights, not a hiring
 * function, so they keep a null unified type.
 */
export function mapSystemRole(role: { id: string; name?: string | null | undefined }): SourceRole {
  const label = clean(role.name) ?? role.id;
  return { remote_id: role.id, remote_label: label, scope: 'SYSTEM', unified_type: /^admin(istrator)?$/i.test(label) || /^admin(istrator)?$/i.test(role.id) ? 'ADMIN' : null };
}

const JOB_STATUS: Record<string, string> = { CREATED: 'DRAFT', SOURCING: 'OPEN', INTERVIEW: 'OPEN', OFFER: 'OPEN', FILLED: 'CLOSED', CANCELLED: 'CLOSED', ON_HOLD: 'CLOSED' };
const VISIBILITY: Record<string, string> = { PUBLIC: 'PUBLIC', INTERNAL: 'INTERNAL', PRIVATE: 'UNLISTED', NOT_PUBLISHED: 'UNLISTED' };
const TEAM_ROLE: Record<string, HiringTeamRole> = { HIRING_MANAGER: 'HIRING_MANAGER', RECRUITER: 'RECRUITER', INTERVIEWER: 'INTERVIEWER', COORDINATOR: 'COORDINATOR', SOURCER: 'SOURCER' };

export function mapHiringTeam(team: readonly SrTeamMember[]): SourceHiringTeamMember[] {
  const byUser = new Map<string, SourceHiringTeamMember>();
  for (const member of team) {
    const role = TEAM_ROLE[member.role ?? ''];
    const entry = byUser.get(member.id) ?? { user_remote_id: member.id, hiring_team_roles: [], job_roles: [] };
    if (role && !entry.hiring_team_roles.includes(role)) entry.hiring_team_roles.push(role);
    entry.job_roles.push({ remote_id: null, remote_label: member.role ?? null, scope: 'JOB', unified_type: role ?? null });
    byUser.set(member.id, entry);
  }
  return [...byUser.values()];
}

function jobDescription(job: SrJob): string | null {
  const sections = Object.values(job.jobAd?.sections ?? {}).filter((s) => s?.text);
  return sections.length ? sections.map((s) => s?.text ?? '').join('\n') : null;
}

export function mapJob(job: SrJob, stages: SourceStage[], team: readonly SrTeamMember[]): SourceJob {
  const loc = job.location;
  return {
    remote_id: job.id,
    name: clean(job.title),
    job_code: clean(job.refNumber),
    description: jobDescription(job),
    confidential: null,
    weekly_hours: null,
    employment_type: clean(job.typeOfEmployment?.label),
    status: JOB_STATUS[job.status ?? ''] ?? clean(job.status),
    visibility: VISIBILITY[job.postingStatus ?? ''] ?? null,
    category: clean(job.function?.label),
    department: clean(job.department?.label),
    post_url: null,
    experience_level: clean(job.experienceLevel?.label),
    remote_work_status: loc?.remote === true ? 'REMOTE' : null,
    salary_amount: null,
    salary_amount_from: job.compensation?.min ?? null,
    salary_amount_to: job.compensation?.max ?? null,
    salary_currency: clean(job.compensation?.currency),
    salary_period: null,
    location: loc ? { city: clean(loc.city), country: clean(loc.countryCode)?.toUpperCase() ?? null, state: clean(loc.region), street_1: clean(loc.address), zip_code: clean(loc.postalCode) } : null,
    remote_url: null,
    opened_at: null,
    closed_at: null,
    contact_user_remote_id: null,
    stages,
    screening_questions: [],
    job_postings: [],
    hiring_team: mapHiringTeam(team),
    remote_created_at: job.createdOn ?? null,
    remote_updated_at: job.updatedOn ?? null,
    remote_data: job,
  };
}

function socialType(key: string): string {
  return key.toUpperCase();
}

/** Candidate properties (SmartRecruiters' custom fields) by property id, values as SmartRecruiters gives them. */
export function customFieldsOf(properties: readonly SrProperty[]): Record<string, SourceCustomField> {
  return Object.fromEntries(properties.filter((p) => p.value !== undefined && p.value !== null).map((p) => [p.id, { label: clean(p.label), value: p.value }]));
}

export function mapCandidate(candidate: SrCandidate, tags: readonly string[], properties: readonly SrProperty[] = []): SourceCandidate {
  const loc = candidate.location;
  const current = candidate.experience?.find((e) => e.current) ?? null;
  return {
    remote_id: candidate.id,
    first_name: clean(candidate.firstName),
    last_name: clean(candidate.lastName),
    company: clean(current?.company),
    title: clean(current?.title),
    confidential: null,
    source: clean(candidate.primaryAssignment?.source),
    phone_numbers: clean(candidate.phoneNumber) ? [{ phone_number: clean(candidate.phoneNumber) ?? '', type: null }] : [],
    email_addresses: clean(candidate.email) ? [{ email_address: clean(candidate.email), type: null }] : [],
    social_media: Object.entries(candidate.web ?? {})
      .filter((e): e is [string, string] => Boolean(clean(e[1])))
      .map(([key, url]) => ({ link: url, type: socialType(key), username: null })),
    location: loc ? { city: clean(loc.city), country: clean(loc.countryCode)?.toUpperCase() ?? null, state: clean(loc.region) } : null,
    remote_url: null,
    tags: [...new Set(tags)].map((name) => ({ remote_id: name, name })),
    remote_created_at: candidate.createdOn ?? null,
    remote_updated_at: candidate.updatedOn ?? null,
    remote_data: candidate,
    remote_custom_fields: customFieldsOf(properties),
  };
}

/** The assignments of a candidate (primary first), each a job id. */
export function assignmentsOf(candidate: SrCandidate) {
  return [candidate.primaryAssignment, ...(candidate.secondaryAssignments ?? [])].filter((a): a is NonNullable<typeof a> => Boolean(a?.job?.id));
}

/** HIRED is a hire; REJECTED and WITHDRAWN are declined (Kombo's model has no withdrawn outcome); TRANSFERRED is neither. */
export function outcomeOf(status: string | null | undefined): SourceApplication['outcome'] {
  if (status === 'HIRED') return 'HIRED';
  if (status === 'REJECTED' || status === 'WITHDRAWN') return 'DECLINED';
  if (status === 'TRANSFERRED') return null;
  return status ? 'PENDING' : null;
}

export interface ApplicationParts {
  candidate: SrCandidate;
  jobId: string;
  application: SrApplication;
  /** Status history, newest first, where it was read (closed applications only). */
  history: readonly SrHistory[] | null;
  stages: readonly SourceStage[];
  /** The application's screening answers; null where the credential may not read them. */
  answers?: readonly SrScreeningAnswer[] | null;
}

/**
 * One screening answer as Kombo's union. SmartRecruiters documents the answer's structure
 * (records → fields → values {id, label}) but not the values of `type`, so the shape decides:
 * one record with one field is a choice when its values carry ids (several: MULTI_SELECT, also
 * when the type says MULTI; one: SINGLE_SELECT, named by the value's label), else text. Anything
 * else (repeatable or multi-field questions such as Languages) stays UNKNOWN with the records.
 */
export function mapScreeningAnswer(answer: SrScreeningAnswer): ScreeningQuestionAnswer {
  const question = { remote_id: answer.id, title: clean(answer.label) ?? clean(answer.name) ?? answer.id };
  const records = answer.records ?? [];
  const fields = records.length === 1 ? (records[0]?.fields ?? []) : [];
  const values = fields.length === 1 ? (fields[0]?.values ?? []) : null;
  if (values === null) return { question: { ...question, type: 'UNKNOWN' }, answer: { raw: records } };
  const labels = values.map((v) => clean(v.label) ?? clean(v.id) ?? '');
  if (values.length > 0 && values.every((v) => clean(v.id))) {
    return values.length > 1 || /MULTI/i.test(answer.type ?? '')
      ? { question: { ...question, type: 'MULTI_SELECT' }, answer: { choices: labels } }
      : { question: { ...question, type: 'SINGLE_SELECT' }, answer: { choice: labels[0] ?? null } };
  }
  return { question: { ...question, type: 'TEXT' }, answer: { content: labels.length ? labels.join(', ') : null } };
}

export function mapApplication(parts: ApplicationParts): SourceApplication {
  const { application: a, history, stages } = parts;
  const status = a.status ?? null;
  let stage = stageOf(status, a.subStatus, stages);
  let closedAt: string | null = null;
  if (status && CLOSING.has(status)) {
    // The stage of a closed application is the last one it was in before closing.
    const sorted = [...(history ?? [])].sort((x, y) => Date.parse(y.changedOn) - Date.parse(x.changedOn));
    closedAt = sorted.find((h) => h.status === status)?.changedOn ?? null;
    const before = sorted.find((h) => !CLOSING.has(h.status));
    stage = before ? stageOf(before.status, before.subStatus, stages) : null;
  }
  const oldest = history && history.length ? [...history].sort((x, y) => Date.parse(x.changedOn) - Date.parse(y.changedOn))[0] : undefined;
  const reason = a.reasonOfRejection ?? a.reasonOfWithdrawal ?? null;
  return {
    remote_id: applicationRemoteId(parts.candidate.id, parts.jobId),
    candidate_remote_id: parts.candidate.id,
    job_remote_id: parts.jobId,
    current_stage_remote_id: stage,
    outcome: outcomeOf(status),
    rejection_reason_name: status === 'REJECTED' || status === 'WITHDRAWN' ? clean(reason?.label) : null,
    rejected_at: status === 'REJECTED' || status === 'WITHDRAWN' ? closedAt : null,
    screening_question_answers: parts.answers ? parts.answers.map(mapScreeningAnswer) : null,
    remote_url: null,
    remote_created_at: oldest?.changedOn ?? null,
    remote_updated_at: null,
    remote_data: { candidateId: parts.candidate.id, jobId: parts.jobId, ...a },
  };
}

const ATTACHMENT_TYPE: Record<string, SourceAttachment['type']> = { RESUME: 'CV', CV: 'CV', COVER_LETTER: 'COVER_LETTER' };

export function mapAttachment(candidateId: string, file: SrAttachment, applicationRemoteId: string | null = null): SourceAttachment {
  return {
    remote_id: file.id,
    candidate_remote_id: candidateId,
    application_remote_id: applicationRemoteId,
    type: ATTACHMENT_TYPE[file.type ?? ''] ?? 'OTHER',
    file_name: clean(file.name) ?? file.id,
    content_type: clean(file.contentType) ?? 'application/octet-stream',
    remote_created_at: null,
    remote_updated_at: null,
  };
}

const OFFER_STATUS: Record<string, SourceOffer['status']> = {
  CREATED: 'DRAFT',
  PENDING_APPROVAL: 'DRAFT',
  NOT_APPROVED: 'DRAFT',
  APPROVED: 'APPROVED',
  PENDING_ACCEPTANCE: 'SENT',
  ACCEPTED: 'ACCEPTED',
  NOT_ACCEPTED: 'DECLINED',
  ABANDONED: 'ABANDONED',
};

/** A date or date-time as the ISO date-time the unified model wants (`2024-05-01` → midnight UTC); null when unreadable. */
export function isoInstant(value: string | null | undefined): string | null {
  const text = clean(value);
  if (!text) return null;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** An offer of an application; the start date is the application's `startsOn` (offer properties are company-defined). */
export function mapOffer(offer: SrOffer, applicationRemoteId: string, startsOn: string | null | undefined): SourceOffer {
  return {
    remote_id: offer.id,
    application_remote_id: applicationRemoteId,
    status: OFFER_STATUS[offer.status ?? ''] ?? null,
    employment_start_date: isoInstant(startsOn),
    remote_created_at: offer.createdOn ?? null,
    remote_updated_at: offer.updatedOn ?? null,
  };
}
