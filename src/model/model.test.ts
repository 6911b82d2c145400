/**
 * Wire-format schema tests. Fixtures come from Appendix D of /work/shared/reference/kombo-contract.md
 * (the smallest payloads SDK 1.1.3 accepts) plus fully populated records; every verdict of our schemas
 * is cross-checked against the SDK's own inbound schemas, of 1.1.3 and of 1.3.4 (`kombo-sdk-latest`).
 */
import { describe, expect, it } from 'vitest';
import { z } from '@hono/zod-openapi';
import {
  GetAtsApplicationStagesPositiveResponse$inboundSchema,
  GetAtsApplicationsApplicationIdAttachmentsPositiveResponse$inboundSchema,
  GetAtsApplicationsPositiveResponse$inboundSchema,
  GetAtsCandidatesCandidateIdAttachmentsPositiveResponse$inboundSchema,
  GetAtsCandidatesPositiveResponse$inboundSchema,
  GetAtsInterviewsPositiveResponse$inboundSchema,
  GetAtsJobsPositiveResponse$inboundSchema,
  GetAtsOffersPositiveResponse$inboundSchema,
  GetAtsRejectionReasonsPositiveResponse$inboundSchema,
  GetAtsRolesPositiveResponse$inboundSchema,
  GetAtsTagsPositiveResponse$inboundSchema,
  GetAtsUsersPositiveResponse$inboundSchema,
  GetIntegrationsIntegrationIdPositiveResponse$inboundSchema,
  KomboAtsErrorError$inboundSchema,
  KomboAtsErrorStatus$inboundSchema,
  KomboGeneralErrorError$inboundSchema,
  PostAtsJobsJobIdApplicationsPositiveResponse$inboundSchema,
} from '@kombo-api/sdk/models';
import * as latest from 'kombo-sdk-latest/models';
import {
  ApplicationAttachmentSchema,
  ApplicationSchema,
  ApplicationStageSchema,
  CandidateAttachmentSchema,
  CandidateSchema,
  CreatedApplicationSchema,
  ErrorEnvelopeSchema,
  IntegrationDetailsSchema,
  InterviewSchema,
  JobSchema,
  KomboIntegrationDetailsSchema,
  OfferSchema,
  RejectionReasonSchema,
  RoleSchema,
  TagSchema,
  UserSchema,
  WarningSchema,
  listEnvelope,
  successEnvelope,
} from './index.js';

type Json = Record<string, unknown>;
/** Anything with a safeParse — both our zod v4 schemas and the SDK's zod/v3 ones. */
type Parser = { safeParse: (value: unknown) => { success: boolean } };

const T = '2024-01-01T00:00:00.000Z';
const parse = (json: string): Json => JSON.parse(json) as Json;
const list = (item: unknown) => ({ status: 'success', data: { next: null, results: [item] } });
const withWarnings = (data: unknown) => ({ status: 'success', data, warnings: [] });
const withAttachmentResults = (item: unknown) => ({ status: 'success', data: { results: [item] }, warnings: [] });

