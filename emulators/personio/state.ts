/**
 * The Personio emulator's in-memory company: recruiting categories with their custom phases, jobs
 * (positions) in several states, candidates, applications (each in a system or custom phase, with
 * its stage transitions), the persons on hiring teams, uploaded documents and what the v1
 * Recruiting API created. Deterministic for a seed and size. Times are epoch ms; the app renders them.
 */
import { randomUUID } from 'node:crypto';
import { seededRandom } from '../shared/prng.js';

/** Personio's system phases (v1 vocabulary); custom phases have integer ids. */
export const SYSTEM_PHASES = ['unassigned', 'rejected', 'withdrawn', 'offer', 'accepted'] as const;
export type SystemPhase = (typeof SYSTEM_PHASES)[number];

export interface PPhase { id: number; name: string; position: number }
export interface PCategory { id: number; name: string; phases: PPhase[]; company_id: number }
export interface PPerson { id: number; first_name: string; last_name: string; email: string; status: 'ACTIVE' | 'INACTIVE'; created_at: number; updated_at: number }
export interface PJob {
  id: number; name: string; status: 'published' | 'unpublished' | 'draft' | 'archived'; department: { id: number; name: string } | null;
  category_id: number | null; office: string; employment_type: string; hiring_team: Array<{ id: number; role: string }>; created_at: number; updated_at: number;
}
/** Where an application stands: a system phase, or a custom phase by id. */
export type PStage = { type: 'system'; kind: SystemPhase } | { type: 'custom'; id: number };
export interface PTransition { entered_at: number; stage: PStage }
export interface PCandidate {
  id: string; first_name: string; last_name: string; email: string; gender: string | null; phone: string | null; location: string | null; birthday: string | null;
  linkedin_profile: string | null; available_from: string | null; salary_expectations: string | null; custom_attributes: Record<string, string>;
  created_at: number; updated_at: number;
}
export interface PApplication {
  id: string; candidate_id: string; job_id: number; application_date: string; stage: PStage; channel: { id: number; name: string } | null;
  is_anonymized: boolean; tags: string[]; message: string | null; files: Array<{ uuid: string; category: string }>; transitions: PTransition[];
  created_at: number; updated_at: number;
}
export interface PDocument { uuid: string; size: number; mimetype: string; original_filename: string; extension: string; data: Buffer; uploaded_at: number }

const FIRST = ['Jonas', 'Lea', 'Felix', 'Mia', 'Lukas', 'Hannah', 'Elias', 'Clara', 'Noah', 'Sofia', 'Emre', 'Anouk', 'Matteo', 'Ines', 'Tobias', 'Greta'];
const LAST = ['Becker', 'Hoffmann', 'Schulz', 'Wagner', 'Keller', 'Richter', 'Yilmaz', 'Janssen', 'Rossi', 'Lange', 'Krüger', 'Vogel', 'Braun', 'Fuchs', 'Peters', 'Roth'];
const JOBS: ReadonlyArray<[string, string, PJob['status']]> = [
  ['Frontend Engineer (m/f/d)', 'Engineering', 'published'],
  ['Backend Engineer (m/f/d)', 'Engineering', 'published'],
  ['Sales Manager DACH (m/f/d)', 'Sales', 'published'],
  ['Working Student Marketing (m/f/d)', 'Marketing', 'unpublished'],
  ['Office Manager (m/f/d)', 'Operations', 'archived'],
  ['Head of Data (m/f/d)', 'Engineering', 'draft'],
];
const CHANNELS = [{ id: 456, name: 'LinkedIn' }, { id: 457, name: 'Career page' }, { id: 458, name: 'StepStone' }];
const CITIES = ['Berlin', 'Munich', 'Hamburg', 'Vienna', 'Zurich', null];

export class PersonioState {
  readonly categories: PCategory[] = [];
  readonly persons: PPerson[] = [];
  readonly jobs: PJob[] = [];
  readonly candidates: PCandidate[] = [];
  readonly applications: PApplication[] = [];
  readonly documents: PDocument[] = [];
  /** Tags named at creation (Personio creates unknown ones); v2 reads never show them. */
  readonly tags = new Set<string>(['Talent pool', 'Referral']);
  private lastStamp = 0;
  private readonly rnd: () => number;
  private seeding = true;

