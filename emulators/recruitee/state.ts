/**
 * The Recruitee emulator's in-memory company: admins, disqualify reasons, tags, offers (jobs and a
 * talent pool, each with a pipeline template of stages), candidates with placements (one per offer
 * they are on), notes and attachments. Deterministic for a seed and size.
 */
import { seededRandom } from '../shared/prng.js';

export interface RStage { id: number; name: string; category: string; group: string; position: number; fair_evaluations_enabled: boolean; time_limit: number | null }
export interface RAdmin { id: number; first_name: string; last_name: string; email: string; role: string }
export interface RReason { id: number; name: string; position: number }
export interface RTag { id: number; name: string }
export interface ROffer {
  id: number; guid: string; title: string; slug: string; kind: 'job' | 'talent_pool'; status: 'published' | 'draft' | 'closed' | 'archived' | 'internal';
  department: string; department_id: number; city: string; country_code: string; location: string; remote: boolean; employment_type: string;
  hiring_manager_id: number | null; recruiter_id: number | null; description: string; created_at: string; updated_at: string;
  published_at: string | null; closed_at: string | null; template: { id: number; name: string; stages: RStage[] };
}
export interface RPlacement {
  id: number; candidate_id: number; offer_id: number; stage_id: number; created_at: string; updated_at: string; hired_at: string | null;
  disqualified_at: string | null; disqualify_reason: string | null; disqualify_reason_id: number | null;
}
export interface RAttachment { id: number; candidate_id: number; filename: string; kind: string; content_type: string; data: Buffer; created_at: string }
export interface RNote { id: number; candidate_id: number; admin_id: number; body: string; body_json: unknown; visibility: { level: string }; created_at: string }
export interface RField { id: number; kind: string; name: string; values: Array<Record<string, unknown>> }
export interface RCandidate {
  id: number; name: string; emails: string[]; phones: string[]; source: string | null; tags: string[]; cover_letter: string | null;
  created_at: string; updated_at: string; fields: RField[]; links: string[];
}

const FIRST = ['Tomasz', 'Anna', 'Lukas', 'Marta', 'Pieter', 'Sanne', 'Jonas', 'Elif', 'Mateo', 'Ines', 'Ravi', 'Chloe', 'Bram', 'Ada', 'Noor', 'Felix'];
const LAST = ['Kowalczyk', 'de Vries', 'Schmidt', 'Nowak', 'Jansen', 'Bakker', 'Weber', 'Yilmaz', 'Garcia', 'Costa', 'Patel', 'Martin', 'Visser', 'Moreau', 'Haddad', 'Fischer'];
const TITLES = ['Senior Java Engineer', 'Product Designer', 'Customer Success Manager', 'Data Engineer', 'Sales Development Rep'];
const DEPTS = ['Engineering', 'Design', 'Customer Success', 'Data', 'Sales'];
const TAGS = ['java', 'remote-ok', 'referral', 'senior', 'relocation', 'priority'];
const REASONS = ['Not enough experience', 'Salary expectations', 'Position filled', 'Candidate withdrew', 'Not a culture fit'];
const SOURCES = ['LinkedIn', 'Careers site', 'Referral', 'Indeed', null];
/** Category and group per stage of the seeded template ("apply" and "phone_screen" are documented, the rest follow the same style). */
const PIPELINE: ReadonlyArray<[string, string, string]> = [
  ['Applied', 'apply', 'apply'],
  ['Phone screen', 'phone_screen', 'screening'],
  ['Technical interview', 'interview', 'interview'],
  ['Offer', 'offer', 'offer'],
  ['Hired', 'hire', 'hired'],
];