// ---------------------------------------------------------------- Appendix D (verbatim)
const D = {
  job: parse(
    '{"id":"x","remote_id":"x","name":null,"job_code":null,"description":null,"confidential":null,"weekly_hours":null,"category":null,"department":null,"post_url":null,"experience_level":null,"salary_amount":null,"salary_amount_from":null,"salary_amount_to":null,"salary_currency":null,"custom_fields":null,"remote_url":null,"opened_at":null,"closed_at":null,"remote_created_at":null,"remote_updated_at":null,"contact_id":null,"changed_at":"2024-01-01T00:00:00.000Z","remote_deleted_at":null,"stages":[],"screening_questions":[],"job_postings":[],"hiring_team":[]}',
  ),
  application: parse(
    '{"id":"x","remote_id":null,"outcome":null,"rejection_reason_name":null,"rejected_at":null,"current_stage_id":null,"job_id":null,"candidate_id":null,"custom_fields":null,"remote_url":null,"changed_at":"2024-01-01T00:00:00.000Z","remote_deleted_at":null,"remote_created_at":null,"remote_updated_at":null,"candidate":null,"current_stage":null,"job":null,"interviews":[],"offers":[]}',
  ),
  candidate: parse(
    '{"id":"x","remote_id":"x","first_name":null,"last_name":null,"company":null,"title":null,"confidential":null,"source":null,"custom_fields":null,"remote_url":null,"remote_created_at":null,"remote_updated_at":null,"changed_at":"2024-01-01T00:00:00.000Z","remote_deleted_at":null,"applications":[],"tags":[]}',
  ),
  user: parse(
    '{"id":"x","remote_id":null,"first_name":null,"last_name":null,"status":null,"changed_at":"2024-01-01T00:00:00.000Z","remote_deleted_at":null,"system_roles":[]}',
  ),
  interview: parse(
    '{"id":"x","remote_id":null,"title":null,"starting_at":null,"ending_at":null,"video_conferencing_url":null,"application_id":null,"stage_id":null,"canceled":null,"remote_created_at":null,"remote_updated_at":null,"changed_at":"2024-01-01T00:00:00.000Z","remote_deleted_at":null,"users":[],"application":null}',
  ),
  offer: parse(
    '{"id":"x","remote_id":null,"status":null,"employment_start_date":null,"application_id":null,"custom_fields":null,"changed_at":"2024-01-01T00:00:00.000Z","remote_deleted_at":null,"remote_created_at":null,"remote_updated_at":null,"application":null}',
  ),
  role: parse(
    '{"id":"x","remote_id":null,"remote_label":null,"scope":null,"unified_type":null,"changed_at":"2024-01-01T00:00:00.000Z","remote_deleted_at":null}',
  ),
  tagsResponse: parse('{"status":"success","data":{"next":null,"results":[]}}'),
  createApplicationResponse: parse(
    '{"status":"success","data":{"id":"x","remote_id":null,"outcome":null,"rejection_reason_name":null,"rejected_at":null,"current_stage_id":null,"job_id":null,"candidate_id":null,"custom_fields":null,"remote_url":null,"changed_at":"2024-01-01T00:00:00.000Z","remote_deleted_at":null,"remote_created_at":null,"remote_updated_at":null,"current_stage":null,"job":null,"candidate":null},"warnings":[]}',
  ),
  integrationResponse: parse(
    '{"status":"success","data":{"id":"x","tool":{"id":"x","label":"x","internal_label":null,"logo_url":"x","icon_url":"x"},"category":"HRIS","status":"ACTIVE","setup_status":"INCOMPLETE","end_user":{"organization_name":"x","creator_email":null,"origin_id":null},"scope_config":{"id":"x","name":null},"data_expired_at":null,"created_at":"2024-01-01T00:00:00.000Z","beta":false,"read_models":[],"write_actions":[]}}',
  ),
  errorEnvelope: parse('{"status":"error","error":{"code":null,"title":null,"message":"x","log_url":null}}'),
};

const syncState = {
  status: 'IDLE',
  last_sync: { id: 's1', type: 'FULL', state: 'SUCCEEDED', started_at: T, ended_at: T, error: null },
  last_successful_sync_at: T,
  setup_pending: null,
};

const CreatedApplicationResponse = successEnvelope(CreatedApplicationSchema).extend({ warnings: z.array(WarningSchema) });

