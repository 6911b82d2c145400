/** Sandbox jobs: each one is generated from its index alone. */
import type { HiringTeamRole } from '../../model/common.js';
import type { SourceHiringTeamMember, SourceJob, SourceStage } from '../source-records.js';
import { jobRoleRef, userRemoteId } from './catalog.js';
import { BENEFITS, CITIES, DEPARTMENTS, DUTIES, REQUIREMENTS, type City, type Department } from './names.js';
import { Rng } from './prng.js';
import { generateQuestions } from './questions.js';
import { CAREERS_BASE_URL, DAY_MS, EPOCH_MS, HOUR_MS, REMOTE_BASE_URL, iso, toMinute } from './shared.js';

export type JobStatus = 'OPEN' | 'CLOSED' | 'DRAFT' | 'ARCHIVED';

export interface GeneratedJob {
  index: number;
  record: SourceJob;
  status: JobStatus;
  openedMs: number | null;
  closedMs: number | null;
  city: City;
  /** Hiring-team user remote ids; interviewers are drawn from them. */
  teamUserIds: string[];
}

export const jobRemoteId = (index: number): string => `job-${index + 1}`;

/** The status of job `index`, cheap enough to check before generating the whole job. The first three are always open. */
export function jobStatus(seed: number, index: number): JobStatus {
  if (index < 3) return 'OPEN';
  return new Rng(seed, 'job-status', index).weighted<JobStatus>([
    ['OPEN', 65],
    ['CLOSED', 20],
    ['ARCHIVED', 8],
    ['DRAFT', 7],
  ]);
}

/** Applications only go to jobs that were ever open. */
export const acceptsApplications = (status: JobStatus): boolean => status !== 'DRAFT';

const MIDDLE_STAGES = ['Technical Interview', 'Take-home Assignment', 'Hiring Manager Interview', 'Onsite Interview', 'Reference Check'];

const STAGE_TYPE = (index: number, count: number): string =>
  index < 2 ? 'screening' : index === count - 2 ? 'offer' : index === count - 1 ? 'hired' : 'interview';

/**
 * A job's pipeline. Status and custom fields follow from the job's index alone (no draws from
 * `rng`, so adding them left every other generated value as it was): every fourth job keeps a
 * retired stage (INACTIVE) after the screen, and every third job has no stage custom fields.
 */
function generateStages(rng: Rng, jobId: string, jobIndex: number): SourceStage[] {
  const count = rng.int(5, 7);
  const middle = rng.sampleIndexes(MIDDLE_STAGES.length, count - 4).flatMap((i) => MIDDLE_STAGES[i] ?? []);
  const names = ['Application Review', 'Recruiter Screen', ...middle, 'Offer', 'Hired'];
  return names.map((name, index) => ({
    remote_id: `${jobId}-stage-${index + 1}`,
    name,
    index,
    status: jobIndex % 4 === 1 && index === 2 ? 'INACTIVE' : 'ACTIVE',
    custom_fields: jobIndex % 3 === 0 ? null : { stage_type: STAGE_TYPE(index, names.length), target_days: 3 + index * 2 },
  }));
}

interface Level {
  prefix: string;
  experience: string;
  multiplier: number;
}

function pickLevel(rng: Rng, title: string, employmentType: string): Level {
  if (employmentType === 'INTERNSHIP') return { prefix: '', experience: 'Internship', multiplier: 0.35 };
  const managerial = /Manager|Counsel|Controller/.test(title);
  return rng.weighted<Level>([
    [{ prefix: 'Junior ', experience: 'Entry level', multiplier: 0.7 }, managerial ? 0 : 15],
    [{ prefix: '', experience: 'Mid level', multiplier: 1 }, 40],
    [{ prefix: 'Senior ', experience: 'Senior', multiplier: 1.3 }, 30],
    [{ prefix: 'Lead ', experience: 'Lead', multiplier: 1.6 }, 15],
  ]);
}

function describe(rng: Rng, name: string, department: Department, city: City, years: number): string {
  const fill = (text: string) =>
    text.replace('{area}', department.name.toLowerCase()).replace('{department}', department.name).replace('{years}', String(years));
  const list = (items: readonly string[], count: number) =>
    `<ul>${rng.sample(items, count).map((item) => `<li>${fill(item)}</li>`).join('')}</ul>`;
  return [
    `<p>We are looking for a <strong>${name}</strong> to join our ${department.name} team in ${city.city}.</p>`,
    `<h3>What you'll do</h3>${list(DUTIES, 4)}`,
    `<h3>What we're looking for</h3>${list(REQUIREMENTS, 4)}`,
    `<h3>What we offer</h3>${list(BENEFITS, 3)}`,
  ].join('\n');
}

