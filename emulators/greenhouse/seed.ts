/**
 * Deterministic seed data: the same `seed` and `size` always give the same records. `size` is
 * the number of candidates; jobs, users, applications, attachments, notes, interviews and offers
 * scale with it. Records are compact (see store.ts) so that 100,000 candidates fit comfortably.
 */
import { GreenhouseState, ID_BASE, type AppStatus, type Application, type Candidate, type Job, type Stage } from './store.js';

/** All seeded timestamps lie in the two years before this instant. */
export const SEED_EPOCH = Date.UTC(2026, 9, 1);
const DAY = 86_400_000;
const SPAN = 730 * DAY;

const FIRST = ['Priya', 'Sam', 'Ada', 'Liam', 'Noor', 'Mateo', 'Chloe', 'Kenji', 'Fatima', 'Oliver', 'Ines', 'Tobias', 'Amara', 'Lucas', 'Sofia', 'Ravi', 'Hannah', 'Diego', 'Mei', 'Jonas', 'Zara', 'Ethan', 'Leila', 'Marcus', 'Yuki', 'Elena', 'Kwame', 'Isla', 'Omar', 'Freya', 'Nikhil', 'Clara', 'Tariq', 'Astrid', 'Felix', 'Maya', 'Hugo', 'Anya', 'Kofi', 'Lena'];
const LAST = ['Raman', 'Ortiz', 'Kim', 'Murphy', 'Haddad', 'Silva', 'Dubois', 'Tanaka', 'Khan', 'Schmidt', 'Rossi', 'Novak', 'Okafor', 'Jensen', 'Garcia', 'Patel', 'Weber', 'Moreno', 'Chen', 'Berg', 'Ali', 'Walsh', 'Nasser', 'Fischer', 'Sato', 'Petrova', 'Mensah', 'Byrne', 'Farouk', 'Lindqvist', 'Iyer', 'Fontaine', 'Aziz', 'Holm', 'Brandt', 'Levi', 'Laurent', 'Volkov', 'Boateng', 'Meyer'];
const COMPANIES = ['Northwind Labs', 'Globex', 'Initech', 'Umbrella Analytics', 'Hooli', 'Vandelay Industries', 'Stark Logistics', 'Acme Cloud', 'Wayne Fintech', 'Soylent Foods', 'Cyberdyne Robotics', 'Tyrell Bio', 'Pied Piper', 'Massive Dynamic', 'Aperture Health', null];
const TITLES = ['Backend Engineer', 'Frontend Engineer', 'Data Scientist', 'Product Manager', 'Product Designer', 'Account Executive', 'Marketing Manager', 'Customer Success Manager', 'Financial Analyst', 'Recruiter', 'Site Reliability Engineer', 'Engineering Manager', null];
const ROLES = ['Software Engineer', 'Senior Backend Engineer', 'Frontend Engineer', 'Data Engineer', 'Product Manager', 'Product Designer', 'Account Executive', 'Sales Development Rep', 'Growth Marketer', 'Customer Success Manager', 'Financial Analyst', 'People Partner', 'Site Reliability Engineer', 'Engineering Manager', 'Security Engineer', 'Solutions Architect'];
const DEPARTMENTS = ['Engineering', 'Product', 'Design', 'Sales', 'Marketing', 'Customer Success', 'Finance', 'People'];
const OFFICES: [string, string][] = [['London', 'London, United Kingdom'], ['New York', 'New York, NY, United States'], ['Berlin', 'Berlin, Germany'], ['San Francisco', 'San Francisco, CA, United States'], ['Remote', 'Anywhere']];
const SOURCES = ['LinkedIn', 'Indeed', 'Company Website', 'Referral', 'Agency', 'Career Fair', 'Glassdoor', 'Other'];
const REASONS: [string, 1 | 2 | 3][] = [['Lacking skill(s)/qualification(s)', 1], ['Failed technical assessment', 1], ['Position filled', 1], ['Location mismatch', 1], ['Accepted another offer', 2], ['Compensation expectations', 2], ['Withdrew application', 2], ['Other', 3]];
const TAGS = ['Python', 'Java', 'TypeScript', 'Go', 'Referral', 'Silver Medalist', 'Leadership', 'Remote OK', 'Relocation', 'Veteran', 'Diversity Event', 'University Hire'];
const STAGES = ['Application Review', 'Preliminary Phone Screen', 'Phone Interview', 'Take Home Test', 'Face to Face', 'Reference Check', 'Offer'];
const EMPLOYMENT = ['Full-time', 'Full-time', 'Full-time', 'Part-time', 'Contract', 'Intern'];

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = (seed ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedState(seed: number, size: number): GreenhouseState {
  const s = new GreenhouseState(SEED_EPOCH);
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const start = SEED_EPOCH - SPAN - 60 * DAY;
  const base = (kind: keyof typeof ID_BASE) => s.nextId(kind, ID_BASE[kind]);

  DEPARTMENTS.forEach((name) => s.departments.insert({ id: base('department'), name, createdAt: start, updatedAt: start }));
  OFFICES.forEach(([name, location]) => s.offices.insert({ id: base('office'), name, location, parentId: null, createdAt: start, updatedAt: start }));
  SOURCES.forEach((name) => s.sources.insert({ id: base('source'), name, createdAt: start, updatedAt: start }));
  REASONS.forEach(([name, typeId]) => s.rejectionReasons.insert({ id: base('rejectionReason'), name, typeId, createdAt: start, updatedAt: start }));
  TAGS.forEach((name) => s.candidateTags.insert({ id: base('candidateTag'), name, createdAt: start, updatedAt: start }));
  const departments = s.departments.rows.map((d) => d.id);
  const offices = s.offices.rows.map((o) => o.id);

  const userCount = Math.max(8, Math.ceil(size / 200));
  for (let i = 0; i < userCount; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    s.users.insert({
      id: base('user'), firstName: first, lastName: last, email: `${first}.${last}.${i}@acme-recruiting.example`.toLowerCase(),
      jobTitle: i === 0 ? 'Head of Talent' : pick(['Recruiter', 'Recruiting Coordinator', 'Hiring Manager', 'Sourcer', 'Interviewer']),
      employeeId: i % 3 === 0 ? null : `E-${1000 + i}`, siteAdmin: i < 2, deactivated: i > 3 && rnd() < 0.05,
      departmentIds: [pick(departments)], officeIds: [pick(offices)], createdAt: start + int(30) * DAY, updatedAt: start + int(300) * DAY,
    });
  }
  const users = s.users.rows.filter((u) => !u.deactivated).map((u) => u.id);
  s.serviceUserId = s.users.rows[0]?.id ?? 0;

  const jobCount = Math.max(3, Math.ceil(size / 40));
  const jobStages: Stage[][] = [];
  const jobOwners: { recruiter: number; coordinator: number }[] = [];
  for (let j = 0; j < jobCount; j++) {
    const createdAt = start + Math.floor((j / jobCount) * SPAN * 0.9) + int(DAY);
    const r = rnd();
    const status: Job['status'] = r < 0.75 ? 'open' : r < 0.95 ? 'closed' : 'draft';
    const openedAt = status === 'draft' ? null : createdAt + 2 * DAY;
    const closedAt = status === 'closed' ? Math.min(SEED_EPOCH, createdAt + (60 + int(200)) * DAY) : null;
    const job = s.jobs.insert({
      id: base('job'), name: pick(ROLES), requisitionId: `REQ-${2024 + Math.floor(j / 400)}-${String(j + 1).padStart(4, '0')}`,
      notes: j % 4 === 0 ? '<p>Hiring plan approved by finance.</p>' : null, confidential: rnd() < 0.05, status,
      createdAt, updatedAt: closedAt ?? Math.min(SEED_EPOCH, createdAt + int(90) * DAY), openedAt, closedAt,
      departmentId: pick(departments), officeIds: rnd() < 0.2 ? [pick(offices), pick(offices)].filter((v, i, a) => a.indexOf(v) === i) : [pick(offices)],
      employmentType: pick(EMPLOYMENT),
    });
    const stages = STAGES.filter((name) => !(name === 'Take Home Test' && j % 3 === 0)).map((name, i) =>
      s.stages.insert({ id: base('stage'), jobId: job.id, name, sortOrder: i, active: true, createdAt, updatedAt: createdAt }),
    );
    stages.forEach((st) => s.stagesByJob.add(job.id, st.id));
    jobStages.push(stages);
    const openings = 1 + int(3);
    for (let o = 0; o < openings; o++) {
      const opening = s.openings.insert({
        id: base('opening'), jobId: job.id, openingId: `${job.requisitionId}-${o + 1}`, sortOrder: o, openedAt: openedAt ?? createdAt,
        closedAt: status === 'closed' ? closedAt : null, applicationId: null, closeReasonId: null, createdAt, updatedAt: createdAt,
      });
      s.openingsByJob.add(job.id, opening.id);
    }
    const owners = { recruiter: pick(users), coordinator: pick(users) };
    jobOwners.push(owners);
    s.jobOwners.insert({ id: base('jobOwner'), jobId: job.id, userId: pick(users), type: 'hiring_manager', responsible: false, createdAt });
    s.jobOwners.insert({ id: base('jobOwner'), jobId: job.id, userId: owners.recruiter, type: 'recruiter', responsible: true, createdAt });
    s.jobOwners.insert({ id: base('jobOwner'), jobId: job.id, userId: owners.coordinator, type: 'coordinator', responsible: false, createdAt });
  }
  const jobs = s.jobs.rows;
  const reasons = s.rejectionReasons.rows.map((r) => r.id);
  const sources = s.sources.rows.map((x) => x.id);
  const tags = s.candidateTags.rows.map((t) => t.id);

  for (let i = 0; i < size; i++) {
    const createdAt = start + Math.floor((i / Math.max(1, size)) * SPAN) + int(6 * 3600_000);
    const first = pick(FIRST);
    const last = pick(LAST);
    const cand: Candidate = {
      id: base('candidate'), createdAt, updatedAt: Math.min(SEED_EPOCH, createdAt + int(45) * DAY), lastActivityAt: createdAt,
      firstName: first, lastName: last, preferredName: rnd() < 0.05 ? first.slice(0, 3) : null, company: pick(COMPANIES), title: pick(TITLES),
      isPrivate: rnd() < 0.02, canEmail: rnd() > 0.03, email: `${first}.${last}.${i + 1}@example.org`.toLowerCase(),
      phone: rnd() < 0.8 ? `+1 555 01${String(int(100)).padStart(2, '0')} ${String(int(10000)).padStart(4, '0')}` : null,
    };
    s.candidates.insert(cand);
    const appCount = rnd() < 0.7 ? 1 : rnd() < 0.67 ? 2 : 3;
    for (let k = 0; k < appCount; k++) {
      const jobIndex = Math.min(jobs.length - 1, Math.floor(((i / Math.max(1, size)) * 0.9 + rnd() * 0.1) * jobs.length));
      addSeedApplication(s, cand, jobs[jobIndex] as Job, jobStages[jobIndex] ?? [], jobOwners[jobIndex], createdAt + k * 9 * DAY, rnd, { reasons, sources, users });
    }
    if (rnd() < 0.3) {
      const first = pick(tags);
      const pickedTags = rnd() < 0.3 ? [first, pick(tags)].filter((v, idx, a) => a.indexOf(v) === idx) : [first];
      for (const tagId of pickedTags) {
        const row = s.appliedTags.insert({ id: base('appliedTag'), candidateId: cand.id, tagId, createdAt: cand.createdAt + DAY });
        s.tagsByCandidate.add(cand.id, row.id);
      }
    }
    if (rnd() < 0.25) {
      s.notes.insert({
        id: base('note'), candidateId: cand.id, applicationId: null, userId: pick(users), type: 'NOTE', subject: null,
        body: pick(['Strong communicator, follow up next quarter.', 'Prefers remote roles.', 'Referred by a former colleague.', 'Asked about visa sponsorship.']),
        visibility: pick(['publicly_visible', 'publicly_visible', 'privately_visible', 'admin_only_visible'] as const),
        emailFrom: null, emailTo: null, emailCc: null, createdAt: Math.min(SEED_EPOCH, cand.createdAt + 3 * DAY),
      });
    }
  }
  return s;
}

interface Pools {
  reasons: number[];
  sources: number[];
  users: number[];
}

function addSeedApplication(
  s: GreenhouseState, cand: Candidate, job: Job, stages: Stage[], owners: { recruiter: number; coordinator: number } | undefined,
  createdAt: number, rnd: () => number, pools: Pools,
): void {
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const prospect = rnd() < 0.08;
  const r = rnd();
  let status: AppStatus = prospect ? (r < 0.15 ? 'converted' : 'in_process') : r < 0.55 ? 'in_process' : r < 0.9 ? 'rejected' : 'hired';
  let stageIndex = prospect ? -1 : status === 'hired' ? stages.length - 1 : Math.min(stages.length - 1, Math.floor(rnd() * rnd() * stages.length));
  if (status === 'hired' && job.status === 'draft') {
    status = 'in_process';
    stageIndex = 0;
  }
  const stage = stageIndex >= 0 ? stages[stageIndex] : undefined;
  const updatedAt = Math.min(SEED_EPOCH, createdAt + (stageIndex + 1) * (2 + int(8)) * 86_400_000);
  const app: Application = {
    id: s.nextId('application', ID_BASE.application), candidateId: cand.id, jobId: prospect ? null : job.id, prospect,
    prospectiveJobIds: prospect ? [job.id] : null, status, stageId: stage?.id ?? null, createdAt, updatedAt, lastActivityAt: updatedAt,
    rejectedAt: status === 'rejected' ? updatedAt : null, rejectionReasonId: status === 'rejected' ? pick(pools.reasons) : null,
    rejectedById: status === 'rejected' ? (owners?.recruiter ?? null) : null, rejectionNoteId: null, sourceId: pick(pools.sources),
    referrerId: null, recruiterId: owners?.recruiter ?? null, coordinatorId: owners?.coordinator ?? null, jobPostId: null,
  };
  s.applications.insert(app);
  s.appsByCandidate.add(cand.id, app.id);
  if (app.jobId !== null) s.appsByJob.add(app.jobId, app.id);
  cand.lastActivityAt = Math.max(cand.lastActivityAt, app.lastActivityAt);

  const file = `${cand.firstName}_${cand.lastName}`;
  if (rnd() < 0.85) addAttachment(s, app, 'resume', `${file}_Resume.pdf`, createdAt + 1000);
  if (rnd() < 0.15) addAttachment(s, app, 'cover_letter', `${file}_Cover_Letter.pdf`, createdAt + 2000);

  if (stage && stageIndex >= 2 && app.jobId !== null) {
    for (const idx of [stageIndex - 1, stageIndex]) {
      const at = stages[idx];
      if (!at) continue;
      const upcoming = idx === stageIndex && status === 'in_process';
      const startsAt = upcoming ? SEED_EPOCH + (1 + int(20)) * 86_400_000 + 14 * 3600_000 : Math.max(createdAt, updatedAt - (stageIndex - idx + 1) * 86_400_000);
      s.interviews.insert({
        id: s.nextId('interview', ID_BASE.interview), applicationId: app.id, jobId: app.jobId, stageId: at.id, startsAt, durationMin: pick([30, 45, 60]),
        status: upcoming ? 'scheduled' : idx === stageIndex && status === 'rejected' ? 'awaiting_feedback' : 'complete',
        organizerId: owners?.coordinator ?? pick(pools.users), interviewerIds: rnd() < 0.5 ? [pick(pools.users)] : [pick(pools.users), pick(pools.users)],
        location: rnd() < 0.5 ? 'Video call' : null, createdAt: Math.min(SEED_EPOCH, startsAt - 3 * 86_400_000), updatedAt: Math.min(SEED_EPOCH, startsAt + 86_400_000),
      });
    }
  }
  const offerStage = stages.length - 1;
  if (app.jobId !== null && (status === 'hired' || (status === 'in_process' && stageIndex === offerStage))) {
    const opening = status === 'hired'
      ? s.openingsByJob.get(app.jobId).map((id) => s.openings.get(id)).find((o) => o !== undefined && o.applicationId === null)
      : undefined;
    if (opening) opening.applicationId = app.id;
    const startsOn = new Date(updatedAt + 30 * 86_400_000).toISOString().slice(0, 10);
    s.offers.insert({
      id: s.nextId('offer', ID_BASE.offer), applicationId: app.id, candidateId: cand.id, jobId: app.jobId, openingId: opening?.id ?? null,
      version: 1, status: status === 'hired' ? 'Accepted' : 'Created', startsOn, sentOn: new Date(updatedAt - 86_400_000).toISOString().slice(0, 10),
      resolvedAt: status === 'hired' ? updatedAt : null, createdAt: updatedAt - 2 * 86_400_000, updatedAt,
    });
  }
}

function addAttachment(s: GreenhouseState, app: Application, type: string, filename: string, createdAt: number): void {
  const row = s.attachments.insert({ id: s.nextId('attachment', ID_BASE.attachment), applicationId: app.id, candidateId: app.candidateId, type, filename, createdAt });
  s.attachmentsByApplication.add(app.id, row.id);
}