describe('Appendix D minimal payloads parse', () => {
  const items: [string, Parser, Json][] = [
    ['job', JobSchema, D.job],
    ['application', ApplicationSchema, D.application],
    ['candidate', CandidateSchema, D.candidate],
    ['user', UserSchema, D.user],
    ['interview', InterviewSchema, D.interview],
    ['offer', OfferSchema, D.offer],
    ['role', RoleSchema, D.role],
    ['GET /ats/tags response', listEnvelope(TagSchema), D.tagsResponse],
    ['POST /ats/jobs/{id}/applications response', CreatedApplicationResponse, D.createApplicationResponse],
    ['GET /integrations/{id} response (Kombo part)', successEnvelope(KomboIntegrationDetailsSchema), D.integrationResponse],
    ['error envelope', ErrorEnvelopeSchema, D.errorEnvelope],
  ];
  it.each(items)('%s', (_name, schema, payload) => {
    expect(schema.safeParse(payload).success).toBe(true);
  });

  it('integration details with our sync_state', () => {
    const data = { ...(D.integrationResponse['data'] as Json), sync_state: syncState };
    expect(successEnvelope(IntegrationDetailsSchema).safeParse({ status: 'success', data }).success).toBe(true);
    expect(IntegrationDetailsSchema.safeParse({ ...data, sync_state: { ...syncState, last_sync: null } }).success).toBe(true);
    // sync_state is always emitted by this server, so the schema requires it…
    expect(IntegrationDetailsSchema.safeParse(D.integrationResponse['data']).success).toBe(false);
    // …and the SDK strips it, so the extended payload is still valid for SDK clients.
    expect(GetIntegrationsIntegrationIdPositiveResponse$inboundSchema.safeParse({ status: 'success', data }).success).toBe(true);
  });
});

// ---------------------------------------------------------------- fully populated records
const location = { city: 'Berlin', country: 'DE', raw: 'Berlin, DE', state: 'BE', street_1: 'Str. 1', street_2: null, zip_code: '10115' };
const jobRef = { id: 'j1', remote_id: 'rj1', name: 'Engineer' };
/** As candidates nest it: SDK 1.3.x added nothing there. */
const candidateStage = { id: 's1', remote_id: 'rs1', name: 'Screen', index: 0 };
const currentStage = { ...candidateStage, status: 'ACTIVE', custom_fields: { sla_days: 3 } };
const tagRef = { id: 't1', remote_id: null, name: 'vip' };
const emails = [{ email_address: 'a@b.c', type: 'WORK' }];
const candidateRef = { id: 'c1', remote_id: 'rc1', first_name: 'A', last_name: 'B', email_addresses: emails };

const fullJob = {
  ...D.job,
  name: 'Engineer',
  weekly_hours: 40,
  employment_type: 'FULL_TIME',
  status: 'OPEN',
  visibility: 'PUBLIC',
  remote_work_status: 'HYBRID',
  salary_amount: 1,
  salary_period: 'YEAR',
  location,
  custom_fields: { a: 1, b: [true] },
  stages: [
    { id: 's1', remote_id: null, name: 'Screen', index: 0, status: 'ACTIVE', custom_fields: { sla_days: 3 } },
    { id: 's2', remote_id: null, name: 'Offer', status: 'INACTIVE', custom_fields: null },
    { id: 's3', remote_id: null, name: 'Old', index: null, status: null, custom_fields: {} },
  ],
  screening_questions: [
    {
      id: 'q1',
      remote_id: null,
      title: 'Why?',
      description: null,
      format: { type: 'TEXT', display_type: 'MULTI_LINE', max_length: 500 },
      category: null,
      index: 0,
      required: true,
    },
    {
      id: 'q2',
      remote_id: 'rq2',
      title: 'Pick',
      description: null,
      format: { type: 'SINGLE_SELECT', display_type: 'RADIO', options: [{ id: 'o1', remote_id: null, name: 'One' }] },
      category: 'EEO',
      required: null,
      precondition_question_id: 'q3',
      precondition_options: [true],
    },
    { id: 'q3', remote_id: null, title: null, description: null, format: null, category: 'DEMOGRAPHIC', required: false, precondition_options: ['o1'] },
  ],
  job_postings: [{ id: 'p1', remote_id: null, title: 'Eng', description_html: '<p/>', status: 'ACTIVE', visibility: 'UNLISTED', url: null }],
  hiring_team: [
    {
      id: 'u1',
      remote_id: null,
      first_name: 'H',
      last_name: 'M',
      email: 'h@m.c',
      hiring_team_roles: ['HIRING_MANAGER'],
      job_roles: [{ remote_id: 'r', remote_label: 'HM', scope: 'JOB', unified_type: 'HIRING_MANAGER' }],
    },
  ],
};

