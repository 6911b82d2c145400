/**
 * Lever account lists → source records (pure functions): users with their access role, the
 * access roles, tags (strings: the text is the remote id), rejection reasons (active non-hired
 * archive reasons) and postings as jobs, each with Lever's global pipeline as its stages.
 * Shared helpers live here too; `mapping.ts` re-exports everything.
 */
import type { RoleUnifiedType } from '../../model/common.js';
import type { SourceHiringTeamMember, SourceJob, SourceRejectionReason, SourceRole, SourceStage, SourceTag, SourceUser } from '../source-records.js';
import { refId, type LeverArchiveReason, type LeverLabel, type LeverPosting, type LeverStage, type LeverUser } from './vendor-schemas.js';

export const iso = (value: number | null | undefined): string | null =>
  value === null || value === undefined || !Number.isFinite(value) ? null : new Date(value).toISOString();

export const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** "Ada Lovelace King" → first "Ada", last "Lovelace King"; Lever keeps one full name. */
export function splitName(name: string | null | undefined): { first_name: string | null; last_name: string | null } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { first_name: null, last_name: null };
  return { first_name: parts[0] ?? null, last_name: parts.length > 1 ? parts.slice(1).join(' ') : null };
}

// --- users and roles -------------------------------------------------------------------------

/** Lever's fixed access roles (users' `accessRole`), as system roles. */
export const ACCESS_ROLES: ReadonlyArray<{ id: string; label: string; unified_type: RoleUnifiedType | null }> = [
  { id: 'super admin', label: 'Super admin', unified_type: 'ADMIN' },
  { id: 'admin', label: 'Admin', unified_type: 'ADMIN' },
  { id: 'team member', label: 'Team member', unified_type: null },
  { id: 'limited team member', label: 'Limited team member', unified_type: null },
  { id: 'interviewer', label: 'Interviewer', unified_type: 'INTERVIEWER' },
];

export function mapRoles(): SourceRole[] {
  return ACCESS_ROLES.map((r) => ({ remote_id: r.id, remote_label: r.label, scope: 'SYSTEM', unified_type: r.unified_type }));
}

export function mapUser(user: LeverUser): SourceUser {
  const role = ACCESS_ROLES.find((r) => r.id === user.accessRole);
  const { first_name, last_name } = splitName(user.name);
  return {
    remote_id: user.id,
    first_name,
    last_name,
    email: clean(user.email),
    status: user.deactivatedAt === null || user.deactivatedAt === undefined ? 'ACTIVE' : 'INACTIVE',
    system_roles: role
      ? [{ remote_id: role.id, remote_label: role.label, scope: 'SYSTEM', unified_type: role.unified_type }]
      : user.accessRole
        ? [{ remote_id: user.accessRole, remote_label: user.accessRole, scope: 'SYSTEM', unified_type: null }]
        : [],
  };
}

// --- tags and rejection reasons --------------------------------------------------------------

export const mapTag = (tag: LeverLabel): SourceTag => ({ remote_id: tag.text, name: tag.text });

/** Rejection reasons: the active archive reasons of type non-hired (hired ones mark hires). */
export function mapRejectionReasons(reasons: readonly LeverArchiveReason[]): SourceRejectionReason[] {
  return reasons.filter((r) => r.type === 'non-hired' && (r.status ?? 'active') === 'active').map((r) => ({ remote_id: r.id, name: r.text }));
}

// --- jobs ------------------------------------------------------------------------------------

/** Lever's stages are `{id, text}`: no archived flag, no custom fields (null for both). */
export function mapStages(stages: readonly LeverStage[]): SourceStage[] {
  return stages.map((s, index) => ({ remote_id: s.id, name: s.text, index, status: null, custom_fields: null }));
}

const STATUS: Record<string, string> = { published: 'OPEN', internal: 'OPEN', closed: 'CLOSED', draft: 'DRAFT', pending: 'DRAFT', rejected: 'DRAFT' };
/** Postings in these states take new candidates. */
export const OPEN_POSTING_STATES: readonly string[] = ['published', 'internal'];

function employmentType(commitment: string | null | undefined): string | null {
  const key = (commitment ?? '').toLowerCase().replace(/[^a-z]/g, '');
  if (key.startsWith('fulltime') || key === 'permanent') return 'FULL_TIME';
  if (key.startsWith('parttime')) return 'PART_TIME';
  if (key.startsWith('intern')) return 'INTERNSHIP';
  if (key.startsWith('contract') || key.startsWith('freelance')) return 'CONTRACT';
  if (key.startsWith('seasonal')) return 'SEASONAL';
  return null;
}

