/**
 * Records -> Harvest v3 JSON. Every documented field is present; empty values are `null` (or `[]`
 * / `{}` for lists and maps). Timestamps are ISO-8601 UTC with milliseconds; ids are integers.
 */
import { createHmac } from 'node:crypto';
import type { Application, Attachment, Candidate, GreenhouseState, Interview, Job, Note, Offer, StageVisit } from './store.js';

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const DAY = 86_400_000;
/** Attachment download links are signed and stop working after this long (Greenhouse: 7 days). */
export const ATTACHMENT_URL_TTL_MS = 7 * DAY;
export const STAGE_ID_FACTOR = 64;
export const INTERVIEWER_ID_FACTOR = 8;
export const JOB_INTERVIEW_ID_FACTOR = 4;

export interface View {
  s: GreenhouseState;
  /** Origin of the request, used for signed attachment links. */
  origin: string;
  secret: string;
}

export function signAttachment(secret: string, id: number, expires: number): string {
  return createHmac('sha256', secret).update(`${id}:${expires}`).digest('hex').slice(0, 32);
}

/** Contact lists of a candidate: stored after API writes, derived from the seeded e-mail and phone otherwise. */
export function contactsOf(c: Candidate): NonNullable<Candidate['contacts']> {
  return c.contacts ?? {
    emails: c.email ? [{ value: c.email, type: 'personal' }] : [],
    phones: c.phone ? [{ value: c.phone, type: 'mobile' }] : [],
    addresses: [],
    websites: [],
    social: [],
  };
}

export function candidateJson(v: View, c: Candidate): Record<string, unknown> {
  const tags = v.s.tagsByCandidate
    .get(c.id)
    .map((id) => v.s.appliedTags.get(id))
    .map((t) => (t ? v.s.candidateTags.get(t.tagId)?.name : undefined))
    .filter((n): n is string => n !== undefined);
  const contacts = contactsOf(c);
  return {
    id: c.id,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    first_name: c.firstName,
    last_name: c.lastName,
    preferred_name: c.preferredName,
    company: c.company,
    title: c.title,
    last_activity_at: iso(c.lastActivityAt),
    private: c.isPrivate,
    can_email: c.canEmail,
    time_zone: null,
    tags,
    linked_user_ids: [],
    phone_numbers: contacts.phones,
    addresses: contacts.addresses,
    email_addresses: contacts.emails,
    website_addresses: contacts.websites,
    social_media_addresses: contacts.social.map((value) => ({ value })),
    custom_fields: {},
  };
}

export function applicationJson(v: View, a: Application): Record<string, unknown> {
  return {
    id: a.id,
    created_at: iso(a.createdAt),
    updated_at: iso(a.updatedAt),
    agency_note_id: null,
    candidate_id: a.candidateId,
    coordinator_id: a.coordinatorId,
    job_id: a.jobId,
    job_post_id: a.jobPostId,
    recruiter_id: a.recruiterId,
    referrer_id: a.referrerId,
    source_id: a.sourceId,
    stage_id: a.stageId,
    job_interview_stage_id: a.stageId,
    stage_name: a.stageId === null ? null : (v.s.stages.get(a.stageId)?.name ?? null),
    status: a.status,
    needs_decision: false,
    prospect: a.prospect,
    rejected_at: iso(a.rejectedAt),
    rejection_reason_id: a.rejectionReasonId,
    last_activity_at: iso(a.lastActivityAt),
    location_address: null,
    answers: [],
    prospective_job_ids: a.prospectiveJobIds ?? [],
    custom_fields: {},
  };
}

export function jobJson(j: Job): Record<string, unknown> {
  return {
    id: j.id,
    created_at: iso(j.createdAt),
    updated_at: iso(j.updatedAt),
    name: j.name,
    requisition_id: j.requisitionId,
    notes: j.notes,
    confidential: j.confidential,
    status: j.status,
    opened_at: iso(j.openedAt),
    closed_at: iso(j.closedAt),
    is_template: false,
    copied_from_id: null,
    department_id: j.departmentId,
    office_ids: j.officeIds,
    custom_fields: { employment_type: { name: 'Employment Type', type: 'single_select', value: j.employmentType } },
  };
}

