/**
 * Recruitee records → source records (pure functions).
 *
 * Vocabulary: an **offer** is a job (talent pools are offers with `kind: "talent_pool"` and are no
 * job), a **placement** is an application (candidate × offer), an **admin** is a user, and
 * **disqualify** is reject. Stages come from the offer's `pipeline_template.stages`.
 * - outcome: `disqualified_at` → DECLINED (the reason is a text label); `hired_at`, or a stage of
 *   category `hire`, → HIRED; else PENDING;
 * - tags: candidates carry tag names; they are mapped to the company tag ids (`GET /tags`) when known.
 */
import { clean, contentTypeOfName, iso, splitName } from '../kit/values.js';
import type { SourceApplication, SourceAttachment, SourceCandidate, SourceCustomField, SourceJob, SourceRejectionReason, SourceStage, SourceTag, SourceUser } from '../source-records.js';
import type { RecruiteeAdmin, RecruiteeAttachment, RecruiteeCandidate, RecruiteeOffer, RecruiteePlacement, RecruiteeReason, RecruiteeStage, RecruiteeTag } from './vendor-schemas.js';

export function mapUser(a: RecruiteeAdmin): SourceUser {
  const names = clean(a.first_name) || clean(a.last_name) ? { first_name: clean(a.first_name), last_name: clean(a.last_name) } : splitName(a.name);
  // Admins listed are members of the company; Recruitee lists no deactivated state there.
  return { remote_id: a.id, ...names, email: clean(a.email), status: 'ACTIVE', system_roles: [] };
}

export const mapTag = (t: RecruiteeTag): SourceTag => ({ remote_id: t.id, name: clean(t.name) });
export const mapRejectionReason = (r: RecruiteeReason): SourceRejectionReason => ({ remote_id: r.id, name: clean(r.name) });

/** Whether an offer is a job (talent pools are not). */
export const isJob = (o: Pick<RecruiteeOffer, 'kind'>): boolean => (o.kind ?? 'job') !== 'talent_pool';

/**
 * A template's stages in order. Every stage listed is in use (ACTIVE): Recruitee lists only the
 * template's current stages. Its own fields (category, group, time limit…) are the stage's custom fields.
 */
export function mapStages(stages: readonly RecruiteeStage[]): SourceStage[] {
  return [...stages]
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((s, index) => {
      const { id: _id, name: _name, position: _position, ...own } = s;
      return { remote_id: s.id, name: clean(s.name), index, status: 'ACTIVE', custom_fields: own };
    });
}

const JOB_STATUS: Record<string, string> = { published: 'OPEN', internal: 'OPEN', closed: 'CLOSED', draft: 'DRAFT', archived: 'ARCHIVED' };
const EMPLOYMENT: Record<string, string> = { fulltime: 'FULL_TIME', full_time: 'FULL_TIME', parttime: 'PART_TIME', part_time: 'PART_TIME', contract: 'CONTRACT', freelance: 'CONTRACT', internship: 'INTERNSHIP', seasonal: 'SEASONAL' };

export function mapJob(o: RecruiteeOffer): SourceJob {
  const status = clean(o.status);
  const published = status === 'published';
  const raw = clean(o.location);
  return {
    remote_id: o.id,
    name: clean(o.title),
    job_code: null,
    description: clean(o.description),
    confidential: null,
    weekly_hours: null,
    employment_type: EMPLOYMENT[clean(o.employment_type)?.toLowerCase() ?? ''] ?? null,
    status: JOB_STATUS[status ?? ''] ?? (status ? status.toUpperCase() : null),
    visibility: published ? 'PUBLIC' : status === 'internal' ? 'INTERNAL' : null,
    category: null,
    department: clean(o.department),
    post_url: published ? clean(o.careers_url) : null,
    experience_level: null,
    remote_work_status: o.remote === true ? 'REMOTE' : null,
    salary_amount: null,
    salary_amount_from: null,
    salary_amount_to: null,
    salary_currency: null,
    salary_period: null,
    location: raw || o.city || o.country_code ? { raw, city: clean(o.city), country: clean(o.country_code)?.toUpperCase() ?? null, state: clean(o.state_code), zip_code: clean(o.postal_code) } : null,
    remote_url: clean(o.adminapp_url),
    opened_at: iso(o.published_at),
    closed_at: iso(o.closed_at),
    contact_user_remote_id: o.recruiter_id ?? null,
    stages: mapStages(o.pipeline_template?.stages ?? []),
    screening_questions: [],
    job_postings: [],
    hiring_team: [
      ...(o.hiring_manager_id ? [{ user_remote_id: o.hiring_manager_id, hiring_team_roles: ['HIRING_MANAGER' as const], job_roles: [] }] : []),
      ...(o.recruiter_id && o.recruiter_id !== o.hiring_manager_id ? [{ user_remote_id: o.recruiter_id, hiring_team_roles: ['RECRUITER' as const], job_roles: [] }] : []),
    ],
    remote_created_at: iso(o.created_at),
    remote_updated_at: iso(o.updated_at),
  };
}

