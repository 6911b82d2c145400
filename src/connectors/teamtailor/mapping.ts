/**
 * Teamtailor resources → source records (pure). Teamtailor has no application status: an
 * application is DECLINED once `rejected-at` is set (its reason from the `reject-reason`
 * relationship), HIRED while it sits in the job's Hired stage, else PENDING. Tags are plain
 * strings on candidates, so a tag's remote id is its name.
 */
import type { SourceApplication, SourceAttachment, SourceCandidate, SourceCustomField, SourceJob, SourceRejectionReason, SourceRole, SourceStage, SourceTag, SourceUser } from '../source-records.js';
import type { RoleUnifiedType } from '../../model/common.js';
import { EXTENSION_TYPES } from '../attachment-facts.js';
import { attributesOf, indexIncluded, relatedId, relatedIds } from './client.js';
import { applicationAnswers, jobQuestions } from './screening.js';
import {
  applicationAttributes,
  candidateAttributes,
  customFieldAttributes,
  jobAttributes,
  reasonAttributes,
  stageAttributes,
  uploadAttributes,
  userAttributes,
  type TtResource,
} from './vendor-schemas.js';

const clean = (v: string | null | undefined): string | null => (v && v.trim() ? v.trim() : null);
const iso = (v: string | null | undefined): string | null => {
  const t = v ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? null : new Date(t).toISOString();
};

/** Teamtailor's user roles; `user` and `no_access` have no unified counterpart. */
const ROLE: Record<string, { label: string; type: RoleUnifiedType | null }> = {
  admin: { label: 'Admin', type: 'ADMIN' },
  recruiter: { label: 'Recruiter', type: 'RECRUITER' },
  external_recruiter: { label: 'External recruiter', type: 'RECRUITER' },
  designer: { label: 'Designer', type: null },
  user: { label: 'User', type: null },
  no_access: { label: 'No access', type: null },
};

export function mapRole(role: string): SourceRole {
  return { remote_id: role, remote_label: ROLE[role]?.label ?? role, scope: 'SYSTEM', unified_type: ROLE[role]?.type ?? null };
}

export function mapUser(user: TtResource): SourceUser {
  const a = attributesOf(user, userAttributes);
  const [first = '', ...rest] = (clean(a.name) ?? '').split(/\s+/);
  const role = clean(a.role);
  return {
    remote_id: user.id,
    first_name: first || null,
    last_name: rest.join(' ') || null,
    email: clean(a.email),
    // Users without access can no longer sign in: Teamtailor's way of deactivating someone.
    status: role === 'no_access' ? 'INACTIVE' : 'ACTIVE',
    system_roles: role ? [mapRole(role)] : [],
  };
}

export function mapRejectionReason(reason: TtResource): SourceRejectionReason {
  return { remote_id: reason.id, name: clean(attributesOf(reason, reasonAttributes).reason) };
}

export const mapTag = (name: string): SourceTag => ({ remote_id: name, name });

/** Teamtailor's stage types, whichever attribute the API version fills. */
export function stageTypeOf(stage: TtResource | undefined): string | null {
  if (!stage) return null;
  const a = attributesOf(stage, stageAttributes);
  return clean(a['legacy-stage-type-name']) ?? clean(a['stage-type']);
}

/** A job's stages in pipeline order (`row-order`); Teamtailor stages have no archived flag nor fields of their own. */
export function mapStages(stages: readonly TtResource[]): SourceStage[] {
  return [...stages]
    .sort((x, y) => (attributesOf(x, stageAttributes)['row-order'] ?? 0) - (attributesOf(y, stageAttributes)['row-order'] ?? 0))
    .map((s, index) => ({ remote_id: s.id, name: clean(attributesOf(s, stageAttributes).name), index, status: null, custom_fields: null }));
}

const JOB_STATUS: Record<string, string> = { open: 'OPEN', unlisted: 'OPEN', draft: 'DRAFT', archived: 'ARCHIVED', temp: 'DRAFT' };
const REMOTE: Record<string, string> = { none: 'ON_SITE', hybrid: 'HYBRID', fully: 'REMOTE', temporary: 'REMOTE' };
const SALARY_PERIOD: Record<string, string> = { hourly: 'HOUR', daily: 'DAY', weekly: 'WEEK', monthly: 'MONTH', yearly: 'YEAR' };

/** A job with the stages (`include=stages`), recruiter (`include=user`) and questions (`include=picked-questions.question`) of its document. */
export function mapJob(job: TtResource, included: ReadonlyMap<string, TtResource>): SourceJob {
  const a = attributesOf(job, jobAttributes);
  const status = clean(a.status) ?? '';
  const visibility = a.internal ? 'INTERNAL' : status === 'unlisted' ? 'UNLISTED' : 'PUBLIC';
  const url = clean(job.links?.['careersite-job-url'] ?? null);
  const stages = relatedIds(job, 'stages').flatMap((id) => {
    const stage = included.get(`stages:${id}`);
    return stage ? [stage] : [];
  });
  return {
    remote_id: job.id,
    name: clean(a.title),
    job_code: null,
    description: clean(a.body),
    confidential: null,
    weekly_hours: null,
    employment_type: clean(a['employment-type'])?.toUpperCase().replace(/[\s-]+/g, '_') ?? null,
    status: JOB_STATUS[status] ?? (status ? status.toUpperCase() : null),
    visibility,
    category: null,
    department: null,
    post_url: url,
    experience_level: clean(a['employment-level']),
    remote_work_status: REMOTE[clean(a['remote-status']) ?? ''] ?? null,
    salary_amount: null,
    salary_amount_from: a['min-salary'] ?? null,
    salary_amount_to: a['max-salary'] ?? null,
    salary_currency: clean(a.currency),
    salary_period: SALARY_PERIOD[clean(a['salary-time-unit']) ?? ''] ?? null,
    location: null,
    remote_url: url,
    opened_at: null,
    closed_at: null,
    contact_user_remote_id: relatedId(job, 'user'),
    stages: mapStages(stages),
    screening_questions: jobQuestions(job, included),
    job_postings: [],
    hiring_team: [],
    remote_created_at: iso(a['created-at']),
    remote_updated_at: iso(a['updated-at']),
    remote_data: { ...job.attributes },
  };
}