  constructor(readonly companyId: number, seed: number, size: number, private readonly now: () => number) {
    const rnd = (this.rnd = seededRandom(seed));
    const base = Date.parse('2026-03-02T08:00:00Z');
    this.categories.push(
      { id: 5120, name: 'Tech', company_id: companyId, phases: ['CV screening', 'Coding challenge', 'Interview round 1', 'Team interview'].map((name, i) => ({ id: 88_120 + i, name, position: i })) },
      { id: 5121, name: 'Business', company_id: companyId, phases: ['Phone screen', 'Case interview', 'Final interview'].map((name, i) => ({ id: 88_220 + i, name, position: i })) },
    );
    for (let i = 0; i < 5; i++) {
      const first = FIRST[(i * 5 + 2) % FIRST.length] ?? 'Kim';
      const last = LAST[(i * 3 + 1) % LAST.length] ?? 'Roth';
      this.persons.push({ id: 990_011 + i, first_name: first, last_name: last, email: `${first.toLowerCase()}.${last.toLowerCase()}@acme-gmbh.example`, status: i === 4 ? 'INACTIVE' : 'ACTIVE', created_at: base - 400 * 86_400_000, updated_at: base - 30 * 86_400_000 });
    }
    const team = (i: number) => [{ id: this.persons[i % 4]?.id ?? 0, role: 'RECRUITER' }, { id: this.persons[(i + 1) % 4]?.id ?? 0, role: 'HIRING_MANAGER' }];
    JOBS.forEach(([name, department, status], j) => {
      const created = base + j * 86_400_000;
      this.jobs.push({
        id: 1_834_552 + j, name, status, department: { id: 77_001 + (['Engineering', 'Sales', 'Marketing', 'Operations'].indexOf(department)), name: department },
        category_id: department === 'Engineering' ? 5120 : j === 4 ? null : 5121, office: j % 2 ? 'Munich' : 'Berlin', employment_type: j === 3 ? 'intern' : 'permanent',
        hiring_team: team(j), created_at: created, updated_at: created + 3_600_000,
      });
    });
    const open = this.jobs.filter((j) => j.status !== 'draft');
    for (let p = 0; p < size; p++) {
      const first = FIRST[p % FIRST.length] ?? 'Alex';
      const last = LAST[(p * 7 + 3) % LAST.length] ?? 'Meyer';
      const created = base + p * 5 * 3_600_000;
      const cand: PCandidate = {
        id: this.uuid(), first_name: first, last_name: last, email: `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, '')}.${p}@example.de`,
        gender: p % 4 === 0 ? null : p % 2 ? 'female' : 'male', phone: p % 3 === 0 ? null : `+49 151 ${String(2_000_000 + p * 37)}`, location: CITIES[p % CITIES.length] ?? null,
        birthday: null, linkedin_profile: p % 2 ? `https://www.linkedin.com/in/${first.toLowerCase()}-${last.toLowerCase().replace(/[^a-z]/g, '')}-${p}` : null,
        available_from: p % 5 === 0 ? '2026-07-01' : null, salary_expectations: null, custom_attributes: {}, created_at: created, updated_at: created + 3_600_000,
      };
      this.candidates.push(cand);
      const count = rnd() < 0.35 ? 2 : 1;
      for (let a = 0; a < count; a++) {
        const job = open[(p + a * 2) % open.length];
        if (!job) break;
        const at = created + a * 60_000;
        const stage = this.seededStage(job, rnd());
        const transitions: PTransition[] = [{ entered_at: at, stage: { type: 'system', kind: 'unassigned' } }];
        if (!(stage.type === 'system' && stage.kind === 'unassigned')) transitions.unshift({ entered_at: at + 2 * 86_400_000, stage });
        // Most applicants sent a CV: stored as an uploaded document the application refers to (v2 never shows it).
        const files = rnd() < 0.7 ? [this.seedDocument(`${first}_${last.replace(/[^A-Za-z]/g, '')}_CV.pdf`, at)] : [];
        this.applications.push({
          id: this.uuid(), candidate_id: cand.id, job_id: job.id, application_date: new Date(at).toISOString().slice(0, 10), stage,
          channel: rnd() < 0.7 ? (CHANNELS[Math.floor(rnd() * CHANNELS.length)] ?? null) : null, is_anonymized: false, tags: [], message: null, files,
          transitions, created_at: at, updated_at: at + 2 * 86_400_000 + (p % 7) * 1000,
        });
      }
    }
    this.seeding = false;
  }

  /** A phase for a seeded application: mostly custom phases of the job's category, some system ones. */
  private seededStage(job: PJob, r: number): PStage {
    const phases = this.category(job.category_id)?.phases ?? [];
    if (r < 0.15) return { type: 'system', kind: 'rejected' };
    if (r < 0.2) return { type: 'system', kind: 'withdrawn' };
    if (r < 0.28) return { type: 'system', kind: 'accepted' };
    if (r < 0.34) return { type: 'system', kind: 'offer' };
    if (r < 0.45 || phases.length === 0) return { type: 'system', kind: 'unassigned' };
    return { type: 'custom', id: phases[Math.floor(((r - 0.45) / 0.55) * phases.length)]?.id ?? phases[0]?.id ?? 0 };
  }

  private seedDocument(name: string, at: number): { uuid: string; category: string } {
    const data = Buffer.from(`%PDF-1.4\n% ${name}\n%%EOF\n`);
    const uuid = this.uuid();
    this.documents.push({ uuid, size: data.byteLength, mimetype: 'application/pdf', original_filename: name, extension: 'pdf', data, uploaded_at: at });
    return { uuid, category: 'cv' };
  }

  /** A UUID from the seed while seeding (stable data), random afterwards. */
  uuid(): string {
    if (!this.seeding) return randomUUID();
    const hex = Array.from({ length: 32 }, () => Math.floor(this.rnd() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** Now, strictly after the last stamp handed out (every change moves `updated_at` forward). */
  stampNow(): number {
    this.lastStamp = Math.max(this.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  category(id: number | null): PCategory | undefined {
    return id === null ? undefined : this.categories.find((c) => c.id === id);
  }

  job(id: number): PJob | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  candidate(id: string): PCandidate | undefined {
    return this.candidates.find((c) => c.id === id);
  }

  application(id: string): PApplication | undefined {
    return this.applications.find((a) => a.id === id);
  }

  applicationsOf(candidateId: string): PApplication[] {
    return this.applications.filter((a) => a.candidate_id === candidateId);
  }

  /** Moves an application to another phase (admin route; the public API cannot), with a transition. */
  moveTo(app: PApplication, stage: PStage): void {
    const at = this.stampNow();
    app.stage = stage;
    app.updated_at = at;
    app.transitions.unshift({ entered_at: at, stage });
  }

  /** Deletes a candidate and their applications outright (they simply disappear from the API). */
  removeCandidate(id: string): boolean {
    const i = this.candidates.findIndex((c) => c.id === id);
    if (i < 0) return false;
    this.candidates.splice(i, 1);
    for (let k = this.applications.length - 1; k >= 0; k--) if (this.applications[k]?.candidate_id === id) this.applications.splice(k, 1);
    return true;
  }
}
