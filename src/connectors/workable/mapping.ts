/**
 * Workable records → source records (pure functions).
 *
 * Workable's model, mapped honestly:
 * - a Workable **candidate** is one person in one job: it is the unified **application**;
 * - Workable has no person id, so people are de-duplicated into unified **candidates**
 *   (`groupPeople`): records sharing an e-mail address (trimmed, case-insensitive) are one person;
 *   a record without an e-mail joins the person of its `originating_candidate_id` (a copy) when
 *   that record is known, else stands alone. The person's remote id is the id of their earliest
 *   record (by `created_at`, then id);
 * - **jobs** are addressed by `shortcode`, which is their remote id; their stages are the job's
 *   pipeline, by stage **slug** (what moves take); a candidate's `stage` is a display name, mapped
 *   back to the slug through its job's stages;
 * - **members** are users; their `role` is the system role;
 * - disqualification is rejection (`disqualification_reason` text, `disqualified_at`); hired is
 *   `hired_at` or a stage of kind `hired`;
 * - tags are strings (the text is the remote id), kept per Workable candidate: a person's tags are
 *   the union over their records.
 */
import type { OfferStatus, RoleUnifiedType } from '../../model/common.js';
import type {
  SourceApplication,
  SourceAttachment,
  SourceCandidate,
  SourceInterview,
  SourceJob,
  SourceOffer,
  SourceRejectionReason,
  SourceRole,
  SourceStage,
  SourceUser,
} from '../source-records.js';
import type { WorkableCandidate, WorkableEvent, WorkableFile, WorkableJob, WorkableMember, WorkableOffer, WorkableReason, WorkableStage } from './vendor-schemas.js';

export const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** Workable's timestamps (`…Z`, with or without ms) as ISO-8601 with ms; null when unreadable. */
export function iso(value: string | null | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function splitName(name: string | null | undefined): { first_name: string | null; last_name: string | null } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { first_name: null, last_name: null };
  return { first_name: parts[0] ?? null, last_name: parts.length > 1 ? parts.slice(1).join(' ') : null };
}

// --- users and roles -------------------------------------------------------------------------

const ROLE_TYPES: Record<string, RoleUnifiedType> = { admin: 'ADMIN', recruiter: 'RECRUITER', hiring_manager: 'HIRING_MANAGER', reviewer: 'INTERVIEWER', interviewer: 'INTERVIEWER' };
const roleLabel = (role: string) => role.replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

export function mapRole(role: string): SourceRole {
  return { remote_id: role, remote_label: roleLabel(role), scope: 'SYSTEM', unified_type: ROLE_TYPES[role] ?? null };
}

/** The distinct `role`s of the members. */
export function mapRoles(members: readonly WorkableMember[]): SourceRole[] {
  return [...new Set(members.map((m) => clean(m.role)).filter((r): r is string => r !== null))].sort().map(mapRole);
}

export function mapUser(m: WorkableMember): SourceUser {
  const role = clean(m.role);
  return {
    remote_id: m.id,
    ...splitName(m.name),
    email: clean(m.email),
    status: m.active === false ? 'INACTIVE' : 'ACTIVE',
    system_roles: role ? [mapRole(role)] : [],
  };
}

export function mapRejectionReason(r: WorkableReason): SourceRejectionReason {
  return { remote_id: r.id, name: clean(r.description) };
}

// --- jobs ------------------------------------------------------------------------------------

const JOB_STATUS: Record<string, string> = { published: 'OPEN', closed: 'CLOSED', draft: 'DRAFT', archived: 'ARCHIVED' };
const REMOTE_WORK: Record<string, string> = { remote: 'REMOTE', hybrid: 'HYBRID', on_site: 'ON_SITE' };

/** Workable's stages (`{id, slug, name, kind, position}`) have no archived flag nor custom fields: both null. */
export function mapStages(stages: readonly WorkableStage[]): SourceStage[] {
  return [...stages]
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((s, index) => ({ remote_id: s.slug, name: clean(s.name), index, status: null, custom_fields: null }));
}

export function mapJob(job: WorkableJob, stages: readonly WorkableStage[]): SourceJob {
  const loc = job.location;
  const workplace = clean(job.workplace_type) ?? clean(loc?.workplace_type);
  const published = job.state === 'published';
  const url = clean(job.shortlink) ?? clean(job.url);
  return {
    remote_id: job.shortcode,
    name: clean(job.title),
    job_code: clean(job.code),
    description: clean(job.full_description) ?? clean(job.description),
    confidential: job.confidential ?? null,
    weekly_hours: null,
    employment_type: null,
    status: JOB_STATUS[job.state ?? ''] ?? (job.state ? job.state.toUpperCase() : null),
    visibility: job.confidential ? 'CONFIDENTIAL' : published ? 'PUBLIC' : null,
    category: null,
    department: clean(job.department),
    post_url: published ? url : null,
    experience_level: null,
    remote_work_status: REMOTE_WORK[workplace ?? ''] ?? (loc?.telecommuting ? 'REMOTE' : null),
    salary_amount: null,
    salary_amount_from: job.salary?.salary_from ?? null,
    salary_amount_to: job.salary?.salary_to ?? null,
    salary_currency: clean(job.salary?.salary_currency)?.toUpperCase() ?? null,
    salary_period: null,
    location: loc
      ? { city: clean(loc.city), country: clean(loc.country_code), state: clean(loc.region), zip_code: clean(loc.zip_code), raw: clean(loc.location_str) }
      : null,
    remote_url: clean(job.url),
    opened_at: null,
    closed_at: null,
    contact_user_remote_id: null,
    stages: mapStages(stages),
    screening_questions: [],
    job_postings: [
      {
        remote_id: job.shortcode,
        title: clean(job.full_title) ?? clean(job.title),
        description_html: clean(job.full_description),
        status: published ? 'ACTIVE' : job.state === 'draft' ? 'DRAFT' : 'INACTIVE',
        visibility: published ? 'PUBLIC' : null,
        url,
      },
    ],
    hiring_team: [],
    remote_created_at: iso(job.created_at),
    remote_updated_at: iso(job.updated_at),
  };
}

