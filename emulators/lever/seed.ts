/**
 * Deterministic generation of a Lever account: users, the (global) pipeline stages, archive reasons,
 * postings, contacts (people) and opportunities (candidacies). Same seed and size give the same data.
 */
import { Rng, uuidFor } from './prng.js';
import type { AccessRole, ArchiveReason, Contact, DeletedOpportunity, Opportunity, Origin, Posting, Stage, StageChange, User } from './types.js';
import { CITIES, COMMITMENTS, COMPANIES, FIRST, JOB_TITLES, LAST, LEVELS, SCHOOLS, SKILL_TAGS, SOURCES, TEAMS, slug } from './words.js';

const DAY = 86_400_000;
/** Seeded records are created in [START, END); nothing seeded happens at or after CAP. */
export const START = Date.UTC(2021, 0, 1);
const END = Date.UTC(2026, 5, 1);
const CAP = Date.UTC(2026, 6, 1);
/** Records created before this are "old": many have `updatedAt: null` and stage changes without `userId`. */
const OLD = Date.UTC(2021, 9, 1);
/** Index (in the stage list) of the first applicant stage; the lead stages come before it. */
export const APPLICANT_STAGE = 3;
const OFFER_STAGE = 8;

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

export function makeStages(seed: number): Stage[] {
  const custom = (i: number) => uuidFor(seed, 'stage', i);
  return [
    { id: 'lead-new', text: 'New lead' },
    { id: 'lead-reached-out', text: 'Reached out' },
    { id: 'lead-responded', text: 'Responded' },
    { id: 'applicant-new', text: 'New applicant' },
    { id: custom(0), text: 'Recruiter screen' },
    { id: custom(1), text: 'Phone interview' },
    { id: custom(2), text: 'On-site interview' },
    { id: custom(3), text: 'Reference check' },
    { id: 'offer', text: 'Offer' },
  ];
}

export function makeArchiveReasons(seed: number): ArchiveReason[] {
  const rows: [string, ArchiveReason['status'], ArchiveReason['type']][] = [
    ['Hired', 'active', 'hired'],
    ['Underqualified', 'active', 'non-hired'],
    ['Withdrew', 'active', 'non-hired'],
    ['Position filled', 'active', 'non-hired'],
    ['Timing', 'active', 'non-hired'],
    ['Unresponsive', 'active', 'non-hired'],
    ['Offer declined', 'active', 'non-hired'],
    ['Hired (legacy import)', 'inactive', 'hired'],
    ['Duplicate', 'inactive', 'non-hired'],
  ];
  return rows.map(([text, status, type], i) => ({ id: uuidFor(seed, 'archive-reason', i), text, status, type }));
}

export function makeUsers(seed: number, size: number): User[] {
  const count = clamp(Math.round(size / 40), 8, 150);
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    const rng = new Rng(seed, 'user', i);
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const role: AccessRole =
      i === 0 ? 'super admin' : i < 3 ? 'admin' : rng.pick(['team member', 'team member', 'limited team member', 'interviewer'] as const);
    const local = `${slug(first)}.${slug(last)}${i}`;
    const createdAt = START - rng.int(30, 700) * DAY;
    users.push({
      id: uuidFor(seed, 'user', i),
      name: `${first} ${last}`,
      username: local,
      email: `${local}@acme-hiring.example`,
      accessRole: role,
      photo: rng.chance(0.5) ? `https://gravatar.example/avatar/${i}` : null,
      createdAt,
      deactivatedAt: i >= 3 && rng.chance(0.08) ? createdAt + rng.int(200, 1500) * DAY : null,
      externalDirectoryId: rng.chance(0.3) ? `ext-${1000 + i}` : null,
      jobTitle: rng.chance(0.7) ? rng.pick(JOB_TITLES) : null,
      managerId: i > 0 && rng.chance(0.6) ? uuidFor(seed, 'user', rng.int(0, i - 1)) : null,
    });
  }
  return users;
}