export function attachmentJson(v: View, a: Attachment): Record<string, unknown> {
  const expires = Math.floor((Date.now() + ATTACHMENT_URL_TTL_MS) / 1000);
  const sig = signAttachment(v.secret, a.id, expires);
  return {
    id: a.id,
    created_at: iso(a.createdAt),
    updated_at: iso(a.createdAt),
    application_id: a.applicationId,
    candidate_id: a.candidateId,
    type: a.type,
    filename: a.filename,
    url: `${v.origin}/__files/attachments/${a.id}/${encodeURIComponent(a.filename)}?expires=${expires}&signature=${sig}`,
  };
}

export function noteJson(n: Note): Record<string, unknown> {
  return {
    id: n.id,
    created_at: iso(n.createdAt),
    updated_at: iso(n.createdAt),
    candidate_id: n.candidateId,
    application_id: n.applicationId,
    body: n.body,
    subject: n.subject,
    type: n.type,
    user_id: n.userId,
    email_from: n.emailFrom,
    email_to: n.emailTo,
    email_cc: n.emailCc,
    import_hash: null,
    body_with_tags: n.body,
    visibility: n.visibility,
    email_attachment_file_names: null,
  };
}

export function offerJson(o: Offer): Record<string, unknown> {
  return {
    id: o.id,
    created_at: iso(o.createdAt),
    updated_at: iso(o.updatedAt),
    version: o.version,
    application_id: o.applicationId,
    job_id: o.jobId,
    candidate_id: o.candidateId,
    opening_id: o.openingId,
    status: o.status,
    starts_on: o.startsOn,
    sent_on: o.sentOn,
    resolved_at: iso(o.resolvedAt),
    custom_fields: {},
  };
}

export function interviewJson(i: Interview): Record<string, unknown> {
  return {
    id: i.id,
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    job_id: i.jobId,
    application_id: i.applicationId,
    job_interview_id: i.stageId * JOB_INTERVIEW_ID_FACTOR + 1,
    starts_at: iso(i.startsAt),
    ends_at: iso(i.startsAt + i.durationMin * 60_000),
    location: i.location,
    status: i.status,
    organizer_id: i.organizerId,
    scheduled_at: iso(i.createdAt),
    all_day_start_on: null,
    all_day_end_on: null,
    external_event_id: `gh-evt-${i.id}`,
    video_conferencing_url: i.location === 'Video call' ? `https://meet.example.com/gh-${i.id}` : null,
    availability_received_at: null,
  };
}

/** Stage history of an application: stored after moves, derived for seeded applications. */
export function stageHistory(s: GreenhouseState, a: Application): StageVisit[] {
  if (a.history) return a.history;
  if (a.jobId === null || a.stageId === null) return [];
  const stages = s.jobStages(a.jobId);
  const current = stages.findIndex((st) => st.id === a.stageId);
  if (current < 0) return [];
  const step = Math.max(1, Math.floor((a.updatedAt - a.createdAt) / (current + 1)));
  return stages.slice(0, current + 1).map((st, i) => ({
    stageId: st.id,
    enteredAt: a.createdAt + i * step,
    exitedAt: i === current ? null : a.createdAt + (i + 1) * step,
  }));
}

export function applicationStageRows(s: GreenhouseState, a: Application): { id: number; json: Record<string, unknown> }[] {
  const history = stageHistory(s, a);
  const now = Math.max(Date.now(), a.updatedAt);
  return history.map((h, i) => ({
    id: a.id * STAGE_ID_FACTOR + i,
    json: {
      id: a.id * STAGE_ID_FACTOR + i,
      created_at: iso(h.enteredAt),
      updated_at: iso(h.exitedAt ?? h.enteredAt),
      application_id: a.id,
      job_interview_stage_id: h.stageId,
      entered_at: iso(h.enteredAt),
      exited_at: iso(h.exitedAt),
      days_in_stage: Math.floor(((h.exitedAt ?? now) - h.enteredAt) / DAY),
      current: i === history.length - 1,
    },
  }));
}
