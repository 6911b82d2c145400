/**
 * The Teamtailor emulator's account: plain records keyed by string id (Teamtailor's ids are
 * numeric strings), seeded deterministically from a seed and a size. Attribute names are ours
 * (camelCase); `serialize.ts` renders them as Teamtailor's dasherized JSON:API attributes.
 */
import { seededRandom } from '../shared/prng.js';

export type StageType = 'Inbox' | 'In process' | 'Hired';
export type JobStatus = 'open' | 'draft' | 'archived' | 'unlisted';

export interface TtUser { id: string; name: string; email: string; role: 'admin' | 'recruiter' | 'user' | 'no_access'; createdAt: string; updatedAt: string }
export interface TtReason { id: string; reason: string; rejectedByCompany: boolean }
export interface TtJob { id: string; title: string; body: string; status: JobStatus; internal: boolean; remoteStatus: 'none' | 'hybrid' | 'fully'; tags: string[]; userId: string | null; createdAt: string; updatedAt: string }
export interface TtStage { id: string; jobId: string; name: string; stageType: StageType; rowOrder: number; createdAt: string; updatedAt: string }
export interface TtCandidate {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  linkedinUrl: string | null;
  pitch: string | null;
  sourced: boolean;
  referringSite: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}
export interface TtApplication { id: string; candidateId: string; jobId: string; stageId: string; rejectedAt: string | null; rejectReasonId: string | null; changedStageAt: string; coverLetter: string | null; sourced: boolean; createdAt: string; updatedAt: string }
export interface TtUpload { id: string; candidateId: string; jobId: string | null; fileName: string; internal: boolean; content: string; url: string | null; createdAt: string; updatedAt: string }
export interface TtCustomField { id: string; name: string; apiName: string; fieldType: string; createdAt: string; updatedAt: string }
export interface TtCustomFieldValue { id: string; customFieldId: string; ownerId: string; value: string; createdAt: string; updatedAt: string }
/** A question of the company's question bank; Choice questions have `{id, title}` alternatives. */
export interface TtQuestion { id: string; title: string; questionType: 'Text' | 'Boolean' | 'Choice' | 'Range'; alternatives: Array<{ id: number; title: string }> | null; multiple: boolean | null; startWith: number | null; endWith: number | null; unit: string | null; singleLine: boolean | null }
/** A question a job asks, mandatory or not. */
export interface TtPickedQuestion { id: string; jobId: string; questionId: string; mandatory: boolean }
/** A candidate's answer to a question (answers belong to candidates, not to applications). */
export interface TtAnswer { id: string; candidateId: string; questionId: string; text: string | null; boolean: boolean | null; choices: number[]; range: number | null; createdAt: string; updatedAt: string }
/** An assessment partner's result on a candidate: read-only through the public API (partners create them). */
export interface TtPartnerResult { id: string; candidateId: string; jobId: string | null; partnerName: string; status: string; summary: string; score: number | null; url: string; createdAt: string }
export interface TtNote { id: string; candidateId: string; userId: string; note: string; createdAt: string; updatedAt: string }

/** A key's scope and permission as Teamtailor's API key settings name them. */
export interface TtKey { scope: 'public' | 'internal' | 'admin'; permission: 'read' | 'write' | 'read-write' }

const FIRST = ['Maja', 'Erik', 'Sara', 'Liam', 'Nora', 'Oskar', 'Elin', 'Hugo', 'Alva', 'Noah', 'Freja', 'Leo'];
const LAST = ['Lindqvist', 'Berg', 'Holm', 'Nyström', 'Sandberg', 'Ek', 'Lund', 'Wallin', 'Dahl', 'Sjöberg'];
const TITLES = ['Backend Engineer', 'Product Designer', 'Sales Manager', 'Data Analyst', 'Support Specialist', 'Recruiter'];
const STATUSES: JobStatus[] = ['open', 'open', 'unlisted', 'archived', 'draft'];
const TAGS = ['backend', 'senior', 'referral', 'remote', 'go', 'design'];
const STEPS = ['Phone screen', 'Interview', 'Offer'];

export class TeamtailorState {
  users: TtUser[] = [];
  reasons: TtReason[] = [];
  jobs: TtJob[] = [];
  stages: TtStage[] = [];
  candidates: TtCandidate[] = [];
  applications: TtApplication[] = [];
  uploads: TtUpload[] = [];
  notes: TtNote[] = [];
  customFields: TtCustomField[] = [];
  customFieldValues: TtCustomFieldValue[] = [];
  questions: TtQuestion[] = [];
  pickedQuestions: TtPickedQuestion[] = [];
  answers: TtAnswer[] = [];
  partnerResults: TtPartnerResult[] = [];
  private nextId = 1000;

  constructor(readonly now: () => number) {}

  id(): string {
    return String(this.nextId++);
  }

  stamp(): string {
    return new Date(this.now()).toISOString();
  }

