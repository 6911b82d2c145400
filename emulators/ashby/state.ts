/**
 * The Ashby emulator's in-memory organisation: seeded, deterministic records in Ashby's own shapes
 * (UUID ids, ISO-8601 timestamps with ms, PascalCase enums), plus a change sequence that sync
 * tokens are issued against. Every write bumps the record's `seq`, so incremental listings return
 * exactly the records changed since a token was issued.
 */

export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  uuid(): string;
}

export function rng(seed: number): Rng {
  let a = (seed * 2654435761) >>> 0 || 1;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const hex = (n: number) => Array.from({ length: n }, () => int(0, 15).toString(16)).join('');
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`,
  };
}

export type Json = Record<string, unknown>;

/** A stored record: its Ashby shape, the change sequence it was last written at, and a deleted flag. */
export interface Stored<T extends Json = Json> {
  data: T;
  seq: number;
  deleted: boolean;
}

export interface StoredFile {
  id: string;
  name: string;
  handle: string;
  contentType: string;
  body: Uint8Array;
}

export interface Note {
  id: string;
  createdAt: string;
  isPrivate: boolean;
  content: string;
  author: Json;
}

/** The listable collections, by the RPC category that lists them. */
export const COLLECTIONS = ['user', 'job', 'candidate', 'application', 'offer', 'interviewSchedule', 'candidateTag', 'archiveReason', 'source', 'interviewPlan', 'interviewStage', 'interview', 'department', 'location', 'customField', 'jobPosting'] as const;
export type Collection = (typeof COLLECTIONS)[number];

const FIRST = ['Priya', 'Sam', 'Ada', 'Jonas', 'Mei', 'Lucas', 'Amara', 'Noah', 'Sofia', 'Kwame', 'Elena', 'Omar', 'Hana', 'Mateo', 'Ines', 'Ravi', 'Freya', 'Tariq', 'Lena', 'Yusuf'];
const LAST = ['Raman', 'Ortiz', 'Kim', 'Berg', 'Chen', 'Moreau', 'Okafor', 'Schmidt', 'Rossi', 'Mensah', 'Novak', 'Haddad', 'Sato', 'Silva', 'Dubois', 'Iyer', 'Larsen', 'Aziz', 'Weber', 'Demir'];
const COMPANIES = ['Northwind Labs', 'Globex', 'Initech', 'Umbrella Analytics', 'Hooli', 'Stark Industries', 'Wayne Tech', 'Acme Corp'];
const POSITIONS = ['Backend Engineer', 'Product Designer', 'Data Scientist', 'Engineering Manager', 'Account Executive', 'Recruiter'];
const JOB_TITLES = ['Senior Backend Engineer', 'Product Designer', 'Data Scientist', 'Engineering Manager', 'Account Executive', 'Technical Recruiter', 'Frontend Engineer', 'Site Reliability Engineer'];
const TAGS = ['Python', 'Referral', 'Silver medalist', 'Relocation', 'Remote only', 'Leadership', 'Do not contact', 'TypeScript'];
const STAGES: ReadonlyArray<[string, string]> = [
  ['New Lead', 'Lead'],
  ['Application Review', 'PreInterviewScreen'],
  ['Recruiter Screen', 'Active'],
  ['Technical Interview', 'Active'],
  ['Onsite', 'Active'],
  ['Offer', 'Offer'],
  ['Hired', 'Hired'],
  ['Archived', 'Archived'],
];

const PDF = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`);

export class AshbyState {
  seq = 0;
  /** Bumped by the admin "expire sync tokens" switch: tokens of an older epoch are expired. */
  tokenEpoch = 1;
  readonly records: Record<Collection, Map<string, Stored>> = Object.fromEntries(COLLECTIONS.map((c) => [c, new Map<string, Stored>()])) as Record<Collection, Map<string, Stored>>;
  readonly notes = new Map<string, Note[]>();
  readonly files = new Map<string, StoredFile>();
  readonly random: Rng;
  private clock: number;