function hiringTeam(rng: Rng, userCount: number): SourceHiringTeamMember[] {
  const users = rng.sample(rng.sampleIndexes(userCount, rng.int(2, 4)), 4);
  const extra = rng.sample<HiringTeamRole>(['COORDINATOR', 'SOURCER', 'INTERVIEWER'], 2);
  return users.map((user, i) => {
    const roles: HiringTeamRole[] =
      i === 0 ? (rng.chance(0.5) ? ['HIRING_MANAGER', 'INTERVIEWER'] : ['HIRING_MANAGER']) : i === 1 ? ['RECRUITER'] : [extra[i - 2] ?? 'INTERVIEWER'];
    return { user_remote_id: userRemoteId(user), hiring_team_roles: roles, job_roles: roles.map(jobRoleRef) };
  });
}

export function generateJob(seed: number, userCount: number, index: number): GeneratedJob {
  const rng = new Rng(seed, 'job', index);
  const id = jobRemoteId(index);
  const status = jobStatus(seed, index);
  const department = rng.pick(DEPARTMENTS);
  const city = rng.pick(CITIES);
  const employmentType = rng.weighted([['FULL_TIME', 80], ['CONTRACT', 8], ['PART_TIME', 6], ['INTERNSHIP', 6]] as const);
  const baseTitle = rng.pick(department.titles);
  const level = pickLevel(rng, baseTitle, employmentType);
  const name = employmentType === 'INTERNSHIP' ? `${baseTitle} Intern` : `${level.prefix}${baseTitle}`;
  const visibility = rng.weighted([['PUBLIC', 70], ['INTERNAL', 15], ['UNLISTED', 15]] as const);

  const createdMs = toMinute(status === 'DRAFT' ? EPOCH_MS - rng.int(1, 60) * DAY_MS - rng.int(0, 23) * HOUR_MS : EPOCH_MS - rng.int(30, 900) * DAY_MS - rng.int(0, 23) * HOUR_MS);
  const openedMs = status === 'DRAFT' ? null : createdMs + rng.int(0, 10) * DAY_MS + rng.int(0, 8) * HOUR_MS;
  const closedMs =
    openedMs !== null && (status === 'CLOSED' || status === 'ARCHIVED')
      ? Math.min(openedMs + rng.int(20, 240) * DAY_MS + rng.int(0, 8) * HOUR_MS, EPOCH_MS - 2 * DAY_MS)
      : null;
  const updatedMs = closedMs ?? (openedMs === null ? createdMs + rng.int(1, 20) * HOUR_MS : Math.max(openedMs, EPOCH_MS - rng.int(1, 40) * DAY_MS));

  const salary = rng.chance(0.7);
  const yearly = department.baseSalary * level.multiplier * city.salaryFactor * (employmentType === 'PART_TIME' ? 0.5 : 1);
  const period = employmentType === 'CONTRACT' ? 'HOUR' : employmentType === 'INTERNSHIP' ? 'MONTH' : 'YEAR';
  const perPeriod = period === 'HOUR' ? yearly / 1900 : period === 'MONTH' ? yearly / 12 : yearly;
  const unit = period === 'YEAR' ? 1000 : period === 'MONTH' ? 100 : 1;
  const round = (value: number) => Math.max(unit, Math.round(value / unit) * unit);

  const postUrl = visibility === 'PUBLIC' && status !== 'DRAFT' ? `${CAREERS_BASE_URL}/jobs/${id}` : null;
  const description = describe(rng, name, department, city, Math.max(1, Math.round(3 * level.multiplier)));
  const team = hiringTeam(rng, userCount);
  const record: SourceJob = {
    remote_id: id,
    name,
    job_code: `${department.code}-${String(index + 1).padStart(4, '0')}`,
    description,
    confidential: rng.chance(0.03),
    weekly_hours: employmentType === 'PART_TIME' ? 20 : 40,
    employment_type: employmentType,
    status,
    visibility,
    category: department.category,
    department: department.name,
    post_url: postUrl,
    experience_level: level.experience,
    remote_work_status: rng.weighted([['ON_SITE', 35], ['HYBRID', 40], ['REMOTE', 25]] as const),
    salary_amount: null,
    salary_amount_from: salary ? round(perPeriod * 0.9) : null,
    salary_amount_to: salary ? round(perPeriod * 1.15) : null,
    salary_currency: salary ? city.currency : null,
    salary_period: salary ? period : null,
    location: { city: city.city, state: city.state, country: city.country, raw: `${city.city}, ${city.countryName}` },
    remote_url: `${REMOTE_BASE_URL}/jobs/${id}`,
    opened_at: openedMs === null ? null : iso(openedMs),
    closed_at: closedMs === null ? null : iso(closedMs),
    contact_user_remote_id: team[1]?.user_remote_id ?? null,
    stages: generateStages(rng, id, index),
    screening_questions: generateQuestions(rng, id),
    job_postings: [
      {
        remote_id: `${id}-posting-1`,
        title: name,
        description_html: description,
        status: status === 'OPEN' ? 'ACTIVE' : status === 'DRAFT' ? 'DRAFT' : 'INACTIVE',
        visibility,
        url: postUrl,
      },
    ],
    hiring_team: team,
    remote_created_at: iso(createdMs),
    remote_updated_at: iso(updatedMs),
  };
  return { index, record, status, openedMs, closedMs, city, teamUserIds: team.map((m) => m.user_remote_id) };
}