export function makePostings(seed: number, size: number, users: readonly User[]): Posting[] {
  const count = clamp(Math.round(size / 25), 4, 2000);
  const staff = users.filter((u) => u.accessRole !== 'interviewer');
  const out: Posting[] = [];
  for (let i = 0; i < count; i++) {
    const rng = new Rng(seed, 'posting', i);
    const [department, team, roles] = rng.pick(TEAMS);
    const level = rng.pick(LEVELS);
    const [city, country] = rng.pick(CITIES);
    const state = rng.pick(['published', 'published', 'published', 'published', 'internal', 'closed', 'closed', 'draft', 'pending'] as const);
    const createdAt = START + Math.floor(rng.next() * (END - START));
    const owner = rng.pick(staff).id;
    out.push({
      id: uuidFor(seed, 'posting', i),
      text: `${level ? `${level} ` : ''}${rng.pick(roles)}`,
      state,
      distributionChannels: state === 'published' ? ['public', 'internal'] : state === 'internal' ? ['internal'] : [],
      user: owner,
      owner,
      hiringManager: rng.chance(0.8) ? rng.pick(staff).id : null,
      commitment: rng.pick(COMMITMENTS),
      department,
      team,
      level,
      location: city,
      allLocations: rng.chance(0.3) ? [city, country === 'US' ? 'Remote - US' : 'Remote - EU'] : [city],
      tags: rng.chance(0.3) ? [department] : [],
      country,
      followers: [owner],
      requisitionCodes: [`${department.slice(0, 3).toUpperCase()}-${new Date(createdAt).getUTCFullYear()}-${String(i).padStart(3, '0')}`],
      confidential: rng.chance(0.08),
      createdAt,
      updatedAt: Math.min(CAP - 1, createdAt + rng.int(0, 90) * DAY + rng.int(0, DAY)),
      workplaceType: rng.pick(['onsite', 'remote', 'hybrid', 'hybrid', 'unspecified'] as const),
    });
  }
  return out;
}

export function makeContact(seed: number, index: number): Contact {
  const rng = new Rng(seed, 'contact', index);
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const [city] = rng.pick(CITIES);
  return {
    id: uuidFor(seed, 'contact', index),
    name: `${first} ${last}`,
    headline: `${rng.pick(COMPANIES)}, ${rng.pick(SCHOOLS)}`,
    location: city,
    emails: [`${slug(first)}.${slug(last)}.${index}@example.org`],
    phones: rng.chance(0.8) ? [{ type: 'mobile', value: `+1 555 01${String(index % 100).padStart(2, '0')} ${String(index).padStart(4, '0').slice(-4)}` }] : [],
    links: rng.chance(0.6) ? [`https://www.linkedin.com/in/${slug(first)}-${slug(last)}-${index}`] : [],
  };
}

const ORIGIN_WEIGHTS: readonly Origin[] = ['applied', 'applied', 'applied', 'sourced', 'sourced', 'referred', 'agency', 'university', 'internal'];

/** Lookup lists computed once, so generating one opportunity is cheap. */
export interface SeedRefs {
  stages: readonly Stage[];
  active: readonly User[];
  openPostings: readonly Posting[];
  hired: readonly ArchiveReason[];
  rejected: readonly ArchiveReason[];
}

export function seedRefs(stages: readonly Stage[], reasons: readonly ArchiveReason[], users: readonly User[], postings: readonly Posting[]): SeedRefs {
  return {
    stages,
    active: users.filter((u) => u.deactivatedAt === null && u.accessRole !== 'interviewer'),
    openPostings: postings.filter((p) => p.state !== 'draft' && p.state !== 'pending'),
    hired: reasons.filter((r) => r.type === 'hired' && r.status === 'active'),
    rejected: reasons.filter((r) => r.type === 'non-hired'),
  };
}

