/**
 * The Workable emulator's in-memory account: members, the account pipeline, jobs (each with its
 * own copy of the pipeline), candidates (one person in one job; the same person applying twice
 * is two candidates sharing an e-mail), disqualification reasons, events, comments, files and
 * offers. Seeded and deterministic for a seed and size.
 */
import { seededRandom } from '../shared/prng.js';

export interface WStage { id: number; identifier: string; slug: string; name: string; kind: string; position: number }
export interface WMember { id: string; name: string; headline: string; email: string; role: string; type: 'Member'; roles: string[]; active: boolean }
export interface WReason { id: string; description: string; candidate_withdrew: boolean; position: number }
export interface WJob {
  id: string; title: string; full_title: string; shortcode: string; code: string; state: 'draft' | 'published' | 'closed' | 'archived';
  sample: false; confidential: boolean; department: string; department_hierarchy: Array<{ id: number; name: string }>;
  url: string; application_url: string; shortlink: string; workplace_type: 'on_site' | 'remote' | 'hybrid';
  location: Record<string, string | boolean | null>; salary: { salary_from: number; salary_to: number; salary_currency: string } | null;
  created_at: string; updated_at: string; keywords: null; full_description: string; stages: WStage[];
}
export interface WFile { name: string; kind: string; source: string; content_type: string; data: Buffer; token: string }
export interface WComment { id: string; member_id: string; body: string; policy: string[]; created_at: string }
export interface WActivity { id: string; action: string; stage_name: string | null; member_id: string | null; body: string | null; created_at: string }
export interface WOffer { id: string; status: 'draft' | 'sent' | 'accepted' | 'declined' | 'approved'; start_date: string | null; created_at: string; updated_at: string }
export interface WCandidate {
  id: string; firstname: string; lastname: string; headline: string | null; email: string | null; phone: string | null; address: string | null;
  shortcode: string; stage_slug: string; disqualified: boolean; disqualified_at: string | null; withdrew: boolean;
  disqualification_reason: string | null; hired_at: string | null; moved_to_offer_at: string | null; sourced: boolean;
  outlet: string | null; domain: string | null; created_at: string; updated_at: string; tags: string[];
  social_profiles: Array<{ type: string; url: string; username: string | null }>; cover_letter: string | null; summary: string | null;
  originating_candidate_id: string | null; files: WFile[]; comments: WComment[]; activities: WActivity[]; offer: WOffer | null;
}
export interface WEvent {
  id: string; title: string; description: string | null; type: 'InterviewEvent' | 'CallEvent' | 'MeetingEvent'; starts_at: string; ends_at: string;
  cancelled: boolean; shortcode: string; member_ids: string[]; candidate_id: string;
}

export const PIPELINE: ReadonlyArray<Omit<WStage, 'id' | 'identifier' | 'position'>> = [
  { slug: 'sourced', name: 'Sourced', kind: 'sourced' },
  { slug: 'applied', name: 'Applied', kind: 'applied' },
  { slug: 'phone-screen', name: 'Phone Screen', kind: 'phone-screen' },
  { slug: 'assessment', name: 'Assessment', kind: 'assessment' },
  { slug: 'interview', name: 'Interview', kind: 'interview' },
  { slug: 'offer', name: 'Offer', kind: 'offer' },
  { slug: 'hired', name: 'Hired', kind: 'hired' },
];

const FIRST = ['Priya', 'Liam', 'Sofia', 'Kenji', 'Amara', 'Lucas', 'Ingrid', 'Mateo', 'Zara', 'Omar', 'Elena', 'Tomasz', 'Aisha', 'Jonas', 'Mei', 'Noah'];
const LAST = ['Raman', 'Murphy', 'Rossi', 'Tanaka', 'Okafor', 'Silva', 'Berg', 'Garcia', 'Khan', 'Haddad', 'Popescu', 'Nowak', 'Bello', 'Weber', 'Chen', 'Dubois'];
const TITLES = ['Senior Backend Engineer', 'Product Designer', 'Data Analyst', 'Account Executive', 'Site Reliability Engineer', 'Recruiter'];
const DEPTS = ['Engineering', 'Design', 'Data', 'Sales', 'Engineering', 'People'];
const TAGS = ['python', 'referral', 'senior', 'remote-ok', 'relocation', 'priority'];
const REASONS = ["Doesn't have required qualifications", 'Hired someone else', 'Overqualified', 'Salary expectations too high', 'Candidate withdrew'];

