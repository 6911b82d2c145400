/**
 * Personio recruiting records → source records (pure functions).
 *
 * - Stages: Personio has no stage list of its own. A job's pipeline is its recruiting category's
 *   custom phases (`categories[].stages`) framed by the system phases: `unassigned` first, then the
 *   custom phases in order, then `offer` and `accepted`; `rejected` and `withdrawn` close the list so
 *   every application's `current_stage` names a stage of its job. System phases have no id in v2
 *   (`{id: null, kind, type: "system"}`): their remote id is `system:<kind>`.
 * - Outcome from the current stage: `rejected` or `withdrawn` → DECLINED, `accepted` (or `hired`) → HIRED,
 *   anything else PENDING. Personio has no rejection reasons.
 * - Timestamps: ISO strings, or `{"date-time": "2026-03-02T09:00:00", "timezone": "Europe/Berlin"}`
 *   (a wall-clock time in a zone), turned into UTC instants.
 * - The v2 API returns no tags, custom attributes or files of candidates and applications.
 */
import { clean, iso } from '../kit/values.js';
import type { SourceApplication, SourceCandidate, SourceJob, SourceStage, SourceUser } from '../source-records.js';
import type { PersonioApplication, PersonioCandidate, PersonioCategory, PersonioJob, PersonioPerson, PersonioStage, PersonioTimestamp } from './vendor-schemas.js';

/** Milliseconds to add to a wall-clock reading in `zone` to get UTC, at about `utcGuess`. */
function zoneOffsetMs(utcGuess: number, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(utcGuess))
      .map((p) => [p.type, Number(p.value)]),
  );
  const wall = Date.UTC(parts['year'] ?? 0, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return wall - Math.floor(utcGuess / 1000) * 1000;
}

/** A Personio timestamp as an ISO-8601 UTC instant (ms); null when absent or unreadable. */
export function instant(value: PersonioTimestamp): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return iso(value);
  const raw = clean(value['date-time']) ?? clean(value.date);
  if (!raw) return null;
  const zone = clean(value.timezone);
  // With an offset (or Z), or without a zone to read it in, the text says the instant itself.
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(raw) || !zone) return iso(raw);
  const wall = Date.parse(`${raw.replace(' ', 'T')}Z`);
  if (Number.isNaN(wall)) return null;
  try {
    // Two rounds settle the offset across a daylight-saving change.
    let utc = wall - zoneOffsetMs(wall, zone);
    utc = wall - zoneOffsetMs(utc, zone);
    return new Date(utc).toISOString();
  } catch {
    return iso(raw);
  }
}

const SYSTEM_NAMES: Readonly<Record<string, string>> = { unassigned: 'Unassigned', offer: 'Offer', accepted: 'Accepted', rejected: 'Rejected', withdrawn: 'Withdrawn' };
/** System phases around a category's custom phases, in pipeline order. */
const BEFORE = ['unassigned'] as const;
const AFTER = ['offer', 'accepted', 'rejected', 'withdrawn'] as const;

export const systemStageId = (kind: string): string => `system:${kind}`;

/** The remote id of a stage an application carries: a custom phase's id, else `system:<kind>`. */
export function stageRemoteId(stage: PersonioStage | null | undefined): string | null {
  if (!stage) return null;
  const custom = stage.type !== 'system' && stage.id !== null && stage.id !== undefined && stage.id !== '';
  if (custom) return stage.id ?? null;
  const kind = clean(stage.kind)?.toLowerCase();
  return kind ? systemStageId(kind) : null;
}

/** The phase kind of a stage (`rejected`, `accepted`, …; `custom` for custom phases). */
const kindOf = (stage: PersonioStage | null | undefined): string => (stage?.type === 'system' || !stage?.id ? (clean(stage?.kind)?.toLowerCase() ?? '') : 'custom');

const systemStage = (kind: string): Omit<SourceStage, 'index'> => ({ remote_id: systemStageId(kind), name: SYSTEM_NAMES[kind] ?? kind, status: 'ACTIVE', custom_fields: { type: 'system', kind } });

/** A job's pipeline (see the module comment); every stage listed is in use. */
export function mapStages(category: PersonioCategory | undefined): SourceStage[] {
  const custom = [...(category?.stages ?? [])]
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((s): Omit<SourceStage, 'index'> => ({ remote_id: s.id, name: clean(s.name), status: 'ACTIVE', custom_fields: { type: 'custom', kind: 'custom' } }));
  const all = [...BEFORE.map(systemStage), ...custom, ...AFTER.map(systemStage)];
  return all.map((s, index) => ({ ...s, index }));
}

const JOB_STATUS: Readonly<Record<string, string>> = { published: 'OPEN', open: 'OPEN', active: 'OPEN', unpublished: 'CLOSED', closed: 'CLOSED', draft: 'DRAFT', archived: 'ARCHIVED' };
const EMPLOYMENT: Readonly<Record<string, string>> = { intern: 'INTERNSHIP', trainee: 'INTERNSHIP', freelance: 'CONTRACT', 'full-time': 'FULL_TIME', 'part-time': 'PART_TIME' };
const ROLES: Readonly<Record<string, 'RECRUITER' | 'HIRING_MANAGER'>> = { RECRUITER: 'RECRUITER', HIRING_MANAGER: 'HIRING_MANAGER' };