/** The `seq`th seeded opportunity, for the given contact. */
export function makeOpportunity(seed: number, seq: number, contactId: string, refs: SeedRefs): Opportunity & { seededChanges: StageChange[] } {
  const rng = new Rng(seed, 'opportunity', seq);
  const { active, openPostings, hired, rejected } = refs;
  const createdAt = START + Math.floor(rng.next() * (END - START));
  const origin = rng.pick(ORIGIN_WEIGHTS);
  const posting = origin === 'sourced' && rng.chance(0.5) ? null : openPostings.length > 0 ? rng.pick(openPostings) : null;
  const first = posting === null || (origin === 'sourced' && rng.chance(0.6)) ? 0 : APPLICANT_STAGE;
  const depth = Math.min(OFFER_STAGE - first, Math.floor(rng.next() ** 2 * 7));
  const old = createdAt < OLD;
  const legacy = old && rng.chance(0.6);
  const owner = rng.pick(active).id;
  const changes: StageChange[] = [];
  let t = createdAt;
  for (let k = 0; k <= depth; k++) {
    const index = first + k;
    const stage = refs.stages[index];
    if (!stage) break;
    if (k > 0) t = Math.min(CAP - 1, t + rng.int(1, 14) * DAY + rng.int(0, DAY));
    changes.push(legacy ? { toStageId: stage.id, toStageIndex: index, updatedAt: t } : { toStageId: stage.id, toStageIndex: index, updatedAt: t, userId: owner });
  }
  const lastChange = changes[changes.length - 1] ?? { toStageId: 'lead-new', toStageIndex: 0, updatedAt: createdAt };
  let archived: Opportunity['archived'] = null;
  if (lastChange.toStageIndex === OFFER_STAGE && rng.chance(0.6)) archived = { reason: rng.pick(hired).id, archivedAt: 0 };
  else if (rng.chance(0.45)) archived = { reason: rng.pick(rejected).id, archivedAt: 0 };
  if (archived) archived.archivedAt = Math.min(CAP - 1, lastChange.updatedAt + rng.int(1, 20) * DAY);
  const lastEvent = Math.max(lastChange.updatedAt, archived?.archivedAt ?? 0);
  const updatedAt = legacy ? null : Math.min(CAP - 1, lastEvent + rng.int(1_000, 3 * DAY));
  const postingTags = posting ? [posting.text, posting.team, posting.department, posting.location, posting.commitment] : [];
  const source = origin === 'referred' ? 'Referral' : origin === 'agency' ? 'Agency' : origin === 'applied' ? rng.pick(['Company website', 'LinkedIn', 'Indeed'] as const) : rng.pick(SOURCES.filter((s) => s !== 'Referral' && s !== 'Agency'));
  return {
    id: uuidFor(seed, 'opportunity', seq),
    seq,
    seedDepth: depth,
    contactId,
    stage: lastChange.toStageId,
    confidential: posting?.confidential ?? false,
    postingId: posting?.id ?? null,
    applicationId: posting ? uuidFor(seed, 'application', seq) : null,
    applicationType: origin === 'referred' ? 'referral' : origin === 'applied' ? 'posting' : 'user',
    tags: [...new Set([...rng.sample(SKILL_TAGS, rng.int(0, 3)), ...postingTags])],
    sources: [source],
    origin,
    owner,
    followers: posting?.hiringManager && posting.hiringManager !== owner ? [owner, posting.hiringManager] : [owner],
    sourcedBy: origin === 'sourced' ? owner : origin === 'referred' ? rng.pick(active).id : null,
    createdAt,
    updatedAt,
    lastInteractionAt: Math.max(createdAt, (updatedAt ?? lastEvent) - rng.int(0, 60_000)),
    lastAdvancedAt: lastChange.updatedAt,
    snoozedUntil: archived === null && rng.chance(0.03) ? Date.UTC(2027, 0, 1) + rng.int(0, 200) * DAY : null,
    stageChanges: null,
    archived,
    opportunityLocation: posting?.location ?? null,
    seededChanges: changes,
  };
}

/** Opportunities deleted before the emulator started, so `/opportunities/deleted` is not empty. */
export function makeDeleted(seed: number, size: number, users: readonly User[]): DeletedOpportunity[] {
  const out: DeletedOpportunity[] = [];
  for (let i = 0; i < Math.round(size / 100); i++) {
    const rng = new Rng(seed, 'deleted', i);
    out.push({
      id: uuidFor(seed, 'deleted-opportunity', i),
      applicationId: rng.chance(0.7) ? uuidFor(seed, 'deleted-application', i) : null,
      deletedAt: START + Math.floor(rng.next() * (END - START)),
      deletedBy: rng.chance(0.9) ? rng.pick(users).id : null,
    });
  }
  return out;
}