const fullApplication = {
  ...D.application,
  outcome: 'DECLINED',
  rejected_at: T,
  screening_question_answers: [
    { question: { remote_id: null, title: 'Why?', type: 'TEXT' }, answer: { content: 'x' } },
    { question: { remote_id: null, title: 'When?', type: 'DATE' }, answer: { date: T } },
    { question: { remote_id: null, title: '?', type: 'MULTI_SELECT' }, answer: {} },
  ],
  candidate: { ...candidateRef, phone_numbers: [{ phone_number: '+49' }], social_media: [], source: 'LinkedIn', remote_url: null, tags: [tagRef] },
  current_stage: currentStage,
  job: jobRef,
  interviews: [{ id: 'i1', remote_id: null, title: 'Call', starting_at: T, ending_at: T, location, canceled: false }],
  offers: [{ id: 'o1', remote_id: null, status: 'SENT' }],
};

const candidateApplication = {
  id: 'a1',
  remote_id: null,
  outcome: 'PENDING',
  rejection_reason_name: null,
  rejected_at: null,
  remote_url: null,
  changed_at: T,
  remote_created_at: null,
  remote_updated_at: null,
  current_stage: candidateStage,
  job: jobRef,
};
const fullCandidate = {
  ...D.candidate,
  first_name: 'A',
  phone_numbers: [{ phone_number: '+49', type: null }],
  email_addresses: emails,
  social_media: [{ link: 'https://x', type: 'LINKEDIN', username: null }],
  location: null,
  applications: [candidateApplication],
  tags: [tagRef],
};

const { applications: _apps, ...candidateWithoutApplications } = fullCandidate;
const fullCreatedApplication = {
  ...(D.createApplicationResponse['data'] as Json),
  current_stage: currentStage,
  job: jobRef,
  candidate: candidateWithoutApplications,
};

const fullUser = { ...D.user, email: null, status: 'ACTIVE', system_roles: [{ remote_id: null, remote_label: 'Admin', scope: 'SYSTEM', unified_type: 'ADMIN' }] };
const fullRole = { ...D.role, scope: 'JOB', unified_type: 'RECRUITER' };
const fullOffer = { ...D.offer, status: 'ACCEPTED', employment_start_date: T, application: { candidate: candidateRef, job: jobRef } };
const fullInterview = {
  ...D.interview,
  location,
  users: [{ id: 'u1', remote_id: null, first_name: null, last_name: null, email: 'x@y.z' }],
  application: { id: 'a1', remote_id: null, outcome: 'HIRED', rejection_reason_name: null, candidate: candidateRef, job: null },
};
const fullTag = { id: 't1', remote_id: null, name: 'vip', changed_at: T, remote_deleted_at: null };
const fullStage = { id: 's1', remote_id: 'r', name: 'Screen', status: 'INACTIVE', custom_fields: { kind: 'interview' }, changed_at: T, remote_deleted_at: T };
const fullRejectionReason = { id: 'rr1', remote_id: 'r', name: null, changed_at: T, remote_deleted_at: null };
const applicationAttachment = {
  type: 'CV',
  id: 'f1',
  remote_id: 'rf1',
  data_url: 'https://files/x',
  file_name: 'cv.pdf',
  content_type: 'application/pdf',
  remote_created_at: null,
  remote_updated_at: T,
};
const candidateAttachment = { ...applicationAttachment, type: 'COVER_LETTER', application_id: null, candidate_id: 'c1' };
const fullIntegration = {
  ...(D.integrationResponse['data'] as Json),
  read_models: [
    {
      id: 'ats_jobs',
      label: 'Jobs',
      is_available: true,
      coverage_status: 'SUPPORTED',
      scope_config_setting: 'ENABLED',
      opted_out_by_customer: false,
      fields: [{ id: 'name', is_available: true, coverage_status: 'SUPPORTED', scope_config_setting: 'OPTIONAL', opted_out_by_customer: false }],
    },
  ],
  write_actions: [
    {
      id: 'ats_create_candidate',
      label: 'Create candidate',
      is_available: false,
      coverage_status: 'NOT_IMPLEMENTED',
      scope_config_setting: 'DISABLED',
      opted_out_by_customer: true,
      fields: [{ id: 'candidate.first_name', is_available: false, coverage_status: 'UNKNOWN' }],
    },
  ],
  sync_state: syncState,
};

