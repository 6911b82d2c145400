/**
 * Ashby → source records, from fixtures shaped like the recorded live responses
 * (shared/reference/vendors/ashby.md; values invented), parsed from `unknown` as in production.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { businessError, parseWith } from './client.js';
import { mapApplication, mapAttachments, mapCandidate, mapInterviews, mapJob, mapOffer, mapRejectionReasons, mapRoles, mapUser, splitName } from './mapping.js';
import {
  applicationSchema,
  archiveReasonSchema,
  candidateSchema,
  envelopeSchema,
  interviewScheduleSchema,
  jobPostingSchema,
  jobSchema,
  offerSchema,
  stageSchema,
  userSchema,
} from './vendor-schemas.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as unknown;
const results = (name: string): unknown => parseWith(envelopeSchema, fixture(name), name).results;
const others = fixture('others') as Record<string, unknown>;

const candidate = parseWith(candidateSchema, results('candidate'), 'candidate');
const [active, archived, hired] = (results('applications') as unknown[]).map((a) => parseWith(applicationSchema, a, 'application'));
if (!active || !archived || !hired) throw new Error('fixture needs three applications');

describe('ashby mapping: candidates and attachments', () => {
  it('maps a candidate with contacts, links, location, tags and source', () => {
    expect(mapCandidate(candidate)).toEqual({
      remote_id: '6f017926-398c-4cd0-8b9b-aacc921015e3',
      first_name: 'Priya',
      last_name: 'Raman',
      company: 'Northwind Labs',
      title: 'Backend Engineer',
      confidential: null,
      source: 'LinkedIn',
      phone_numbers: [{ phone_number: '+442079460011', type: 'PERSONAL' }],
      email_addresses: [
        { email_address: 'priya.raman@example.org', type: 'PERSONAL' },
        { email_address: 'priya@northwind.example', type: 'WORK' },
      ],
      social_media: [
        { link: 'https://linkedin.com/in/priya-raman-ex', type: 'LINKEDIN', username: null },
        { link: 'https://priya.example', type: 'WEBSITE', username: null },
      ],
      location: { city: 'Leeds', state: 'England', country: 'United Kingdom', raw: 'Leeds, England, United Kingdom' },
      remote_url: 'https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/6f017926-398c-4cd0-8b9b-aacc921015e3',
      tags: [{ remote_id: '38430ede-5bd2-41fc-b474-87591cb98cbc', name: 'Python' }],
      remote_created_at: '2026-03-02T09:14:07.112Z',
      remote_updated_at: '2026-03-05T16:40:51.908Z',
    });
  });

  it('copes with omitted optional keys (a freshly created candidate)', () => {
    const fresh = mapCandidate(parseWith(candidateSchema, results('fresh-candidate'), 'fresh'));
    expect(fresh).toMatchObject({ first_name: 'Mononym', last_name: null, email_addresses: [], source: null, location: null, tags: [] });
  });

  it('lists the résumé as CV and the other file handles as OTHER, once each', () => {
    expect(mapAttachments(candidate)).toEqual([
      expect.objectContaining({ remote_id: '15d2624d-0a81-4f94-a2ed-94980f430b3f', type: 'CV', file_name: 'priya_cv.pdf', content_type: 'application/pdf', candidate_remote_id: candidate.id, application_remote_id: null }),
      expect.objectContaining({ remote_id: '25d2624d-0a81-4f94-a2ed-94980f430b3f', type: 'OTHER', file_name: 'portfolio.docx', content_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }),
    ]);
  });

  it('splits full names at the first space', () => {
    expect(splitName(' Ada  Lovelace King ')).toEqual({ first_name: 'Ada', last_name: 'Lovelace King' });
    expect(splitName('')).toEqual({ first_name: null, last_name: null });
  });
});

describe('ashby mapping: applications', () => {
  it('Active is PENDING at its current interview stage', () => {
    expect(mapApplication(active)).toEqual({
      remote_id: '3ae2b801-19f6-41ef-ad28-214bd731948f',
      candidate_remote_id: '6f017926-398c-4cd0-8b9b-aacc921015e3',
      job_remote_id: '7a3c5e2f-1111-4c1e-9d0a-2b3c4d5e6f70',
      current_stage_remote_id: '5eb15197-8664-48fd-99cf-fbdc9d25149d',
      outcome: 'PENDING',
      rejection_reason_name: null,
      rejected_at: null,
      screening_question_answers: null,
      remote_url: 'https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/6f017926-398c-4cd0-8b9b-aacc921015e3?applicationId=3ae2b801-19f6-41ef-ad28-214bd731948f',
      remote_created_at: '2026-03-02T09:14:07.300Z',
      remote_updated_at: '2026-03-05T16:40:52.001Z',
    });
  });

  it('Archived is DECLINED with the archive reason and archivedAt', () => {
    expect(mapApplication(archived)).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: 'Lacks Skills/Qualifications', rejected_at: '2026-02-20T10:00:00.000Z', current_stage_remote_id: '6eb15197-8664-48fd-99cf-fbdc9d25149d' });
  });

  it('Hired is HIRED without a rejection reason', () => {
    expect(mapApplication(hired)).toMatchObject({ outcome: 'HIRED', rejection_reason_name: null, rejected_at: null });
  });
});

describe('ashby mapping: jobs, users, reasons, interviews, offers', () => {
  const job = parseWith(jobSchema, results('job'), 'job');
  const stages = (results('stages') as unknown[]).map((s) => parseWith(stageSchema, s, 'stage'));
  const byPlan = new Map([['af94aedd-b743-462c-ab22-9e7e356c11b4', stages]]);
  const location = { id: '8b4d6f3a-2222-4d2f-8e1b-3c4d5e6f7081', name: 'London', address: { postalAddress: { addressLocality: 'London', addressRegion: 'England', addressCountry: 'United Kingdom' } } };

  it('maps a job with its interview plan’s stages in plan order, department, location and hiring team', () => {
    const mapped = mapJob(job, byPlan, new Map([['9c5e7a4b-3333-4e3a-9f2c-4d5e6f708192', 'Engineering']]), new Map([[location.id, location]]));
    expect(mapped).toMatchObject({
      remote_id: job.id,
      name: 'Senior Backend Engineer',
      job_code: 'ENG-2026-014',
      status: 'OPEN',
      employment_type: 'FULL_TIME',
      confidential: false,
      department: 'Engineering',
      location: { city: 'London', state: 'England', country: 'United Kingdom', raw: 'London' },
      opened_at: '2026-01-12T08:30:00.000Z',
      closed_at: null,
      contact_user_remote_id: 'c4bc6266-375b-4d45-9b3b-ad527ba5f3ef',
    });
    expect(mapped.stages).toEqual([
      { remote_id: 's-lead', name: 'New Lead', index: 0, status: null, custom_fields: null },
      { remote_id: 's-screen', name: 'Recruiter Screen', index: 1, status: null, custom_fields: null },
      { remote_id: 's-archived', name: 'Archived', index: 2, status: null, custom_fields: null },
    ]);
    expect(mapped.hiring_team).toEqual([
      { user_remote_id: 'd2e4f6a8-0b1c-4d3e-9f5a-7b8c9d0e1f2a', hiring_team_roles: ['HIRING_MANAGER'], job_roles: [{ remote_id: 'Hiring Manager', remote_label: 'Hiring Manager', scope: 'JOB', unified_type: 'HIRING_MANAGER' }] },
      { user_remote_id: 'c4bc6266-375b-4d45-9b3b-ad527ba5f3ef', hiring_team_roles: ['RECRUITER'], job_roles: [{ remote_id: 'Recruiter', remote_label: 'Recruiter', scope: 'JOB', unified_type: 'RECRUITER' }] },
    ]);
  });

  it('maps job postings: listed = PUBLIC and ACTIVE, the workplace type and the posting link', () => {
    const posting = parseWith(jobPostingSchema, others['posting'], 'posting');
    const mapped = mapJob(job, byPlan, new Map(), new Map(), [posting]);
    expect(mapped).toMatchObject({ visibility: 'PUBLIC', remote_work_status: 'HYBRID', post_url: 'https://jobs.ashbyhq.com/acme/0d1e' });
    expect(mapped.job_postings).toEqual([{ remote_id: '0d1e2f3a-4444-4f4b-8a3d-5e6f708192a3', title: 'Senior Backend Engineer (London)', description_html: null, status: 'ACTIVE', visibility: 'PUBLIC', url: 'https://jobs.ashbyhq.com/acme/0d1e' }]);
    expect(mapJob(job, byPlan, new Map(), new Map())).toMatchObject({ visibility: null, post_url: null, job_postings: [] });
  });

  it('maps users with their global role, and the roles', () => {
    expect(mapUser(parseWith(userSchema, others['user'], 'user'))).toEqual({
      remote_id: 'c4bc6266-375b-4d45-9b3b-ad527ba5f3ef',
      first_name: 'Sam',
      last_name: 'Ortiz',
      email: 'sam@example.com',
      status: 'ACTIVE',
      system_roles: [{ remote_id: 'Organization Admin', remote_label: 'Organization Admin', scope: 'SYSTEM', unified_type: 'ADMIN' }],
    });
    expect(mapUser(parseWith(userSchema, others['deactivatedUser'], 'user')).status).toBe('INACTIVE');
    expect(mapRoles().map((r) => r.remote_id)).toEqual(['Organization Admin', 'Elevated Access', 'Limited Access', 'External Recruiter']);
  });

  it('rejection reasons are the active archive reasons', () => {
    const reasons = (others['archiveReasons'] as unknown[]).map((r) => parseWith(archiveReasonSchema, r, 'reason'));
    expect(mapRejectionReasons(reasons)).toEqual([{ remote_id: 'e1f0', name: 'Lacks Skills/Qualifications' }]);
  });

  it('each event of an interview schedule is an interview', () => {
    const schedule = parseWith(interviewScheduleSchema, others['schedule'], 'schedule');
    expect(mapInterviews(schedule, new Map([['int1', 'System design']]))).toEqual([
      {
        remote_id: 'ev1',
        application_remote_id: '3ae2b801-19f6-41ef-ad28-214bd731948f',
        stage_remote_id: '5eb15197-8664-48fd-99cf-fbdc9d25149d',
        title: 'System design',
        starting_at: '2026-03-10T14:00:00.000Z',
        ending_at: '2026-03-10T14:45:00.000Z',
        location: { raw: 'Room 4' },
        video_conferencing_url: 'https://meet.example.com/abc',
        canceled: true,
        interviewer_remote_ids: ['c4bc6266-375b-4d45-9b3b-ad527ba5f3ef'],
        remote_created_at: '2026-03-03T10:00:00.000Z',
        remote_updated_at: '2026-03-04T10:00:00.000Z',
      },
    ]);
  });

  it('maps offers by offer status, with the latest version’s start date', () => {
    expect(mapOffer(parseWith(offerSchema, others['offer'], 'offer'))).toEqual({
      remote_id: 'o1',
      application_remote_id: '5ce2b801-19f6-41ef-ad28-214bd731948f',
      status: 'ACCEPTED',
      employment_start_date: '2026-03-01T00:00:00.000Z',
      remote_created_at: '2026-01-25T10:00:00.000Z',
      remote_updated_at: '2026-01-29T10:00:00.000Z',
    });
  });
});

describe('ashby business errors (HTTP 200, success: false)', () => {
  const code = (errorCode: string) => businessError('x.y', { errors: [errorCode], errorInfo: { code: errorCode, message: 'm', requestId: 'r' } }).code;
  it('maps Ashby codes to the contract’s error codes', () => {
    const envelope = parseWith(envelopeSchema, others['businessError'], 'error');
    const err = businessError('application.info', envelope);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('REMOTE.INPUT_INVALID');
    expect(err.message).toMatch(/application_not_found.*Application not found/);
    expect(code('invalid_input')).toBe('REMOTE.INPUT_INVALID');
    expect(code('application_already_exists')).toBe('ATS.APPLICATION_ALREADY_EXISTS');
    expect(code('job_not_open')).toBe('ATS.JOB_CLOSED');
    expect(code('missing_endpoint_permission')).toBe('INTEGRATION.PERMISSION_MISSING');
    expect(code('rate_limit_exceeded')).toBe('REMOTE.RATE_LIMIT_EXCEEDED');
    expect(code('sync_token_expired')).toBe('REMOTE.INPUT_INVALID');
  });
});