/** Second-precision ISO-8601, as Workable writes candidate and job timestamps. */
export const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export const PDF = (label: string): Buffer => Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`);

export class WorkableState {
  readonly members: WMember[] = [];
  readonly reasons: WReason[] = [];
  readonly jobs: WJob[] = [];
  readonly candidates: WCandidate[] = [];
  readonly events: WEvent[] = [];
  readonly accountStages: WStage[];
  private counter = 0x27270000;
  private stageCounter = 5272260;

  constructor(readonly subdomain: string, seed: number, size: number, private readonly now: () => number) {
    const rnd = seededRandom(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
    this.accountStages = this.pipeline();
    const base = Date.parse('2026-01-05T09:00:00Z');
    const memberRoles = ['admin', 'recruiter', 'hiring_manager', 'recruiter', 'simple'];
    for (let i = 0; i < 5; i++) {
      const first = FIRST[(i * 3) % FIRST.length] ?? 'Sam';
      const last = LAST[(i * 5 + 2) % LAST.length] ?? 'Lee';
      const role = memberRoles[i] ?? 'simple';
      this.members.push({ id: this.nextId(), name: `${first} ${last}`, headline: role === 'admin' ? 'Head of Talent' : 'Recruiting', email: `${first.toLowerCase()}.${last.toLowerCase()}@${subdomain}.example`, role, type: 'Member', roles: [`ats.${role}`], active: i !== 4 });
    }
    REASONS.forEach((description, position) => this.reasons.push({ id: this.nextId(), description, candidate_withdrew: description === 'Candidate withdrew', position }));
    const jobCount = Math.max(3, Math.min(6, Math.ceil(size / 5)));
    const states: WJob['state'][] = ['published', 'published', 'closed', 'published', 'draft', 'archived'];
    for (let j = 0; j < jobCount; j++) {
      const title = TITLES[j % TITLES.length] ?? 'Engineer';
      const shortcode = `${(0x9cd658e1 + j * 7919).toString(16).toUpperCase()}3E`;
      const created = isoSeconds(base + j * 86_400_000);
      this.jobs.push({
        id: this.nextId(), title, full_title: `${title} - ENG/${14 + j}`, shortcode, code: `ENG/${14 + j}`, state: states[j] ?? 'published', sample: false,
        confidential: j === 3, department: DEPTS[j % DEPTS.length] ?? 'Engineering', department_hierarchy: [{ id: 4411 + j, name: DEPTS[j % DEPTS.length] ?? 'Engineering' }],
        url: `https://${subdomain}.workable.com/jobs/${5986327 + j}`, application_url: `https://${subdomain}.workable.com/jobs/${5986327 + j}/candidates/new`,
        shortlink: `https://apply.workable.com/j/${shortcode}`, workplace_type: (['hybrid', 'remote', 'on_site'] as const)[j % 3] ?? 'hybrid',
        location: { location_str: 'London, United Kingdom', country: 'United Kingdom', country_code: 'GB', region: 'England', region_code: 'ENG', city: 'London', zip_code: 'EC1A', telecommuting: j % 3 === 1, workplace_type: (['hybrid', 'remote', 'on_site'] as const)[j % 3] ?? 'hybrid' },
        salary: j % 2 === 0 ? { salary_from: 70000 + j * 1000, salary_to: 90000 + j * 1000, salary_currency: 'gbp' } : null,
        created_at: created, updated_at: created, keywords: null, full_description: `<p>Join us as ${title}.</p>`, stages: this.pipeline(),
      });
    }
    const open = this.jobs.filter((j) => j.state !== 'draft');
    for (let p = 0; p < size; p++) {
      const first = FIRST[p % FIRST.length] ?? 'Alex';
      const last = LAST[(p * 7 + 3) % LAST.length] ?? 'Doe';
      const email = p % 9 === 8 ? null : `${first.toLowerCase()}.${last.toLowerCase()}${p}@example.org`;
      const applications = rnd() < 0.35 && email ? 2 : 1;
      let origin: string | null = null;
      for (let a = 0; a < applications; a++) {
        const job = open[(p + a) % open.length] ?? open[0];
        if (!job) break;
        const created = base + (p * 3 + a) * 3_600_000 * 7;
        const stageIndex = Math.floor(rnd() * PIPELINE.length);
        const stage = job.stages[stageIndex] ?? job.stages[0];
        const disqualified = stage?.kind !== 'hired' && rnd() < 0.25;
        const reason = disqualified ? pick(this.reasons) : null;
        const c: WCandidate = {
          id: this.nextId(), firstname: first, lastname: last, headline: pick(TITLES), email, phone: p % 3 === 0 ? null : `+4420794600${String(p).padStart(2, '0')}`,
          address: p % 2 === 0 ? 'London, United Kingdom' : null, shortcode: job.shortcode, stage_slug: stage?.slug ?? 'applied',
          disqualified, disqualified_at: disqualified ? isoSeconds(created + 86_400_000) : null, withdrew: reason?.candidate_withdrew ?? false,
          disqualification_reason: reason?.description ?? null, hired_at: stage?.kind === 'hired' ? isoSeconds(created + 5 * 86_400_000) : null,
          moved_to_offer_at: stage?.kind === 'offer' || stage?.kind === 'hired' ? isoSeconds(created + 4 * 86_400_000) : null,
          sourced: rnd() < 0.4, outlet: null, domain: rnd() < 0.5 ? 'linkedin.com' : null, created_at: isoSeconds(created),
          updated_at: isoSeconds(created + (disqualified ? 86_400_000 : 3_600_000)), tags: TAGS.filter(() => rnd() < 0.25),
          social_profiles: p % 4 === 0 ? [{ type: 'linkedin', url: `https://www.linkedin.com/in/${first.toLowerCase()}-${last.toLowerCase()}`, username: null }] : [],
          cover_letter: null, summary: null, originating_candidate_id: origin, files: [], comments: [], activities: [], offer: null,
        };
        origin ??= c.id;
        if (rnd() < 0.7) c.files.push(this.file(`${first.toLowerCase()}_cv.pdf`, 'resume', 'candidate', PDF(`CV of ${first} ${last}`)));
        if (stage?.kind === 'offer' || stage?.kind === 'hired') {
          c.offer = { id: this.nextId(), status: stage.kind === 'hired' ? 'accepted' : 'sent', start_date: '2026-06-01', created_at: c.moved_to_offer_at ?? c.created_at, updated_at: c.updated_at };
        }
        if (rnd() < 0.3) {
          const member = this.members[0];
          if (member) c.comments.push({ id: this.nextId(), member_id: member.id, body: 'Strong profile.', policy: [], created_at: c.created_at });
        }
        c.activities.push({ id: this.nextId(), action: c.sourced ? 'uploaded' : 'applied', stage_name: null, member_id: null, body: null, created_at: c.created_at });
        this.candidates.push(c);
        if (rnd() < 0.4) {
          const starts = created + 2 * 86_400_000;
          const member = this.members[(p % 3) + 1];
          this.events.push({
            id: this.nextId(), title: `Interview with ${first} ${last}`, description: null, type: rnd() < 0.7 ? 'InterviewEvent' : 'CallEvent',
            starts_at: new Date(starts).toISOString(), ends_at: new Date(starts + 3_600_000).toISOString(), cancelled: rnd() < 0.1,
            shortcode: job.shortcode, member_ids: member ? [member.id] : [], candidate_id: c.id,
          });
        }
      }
    }
  }

  private pipeline(): WStage[] {
    return PIPELINE.map((s, i) => ({ ...s, id: this.stageCounter++, identifier: (0x50779f + i).toString(16), position: i }));
  }

  nextId(): string {
    return (this.counter++).toString(16);
  }

  file(name: string, kind: string, source: string, data: Buffer, contentType = 'application/pdf'): WFile {
    return { name, kind, source, data, content_type: contentType, token: this.nextId() };
  }

  stamp(): string {
    return isoSeconds(this.now());
  }

  job(shortcode: string): WJob | undefined {
    return this.jobs.find((j) => j.shortcode === shortcode);
  }

  candidate(id: string): WCandidate | undefined {
    return this.candidates.find((c) => c.id === id);
  }

  member(id: unknown): WMember | undefined {
    return typeof id === 'string' ? this.members.find((m) => m.id === id) : undefined;
  }

  stageOf(c: WCandidate): WStage | undefined {
    return this.job(c.shortcode)?.stages.find((s) => s.slug === c.stage_slug);
  }

  touch(c: WCandidate): void {
    const now = this.stamp();
    // Keep updated_at moving forward even within one second.
    c.updated_at = now > c.updated_at ? now : isoSeconds(Date.parse(c.updated_at) + 1000);
  }

  fileByToken(token: string): WFile | undefined {
    for (const c of this.candidates) for (const f of c.files) if (f.token === token) return f;
    return undefined;
  }
}