/** [name, our item schema, SDK 1.1.3 response schema, wrap item into a full SDK response, item]. */
type Case = [string, Parser, Parser, (item: unknown) => unknown, Json];

/** SDK 1.3.4's response schema with the same name as the 1.1.3 one a case names. */
const LATEST = new Map<Parser, Parser>([
  [GetAtsApplicationStagesPositiveResponse$inboundSchema, latest.GetAtsApplicationStagesPositiveResponse$inboundSchema],
  [GetAtsApplicationsApplicationIdAttachmentsPositiveResponse$inboundSchema, latest.GetAtsApplicationsApplicationIdAttachmentsPositiveResponse$inboundSchema],
  [GetAtsApplicationsPositiveResponse$inboundSchema, latest.GetAtsApplicationsPositiveResponse$inboundSchema],
  [GetAtsCandidatesCandidateIdAttachmentsPositiveResponse$inboundSchema, latest.GetAtsCandidatesCandidateIdAttachmentsPositiveResponse$inboundSchema],
  [GetAtsCandidatesPositiveResponse$inboundSchema, latest.GetAtsCandidatesPositiveResponse$inboundSchema],
  [GetAtsInterviewsPositiveResponse$inboundSchema, latest.GetAtsInterviewsPositiveResponse$inboundSchema],
  [GetAtsJobsPositiveResponse$inboundSchema, latest.GetAtsJobsPositiveResponse$inboundSchema],
  [GetAtsOffersPositiveResponse$inboundSchema, latest.GetAtsOffersPositiveResponse$inboundSchema],
  [GetAtsRejectionReasonsPositiveResponse$inboundSchema, latest.GetAtsRejectionReasonsPositiveResponse$inboundSchema],
  [GetAtsRolesPositiveResponse$inboundSchema, latest.GetAtsRolesPositiveResponse$inboundSchema],
  [GetAtsTagsPositiveResponse$inboundSchema, latest.GetAtsTagsPositiveResponse$inboundSchema],
  [GetAtsUsersPositiveResponse$inboundSchema, latest.GetAtsUsersPositiveResponse$inboundSchema],
  [GetIntegrationsIntegrationIdPositiveResponse$inboundSchema, latest.GetIntegrationsIntegrationIdPositiveResponse$inboundSchema],
  [PostAtsJobsJobIdApplicationsPositiveResponse$inboundSchema, latest.PostAtsJobsJobIdApplicationsPositiveResponse$inboundSchema],
]);
function latestOf(sdk: Parser): Parser {
  const found = LATEST.get(sdk);
  if (!found) throw new Error('no SDK 1.3.4 counterpart listed');
  return found;
}