  job(id: string): TtJob | undefined {
    return this.jobs.find((j) => j.id === id);
  }
  stage(id: string): TtStage | undefined {
    return this.stages.find((s) => s.id === id);
  }
  candidate(id: string): TtCandidate | undefined {
    return this.candidates.find((c) => c.id === id);
  }
  application(id: string): TtApplication | undefined {
    return this.applications.find((a) => a.id === id);
  }
  stagesOf(jobId: string): TtStage[] {
    return this.stages.filter((s) => s.jobId === jobId).sort((a, b) => a.rowOrder - b.rowOrder);
  }

  /** Removes a candidate the way a GDPR deletion does: with its applications, uploads and notes. */
  deleteCandidate(id: string): void {
    this.candidates = this.candidates.filter((c) => c.id !== id);
    this.applications = this.applications.filter((a) => a.candidateId !== id);
    this.uploads = this.uploads.filter((u) => u.candidateId !== id);
    this.notes = this.notes.filter((n) => n.candidateId !== id);
    this.customFieldValues = this.customFieldValues.filter((v) => v.ownerId !== id);
    this.answers = this.answers.filter((a) => a.candidateId !== id);
    this.partnerResults = this.partnerResults.filter((r) => r.candidateId !== id);
  }

  question(id: string): TtQuestion | undefined {
    return this.questions.find((q) => q.id === id);
  }
  questionsOf(jobId: string): TtQuestion[] {
    return this.pickedQuestions.filter((p) => p.jobId === jobId).flatMap((p) => this.question(p.questionId) ?? []);
  }

  /** Seeds the answers a candidate gave to a job's questions when applying. */
  answerQuestionsOf(candidateId: string, jobId: string, n: number, at: string): void {
    for (const q of this.questionsOf(jobId)) {
      if (this.answers.some((a) => a.candidateId === candidateId && a.questionId === q.id)) continue;
      const alt = q.alternatives ?? [];
      this.answers.push({
        id: this.id(),
        candidateId,
        questionId: q.id,
        text: q.questionType === 'Text' ? `I would bring ${n % 7} years of experience.` : null,
        boolean: q.questionType === 'Boolean' ? n % 2 === 0 : null,
        choices: q.questionType === 'Choice' ? (q.multiple ? alt.filter((_, i) => (n + i) % 2 === 0) : alt.slice(n % Math.max(1, alt.length), (n % Math.max(1, alt.length)) + 1)).map((a) => a.id) : [],
        range: q.questionType === 'Range' ? (q.startWith ?? 0) + (n % (((q.endWith ?? 10) - (q.startWith ?? 0)) + 1)) : null,
        createdAt: at,
        updatedAt: at,
      });
    }
  }

  /** Adds a job with the fixed Inbox and Hired stages around `steps` "In process" stages. */
  addJob(job: Omit<TtJob, 'id'>, steps: readonly string[]): TtJob {
    const created: TtJob = { id: this.id(), ...job };
    this.jobs.push(created);
    const names: Array<[string, StageType]> = [['Inbox', 'Inbox'], ...steps.map((s): [string, StageType] => [s, 'In process']), ['Hired', 'Hired']];
    names.forEach(([name, stageType], i) => this.stages.push({ id: this.id(), jobId: created.id, name, stageType, rowOrder: (i - 1) * 4194304, createdAt: job.createdAt, updatedAt: job.createdAt }));
    return created;
  }

