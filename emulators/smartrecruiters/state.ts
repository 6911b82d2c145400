/**
 * The SmartRecruiters emulator's in-memory company: users, jobs (each on a hiring process whose
 * sub-statuses refine the fixed status list), candidates with one or more job assignments (an
 * application is the pair candidate × job; SmartRecruiters gives it no id of its own), rejection
 * and withdrawal reasons, tags, attachments, status history and message shares. Deterministic for
 * a seed and size.
 */
import { seededRandom } from '../shared/prng.js';

export const APPLICATION_STATUSES = ['LEAD', 'NEW', 'IN_REVIEW', 'INTERVIEW', 'OFFERED', 'HIRED', 'REJECTED', 'WITHDRAWN', 'TRANSFERRED'] as const;
export type AppStatus = (typeof APPLICATION_STATUSES)[number];

export interface SrUser { id: string; firstName: string; lastName: string; email: string; role: string; active: boolean; updatedOn: string }
export interface SrReason { id: string; label: string }
export interface SrProcess { id: string; name: string; active: boolean; subStatuses: Partial<Record<AppStatus, string[]>> }
export interface SrJob {
  id: string; title: string; refNumber: string; status: string; postingStatus: string; department: { id: string; label: string };
  city: string; countryCode: string; createdOn: string; updatedOn: string; description: string; hiringTeam: Array<{ id: string; role: string }>;
}
export interface SrHistory { changedOn: string; status: AppStatus; subStatus: string | null }
export interface SrAssignment {
  jobId: string; status: AppStatus; subStatus: string | null; source: string; startsOn: string | null;
  reasonOfRejection: SrReason | null; reasonOfWithdrawal: SrReason | null; history: SrHistory[]; createdOn: string;
  offers: SrOffer[];
  screeningAnswers: SrScreeningAnswer[];
}
/** An answer to a screening question: records (several for repeatable questions) of fields with values. */
export interface SrScreeningAnswer {
  id: string; type: string; category: string; name: string; label: string;
  records: Array<{ fields: Array<{ id: string; label: string; values: Array<{ id?: string; label: string }> }> }>;
}
export interface SrOffer { id: string; status: string; createdOn: string; updatedOn: string; properties: Record<string, unknown> }
export interface SrProperty { id: string; label: string; type: string; value: unknown }
export interface SrAttachment { id: string; name: string; type: string; contentType: string; data: Buffer; jobId: string | null }
export interface SrCandidate {
  id: string; firstName: string; lastName: string; email: string; phoneNumber: string | null; city: string; countryCode: string;
  linkedin: string | null; createdOn: string; updatedOn: string; tags: string[]; assignments: SrAssignment[]; attachments: SrAttachment[];
  properties: SrProperty[];
}
export interface SrShare { id: string; content: string; candidateIds: string[]; userIds: string[]; shareWith: unknown }

const FIRST = ['Aisha', 'Lena', 'Tomas', 'Mei', 'Omar', 'Ingrid', 'Kofi', 'Sofia', 'Rahul', 'Julia', 'Marek', 'Yara'];
const LAST = ['Bello', 'Hart', 'Novak', 'Chen', 'Haddad', 'Berg', 'Mensah', 'Rossi', 'Iyer', 'Weiss', 'Kowalski', 'Saleh'];
const TITLES = ['Senior Data Engineer', 'Product Manager', 'UX Designer', 'Account Executive', 'Backend Engineer', 'Recruiter', 'Nurse'];
const DEPTS = ['Data', 'Product', 'Design', 'Sales', 'Engineering', 'People', 'Care'];
const TAGS = ['python', 'referral', 'senior', 'relocation', 'priority'];
const JOB_STATUSES = ['SOURCING', 'SOURCING', 'INTERVIEW', 'OFFER', 'CREATED', 'FILLED', 'ON_HOLD', 'CANCELLED'];
const SPREAD: AppStatus[] = ['NEW', 'IN_REVIEW', 'INTERVIEW', 'OFFERED', 'HIRED', 'REJECTED', 'WITHDRAWN', 'NEW', 'IN_REVIEW', 'INTERVIEW', 'LEAD'];

/**
 * Answers to the application form's questions: a free-text question, a yes/no drop-down and a
 * multi-select, plus (now and then) the predefined, repeatable Languages question of two fields.
 */