const full: Case[] = [
  ['job', JobSchema, GetAtsJobsPositiveResponse$inboundSchema, list, fullJob],
  ['application', ApplicationSchema, GetAtsApplicationsPositiveResponse$inboundSchema, list, fullApplication],
  ['candidate', CandidateSchema, GetAtsCandidatesPositiveResponse$inboundSchema, list, fullCandidate],
  ['created application', CreatedApplicationSchema, PostAtsJobsJobIdApplicationsPositiveResponse$inboundSchema, withWarnings, fullCreatedApplication],
  ['user', UserSchema, GetAtsUsersPositiveResponse$inboundSchema, list, fullUser],
  ['role', RoleSchema, GetAtsRolesPositiveResponse$inboundSchema, list, fullRole],
  ['offer', OfferSchema, GetAtsOffersPositiveResponse$inboundSchema, list, fullOffer],
  ['interview', InterviewSchema, GetAtsInterviewsPositiveResponse$inboundSchema, list, fullInterview],
  ['tag', TagSchema, GetAtsTagsPositiveResponse$inboundSchema, list, fullTag],
  ['application stage', ApplicationStageSchema, GetAtsApplicationStagesPositiveResponse$inboundSchema, list, fullStage],
  ['rejection reason', RejectionReasonSchema, GetAtsRejectionReasonsPositiveResponse$inboundSchema, list, fullRejectionReason],
  [
    'application attachment',
    ApplicationAttachmentSchema,
    GetAtsApplicationsApplicationIdAttachmentsPositiveResponse$inboundSchema,
    withAttachmentResults,
    applicationAttachment,
  ],
  [
    'candidate attachment',
    CandidateAttachmentSchema,
    GetAtsCandidatesCandidateIdAttachmentsPositiveResponse$inboundSchema,
    withAttachmentResults,
    candidateAttachment,
  ],
  ['integration details', IntegrationDetailsSchema, GetIntegrationsIntegrationIdPositiveResponse$inboundSchema, (d) => ({ status: 'success', data: d }), fullIntegration],
];

describe('fully populated records', () => {
  it.each(full)('%s: accepted by us and by the SDK, nothing stripped', (_name, ours, sdk, wrap, item) => {
    const result = (ours as unknown as z.ZodType).safeParse(item);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(item);
    expect(sdk.safeParse(wrap(item)).success).toBe(true);
    expect(latestOf(sdk).safeParse(wrap(item)).success).toBe(true);
  });

  it('open job enums accept unknown strings (as the SDK does)', () => {
    const job = { ...fullJob, employment_type: 'APPRENTICESHIP', status: 'PAUSED', visibility: 'x', remote_work_status: 'y', salary_period: 'QUARTER' };
    expect(JobSchema.safeParse(job).success).toBe(true);
    expect(GetAtsJobsPositiveResponse$inboundSchema.safeParse(list(job)).success).toBe(true);
    expect(latest.GetAtsJobsPositiveResponse$inboundSchema.safeParse(list(job)).success).toBe(true);
  });
});

// ---------------------------------------------------------------- rejections shared with the SDK
const without = (obj: Json, key: string): Json => Object.fromEntries(Object.entries(obj).filter(([k]) => k !== key));

const rejections: Case[] = [
  ['candidate without the remote_id key', CandidateSchema, GetAtsCandidatesPositiveResponse$inboundSchema, list, without(fullCandidate, 'remote_id')],
  ['candidate with remote_id null', CandidateSchema, GetAtsCandidatesPositiveResponse$inboundSchema, list, { ...fullCandidate, remote_id: null }],
  ['candidate with a date-only changed_at', CandidateSchema, GetAtsCandidatesPositiveResponse$inboundSchema, list, { ...fullCandidate, changed_at: '2024-05-01' }],
  ['tag with a zone-less changed_at', TagSchema, GetAtsTagsPositiveResponse$inboundSchema, list, { ...fullTag, changed_at: '2024-01-01T00:00:00' }],
  ['application with an unknown outcome', ApplicationSchema, GetAtsApplicationsPositiveResponse$inboundSchema, list, { ...fullApplication, outcome: 'WITHDRAWN' }],
  [
    'application whose current_stage lacks the index key',
    ApplicationSchema,
    GetAtsApplicationsPositiveResponse$inboundSchema,
    list,
    { ...fullApplication, current_stage: without(currentStage, 'index') },
  ],
  [
    "candidate whose applications[].current_stage lacks the index key",
    CandidateSchema,
    GetAtsCandidatesPositiveResponse$inboundSchema,
    list,
    { ...fullCandidate, applications: [{ ...candidateApplication, current_stage: without(currentStage, 'index') }] },
  ],
  ['offer with a date-only employment_start_date', OfferSchema, GetAtsOffersPositiveResponse$inboundSchema, list, { ...fullOffer, employment_start_date: '2024-05-01' }],
  ['job with a non-integer stage index', JobSchema, GetAtsJobsPositiveResponse$inboundSchema, list, { ...fullJob, stages: [{ ...currentStage, index: 1.5 }] }],
  ['user with an unknown status', UserSchema, GetAtsUsersPositiveResponse$inboundSchema, list, { ...fullUser, status: 'DISABLED' }],
];

