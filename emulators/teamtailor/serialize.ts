/**
 * Teamtailor's JSON:API documents: string ids, dasherized attributes, relationships with
 * `links.self`/`links.related`, and `data` linkage only on relationships named in `include=`
 * (whose records then go to `included`), as the public API documents.
 */
import type { TeamtailorState, TtAnswer, TtApplication, TtCandidate, TtCustomField, TtCustomFieldValue, TtJob, TtNote, TtPartnerResult, TtPickedQuestion, TtQuestion, TtReason, TtStage, TtUpload, TtUser } from './state.js';

export type Linkage = { type: string; id: string };
type Rel = { type: string; to: string | null } | { type: string; many: string[] };

export interface Resource {
  id: string;
  type: string;
  links: Record<string, string>;
  attributes: Record<string, unknown>;
  relationships: Record<string, { links: { self: string; related: string }; data?: Linkage | Linkage[] | null }>;
}

interface Spec<T> {
  attributes(record: T, state: TeamtailorState, signed: (upload: TtUpload) => string): Record<string, unknown>;
  relations(record: T, state: TeamtailorState): Record<string, Rel>;
}

const user: Spec<TtUser> = {
  attributes: (u) => ({ name: u.name, email: u.email, username: u.email.split('@')[0], role: u.role, title: null, 'external-id': null, 'created-at': u.createdAt, 'updated-at': u.updatedAt }),
  relations: () => ({}),
};
const reason: Spec<TtReason> = {
  attributes: (r) => ({ reason: r.reason, 'rejected-by-company': r.rejectedByCompany }),
  relations: (r, s) => ({ 'job-applications': { type: 'job-applications', many: s.applications.filter((a) => a.rejectReasonId === r.id).map((a) => a.id) } }),
};
const HUMAN: Record<TtJob['status'], string> = { open: 'published', draft: 'draft', archived: 'archived', unlisted: 'unlisted' };
const job: Spec<TtJob> = {
  attributes: (j) => ({
    title: j.title,
    pitch: null,
    body: j.body,
    status: j.status,
    'human-status': HUMAN[j.status],
    internal: j.internal,
    pinned: false,
    'remote-status': j.remoteStatus,
    'start-date': null,
    'end-date': null,
    tags: j.tags,
    'created-at': j.createdAt,
    'updated-at': j.updatedAt,
  }),
  relations: (j, s) => ({
    user: { type: 'users', to: j.userId },
    stages: { type: 'stages', many: s.stagesOf(j.id).map((x) => x.id) },
    questions: { type: 'questions', many: s.questionsOf(j.id).map((q) => q.id) },
    'picked-questions': { type: 'picked-questions', many: s.pickedQuestions.filter((p) => p.jobId === j.id).map((p) => p.id) },
  }),
};
const stage: Spec<TtStage> = {
  attributes: (st, s) => ({
    name: st.name,
    'stage-type': st.stageType,
    'legacy-stage-type-name': st.stageType,
    'row-order': st.rowOrder,
    'active-job-applications-count': s.applications.filter((a) => a.stageId === st.id && !a.rejectedAt).length,
    'rejected-job-applications-count': s.applications.filter((a) => a.stageId === st.id && a.rejectedAt).length,
    'created-at': st.createdAt,
    'updated-at': st.updatedAt,
  }),
  relations: (st) => ({ job: { type: 'jobs', to: st.jobId } }),
};
const candidate: Spec<TtCandidate> = {
  attributes: (c) => ({
    'first-name': c.firstName,
    'last-name': c.lastName,
    email: c.email,
    phone: c.phone,
    pitch: c.pitch,
    'linkedin-url': c.linkedinUrl,
    'linkedin-uid': null,
    'facebook-id': null,
    picture: null,
    resume: null,
    'original-resume': null,
    connected: false,
    sourced: c.sourced,
    referred: false,
    internal: false,
    unsubscribed: false,
    'referring-site': c.referringSite,
    'referring-url': null,
    tags: c.tags,
    'created-at': c.createdAt,
    'updated-at': c.updatedAt,
  }),
  relations: (c, s) => ({
    'job-applications': { type: 'job-applications', many: s.applications.filter((a) => a.candidateId === c.id).map((a) => a.id) },
    uploads: { type: 'uploads', many: s.uploads.filter((u) => u.candidateId === c.id).map((u) => u.id) },
    'custom-field-values': { type: 'custom-field-values', many: s.customFieldValues.filter((v) => v.ownerId === c.id).map((v) => v.id) },
    answers: { type: 'answers', many: s.answers.filter((a) => a.candidateId === c.id).map((a) => a.id) },
    'partner-results': { type: 'partner-results', many: s.partnerResults.filter((r) => r.candidateId === c.id).map((r) => r.id) },
  }),
};
const question: Spec<TtQuestion> = {
  attributes: (q) => ({ title: q.title, 'question-type': q.questionType, alternatives: q.alternatives, multiple: q.multiple, 'start-with': q.startWith, 'end-with': q.endWith, unit: q.unit, 'single-line': q.singleLine }),
  relations: () => ({}),
};
const pickedQuestion: Spec<TtPickedQuestion> = {
  attributes: (p) => ({ mandatory: p.mandatory }),
  relations: (p) => ({ question: { type: 'questions', to: p.questionId } }),
};
const partnerResult: Spec<TtPartnerResult> = {
  attributes: (r) => ({ 'assessment-score': r.score, attachments: [], 'created-at': r.createdAt, details: '', 'partner-name': r.partnerName, status: r.status, summary: r.summary, url: r.url }),
  relations: (r) => ({ candidate: { type: 'candidates', to: r.candidateId }, job: { type: 'jobs', to: r.jobId } }),
};
const answer: Spec<TtAnswer> = {
  attributes: (a) => ({ boolean: a.boolean, choices: a.choices, 'updated-at': a.updatedAt, range: a.range, text: a.text, 'video-token': null }),
  relations: (a) => ({ question: { type: 'questions', to: a.questionId }, candidate: { type: 'candidates', to: a.candidateId } }),
};
const customField: Spec<TtCustomField> = {
  attributes: (f) => ({ name: f.name, 'api-name': f.apiName, 'field-type': f.fieldType, 'created-at': f.createdAt, 'updated-at': f.updatedAt }),
  relations: () => ({}),
};
const customFieldValue: Spec<TtCustomFieldValue> = {
  attributes: (v, s) => ({ value: v.value, 'field-type': s.customFields.find((f) => f.id === v.customFieldId)?.fieldType ?? null, 'created-at': v.createdAt, 'updated-at': v.updatedAt }),
  relations: (v) => ({ 'custom-field': { type: 'custom-fields', to: v.customFieldId }, owner: { type: 'candidates', to: v.ownerId } }),
};
const application: Spec<TtApplication> = {
  attributes: (a) => ({ 'created-at': a.createdAt, 'updated-at': a.updatedAt, 'cover-letter': a.coverLetter, 'changed-stage-at': a.changedStageAt, 'rejected-at': a.rejectedAt, 'referring-url': null, 'referring-site': null, sourced: a.sourced }),
  relations: (a) => ({
    candidate: { type: 'candidates', to: a.candidateId },
    job: { type: 'jobs', to: a.jobId },
    stage: { type: 'stages', to: a.stageId },
    'reject-reason': { type: 'reject-reasons', to: a.rejectReasonId },
  }),
};
const upload: Spec<TtUpload> = {
  attributes: (u, _s, signed) => ({ url: signed(u), 'file-name': u.fileName, internal: u.internal, 'created-at': u.createdAt, 'updated-at': u.updatedAt }),
  relations: (u) => ({ candidate: { type: 'candidates', to: u.candidateId }, job: { type: 'jobs', to: u.jobId } }),
};
const note: Spec<TtNote> = {
  attributes: (n) => ({ note: n.note, 'candidate-id': Number(n.candidateId), 'user-id': Number(n.userId), 'private-note': false, 'created-by-trigger': false, 'mentioned-user-ids': [], 'created-at': n.createdAt, 'updated-at': n.updatedAt }),
  relations: (n) => ({ candidate: { type: 'candidates', to: n.candidateId }, user: { type: 'users', to: n.userId } }),
};