/** A candidate's custom field values (`fields[]`), keyed by the field id. */
export function customFieldsOf(c: RecruiteeCandidate): Record<string, SourceCustomField> {
  const out: Record<string, SourceCustomField> = {};
  for (const f of c.fields ?? []) out[f.id] = { label: clean(f.name), value: f.values ?? [] };
  return out;
}

/** `tagIds`: tag name (lower case) → tag id, from `GET /tags`; a name it lacks stands for itself. */
export function mapCandidate(c: RecruiteeCandidate, tagIds: ReadonlyMap<string, string>): SourceCandidate {
  const { placements: _placements, ...rest } = c;
  return {
    remote_id: c.id,
    ...splitName(c.name),
    company: null,
    title: null,
    confidential: null,
    source: clean(c.source),
    phone_numbers: (c.phones ?? []).map(clean).filter((p): p is string => p !== null).map((phone_number) => ({ phone_number, type: null })),
    email_addresses: (c.emails ?? []).map(clean).filter((e): e is string => e !== null).map((email_address) => ({ email_address, type: null })),
    social_media: [],
    location: null,
    remote_url: clean(c.adminapp_url),
    tags: (c.tags ?? []).map((name) => ({ remote_id: tagIds.get(name.toLowerCase()) ?? name, name })),
    remote_created_at: iso(c.created_at),
    remote_updated_at: iso(c.updated_at),
    remote_data: rest,
    remote_custom_fields: customFieldsOf(c),
  };
}

/** `stages`: the stages of the placement's offer (for the `hire` category). */
export function mapApplication(p: RecruiteePlacement, stages: readonly RecruiteeStage[] | undefined): SourceApplication {
  const stage = stages?.find((s) => s.id === p.stage_id);
  const declined = Boolean(p.disqualified_at);
  const hired = !declined && (Boolean(p.hired_at) || stage?.category === 'hire');
  return {
    remote_id: p.id,
    candidate_remote_id: p.candidate_id,
    job_remote_id: p.offer_id,
    current_stage_remote_id: p.stage_id ?? null,
    outcome: declined ? 'DECLINED' : hired ? 'HIRED' : 'PENDING',
    rejection_reason_name: declined ? clean(p.disqualify_reason) : null,
    rejected_at: declined ? iso(p.disqualified_at) : null,
    screening_question_answers: null,
    remote_url: null,
    remote_created_at: iso(p.created_at),
    remote_updated_at: iso(p.updated_at),
    remote_data: { ...p },
  };
}

export function mapAttachment(a: RecruiteeAttachment, candidateId: string): SourceAttachment {
  const name = clean(a.filename) ?? `attachment-${a.id}`;
  const kind = clean(a.kind)?.toLowerCase();
  return {
    remote_id: a.id,
    candidate_remote_id: candidateId,
    application_remote_id: null,
    type: kind === 'cv' || kind === 'resume' ? 'CV' : kind === 'cover_letter' ? 'COVER_LETTER' : 'OTHER',
    file_name: name,
    content_type: clean(a.content_type) ?? contentTypeOfName(name),
    remote_created_at: iso(a.created_at),
    remote_updated_at: null,
  };
}

/** The remote id of a candidate's CV: Recruitee gives the CV no id of its own, only links on the candidate. */
export const cvRemoteId = (candidateId: string): string => `cv-${candidateId}`;
export const cvCandidateOf = (remoteId: string): string | null => (remoteId.startsWith('cv-') ? remoteId.slice(3) : null);

/** The CV on the candidate (`cv_original_url`, else `cv_url`), named after the link's last path segment; null without one. */
export function mapCv(c: RecruiteeCandidate): SourceAttachment | null {
  const link = clean(c.cv_original_url) ?? clean(c.cv_url);
  if (!link) return null;
  let name: string | null = null;
  try {
    name = clean(decodeURIComponent(new URL(link, 'https://api.recruitee.com/').pathname.split('/').pop() ?? ''));
  } catch {
    name = null;
  }
  const fileName = name && name.includes('.') ? name : `cv-${c.id}.pdf`;
  return {
    remote_id: cvRemoteId(c.id),
    candidate_remote_id: c.id,
    application_remote_id: null,
    type: 'CV',
    file_name: fileName,
    content_type: contentTypeOfName(fileName),
    remote_created_at: null,
    remote_updated_at: null,
  };
}