  constructor(
    seed: number,
    size: number,
    readonly now: () => number = Date.now,
  ) {
    this.random = rng(seed);
    this.clock = Date.UTC(2026, 0, 5, 9, 0, 0);
    this.seed(size);
  }

  /** A seed timestamp, advancing; writes use the real clock. */
  private tick(minutes = 37): string {
    this.clock += minutes * 60_000 + this.random.int(0, 59_999);
    return new Date(this.clock).toISOString();
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  put<T extends Json>(collection: Collection, data: T): T {
    this.records[collection].set(String(data['id']), { data, seq: ++this.seq, deleted: false });
    return data;
  }

  /** Marks a record changed: a new `updatedAt` (where it has one) and a new sequence. */
  touch(collection: Collection, id: string): Json | null {
    const stored = this.records[collection].get(id);
    if (!stored || stored.deleted) return null;
    if ('updatedAt' in stored.data) stored.data['updatedAt'] = this.nowIso();
    stored.seq = ++this.seq;
    return stored.data;
  }

  get(collection: Collection, id: unknown): Json | null {
    if (typeof id !== 'string') return null;
    const stored = this.records[collection].get(id);
    return stored && !stored.deleted ? stored.data : null;
  }

  all(collection: Collection): Json[] {
    return [...this.records[collection].values()].filter((s) => !s.deleted).map((s) => s.data);
  }

  remove(collection: Collection, id: string): boolean {
    const stored = this.records[collection].get(id);
    if (!stored || stored.deleted) return false;
    stored.deleted = true;
    stored.seq = ++this.seq;
    return true;
  }

  addFile(name: string, contentType: string, body: Uint8Array): StoredFile {
    const id = this.random.uuid();
    const handle = Buffer.from(JSON.stringify({ handle: { id, n: this.random.uuid() } })).toString('base64url');
    const file = { id, name, handle, contentType, body };
    this.files.set(handle, file);
    return file;
  }

  stagesOfPlan(planId: string): Json[] {
    return this.all('interviewStage')
      .filter((s) => s['interviewPlanId'] === planId)
      .sort((a, b) => Number(a['orderInInterviewPlan']) - Number(b['orderInInterviewPlan']));
  }

  userRef(id: string): Json | null {
    const u = this.get('user', id);
    return u ? { id: u['id'], firstName: u['firstName'], lastName: u['lastName'], email: u['email'] } : null;
  }

  private seed(size: number): void {
    const r = this.random;
    const roles = ['Organization Admin', 'Elevated Access', 'Limited Access', 'External Recruiter'];
    const users = Array.from({ length: Math.max(4, Math.ceil(size / 10)) }, (_, i) => {
      const first = FIRST[(i * 7) % FIRST.length] ?? 'Sam';
      const last = LAST[(i * 3 + 1) % LAST.length] ?? 'Ortiz';
      return this.put('user', {
        id: r.uuid(),
        firstName: first,
        lastName: last,
        email: `${first}.${last}${i}@example.com`.toLowerCase(),
        globalRole: i === 0 ? 'Organization Admin' : (roles[i % roles.length] ?? 'Limited Access'),
        isEnabled: i % 9 !== 8,
        updatedAt: this.tick(),
      });
    });
    const departments = ['Engineering', 'Design', 'Sales', 'People'].map((name) => this.put('department', { id: r.uuid(), name, isArchived: false, parentId: null }));
    const locations = [
      ['London', 'England', 'United Kingdom'],
      ['Berlin', 'Berlin', 'Germany'],
      ['New York', 'New York', 'United States'],
    ].map(([city, region, country]) =>
      this.put('location', {
        id: r.uuid(),
        name: city,
        isArchived: false,
        isRemote: false,
        address: { postalAddress: { addressLocality: city, addressRegion: region, addressCountry: country } },
      }),
    );
    for (const title of TAGS) this.put('candidateTag', { id: r.uuid(), title, isArchived: false });
    this.put('candidateTag', { id: r.uuid(), title: 'Old campaign', isArchived: true });
    const reasons = [
      ['Lacks Skills/Qualifications', 'RejectedByOrg'],
      ['Compensation mismatch', 'RejectedByCandidate'],
      ['Position filled', 'Other'],
      ['Culture add concerns', 'RejectedByOrg'],
    ].map(([text, reasonType]) => this.put('archiveReason', { id: r.uuid(), text, reasonType, isArchived: false }));
    this.put('archiveReason', { id: r.uuid(), text: 'Legacy reason', reasonType: 'RejectedByOrg', isArchived: true });
    const sourceType = { id: r.uuid(), title: 'Inbound', isArchived: false };
    const sources = ['LinkedIn', 'Careers page', 'Referral', 'Agency'].map((title) => this.put('source', { id: r.uuid(), title, isArchived: false, sourceType }));
    this.put('customField', { id: r.uuid(), isPrivate: false, title: 'Assessment link', objectType: 'Application', isArchived: false, fieldType: 'String' });
    const interviewDefs = ['Recruiter screen', 'System design', 'Coding exercise', 'Hiring manager chat'].map((title) =>
      this.put('interview', { id: r.uuid(), title, externalTitle: title, isArchived: false, isDebrief: false, isFeedbackRequired: true, isFeedbackRequested: true, instructionsHtml: null, instructionsPlain: null }),
    );

    const jobCount = Math.max(3, Math.min(JOB_TITLES.length, Math.ceil(size / 8)));
    const jobs: Json[] = [];
    for (let i = 0; i < jobCount; i++) {
      const plan = this.put('interviewPlan', { id: r.uuid(), title: `${JOB_TITLES[i] ?? 'Role'} plan`, isArchived: false });
      STAGES.forEach(([title, type], order) =>
        this.put('interviewStage', { id: r.uuid(), title, type, orderInInterviewPlan: order, interviewStageGroupId: null, interviewPlanId: plan['id'] }),
      );
      const author = users[0] as Json;
      const status = i === jobCount - 1 ? 'Closed' : i === jobCount - 2 ? 'Draft' : 'Open';
      const createdAt = this.tick(600);
      const hm = users[(i % (users.length - 1)) + 1] as Json;
      jobs.push(
        this.put('job', {
          id: r.uuid(),
          title: JOB_TITLES[i] ?? `Role ${i}`,
          confidential: false,
          status,
          employmentType: i % 4 === 3 ? 'PartTime' : 'FullTime',
          locationId: (locations[i % locations.length] as Json)['id'],
          departmentId: (departments[i % departments.length] as Json)['id'],
          defaultInterviewPlanId: plan['id'],
          interviewPlanIds: [plan['id']],
          jobPostingIds: [],
          customFields: [],
          hiringTeam: [
            { userId: hm['id'], firstName: hm['firstName'], lastName: hm['lastName'], email: hm['email'], role: 'Hiring Manager' },
            { userId: author['id'], firstName: author['firstName'], lastName: author['lastName'], email: author['email'], role: 'Recruiter' },
          ],
          customRequisitionId: `REQ-2026-${String(100 + i)}`,
          brandId: null,
          author: { ...author },
          createdAt,
          updatedAt: createdAt,
          openedAt: status === 'Draft' ? null : createdAt,
          closedAt: status === 'Closed' ? this.tick(5) : null,
        }),
      );
    }
    for (const job of jobs) {
      if (job['status'] === 'Draft') continue;
      const loc = locations.find((l) => l['id'] === job['locationId']);
      const posting = this.put('jobPosting', {
        id: r.uuid(),
        title: job['title'],
        jobId: job['id'],
        departmentName: departments.find((d) => d['id'] === job['departmentId'])?.['name'] ?? null,
        teamName: null,
        locationName: loc?.['name'] ?? null,
        locationExternalName: loc?.['name'] ?? null,
        workplaceType: r.pick(['OnSite', 'Remote', 'Hybrid']),
        employmentType: job['employmentType'],
        isListed: job['status'] === 'Open',
        publishedDate: job['openedAt'],
        applicationDeadline: null,
        externalLink: `https://jobs.ashbyhq.com/acme/${String(job['id'])}`,
        applyLink: `https://jobs.ashbyhq.com/acme/${String(job['id'])}/application`,
        locationIds: { primaryLocationId: job['locationId'], secondaryLocationIds: [] },
        compensationTierSummary: null,
        shouldDisplayCompensationOnJobBoard: false,
        updatedAt: job['updatedAt'],
      });
      job['jobPostingIds'] = [posting['id']];
    }
    const openJobs = jobs.filter((j) => j['status'] !== 'Draft');
    const tags = this.all('candidateTag').filter((t) => t['isArchived'] === false);

    for (let i = 0; i < size; i++) {
      const first = FIRST[r.int(0, FIRST.length - 1)] ?? 'Ada';
      const last = LAST[r.int(0, LAST.length - 1)] ?? 'Kim';
      const email = { value: `${first}.${last}.${i}@example.org`.toLowerCase(), type: 'Personal', isPrimary: true };
      const phone = { value: `+4420794${String(60000 + i).padStart(5, '0')}`, type: 'Personal', isPrimary: true };
      const createdAt = this.tick(23);
      const source = r.next() < 0.8 ? r.pick(sources) : null;
      const files: StoredFile[] = [];
      if (i % 3 !== 2) files.push(this.addFile(`${first.toLowerCase()}_${last.toLowerCase()}_cv.pdf`, 'application/pdf', PDF(`CV of ${first} ${last}`)));
      if (i % 5 === 0) files.push(this.addFile(`${first.toLowerCase()}_portfolio.pdf`, 'application/pdf', PDF(`Portfolio of ${first} ${last}`)));
      const handleOf = (f: StoredFile) => ({ id: f.id, name: f.name, handle: f.handle });
      const candidate: Json = {
        id: r.uuid(),
        createdAt,
        updatedAt: createdAt,
        name: `${first} ${last}`,
        ...(i % 11 === 10 ? {} : { primaryEmailAddress: email }),
        emailAddresses: i % 11 === 10 ? [] : [email],
        primaryPhoneNumber: phone,
        phoneNumbers: [phone],
        socialLinks: i % 2 === 0 ? [{ type: 'LinkedIn', url: `https://linkedin.com/in/${first}-${last}-${i}`.toLowerCase() }] : [],
        tags: i % 3 === 0 ? [r.pick(tags)] : [],
        position: r.pick(POSITIONS),
        company: r.pick(COMPANIES),
        school: null,
        applicationIds: [],
        ...(files[0] && i % 3 !== 2 ? { resumeFileHandle: handleOf(files[0]) } : {}),
        fileHandles: files.map(handleOf),
        customFields: [],
        profileUrl: '',
        source: source ?? null,
        creditedToUser: null,
        timezone: null,
        fraudStatus: null,
        ...(i % 4 === 0 ? { location: { id: r.uuid(), locationSummary: 'London, England, United Kingdom', locationComponents: [{ type: 'Country', name: 'United Kingdom' }, { type: 'Region', name: 'England' }, { type: 'City', name: 'London' }] } } : {}),
      };
      candidate['profileUrl'] = `https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/${String(candidate['id'])}`;
      this.put('candidate', candidate);
      const appCount = i % 7 === 0 ? 2 : 1;
      for (let k = 0; k < appCount; k++) {
        const job = openJobs[(i + k * 3) % openJobs.length] as Json;
        const roll = (i * 13 + k * 7) % 10;
        const plan = this.stagesOfPlan(String(job['defaultInterviewPlanId']));
        const status = roll < 6 ? 'Active' : roll < 8 ? 'Archived' : roll < 9 ? 'Hired' : 'Lead';
        const stage =
          status === 'Archived' ? plan.find((s) => s['type'] === 'Archived') : status === 'Hired' ? plan.find((s) => s['type'] === 'Hired') : status === 'Lead' ? plan[0] : plan[1 + (i % 4)];
        this.createApplicationRecord(candidate, job, stage ?? (plan[0] as Json), source, status === 'Archived' ? (reasons[i % reasons.length] as Json) : null, this.tick(3));
        if (status === 'Hired' || (status === 'Active' && i % 4 === 0)) {
          const appId = (candidate['applicationIds'] as string[]).at(-1) ?? '';
          const start = new Date(this.clock + 30 * 86400_000).toISOString().slice(0, 10);
          const created = this.tick(2);
          this.put('offer', {
            id: r.uuid(),
            applicationId: appId,
            acceptanceStatus: status === 'Hired' ? 'Accepted' : 'WaitingOnResponse',
            offerStatus: status === 'Hired' ? 'CandidateAccepted' : 'WaitingOnCandidateResponse',
            decidedAt: status === 'Hired' ? created : null,
            latestVersion: { id: r.uuid(), startDate: start, salary: { currencyCode: 'GBP', value: 85000 + i * 100 }, createdAt: created, openingId: null, customFields: [], fileHandles: [], author: this.userRef(String(users[0]?.['id'])), approvalStatus: 'Approved' },
            createdAt: created,
            updatedAt: created,
          });
        }
        if (status !== 'Lead' && i % 2 === 0) {
          const appId = (candidate['applicationIds'] as string[]).at(-1) ?? '';
          const created = this.tick(4);
          const scheduleId = r.uuid();
          const startTime = new Date(this.clock + 2 * 86400_000).toISOString();
          const interviewer = users[(i % (users.length - 1)) + 1] as Json;
          const def = r.pick(interviewDefs);
          this.put('interviewSchedule', {
            id: scheduleId,
            status: i % 10 === 4 ? 'Cancelled' : 'Scheduled',
            applicationId: appId,
            interviewStageId: (plan[3] as Json)['id'],
            interviewEvents: [
              {
                id: r.uuid(),
                interviewId: def['id'],
                interviewScheduleId: scheduleId,
                interviewerUserIds: [interviewer['id']],
                createdAt: created,
                updatedAt: created,
                startTime,
                endTime: new Date(Date.parse(startTime) + 45 * 60_000).toISOString(),
                feedbackLink: `https://app.ashbyhq.com/interview-briefings/${scheduleId}/feedback`,
                location: null,
                meetingLink: `https://meet.example.com/${scheduleId.slice(0, 8)}`,
                hasSubmittedFeedback: false,
              },
            ],
            createdAt: created,
            updatedAt: created,
          });
        }
      }
    }
  }

  /** An application in Ashby's shape, linked from its candidate. */
  createApplicationRecord(candidate: Json, job: Json, stage: Json, source: Json | null, reason: Json | null, at: string, creditedToUserId: string | null = null): Json {
    const type = String(stage['type']);
    const status = type === 'Archived' ? 'Archived' : type === 'Hired' ? 'Hired' : type === 'Lead' ? 'Lead' : 'Active';
    const app: Json = {
      id: this.random.uuid(),
      createdAt: at,
      updatedAt: at,
      candidate: {
        id: candidate['id'],
        name: candidate['name'],
        ...(candidate['primaryEmailAddress'] ? { primaryEmailAddress: candidate['primaryEmailAddress'] } : {}),
        ...(candidate['primaryPhoneNumber'] ? { primaryPhoneNumber: candidate['primaryPhoneNumber'] } : {}),
      },
      status,
      customFields: [],
      currentInterviewStage: { ...stage },
      source,
      creditedToUser: creditedToUserId ? this.userRef(creditedToUserId) : null,
      archiveReason: reason ? { ...reason, customFields: [] } : null,
      ...(status === 'Archived' ? { archivedAt: at } : {}),
      job: { id: job['id'], title: job['title'], locationId: job['locationId'], departmentId: job['departmentId'] },
      hiringTeam: job['hiringTeam'],
      appliedViaJobPostingId: null,
      submitterClientIp: null,
      submitterUserAgent: null,
    };
    (candidate['applicationIds'] as string[]).push(String(app['id']));
    this.put('application', app);
    return app;
  }
}