function screeningAnswersFor(n: number): SrScreeningAnswer[] {
  const one = (id: string, type: string, label: string, values: Array<{ id?: string; label: string }>): SrScreeningAnswer => ({
    id, type, category: id, name: label, label, records: [{ fields: [{ id: `${id}-field`, label: '', values }] }],
  });
  const answers = [
    one('q-why-us', 'TEXTAREA', 'Why do you want to join us?', [{ label: `Because of the mission (${n}).` }]),
    one('q-permit', 'SINGLE_SELECT', 'Do you hold a work permit?', [n % 2 === 0 ? { id: 'yes', label: 'Yes' } : { id: 'no', label: 'No' }]),
    one('q-shifts', 'MULTI_SELECT', 'Which shifts can you work?', [{ id: 'morning', label: 'Morning' }, ...(n % 3 === 0 ? [{ id: 'night', label: 'Night' }] : [])]),
  ];
  if (n % 4 === 0) {
    answers.push({
      id: 'languages', type: 'LANGUAGES', category: 'languages', name: 'Languages', label: 'Which languages do you speak?',
      records: [{ fields: [{ id: 'language', label: 'Language', values: [{ id: 'en', label: 'English' }] }, { id: 'level', label: 'Level', values: [{ id: 'native', label: 'Native' }] }] }],
    });
  }
  return answers;
}

/** A UUID-shaped id from the generator (SmartRecruiters ids are UUIDs, users' 24-hex ids). */
function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}
const hex24 = (rand: () => number) => Array.from({ length: 24 }, () => Math.floor(rand() * 16).toString(16)).join('');

export class SmartRecruitersState {
  users: SrUser[] = [];
  processes: SrProcess[] = [];
  rejectionReasons: SrReason[] = [];
  withdrawalReasons: SrReason[] = [];
  jobs: SrJob[] = [];
  candidates: SrCandidate[] = [];
  shares: SrShare[] = [];
  private readonly rand: () => number;