/**
 * A candidate; with the listing's included records (`include=custom-field-values.custom-field`)
 * also its raw attributes and custom field values by the field's `api-name`. Without them (a write's
 * answer) neither is set, so a write never clears what the last sync stored.
 */
export function mapCandidate(candidate: TtResource, included?: ReadonlyMap<string, TtResource>): SourceCandidate {
  const a = attributesOf(candidate, candidateAttributes);
  const email = clean(a.email);
  const phone = clean(a.phone);
  const linkedin = clean(a['linkedin-url']);
  return {
    remote_id: candidate.id,
    first_name: clean(a['first-name']),
    last_name: clean(a['last-name']),
    company: null,
    title: null,
    confidential: null,
    source: clean(a['referring-site']),
    phone_numbers: phone ? [{ phone_number: phone, type: null }] : [],
    email_addresses: email ? [{ email_address: email, type: null }] : [],
    social_media: linkedin ? [{ link: linkedin, type: 'LINKEDIN', username: null }] : [],
    location: null,
    remote_url: null,
    tags: [...new Set(a.tags ?? [])].map(mapTag),
    remote_created_at: iso(a['created-at']),
    remote_updated_at: iso(a['updated-at']),
    ...(included ? { remote_data: { ...candidate.attributes }, remote_custom_fields: customFieldsOf(candidate, included) } : {}),
  };
}

/** The candidate's custom field values by the field's `api-name` (Select values stay option ids, as Teamtailor sends them). */
export function customFieldsOf(owner: TtResource, included: ReadonlyMap<string, TtResource>): Record<string, SourceCustomField> {
  const out: Record<string, SourceCustomField> = {};
  for (const id of relatedIds(owner, 'custom-field-values')) {
    const value = included.get(`custom-field-values:${id}`);
    const fieldId = value ? relatedId(value, 'custom-field') : null;
    const field = fieldId ? included.get(`custom-fields:${fieldId}`) : undefined;
    if (!value || !field) continue;
    const f = attributesOf(field, customFieldAttributes);
    out[clean(f['api-name']) ?? field.id] = { label: clean(f.name), value: value.attributes['value'] ?? null };
  }
  return out;
}

/** An application with its `stage` and `reject-reason` from the document's included records. */
export function mapApplication(app: TtResource, included: ReadonlyMap<string, TtResource>): SourceApplication {
  const a = attributesOf(app, applicationAttributes);
  const stageId = relatedId(app, 'stage');
  const reasonId = relatedId(app, 'reject-reason');
  const reason = reasonId ? included.get(`reject-reasons:${reasonId}`) : undefined;
  const rejectedAt = iso(a['rejected-at']);
  const hired = stageTypeOf(stageId ? included.get(`stages:${stageId}`) : undefined)?.toLowerCase() === 'hired';
  return {
    remote_id: app.id,
    candidate_remote_id: relatedId(app, 'candidate') ?? '',
    job_remote_id: relatedId(app, 'job'),
    current_stage_remote_id: stageId,
    outcome: rejectedAt ? 'DECLINED' : hired ? 'HIRED' : 'PENDING',
    rejection_reason_name: rejectedAt && reason ? clean(attributesOf(reason, reasonAttributes).reason) : null,
    rejected_at: rejectedAt,
    screening_question_answers: applicationAnswers(app, included),
    remote_url: null,
    remote_created_at: iso(a['created-at']),
    remote_updated_at: iso(a['updated-at']),
    remote_data: { ...app.attributes },
  };
}

const CV_NAME = /\b(cv|resume|r[eé]sum[eé]|lebenslauf)\b/i;

export function mapUpload(upload: TtResource): SourceAttachment | null {
  const a = attributesOf(upload, uploadAttributes);
  const candidate = relatedId(upload, 'candidate');
  if (!candidate) return null;
  const name = clean(a['file-name']) ?? `upload-${upload.id}`;
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return {
    remote_id: upload.id,
    candidate_remote_id: candidate,
    application_remote_id: null,
    type: CV_NAME.test(name.replace(/[-_.]/g, ' ')) ? 'CV' : 'OTHER',
    file_name: name,
    content_type: EXTENSION_TYPES[ext] ?? 'application/octet-stream',
    remote_created_at: iso(a['created-at']),
    remote_updated_at: iso(a['updated-at']),
  };
}

export { indexIncluded };