  static seeded(seed: number, size: number, now: () => number): TeamtailorState {
    const s = new TeamtailorState(now);
    const rnd = seededRandom(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
    const roles: TtUser['role'][] = ['admin', 'recruiter', 'user', 'recruiter', 'no_access'];
    roles.forEach((role, i) => s.users.push({ id: s.id(), name: `${FIRST[i] ?? 'User'} ${LAST[i] ?? 'Admin'}`, email: `user${i}@acme.example`, role, createdAt: day(i), updatedAt: day(i) }));
    ['Salary expectations too high', 'Not enough experience', 'Withdrew application', 'Position filled'].forEach((reason, i) => s.reasons.push({ id: s.id(), reason, rejectedByCompany: i !== 2 }));
    const fields: Array<[string, string, string]> = [['Notice period (weeks)', 'notice-period', 'CustomField::Number'], ['Portfolio', 'portfolio', 'CustomField::Url'], ['Work permit', 'work-permit', 'CustomField::Checkbox']];
    for (const [name, apiName, fieldType] of fields) s.customFields.push({ id: s.id(), name, apiName, fieldType, createdAt: day(0), updatedAt: day(0) });
    const questions: Array<Omit<TtQuestion, 'id'>> = [
      { title: 'Why do you want to work with us?', questionType: 'Text', alternatives: null, multiple: null, startWith: null, endWith: null, unit: null, singleLine: false },
      { title: 'Do you have a work permit for Sweden?', questionType: 'Boolean', alternatives: null, multiple: null, startWith: null, endWith: null, unit: null, singleLine: null },
      { title: 'Where could you work?', questionType: 'Choice', alternatives: [{ id: 11, title: 'Stockholm' }, { id: 12, title: 'Gothenburg' }, { id: 13, title: 'Remote' }], multiple: true, startWith: null, endWith: null, unit: null, singleLine: null },
      { title: 'How many years of experience do you have?', questionType: 'Range', alternatives: null, multiple: null, startWith: 0, endWith: 10, unit: 'years', singleLine: null },
      { title: 'Preferred start', questionType: 'Choice', alternatives: [{ id: 21, title: 'Immediately' }, { id: 22, title: 'Within 3 months' }], multiple: false, startWith: null, endWith: null, unit: null, singleLine: null },
    ];
    for (const q of questions) s.questions.push({ id: s.id(), ...q });
    const jobCount = Math.max(3, Math.ceil(size / 8));
    for (let i = 0; i < jobCount; i++) {
      s.addJob(
        { title: `${pick(TITLES)} ${i + 1}`, body: `<p>Join us as ${pick(TITLES)}.</p>`, status: STATUSES[i % STATUSES.length] ?? 'open', internal: i % 4 === 3, remoteStatus: pick(['none', 'hybrid', 'fully'] as const), tags: [pick(TAGS)], userId: s.users[i % 2]?.id ?? null, createdAt: day(10 + i), updatedAt: day(11 + i) },
        STEPS.slice(0, 1 + (i % 3)),
      );
    }
    // Each job asks a few of the bank's questions, the first of them mandatory.
    s.jobs.forEach((job, i) => {
      const asked = s.questions.filter((_, k) => (k + i) % 3 !== 0);
      asked.forEach((q, k) => s.pickedQuestions.push({ id: s.id(), jobId: job.id, questionId: q.id, mandatory: k === 0 }));
    });
    const open = s.jobs.filter((j) => j.status === 'open' || j.status === 'unlisted');
    for (let i = 0; i < size; i++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      const created = day(30 + i);
      const candidate: TtCandidate = {
        id: s.id(),
        firstName: first,
        lastName: last,
        email: `${first}.${last}.${i}@example.org`.toLowerCase(),
        phone: i % 3 === 0 ? null : `+46 70 ${String(100 + i).padStart(3, '0')} 00 ${String(i % 100).padStart(2, '0')}`,
        linkedinUrl: i % 2 === 0 ? `https://www.linkedin.com/in/candidate-${i}` : null,
        pitch: null,
        sourced: i % 5 === 0,
        referringSite: i % 4 === 0 ? 'LinkedIn' : null,
        tags: i % 3 === 2 ? [] : [...new Set([pick(TAGS), pick(TAGS)])],
        createdAt: created,
        updatedAt: created,
      };
      s.candidates.push(candidate);
      const [notice, portfolio] = s.customFields;
      if (notice && i % 3 === 0) s.customFieldValues.push({ id: s.id(), customFieldId: notice.id, ownerId: candidate.id, value: String(2 + (i % 10)), createdAt: created, updatedAt: created });
      if (portfolio && i % 4 === 0) s.customFieldValues.push({ id: s.id(), customFieldId: portfolio.id, ownerId: candidate.id, value: `https://portfolio.example/${i}`, createdAt: created, updatedAt: created });
      const apps = i % 6 === 5 ? 2 : 1;
      for (let k = 0; k < apps; k++) {
        const job = open[(i + k) % open.length] ?? s.jobs[0];
        if (!job) continue;
        const stages = s.stagesOf(job.id);
        const stage = stages[Math.floor(rnd() * stages.length)] ?? stages[0];
        if (!stage) continue;
        const rejected = stage.stageType !== 'Hired' && i % 4 === 1;
        s.applications.push({
          id: s.id(),
          candidateId: candidate.id,
          jobId: job.id,
          stageId: stage.id,
          rejectedAt: rejected ? day(31 + i) : null,
          rejectReasonId: rejected ? (s.reasons[i % s.reasons.length]?.id ?? null) : null,
          changedStageAt: day(31 + i),
          coverLetter: k === 0 ? 'Hello team, I would love to join.' : null,
          sourced: candidate.sourced,
          createdAt: created,
          updatedAt: day(31 + i),
        });
        s.answerQuestionsOf(candidate.id, job.id, i + k, created);
      }
      if (i % 5 === 1) s.partnerResults.push({ id: `pr-${candidate.id}`, candidateId: candidate.id, jobId: null, partnerName: 'Assessly', status: 'completed', summary: 'Completed the coding test', score: 60 + (i % 40), url: `https://assessly.example/results/${candidate.id}`, createdAt: created });
      if (i % 2 === 0) s.uploads.push({ id: s.id(), candidateId: candidate.id, jobId: null, fileName: `cv-${first.toLowerCase()}.pdf`, internal: false, content: `%PDF-1.4\n% CV of ${first} ${last}\n%%EOF\n`, url: null, createdAt: created, updatedAt: created });
    }
    return s;
  }
}