  constructor(seed: number, size: number, readonly now: () => number) {
    const rand = (this.rand = seededRandom(seed));
    const at = (daysAgo: number) => new Date(now() - daysAgo * 86_400_000).toISOString();
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    this.users = Array.from({ length: Math.max(3, Math.ceil(size / 4)) }, (_, i) => ({
      id: hex24(rand), firstName: pick(FIRST), lastName: pick(LAST), email: `user${i}@acme.example`,
      role: i === 0 ? 'ADMINISTRATOR' : pick(['STANDARD', 'EXTENDED', 'RESTRICTED']), active: i % 7 !== 6, updatedOn: at(200 - i),
    }));
    this.processes = [
      { id: uuid(rand), name: 'Standard hiring', active: true, subStatuses: { IN_REVIEW: ['Screening', 'Hiring manager review'], INTERVIEW: ['Phone screen', 'Technical interview', 'Onsite'], OFFERED: ['Offer drafted', 'Offer sent'] } },
      { id: uuid(rand), name: 'Legacy process', active: false, subStatuses: { INTERVIEW: ['Panel'] } },
    ];
    this.rejectionReasons = ['Skills mismatch', 'Position filled', 'Salary expectations', 'Not enough experience', 'Failed assessment'].map((label) => ({ id: uuid(rand), label }));
    this.withdrawalReasons = ['Accepted another offer', 'Personal reasons', 'Salary too low'].map((label) => ({ id: uuid(rand), label }));
    this.jobs = Array.from({ length: Math.max(2, Math.ceil(size / 3)) }, (_, i) => {
      const t = i % TITLES.length;
      return {
        id: uuid(rand), title: TITLES[t] ?? 'Engineer', refNumber: `REF-${2024 + (i % 3)}-${String(i + 1).padStart(3, '0')}`,
        status: JOB_STATUSES[i % JOB_STATUSES.length] ?? 'SOURCING', postingStatus: i % 4 === 3 ? 'INTERNAL' : i % 5 === 4 ? 'NOT_PUBLISHED' : 'PUBLIC',
        department: { id: `dep-${t}`, label: DEPTS[t] ?? 'Engineering' }, city: pick(['London', 'Berlin', 'Warsaw', 'Lisbon']), countryCode: pick(['gb', 'de', 'pl', 'pt']),
        createdOn: at(300 - i), updatedOn: at(100 - (i % 90)), description: `<p>Join us as ${TITLES[t] ?? 'Engineer'}.</p>`,
        hiringTeam: [{ id: this.users[i % this.users.length]?.id ?? '', role: 'HIRING_MANAGER' }, { id: this.users[(i + 1) % this.users.length]?.id ?? '', role: 'RECRUITER' }],
      };
    });
    const subs = this.processes[0]?.subStatuses ?? {};
    for (let i = 0; i < size; i++) {
      const created = 200 - (i % 150);
      const jobsOf = [...new Set(Array.from({ length: 1 + (i % 3) }, (_, k) => this.jobs[(i + k * 2) % this.jobs.length]?.id ?? ''))];
      const assignments = jobsOf.map((jobId, k): SrAssignment => {
        const status = SPREAD[(i + k) % SPREAD.length] ?? 'NEW';
        const options = subs[status];
        const subStatus = options ? (options[(i + k) % options.length] ?? null) : null;
        return {
          jobId, status, subStatus, source: pick(['LinkedIn', 'Company website', 'Referral', 'Indeed']), startsOn: status === 'HIRED' ? at(-30).slice(0, 10) : null,
          reasonOfRejection: status === 'REJECTED' ? pick(this.rejectionReasons) : null, reasonOfWithdrawal: status === 'WITHDRAWN' ? pick(this.withdrawalReasons) : null,
          history: [{ changedOn: at(created), status: 'NEW', subStatus: null }, ...(status === 'NEW' ? [] : [{ changedOn: at(created - 5), status, subStatus }])], createdOn: at(created),
          screeningAnswers: screeningAnswersFor(i + k),
          offers: status === 'OFFERED' || status === 'HIRED' ? [{ id: uuid(rand), status: status === 'HIRED' ? 'ACCEPTED' : pick(['CREATED', 'PENDING_APPROVAL', 'APPROVED', 'PENDING_ACCEPTANCE']), createdOn: at(created - 4), updatedOn: at(created - 5), properties: { startDate: at(-30).slice(0, 10) } }] : [],
        };
      });
      const first = FIRST[i % FIRST.length] ?? 'Ada';
      const last = LAST[(i * 5) % LAST.length] ?? 'Lovelace';
      const id = uuid(rand);
      this.candidates.push({
        id, firstName: first, lastName: last, email: `${first}.${last}.${i}@example.com`.toLowerCase(), phoneNumber: i % 3 === 0 ? null : `+44 20 7946 ${String(1000 + i).slice(-4)}`,
        city: pick(['London', 'Leeds', 'Berlin', 'Porto']), countryCode: pick(['gb', 'de', 'pt']), linkedin: i % 2 === 0 ? `https://www.linkedin.com/in/${first}-${last}-${i}`.toLowerCase() : null,
        createdOn: at(created), updatedOn: at(created - 6), tags: i % 4 === 3 ? [] : [pick(TAGS), ...(i % 2 ? [pick(TAGS)] : [])].filter((t, n, all) => all.indexOf(t) === n),
        assignments,
        properties: [
          { id: 'notice-period', label: 'Notice period (weeks)', type: 'NUMBER', value: 2 + (i % 10) },
          ...(i % 3 === 0 ? [{ id: 'work-permit', label: 'Work permit', type: 'BOOLEAN', value: i % 2 === 0 }] : []),
          ...(i % 4 === 1 ? [{ id: 'seniority', label: 'Seniority', type: 'SINGLE_SELECT', value: { id: 'senior', label: 'Senior' } }] : []),
        ],
        attachments: i % 2 === 0 ? [{ id: uuid(rand), name: `${first}_${last}_CV.pdf`, type: 'RESUME', contentType: 'application/pdf', data: Buffer.from(`%PDF-1.4\n% CV of ${first} ${last}\n%%EOF\n`), jobId: null }] : [],
      });
    }
  }

  newId(): string {
    return uuid(this.rand);
  }

  stamp(): string {
    return new Date(this.now()).toISOString();
  }

  candidate(id: string): SrCandidate | undefined {
    return this.candidates.find((c) => c.id === id);
  }

  job(id: string): SrJob | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  /** The active hiring process (every job of this company runs on it). */
  process(): SrProcess {
    return this.processes.find((p) => p.active) ?? (this.processes[0] as SrProcess);
  }
}