// --- people ----------------------------------------------------------------------------------

const emailKey = (c: Pick<WorkableCandidate, 'email'>): string | null => clean(c.email)?.toLowerCase() ?? null;
const idOrder = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** Earliest first: `created_at`, then id. */
export function earliestFirst(a: WorkableCandidate, b: WorkableCandidate): number {
  const ta = Date.parse(a.created_at ?? '') || 0;
  const tb = Date.parse(b.created_at ?? '') || 0;
  return ta - tb || idOrder(a.id, b.id);
}

/**
 * People from Workable candidates: person remote id → that person's records, earliest first.
 * See the module comment (and README) for the rule.
 */
export function groupPeople(candidates: readonly WorkableCandidate[]): Map<string, WorkableCandidate[]> {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const keyOf = (c: WorkableCandidate, depth = 0): string => {
    const email = emailKey(c);
    if (email) return `e:${email}`;
    const origin = c.originating_candidate_id ? byId.get(c.originating_candidate_id) : undefined;
    return origin && depth < 10 ? keyOf(origin, depth + 1) : `i:${c.id}`;
  };
  const groups = new Map<string, WorkableCandidate[]>();
  for (const c of candidates) {
    const key = keyOf(c);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const people = new Map<string, WorkableCandidate[]>();
  for (const records of groups.values()) {
    const sorted = [...records].sort(earliestFirst);
    const first = sorted[0];
    if (first) people.set(first.id, sorted);
  }
  return people;
}

/** Workable candidate id → person remote id. */
export function personIndex(people: ReadonlyMap<string, readonly WorkableCandidate[]>): Map<string, string> {
  const index = new Map<string, string>();
  for (const [person, records] of people) for (const r of records) index.set(r.id, person);
  return index;
}

const uniq = <T>(items: readonly T[], key: (t: T) => string): T[] => {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
};

const SOCIAL: Record<string, string> = { linkedin: 'LINKEDIN', github: 'GITHUB', twitter: 'X', x: 'X', xing: 'XING', facebook: 'FACEBOOK' };

/**
 * One person from their Workable records (details, for tags). Person-level fields come from the
 * most recently updated record; e-mails, phones, profiles and tags are the union; the source is the
 * earliest record's.
 */
export function mapCandidate(personId: string, records: readonly WorkableCandidate[]): SourceCandidate {
  const earliest = [...records].sort(earliestFirst)[0];
  const latest = [...records].sort((a, b) => (Date.parse(b.updated_at ?? '') || 0) - (Date.parse(a.updated_at ?? '') || 0) || earliestFirst(a, b))[0];
  if (!earliest || !latest) throw new Error('mapCandidate needs at least one record');
  const first = clean(latest.firstname);
  const last = clean(latest.lastname);
  const names = first || last ? { first_name: first, last_name: last } : splitName(latest.name);
  const address = clean(latest.location?.location_str) ?? clean(latest.address);
  const updated = records.map((r) => iso(r.updated_at)).filter((t): t is string => t !== null).sort().pop() ?? null;
  return {
    remote_id: personId,
    ...names,
    company: null,
    title: clean(latest.headline),
    confidential: null,
    source: clean(earliest.domain) ?? (clean(earliest.common_source) === 'Unknown' ? null : clean(earliest.common_source)),
    phone_numbers: uniq(records.map((r) => clean(r.phone)).filter((p): p is string => p !== null), (p) => p).map((phone_number) => ({ phone_number, type: null })),
    email_addresses: uniq(records.map((r) => clean(r.email)).filter((e): e is string => e !== null), (e) => e.toLowerCase()).map((email_address) => ({ email_address, type: null })),
    social_media: uniq(
      records.flatMap((r) => r.social_profiles ?? []).filter((s) => clean(s.url) !== null),
      (s) => s.url ?? '',
    ).map((s) => ({ link: s.url ?? '', type: SOCIAL[(s.type ?? '').toLowerCase()] ?? null, username: clean(s.username) })),
    location: address ? { raw: address, city: clean(latest.location?.city), country: clean(latest.location?.country_code), state: clean(latest.location?.region), zip_code: clean(latest.location?.zip_code) } : null,
    remote_url: clean(latest.profile_url),
    tags: uniq(records.flatMap((r) => r.tags ?? []), (t) => t).map((t) => ({ remote_id: t, name: t })),
    remote_created_at: iso(earliest.created_at),
    remote_updated_at: updated,
  };
}

// --- applications ----------------------------------------------------------------------------

/**
 * The slug of a candidate's stage. The docs call `stage` the stage slug; recorded answers carry its
 * name: matched as a slug, then by name, then by kind.
 */
export function stageSlug(c: WorkableCandidate, stages: readonly WorkableStage[] | undefined): string | null {
  const name = clean(c.stage)?.toLowerCase();
  const found =
    stages?.find((s) => s.slug.toLowerCase() === name) ??
    stages?.find((s) => clean(s.name)?.toLowerCase() === name) ??
    stages?.find((s) => s.kind !== null && s.kind === c.stage_kind);
  return found?.slug ?? null;
}

export function mapApplication(c: WorkableCandidate, personId: string, stages: readonly WorkableStage[] | undefined): SourceApplication {
  const hired = Boolean(c.hired_at) || c.stage_kind === 'hired';
  const declined = !hired && c.disqualified === true;
  return {
    remote_id: c.id,
    candidate_remote_id: personId,
    job_remote_id: clean(c.job?.shortcode),
    current_stage_remote_id: stageSlug(c, stages),
    outcome: hired ? 'HIRED' : declined ? 'DECLINED' : 'PENDING',
    rejection_reason_name: declined ? clean(c.disqualification_reason) : null,
    rejected_at: declined ? iso(c.disqualified_at) : null,
    screening_question_answers: null,
    remote_url: clean(c.profile_url),
    remote_created_at: iso(c.created_at),
    remote_updated_at: iso(c.updated_at),
  };
}

// --- interviews, offers, attachments ---------------------------------------------------------

export function mapInterview(e: WorkableEvent): SourceInterview {
  return {
    remote_id: e.id,
    application_remote_id: e.candidate?.id ?? null,
    stage_remote_id: null,
    title: clean(e.title),
    starting_at: iso(e.starts_at),
    ending_at: iso(e.ends_at),
    location: null,
    video_conferencing_url: clean(e.conference?.url),
    canceled: e.cancelled ?? null,
    interviewer_remote_ids: (e.members ?? []).map((m) => m.id),
    remote_created_at: null,
    remote_updated_at: null,
  };
}

const OFFER_STATUS: Record<string, OfferStatus> = {
  draft: 'DRAFT',
  pending: 'DRAFT',
  approval_pending: 'DRAFT',
  approved: 'APPROVED',
  sent: 'SENT',
  accepted: 'ACCEPTED',
  signed: 'ACCEPTED',
  declined: 'DECLINED',
  rejected: 'DECLINED',
  withdrawn: 'ABANDONED',
  revoked: 'ABANDONED',
};

/** `GET /candidates/:id/offer`; null when the answer holds no offer. */
export function mapOffer(o: WorkableOffer, candidateId: string): SourceOffer | null {
  const status = clean(o.status) ?? clean(o.state);
  if (!o.id && !status && !o.created_at) return null;
  const start = clean(o.start_date);
  return {
    remote_id: o.id ?? `offer-${candidateId}`,
    application_remote_id: candidateId,
    status: OFFER_STATUS[(status ?? '').toLowerCase()] ?? null,
    employment_start_date: start && !Number.isNaN(Date.parse(start)) ? new Date(start).toISOString() : null,
    remote_created_at: iso(o.created_at),
    remote_updated_at: iso(o.updated_at),
  };
}

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  rtf: 'application/rtf',
  txt: 'text/plain',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[(name.split('.').pop() ?? '').toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Workable files have no id: the remote id is `<candidate id>:<n>:<name>`, n counting files of the
 * same name on that candidate (stable while files are only added).
 */
export function fileRemoteIds(candidateId: string, files: readonly WorkableFile[]): string[] {
  const seen = new Map<string, number>();
  return files.map((f) => {
    const name = clean(f.name) ?? 'file';
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return `${candidateId}:${n}:${name}`;
  });
}

export function mapFiles(c: Pick<WorkableCandidate, 'id' | 'created_at'>, personId: string, files: readonly WorkableFile[]): SourceAttachment[] {
  const ids = fileRemoteIds(c.id, files);
  return files.map((f, i) => {
    const name = clean(f.name) ?? 'file';
    const kind = (f.kind ?? '').toLowerCase();
    return {
      remote_id: ids[i] ?? `${c.id}:${i}:${name}`,
      candidate_remote_id: personId,
      application_remote_id: c.id,
      type: kind === 'resume' || kind === 'cv' ? 'CV' : kind === 'cover_letter' ? 'COVER_LETTER' : 'OTHER',
      file_name: name,
      content_type: contentTypeOf(name),
      remote_created_at: kind === 'resume' ? iso(c.created_at) : null,
      remote_updated_at: null,
    };
  });
}