/** The serializer of each resource type the emulator serves, with the list it comes from. */
export const TYPES = {
  users: { spec: user, all: (s: TeamtailorState) => s.users },
  'reject-reasons': { spec: reason, all: (s: TeamtailorState) => s.reasons },
  jobs: { spec: job, all: (s: TeamtailorState) => s.jobs },
  stages: { spec: stage, all: (s: TeamtailorState) => s.stages },
  candidates: { spec: candidate, all: (s: TeamtailorState) => s.candidates },
  'job-applications': { spec: application, all: (s: TeamtailorState) => s.applications },
  uploads: { spec: upload, all: (s: TeamtailorState) => s.uploads },
  notes: { spec: note, all: (s: TeamtailorState) => s.notes },
  'custom-fields': { spec: customField, all: (s: TeamtailorState) => s.customFields },
  'custom-field-values': { spec: customFieldValue, all: (s: TeamtailorState) => s.customFieldValues },
  questions: { spec: question, all: (s: TeamtailorState) => s.questions },
  'picked-questions': { spec: pickedQuestion, all: (s: TeamtailorState) => s.pickedQuestions },
  answers: { spec: answer, all: (s: TeamtailorState) => s.answers },
  'partner-results': { spec: partnerResult, all: (s: TeamtailorState) => s.partnerResults },
} as const;
export type TypeName = keyof typeof TYPES;
export const isType = (name: string): name is TypeName => Object.hasOwn(TYPES, name);