/** Whether a job takes applications (published); an unknown status is left to Personio to judge. */
export function jobTakesApplications(job: PersonioJob): boolean {
  const status = clean(job.status)?.toLowerCase();
  return status === undefined || status === null || JOB_STATUS[status] === undefined || JOB_STATUS[status] === 'OPEN';
}

export function mapJob(j: PersonioJob, category: PersonioCategory | undefined): SourceJob {
  const status = clean(j.status)?.toLowerCase() ?? null;
  const office = typeof j.office === 'string' ? clean(j.office) : clean(j.office?.name);
  const team = new Map<string, Set<'RECRUITER' | 'HIRING_MANAGER'>>();
  for (const member of j.hiring_team ?? []) {
    const roles = team.get(member.id) ?? new Set();
    const role = ROLES[clean(member.role)?.toUpperCase() ?? ''];
    if (role) roles.add(role);
    team.set(member.id, roles);
  }
  return {
    remote_id: j.id,
    name: clean(j.name),
    job_code: null,
    description: null,
    confidential: null,
    weekly_hours: null,
    employment_type: EMPLOYMENT[clean(j.employment_type)?.toLowerCase() ?? ''] ?? null,
    status: status === null ? null : (JOB_STATUS[status] ?? status.toUpperCase()),
    visibility: status === 'published' ? 'PUBLIC' : null,
    category: clean(j.category?.name) ?? clean(category?.name),
    department: clean(j.department?.name),
    post_url: null,
    experience_level: null,
    remote_work_status: null,
    salary_amount: null,
    salary_amount_from: null,
    salary_amount_to: null,
    salary_currency: null,
    salary_period: null,
    location: office ? { raw: office, city: office } : null,
    remote_url: null,
    opened_at: null,
    closed_at: null,
    contact_user_remote_id: (j.hiring_team ?? []).find((m) => clean(m.role)?.toUpperCase() === 'RECRUITER')?.id ?? null,
    stages: mapStages(category),
    screening_questions: [],
    job_postings: [],
    hiring_team: [...team].map(([user_remote_id, roles]) => ({ user_remote_id, hiring_team_roles: [...roles], job_roles: [] })),
    remote_created_at: instant(j.created_at),
    remote_updated_at: instant(j.updated_at),
    remote_data: { ...j },
  };
}

export function mapCandidate(c: PersonioCandidate): SourceCandidate {
  const email = clean(c.email);
  const phone = clean(c.phone);
  const linkedin = clean(c.linkedin_profile);
  const location = clean(c.location);
  return {
    remote_id: c.id,
    first_name: clean(c.first_name),
    last_name: clean(c.last_name),
    company: null,
    title: null,
    confidential: null,
    // The channel is the application's, not the person's.
    source: null,
    phone_numbers: phone ? [{ phone_number: phone, type: null }] : [],
    email_addresses: email ? [{ email_address: email, type: null }] : [],
    social_media: linkedin ? [{ link: linkedin, type: 'LINKEDIN', username: null }] : [],
    location: location ? { raw: location, city: location } : null,
    remote_url: null,
    // Documented: the candidates API returns no tags (nor custom attributes).
    tags: [],
    remote_created_at: instant(c.created_at),
    remote_updated_at: instant(c.updated_at),
    remote_data: { ...c },
  };
}

/** `rejectedAt`: when a declined application entered its closing phase (from its stage transitions), if read. */
export function mapApplication(a: PersonioApplication, rejectedAt: string | null = null): SourceApplication {
  const kind = kindOf(a.current_stage);
  const declined = kind === 'rejected' || kind === 'withdrawn';
  const hired = kind === 'accepted' || kind === 'hired';
  return {
    remote_id: a.id,
    candidate_remote_id: a.candidate.id,
    job_remote_id: a.job?.id ?? null,
    current_stage_remote_id: stageRemoteId(a.current_stage),
    outcome: declined ? 'DECLINED' : hired ? 'HIRED' : 'PENDING',
    rejection_reason_name: null,
    rejected_at: declined ? rejectedAt : null,
    screening_question_answers: null,
    remote_url: null,
    remote_created_at: instant(a.created_at) ?? iso(a.application_date),
    remote_updated_at: instant(a.updated_at),
    remote_data: { ...a },
  };
}

/** Whether an application is declined (its rejection time is worth a read of its stage transitions). */
export const isDeclined = (a: PersonioApplication): boolean => ['rejected', 'withdrawn'].includes(kindOf(a.current_stage));

/** A person on a hiring team; `null` details when the credentials may not read persons. */
export function mapUser(id: string, person: PersonioPerson | undefined): SourceUser {
  const status = clean(person?.status)?.toUpperCase();
  return {
    remote_id: id,
    first_name: clean(person?.first_name),
    last_name: clean(person?.last_name),
    email: clean(person?.email),
    status: status === 'ACTIVE' || status === 'INACTIVE' ? status : null,
    system_roles: [],
  };
}
