/**
 * The read surface: one `GET /v3/<collection>` per resource, each with the filters its Harvest v3
 * reference page lists (on top of the common `ids`, `created_at`, `updated_at`, `per_page`,
 * `fields`, `cursor`). Unknown query parameters are ignored. There are no `GET /v3/<collection>/{id}`
 * routes in v3: a single record is fetched with `?ids=<id>`.
 */
import type { Context, Hono } from 'hono';
import { childSource, listResponse, type Filter, type ListSpec } from './listing.js';
import {
  INTERVIEWER_ID_FACTOR, JOB_INTERVIEW_ID_FACTOR, STAGE_ID_FACTOR, applicationJson, applicationStageRows, attachmentJson, candidateJson, contactsOf, interviewJson, iso, jobJson,
  noteJson, offerJson, type View,
} from './serialize.js';
import type { Application, AppliedTag, Attachment, Candidate, Interview, Job, JobOwner, Named, Note, Offer, Opening, Stage, Table, User } from './store.js';

interface Derived {
  id: number;
  createdAt: number;
  updatedAt: number;
  keys: Record<string, number | null>;
  flag: boolean;
  json: Record<string, unknown>;
}

type IdValue = number | null | readonly number[];

function ids<R>(get: (r: R) => IdValue, index?: (id: number) => Iterable<R>): Filter<R> {
  const match = (r: R, set: ReadonlySet<number>) => {
    const v = get(r);
    if (v === null) return false;
    return typeof v === 'number' ? set.has(v) : v.some((x) => set.has(x));
  };
  return index ? { kind: 'ids', match, index } : { kind: 'ids', match };
}
const date = <R>(get: (r: R) => number | null): Filter<R> => ({ kind: 'date', get });
const bool = <R>(get: (r: R) => boolean | null): Filter<R> => ({ kind: 'bool', get });
const oneOf = <R>(values: readonly string[], match: (r: R, v: string) => boolean): Filter<R> => ({ kind: 'enum', values, match });
const text = <R>(match: (r: R, v: string) => boolean): Filter<R> => ({ kind: 'string', match });
const int = <R>(match: (r: R, v: number) => boolean): Filter<R> => ({ kind: 'int', match });

function rows<R extends { id: number }>(table: Table<R>, list: readonly number[]): R[] {
  return list.map((id) => table.get(id)).filter((r): r is R => r !== undefined);
}

function filtered<R extends { id: number }>(table: Table<R>, keep: (r: R) => boolean) {
  return {
    *desc(before?: number) {
      for (const r of table.desc(before)) if (keep(r)) yield r;
    },
    get: (id: number) => {
      const r = table.get(id);
      return r && keep(r) ? r : undefined;
    },
  };
}

function derivedSpec(resource: string, source: ListSpec<Derived>['source'], filters: Record<string, Filter<Derived>>): ListSpec<Derived> {
  return { resource, source, createdAt: (r) => r.createdAt, updatedAt: (r) => r.updatedAt, filters, serialize: (r) => r.json };
}

const named = <R extends Named>(resource: string, table: Table<R>, json: (r: R) => Record<string, unknown>, filters: Record<string, Filter<R>> = {}): ListSpec<R> => ({
  resource, source: table, createdAt: (r) => r.createdAt, updatedAt: (r) => r.updatedAt, filters,
  serialize: (r) => ({ id: r.id, created_at: iso(r.createdAt), updated_at: iso(r.updatedAt), ...json(r) }),
});

const REASON_TYPES = { 1: ['we_rejected_them', 'We rejected them'], 2: ['they_rejected_us', 'They rejected us'], 3: ['none_specified', 'None specified'] } as const;
const INTERVIEW_STATUSES = ['to_be_scheduled', 'scheduled', 'awaiting_feedback', 'complete', 'skipped', 'collect_feedback', 'to_be_sent', 'sent', 'received'];
const ATTACHMENT_TYPES = ['resume', 'cover_letter', 'take_home_test', 'offer_packet', 'offer_letter', 'signed_offer_letter', 'other', 'form_attachment', 'midfunnel_agreement', 'automated_agreement'];