interface AnyRecord { id: string }
type AnySpec = Spec<AnyRecord>;

export class Serializer {
  constructor(
    private readonly state: TeamtailorState,
    private readonly root: string,
    private readonly signed: (upload: TtUpload) => string,
  ) {}

  private find(type: string, id: string): AnyRecord | undefined {
    if (!isType(type)) return undefined;
    return (TYPES[type].all(this.state) as readonly AnyRecord[]).find((r) => r.id === id);
  }

  /**
   * One resource; relationships named in `include` carry linkage and add their records to
   * `included`, whose own relationships follow the rest of a dotted path (`a.b`).
   */
  resource(type: TypeName, record: AnyRecord, include: readonly string[], included: Map<string, Resource>): Resource {
    const spec = TYPES[type].spec as unknown as AnySpec;
    const self = `${this.root}/${type}/${record.id}`;
    const relationships: Resource['relationships'] = {};
    for (const [name, rel] of Object.entries(spec.relations(record, this.state))) {
      const entry: Resource['relationships'][string] = { links: { self: `${self}/relationships/${name}`, related: `${self}/${name}` } };
      const below = include.filter((path) => path.startsWith(`${name}.`)).map((path) => path.slice(name.length + 1));
      if (include.includes(name) || below.length > 0) {
        const ids = 'many' in rel ? rel.many : rel.to === null ? [] : [rel.to];
        entry.data = 'many' in rel ? ids.map((id) => ({ type: rel.type, id })) : rel.to === null ? null : { type: rel.type, id: rel.to };
        for (const id of ids) {
          const key = `${rel.type}:${id}`;
          const target = this.find(rel.type, id);
          if (target && !included.has(key) && isType(rel.type)) {
            // Claimed first without its own includes, so a record reached again further down is not walked twice.
            included.set(key, this.resource(rel.type, target, [], included));
            included.set(key, this.resource(rel.type, target, below, included));
          }
        }
      }
      relationships[name] = entry;
    }
    return { id: record.id, type, links: { self }, attributes: spec.attributes(record, this.state, this.signed), relationships };
  }
}