/** What SDK 1.3.x refuses and 1.1.3 still took: we follow the stricter one. */
const stage = (item: Json, key: string) => ({ ...item, stages: [without(currentStage, key)] });
const rejectionsSince13: Case[] = [
  ['job stage without status', JobSchema, GetAtsJobsPositiveResponse$inboundSchema, list, stage(fullJob, 'status')],
  ['job stage without custom_fields', JobSchema, GetAtsJobsPositiveResponse$inboundSchema, list, stage(fullJob, 'custom_fields')],
  ['job stage with an unknown status', JobSchema, GetAtsJobsPositiveResponse$inboundSchema, list, { ...fullJob, stages: [{ ...currentStage, status: 'ARCHIVED' }] }],
  ['application whose current_stage lacks status', ApplicationSchema, GetAtsApplicationsPositiveResponse$inboundSchema, list, { ...fullApplication, current_stage: without(currentStage, 'status') }],
  ['application stage without custom_fields', ApplicationStageSchema, GetAtsApplicationStagesPositiveResponse$inboundSchema, list, without(fullStage, 'custom_fields')],
  [
    'job role with scope null',
    JobSchema,
    GetAtsJobsPositiveResponse$inboundSchema,
    list,
    { ...fullJob, hiring_team: [{ ...(fullJob.hiring_team[0] ?? {}), job_roles: [{ remote_id: 'r', remote_label: 'HM', scope: null, unified_type: null }] }] },
  ],
  ['system role with scope JOB', UserSchema, GetAtsUsersPositiveResponse$inboundSchema, list, { ...fullUser, system_roles: [{ remote_id: null, remote_label: 'HM', scope: 'JOB', unified_type: null }] }],
];

describe('rejections SDK 1.3.x added', () => {
  it.each(rejectionsSince13)('%s', (_name, ours, sdk, wrap, item) => {
    expect(ours.safeParse(item).success).toBe(false);
    expect(latestOf(sdk).safeParse(wrap(item)).success).toBe(false);
    // 1.1.3 took it: the difference is the reason these cases exist.
    expect(sdk.safeParse(wrap(item)).success).toBe(true);
  });
});

describe('rejections the SDK also makes', () => {
  it.each(rejections)('%s', (_name, ours, sdk, wrap, item) => {
    expect(ours.safeParse(item).success).toBe(false);
    expect(sdk.safeParse(wrap(item)).success).toBe(false);
    expect(latestOf(sdk).safeParse(wrap(item)).success).toBe(false);
  });

  it('error envelope needs all four error keys', () => {
    /** The SDK's error schemas minus the Request/Response plumbing it adds after reading the body. */
    const sdkAccepts = (body: { status: unknown; error: unknown }, errorSchema: Parser) =>
      KomboAtsErrorStatus$inboundSchema.safeParse(body.status).success && errorSchema.safeParse(body.error).success;
    const legacy = { status: 'error', error: { message: 'x' } };
    expect(ErrorEnvelopeSchema.safeParse(legacy).success).toBe(false);
    expect(sdkAccepts(legacy, KomboAtsErrorError$inboundSchema)).toBe(false);
    const atsCode = { status: 'error', error: { code: 'ATS.JOB_CLOSED', title: 'Closed', message: 'x', log_url: null } };
    expect(ErrorEnvelopeSchema.safeParse(atsCode).success).toBe(true);
    expect(sdkAccepts(atsCode, KomboAtsErrorError$inboundSchema)).toBe(true);
    expect(sdkAccepts(D.errorEnvelope as typeof atsCode, KomboGeneralErrorError$inboundSchema)).toBe(true);
  });
});