type Handler = (c: Context) => Response;

function specs(v: View): Map<string, Handler> {
  const s = v.s;
  const appsOf = (candidateId: number) => rows(s.applications, s.appsByCandidate.get(candidateId));
  const appStatus = (a: Application, want: string) => (want === 'active' ? a.status === 'in_process' : a.status === want);
  const owners = (type: 'hiring_manager' | 'owner') => filtered(s.jobOwners, (o: JobOwner) => (type === 'hiring_manager') === (o.type === 'hiring_manager'));
  const list = new Map<string, Handler>();
  const add = <R extends { id: number }>(spec: ListSpec<R>) => list.set(spec.resource, (c) => listResponse(c, spec));

  add<Candidate>({
    resource: 'candidates', source: s.candidates, createdAt: (r) => r.createdAt, updatedAt: (r) => r.updatedAt, serialize: (r) => candidateJson(v, r),
    filters: {
      last_activity_at: date((r) => r.lastActivityAt),
      private: bool((r) => r.isPrivate),
      email: text((r, e) => contactsOf(r).emails.some((x) => x.value.toLowerCase() === e.toLowerCase())),
      tag: text((r, t) => s.tagsByCandidate.get(r.id).some((id) => s.candidateTags.get(s.appliedTags.get(id)?.tagId ?? 0)?.name.toLowerCase() === t.toLowerCase())),
    },
  });
  add<Application>({
    resource: 'applications', source: s.applications, createdAt: (r) => r.createdAt, updatedAt: (r) => r.updatedAt, serialize: (r) => applicationJson(v, r),
    filters: {
      candidate_ids: ids((r) => r.candidateId, appsOf),
      job_ids: ids((r) => r.jobId, (id) => rows(s.applications, s.appsByJob.get(id))),
      prospective_job_ids: ids((r) => r.prospectiveJobIds ?? []),
      job_post_ids: ids((r) => r.jobPostId),
      source_ids: ids((r) => r.sourceId),
      referrer_ids: ids((r) => r.referrerId),
      stage_ids: ids((r) => r.stageId),
      status: oneOf(['rejected', 'hired', 'converted', 'active'], appStatus),
      stage_name: text((r, n) => r.stageId !== null && s.stages.get(r.stageId)?.name === n),
      last_activity_at: date((r) => r.lastActivityAt),
      prospect: bool((r) => r.prospect),
    },
  });
  add<Job>({
    resource: 'jobs', source: s.jobs, createdAt: (r) => r.createdAt, updatedAt: (r) => r.updatedAt, serialize: jobJson,
    filters: {
      opened_at: date((r) => r.openedAt), closed_at: date((r) => r.closedAt), requisition_id: text((r, x) => r.requisitionId === x),
      department_id: int((r, x) => r.departmentId === x), office_id: int((r, x) => r.officeIds.includes(x)), confidential: bool((r) => r.confidential),
      status: oneOf(['open', 'draft', 'closed'], (r, x) => r.status === x),
    },
  });
  add<Stage>({
    resource: 'job_interview_stages', source: s.stages, createdAt: (r) => r.createdAt, updatedAt: (r) => r.updatedAt,
    serialize: (r) => ({ id: r.id, created_at: iso(r.createdAt), updated_at: iso(r.updatedAt), job_id: r.jobId, sort_order: r.sortOrder, name: r.name, active: r.active }),
    filters: { job_ids: ids((r) => r.jobId, (id) => rows(s.stages, s.stagesByJob.get(id))), active: bool((r) => r.active) },
  });
  add(derivedSpec('job_interviews', childSource(s.stages, JOB_INTERVIEW_ID_FACTOR, (st) => {
    const scheduling = st.sortOrder === 0 ? 'none' : st.name === 'Take Home Test' ? 'take_home_test' : st.name === 'Offer' ? 'offer' : 'needs_scheduling';
    const id = st.id * JOB_INTERVIEW_ID_FACTOR + 1;
    return [{ id, createdAt: st.createdAt, updatedAt: st.updatedAt, keys: { stage: st.id, job: st.jobId }, flag: st.active, json: {
      id, created_at: iso(st.createdAt), updated_at: iso(st.updatedAt), job_interview_stage_id: st.id, job_id: st.jobId, sort_order: 0,
      scheduling_type: scheduling, duration: 60, summary: null, instructions: null, name: st.name, active: st.active, require_scorecard: scheduling === 'needs_scheduling',
    } }];
  }), {
    job_interview_stage_ids: ids((r) => r.keys.stage ?? null), job_ids: ids((r) => r.keys.job ?? null), active: bool((r) => r.flag),
    scheduling_type: oneOf(['none', 'needs_scheduling', 'take_home_test', 'offer'], (r, x) => r.json.scheduling_type === x),
  }));
  add<Opening>({
    resource: 'openings', source: s.openings, createdAt: (r) => r.createdAt, updatedAt: (r) => r.updatedAt,
    serialize: (r) => ({
      id: r.id, created_at: iso(r.createdAt), updated_at: iso(r.updatedAt), job_id: r.jobId, opened_at: iso(r.openedAt), closed_at: iso(r.closedAt),
      sort_order: r.sortOrder, opening_id: r.openingId, application_id: r.applicationId, close_reason_id: r.closeReasonId, target_start_on: null,
      open: r.closedAt === null, custom_fields: {},
    }),
    filters: {
      job_ids: ids((r) => r.jobId, (id) => rows(s.openings, s.openingsByJob.get(id))), application_ids: ids((r) => r.applicationId),
      close_reason_ids: ids((r) => r.closeReasonId), opened_at: date((r) => r.openedAt), closed_at: date((r) => r.closedAt),
      open: bool((r) => r.closedAt === null), opening_id: text((r, x) => r.openingId === x),
    },
  });
  const ownerJson = (r: JobOwner) => ({ id: r.id, created_at: iso(r.createdAt), updated_at: iso(r.createdAt), job_id: r.jobId, user_id: r.userId });
  add<JobOwner>({
    resource: 'job_owners', source: owners('owner'), createdAt: (r) => r.createdAt, updatedAt: (r) => r.createdAt,
    serialize: (r) => ({ ...ownerJson(r), type: r.type, responsible: r.responsible }),
    filters: { user_ids: ids((r) => r.userId), job_ids: ids((r) => r.jobId), type: oneOf(['sourcer', 'recruiter', 'coordinator'], (r, x) => r.type === x) },
  });
  add<JobOwner>({
    resource: 'job_hiring_managers', source: owners('hiring_manager'), createdAt: (r) => r.createdAt, updatedAt: (r) => r.createdAt, serialize: ownerJson,
    filters: { user_ids: ids((r) => r.userId), job_ids: ids((r) => r.jobId) },
  });
  add(named('departments', s.departments, (r) => ({ name: r.name, parent_id: null, external_id: null })));
  add(named('offices', s.offices, (r) => ({ name: r.name, parent_id: r.parentId, external_id: null, location: r.location, primary_in_house_contact_user_id: null }), {
    parent_id: int((r, x) => r.parentId === x),
  }));
  add<User>({
    resource: 'users', source: s.users, createdAt: (r) => r.createdAt, updatedAt: (r) => r.updatedAt,
    serialize: (r) => ({
      id: r.id, created_at: iso(r.createdAt), updated_at: iso(r.updatedAt), first_name: r.firstName, last_name: r.lastName, primary_email: r.email,
      job_title: r.jobTitle, agency_id: null, name: `${r.firstName} ${r.lastName}`, deactivated: r.deactivated, site_admin: r.siteAdmin,
      employee_id: r.employeeId, linked_candidate_ids: [], office_ids: r.officeIds, department_ids: r.departmentIds, interviewer_tags: [], emails: [r.email], custom_fields: {},
    }),
    filters: {
      office_ids: ids((r) => r.officeIds), department_ids: ids((r) => r.departmentIds), deactivated: bool((r) => r.deactivated),
      primary_email: text((r, e) => r.email.toLowerCase() === e.toLowerCase()),
    },
  });
  add(named('sources', s.sources, (r) => ({ name: r.name, type: r.name === 'Referral' ? { id: 3, name: 'Referrals' } : r.name === 'Agency' ? { id: 4, name: 'Agencies' } : { id: 1, name: 'Job boards' } })));
  add(named('rejection_reasons', s.rejectionReasons, (r) => ({ name: r.name, type: { id: r.typeId, key: REASON_TYPES[r.typeId][0], name: REASON_TYPES[r.typeId][1] } }), {
    include_defaults: oneOf(['true', 'false'], () => true),
  }));
  const rejectionOf = (a: Application): Derived[] => a.status !== 'rejected' ? [] : [{
    id: a.id, createdAt: a.rejectedAt ?? a.updatedAt, updatedAt: a.updatedAt, keys: { application: a.id, reason: a.rejectionReasonId }, flag: true,
    json: { id: a.id, created_at: iso(a.rejectedAt), updated_at: iso(a.updatedAt), application_id: a.id, rejected_by_id: a.rejectedById,
      rejection_note_id: a.rejectionNoteId, rejection_reason_id: a.rejectionReasonId, rejected_at: iso(a.rejectedAt), question_custom_fields: {} },
  }];
  add(derivedSpec('rejection_details', childSource(s.applications, 1, rejectionOf), {
    application_ids: ids((r) => r.keys.application ?? null, (id) => { const a = s.applications.get(id); return a ? rejectionOf(a) : []; }),
    rejection_reason_ids: ids((r) => r.keys.reason ?? null) }));
  add(named('candidate_tags', s.candidateTags, (r) => ({ name: r.name })));
  add<AppliedTag>({
    resource: 'applied_candidate_tags', source: s.appliedTags, createdAt: (r) => r.createdAt, updatedAt: (r) => r.createdAt,
    serialize: (r) => ({ id: r.id, created_at: iso(r.createdAt), updated_at: iso(r.createdAt), candidate_tag_id: r.tagId, candidate_id: r.candidateId }),
    filters: { candidate_tag_ids: ids((r) => r.tagId), candidate_ids: ids((r) => r.candidateId, (id) => rows(s.appliedTags, s.tagsByCandidate.get(id))) },
  });
  const attachmentsOfApp = (id: number) => rows(s.attachments, s.attachmentsByApplication.get(id));
  add<Attachment>({
    resource: 'attachments', source: s.attachments, createdAt: (r) => r.createdAt, updatedAt: (r) => r.createdAt, serialize: (r) => attachmentJson(v, r),
    filters: {
      application_ids: ids((r) => r.applicationId, attachmentsOfApp),
      candidate_ids: ids((r) => r.candidateId, (id) => appsOf(id).flatMap((a) => attachmentsOfApp(a.id))),
      type: oneOf(ATTACHMENT_TYPES, (r, x) => r.type === x),
    },
  });
  add<Note>({
    resource: 'notes', source: s.notes, createdAt: (r) => r.createdAt, updatedAt: (r) => r.createdAt, serialize: noteJson,
    filters: {
      candidate_ids: ids((r) => r.candidateId), application_ids: ids((r) => r.applicationId), user_ids: ids((r) => r.userId),
      visibility: oneOf(['admin_only_visible', 'privately_visible', 'publicly_visible'], (r, x) => r.visibility === x),
    },
  });
  add<Offer>({
    resource: 'offers', source: s.offers, createdAt: (r) => r.createdAt, updatedAt: (r) => r.updatedAt, serialize: offerJson,
    filters: {
      application_ids: ids((r) => r.applicationId), job_ids: ids((r) => r.jobId), candidate_ids: ids((r) => r.candidateId), opening_ids: ids((r) => r.openingId),
      current_only: bool(() => true), status: oneOf(['Created', 'Accepted', 'Rejected', 'Deprecated'], (r, x) => r.status === x),
      resolved_at: date((r) => r.resolvedAt), sent_on: date((r) => (r.sentOn ? Date.parse(r.sentOn) : null)), starts_on: date((r) => (r.startsOn ? Date.parse(r.startsOn) : null)),
    },
  });
  add<Interview>({
    resource: 'interviews', source: s.interviews, createdAt: (r) => r.createdAt, updatedAt: (r) => r.updatedAt, serialize: interviewJson,
    filters: {
      job_ids: ids((r) => r.jobId), application_ids: ids((r) => r.applicationId), job_interview_ids: ids((r) => r.stageId * JOB_INTERVIEW_ID_FACTOR + 1),
      organizer_ids: ids((r) => r.organizerId), starts_at: date((r) => r.startsAt), ends_at: date((r) => r.startsAt + r.durationMin * 60_000),
      external_event_id: text((r, x) => `gh-evt-${r.id}` === x), status: oneOf(INTERVIEW_STATUSES, (r, x) => r.status === x),
    },
  });
  const interviewersOf = (iv: Interview): Derived[] => iv.interviewerIds.map((userId, i) => {
    const id = iv.id * INTERVIEWER_ID_FACTOR + i;
    return { id, createdAt: iv.createdAt, updatedAt: iv.updatedAt, keys: { interview: iv.id, user: userId }, flag: true, json: {
      id, created_at: iso(iv.createdAt), updated_at: iso(iv.updatedAt), interview_id: iv.id, user_id: userId, scorecard_id: null,
      email: s.users.get(userId)?.email ?? null, response_status: 'accepted',
    } };
  });
  add(derivedSpec('interviewers', childSource(s.interviews, INTERVIEWER_ID_FACTOR, interviewersOf), {
    // Indexed like a real database: a page of interview ids must not scan every interview.
    interview_ids: ids((r) => r.keys.interview ?? null, (id) => { const iv = s.interviews.get(id); return iv ? interviewersOf(iv) : []; }), user_ids: ids((r) => r.keys.user ?? null), scorecard_ids: ids(() => null),
    response_status: oneOf(['needs_action', 'declined', 'tentative', 'accepted'], (r, x) => r.json.response_status === x),
  }));
  const stageRows = (a: Application): Derived[] => applicationStageRows(s, a).map((row) => ({
    id: row.id, createdAt: Date.parse(String(row.json.created_at)), updatedAt: Date.parse(String(row.json.updated_at)),
    keys: { application: a.id, stage: Number(row.json.job_interview_stage_id) }, flag: row.json.current === true, json: row.json,
  }));
  add(derivedSpec('application_stages', childSource(s.applications, STAGE_ID_FACTOR, stageRows), {
    application_ids: ids((r) => r.keys.application ?? null, (id) => { const a = s.applications.get(id); return a ? stageRows(a) : []; }),
    job_interview_stage_ids: ids((r) => r.keys.stage ?? null), current: bool((r) => r.flag),
  }));
  return list;
}

export const READ_RESOURCES = [
  'candidates', 'applications', 'jobs', 'job_interview_stages', 'job_interviews', 'openings', 'job_owners', 'job_hiring_managers', 'departments',
  'offices', 'users', 'sources', 'rejection_reasons', 'rejection_details', 'candidate_tags', 'applied_candidate_tags', 'attachments', 'notes',
  'offers', 'interviews', 'interviewers', 'application_stages',
] as const;

export function registerReads(app: Hono, view: (c: Context) => View): void {
  for (const resource of READ_RESOURCES) {
    app.get(`/v3/${resource}`, (c) => {
      const handler = specs(view(c)).get(resource);
      if (!handler) throw new Error(`no list handler for ${resource}`);
      return handler(c);
    });
  }
}