/** Recruitee writes timestamps with microseconds: `2024-04-02T08:15:31.000000Z`. */
export const stamp = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
export const PDF = (label: string): Buffer => Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`);

export class RecruiteeState {
  readonly admins: RAdmin[] = [];
  readonly reasons: RReason[] = [];
  readonly tags: RTag[] = [];
  readonly offers: ROffer[] = [];
  readonly candidates: RCandidate[] = [];
  readonly placements: RPlacement[] = [];
  readonly attachments: RAttachment[] = [];
  readonly notes: RNote[] = [];
  private counter = 5_512_000;
  private lastStamp = 0;

  constructor(readonly companyId: number, seed: number, size: number, private readonly now: () => number) {
    const rnd = seededRandom(seed);
    const base = Date.parse('2026-01-05T09:00:00Z');
    ['admin', 'recruiter', 'hiring_manager', 'recruiter'].forEach((role, i) => {
      const first = FIRST[(i * 5 + 1) % FIRST.length] ?? 'Sam';
      const last = LAST[(i * 3 + 4) % LAST.length] ?? 'Lee';
      this.admins.push({ id: 201_000 + i, first_name: first, last_name: last, email: `${first.toLowerCase()}@acme.example`, role });
    });
    REASONS.forEach((name, position) => this.reasons.push({ id: 7_000 + position, name, position }));
    TAGS.forEach((name) => this.tags.push({ id: this.nextId(), name }));
    const statuses: ROffer['status'][] = ['published', 'published', 'closed', 'draft', 'archived'];
    const jobs = Math.max(3, Math.min(5, Math.ceil(size / 6)));
    for (let j = 0; j <= jobs; j++) {
      const pool = j === jobs;
      const title = pool ? 'Engineering talent pool' : (TITLES[j % TITLES.length] ?? 'Engineer');
      const created = stamp(base + j * 86_400_000);
      const templateId = 70 + j;
      this.offers.push({
        id: 1_408_000 + j, guid: (0xb1e3f0a2 + j).toString(16), title, slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'), kind: pool ? 'talent_pool' : 'job',
        status: pool ? 'published' : (statuses[j] ?? 'published'), department: DEPTS[j % DEPTS.length] ?? 'Engineering', department_id: 3_300 + (j % DEPTS.length),
        city: 'Warsaw', country_code: 'PL', location: 'Warsaw, Poland', remote: j % 2 === 1, employment_type: 'fulltime',
        hiring_manager_id: this.admins[2]?.id ?? null, recruiter_id: this.admins[1]?.id ?? null, description: `<p>We are hiring a ${title}.</p>`,
        created_at: created, updated_at: created, published_at: statuses[j] === 'draft' ? null : created, closed_at: statuses[j] === 'closed' ? stamp(base + 40 * 86_400_000) : null,
        template: { id: templateId, name: 'Standard hiring', stages: PIPELINE.map(([name, category, group], position) => ({ id: templateId * 1000 + position, name, category, group, position, fair_evaluations_enabled: false, time_limit: position === 1 ? 5 : null })) },
      });
    }
    const onto = this.offers.filter((o) => o.status !== 'draft');
    for (let p = 0; p < size; p++) {
      const first = FIRST[p % FIRST.length] ?? 'Alex';
      const last = LAST[(p * 7 + 3) % LAST.length] ?? 'Doe';
      const created = base + p * 7 * 3_600_000;
      const cand: RCandidate = {
        id: this.nextId(), name: `${first} ${last}`, emails: [`${first.toLowerCase()}.${p}@example.net`], phones: p % 3 === 0 ? [] : [`+48 600 100 ${String(p).padStart(3, '0')}`],
        source: SOURCES[p % SOURCES.length] ?? null, tags: TAGS.filter(() => rnd() < 0.25), cover_letter: null, created_at: stamp(created), updated_at: stamp(created + 3_600_000),
        fields: p % 2 === 0 ? [{ id: 91, kind: 'address', name: 'Address', values: [{ text: 'ul. Prosta 1', city: 'Warsaw', country_code: 'PL' }] }, { id: 92, kind: 'single_line', name: 'Notice period', values: [{ text: `${1 + (p % 3)} months` }] }] : [],
        links: [],
      };
      this.candidates.push(cand);
      const count = rnd() < 0.35 ? 2 : 1;
      for (let a = 0; a < count; a++) {
        const offer = onto[(p + a * 2) % onto.length];
        if (!offer) break;
        const stage = offer.template.stages[Math.floor(rnd() * offer.template.stages.length)] ?? offer.template.stages[0];
        const hired = stage?.category === 'hire';
        const reason = !hired && rnd() < 0.25 ? this.reasons[Math.floor(rnd() * this.reasons.length)] : undefined;
        this.placements.push({
          id: this.nextId(), candidate_id: cand.id, offer_id: offer.id, stage_id: stage?.id ?? 0, created_at: stamp(created + a * 60_000), updated_at: cand.updated_at,
          hired_at: hired ? stamp(created + 5 * 86_400_000) : null, disqualified_at: reason ? stamp(created + 86_400_000) : null, disqualify_reason: reason?.name ?? null, disqualify_reason_id: reason?.id ?? null,
        });
      }
      if (rnd() < 0.7) this.attachments.push({ id: this.nextId(), candidate_id: cand.id, filename: `${first.toLowerCase()}_cv.pdf`, kind: 'cv', content_type: 'application/pdf', data: PDF(`CV of ${cand.name}`), created_at: cand.created_at });
    }
  }

  nextId(): number {
    return this.counter++;
  }

  /** Now, strictly after the last stamp handed out (every write moves `updated_at` forward). */
  stampNow(): string {
    this.lastStamp = Math.max(this.now(), this.lastStamp + 1);
    return stamp(this.lastStamp);
  }

  candidate(id: number): RCandidate | undefined {
    return this.candidates.find((c) => c.id === id);
  }

  offer(id: number): ROffer | undefined {
    return this.offers.find((o) => o.id === id);
  }

  placement(id: number): RPlacement | undefined {
    return this.placements.find((p) => p.id === id);
  }

  placementsOf(candidateId: number): RPlacement[] {
    return this.placements.filter((p) => p.candidate_id === candidateId);
  }

  touch(c: RCandidate): void {
    c.updated_at = this.stampNow();
  }

  /** Adds a tag by name to the company's tags when new (Recruitee creates unknown tags). */
  ensureTag(name: string): void {
    if (!this.tags.some((t) => t.name.toLowerCase() === name.toLowerCase())) this.tags.push({ id: this.nextId(), name });
  }

  /** Removes a candidate with everything hanging on it (a hard delete). */
  remove(id: number): boolean {
    const i = this.candidates.findIndex((c) => c.id === id);
    if (i < 0) return false;
    this.candidates.splice(i, 1);
    for (const list of [this.placements, this.attachments, this.notes] as Array<Array<{ candidate_id: number }>>) {
      for (let k = list.length - 1; k >= 0; k--) if (list[k]?.candidate_id === id) list.splice(k, 1);
    }
    return true;
  }
}