function visibility(p: LeverPosting): string | null {
  if (p.state === 'internal') return 'UNLISTED';
  if (p.state !== 'published') return null;
  const channels = p.distributionChannels ?? [];
  if (channels.includes('public')) return 'PUBLIC';
  return channels.includes('internal') ? 'INTERNAL' : 'UNLISTED';
}

const REMOTE: Record<string, string> = { remote: 'REMOTE', hybrid: 'HYBRID', onsite: 'ON_SITE' };
const PERIOD: Record<string, string> = {
  'per-year-salary': 'YEAR',
  'per-month-salary': 'MONTH',
  'per-week-salary': 'WEEK',
  'per-day-wage': 'DAY',
  'per-hour-wage': 'HOUR',
};

function description(p: LeverPosting): string | null {
  const content = p.content;
  if (!content) return null;
  const lists = (content.lists ?? []).map((l) => `<h3>${l.text ?? l.title ?? ''}</h3><ul>${l.content ?? ''}</ul>`);
  const html = [content.descriptionHtml ?? content.description ?? '', ...lists, content.closingHtml ?? ''].filter((s) => s.trim() !== '').join('\n');
  return html === '' ? null : html;
}

function hiringTeam(p: LeverPosting): SourceHiringTeamMember[] {
  const team = new Map<string, SourceHiringTeamMember>();
  const add = (userId: string | null, role: 'RECRUITER' | 'HIRING_MANAGER', remoteId: string, label: string) => {
    if (!userId) return;
    const member = team.get(userId) ?? { user_remote_id: userId, hiring_team_roles: [], job_roles: [] };
    member.hiring_team_roles.push(role);
    member.job_roles.push({ remote_id: remoteId, remote_label: label, scope: 'JOB', unified_type: role });
    team.set(userId, member);
  };
  add(refId(p.owner), 'RECRUITER', 'owner', 'Posting owner');
  add(refId(p.hiringManager), 'HIRING_MANAGER', 'hiringManager', 'Hiring manager');
  return [...team.values()];
}

/** A posting as a job: its one job posting is itself; its stages are Lever's global pipeline. */
export function mapJob(p: LeverPosting, stages: readonly SourceStage[]): SourceJob {
  const categories = p.categories ?? null;
  const city = clean(categories?.location);
  const salary = p.salaryRange ?? null;
  const status = STATUS[p.state] ?? null;
  const showUrl = clean(p.urls?.show);
  const html = description(p);
  return {
    remote_id: p.id,
    name: clean(p.text),
    job_code: p.requisitionCodes?.[0] ?? clean(p.reqCode),
    description: html,
    confidential: p.confidentiality === 'confidential',
    weekly_hours: null,
    employment_type: employmentType(categories?.commitment),
    status,
    visibility: visibility(p),
    category: clean(categories?.team),
    department: clean(categories?.department),
    post_url: showUrl,
    experience_level: clean(categories?.level),
    remote_work_status: REMOTE[p.workplaceType ?? ''] ?? null,
    salary_amount: null,
    salary_amount_from: salary?.min ?? null,
    salary_amount_to: salary?.max ?? null,
    salary_currency: clean(salary?.currency),
    salary_period: PERIOD[salary?.interval ?? ''] ?? null,
    location: city || p.country ? { city, country: clean(p.country), raw: city } : null,
    remote_url: null,
    opened_at: null,
    closed_at: null,
    remote_created_at: iso(p.createdAt),
    remote_updated_at: iso(p.updatedAt),
    contact_user_remote_id: refId(p.owner),
    stages: [...stages],
    screening_questions: [],
    job_postings: [
      {
        remote_id: p.id,
        title: clean(p.text),
        description_html: html,
        status: status === 'OPEN' ? 'ACTIVE' : status === 'CLOSED' ? 'INACTIVE' : status === 'DRAFT' ? 'DRAFT' : null,
        visibility: ((v) => (v === 'PUBLIC' || v === 'INTERNAL' || v === 'UNLISTED' ? v : null))(visibility(p)),
        url: showUrl,
      },
    ],
    hiring_team: hiringTeam(p),
  };
}
