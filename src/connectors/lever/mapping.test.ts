/**
 * Lever → source records, from fixtures shaped like the recorded live responses
 * (shared/reference/vendors/lever.md; values invented), parsed from `unknown` as in production.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseWith } from './client.js';
import {
  byContact,
  contentTypeOf,
  mapApplication,
  mapCandidate,
  mapFile,
  mapInterview,
  mapJob,
  mapOffer,
  mapRejectionReasons,
  mapResume,
  mapRoles,
  mapStages,
  mapTag,
  mapUser,
  splitName,
} from './mapping.js';
import {
  archiveReasonSchema,
  fileSchema,
  interviewSchema,
  labelSchema,
  listEnvelopeSchema,
  offerSchema,
  opportunitySchema,
  postingSchema,
  resumeSchema,
  stageSchema,
  userSchema,
} from './vendor-schemas.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as unknown;
function list<S extends z.ZodType>(raw: unknown, schema: S): z.infer<S>[] {
  return parseWith(listEnvelopeSchema, raw, 'fixture').data.map((item) => parseWith(schema, item, 'fixture item'));
}
const children = fixture('children') as Record<string, unknown>;

const opportunities = list(fixture('opportunities'), opportunitySchema);
const reasons = new Map(list(fixture('archive_reasons'), archiveReasonSchema).map((r) => [r.id, r]));
const stages = mapStages(list(fixture('stages'), stageSchema));
const [active, hired, rejected] = opportunities;
if (!active || !hired || !rejected) throw new Error('fixture needs three opportunities');

describe('lever mapping: applications (opportunities)', () => {
  it('maps an active opportunity with its posting as a pending application of the contact', () => {
    expect(mapApplication(active, reasons)).toEqual({
      remote_id: '3f0e9a52-6c1e-4a4e-9e3b-0c5d2b7a9f11',
      candidate_remote_id: 'a7d1c0e4-2b9f-4f7e-8c55-6e3b1d9a0c42',
      job_remote_id: '75ff237f-c221-4c26-8b23-faf395f5ea1c',
      current_stage_remote_id: 'lead-reached-out',
      outcome: 'PENDING',
      rejection_reason_name: null,
      rejected_at: null,
      screening_question_answers: null,
      remote_url: 'https://hire.lever.co/candidates/3f0e9a52-6c1e-4a4e-9e3b-0c5d2b7a9f11',
      remote_created_at: '2026-03-02T09:14:07.112Z',
      remote_updated_at: '2026-03-05T09:00:51.950Z',
    });
  });

  it('archived with a hired-type reason is HIRED, without a rejection reason', () => {
    expect(mapApplication(hired, reasons)).toMatchObject({ outcome: 'HIRED', rejection_reason_name: null, rejected_at: null, job_remote_id: null, remote_updated_at: null });
  });

  it('archived with a non-hired reason is DECLINED with the reason text and time', () => {
    expect(mapApplication(rejected, reasons)).toMatchObject({
      outcome: 'DECLINED',
      rejection_reason_name: 'Underqualified',
      rejected_at: new Date(1772800000000).toISOString(),
      current_stage_remote_id: '7a1e2f3c-4b5d-4e6f-8a9b-0c1d2e3f4a5b',
    });
  });

  it('an archive reason Lever no longer lists still counts as a rejection (name unknown)', () => {
    expect(mapApplication(rejected, new Map())).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: null });
  });

  it('accepts expanded stage and contact objects', () => {
    const expanded = parseWith(opportunitySchema, { ...(fixture('opportunities') as { data: object[] }).data[0], stage: { id: 'offer', text: 'Offer' }, contact: { id: 'c-1' } }, 'x');
    expect(mapApplication(expanded, reasons)).toMatchObject({ current_stage_remote_id: 'offer', candidate_remote_id: 'c-1' });
  });
});

describe('lever mapping: candidates (contacts)', () => {
  it('merges every opportunity of a person: person fields from the newest, tags united', () => {
    const groups = byContact(opportunities);
    expect([...groups.keys()]).toEqual(['a7d1c0e4-2b9f-4f7e-8c55-6e3b1d9a0c42', '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f']);
    const priya = mapCandidate(groups.get('a7d1c0e4-2b9f-4f7e-8c55-6e3b1d9a0c42') ?? []);
    expect(priya).toEqual({
      remote_id: 'a7d1c0e4-2b9f-4f7e-8c55-6e3b1d9a0c42',
      first_name: 'Priya',
      last_name: 'Raman',
      company: 'Northwind Labs',
      title: null,
      confidential: false,
      source: 'Referral',
      phone_numbers: [{ phone_number: '+44 20 7946 0011', type: 'MOBILE' }],
      email_addresses: [{ email_address: 'priya.raman@example.org', type: null }],
      social_media: [
        { link: 'https://www.linkedin.com/in/priya-raman-ex', type: 'LINKEDIN', username: null },
        { link: 'https://priya.example.dev', type: null, username: null },
      ],
      location: { raw: 'London' },
      remote_url: 'https://hire.lever.co/candidates/3f0e9a52-6c1e-4a4e-9e3b-0c5d2b7a9f11',
      tags: [
        { remote_id: 'Python', name: 'Python' },
        { remote_id: 'Backend', name: 'Backend' },
        { remote_id: 'Silver medalist', name: 'Silver medalist' },
      ],
      remote_created_at: new Date(1690000000000).toISOString(),
      remote_updated_at: new Date(1772701251950).toISOString(),
    });
  });

  it('maps phones, several e-mails, links without a scheme and empty strings', () => {
    const kwame = mapCandidate([rejected]);
    expect(kwame).toMatchObject({
      first_name: 'Kwame',
      last_name: 'Mensah Boateng',
      company: null,
      source: null,
      location: null,
      phone_numbers: [
        { phone_number: 'kwame.m', type: 'OTHER' },
        { phone_number: '+1 555 0100', type: 'WORK' },
      ],
      email_addresses: [
        { email_address: 'kwame@example.net', type: null },
        { email_address: 'k.mensah@example.com', type: null },
      ],
      social_media: [{ link: 'github.com/kwame-m', type: 'GITHUB', username: null }],
      tags: [],
    });
  });

  it('is confidential only when every candidacy is', () => {
    expect(mapCandidate([hired]).confidential).toBe(true);
    expect(mapCandidate([hired, active]).confidential).toBe(false);
  });

  it('splits full names on the first space', () => {
    expect(splitName('Cher')).toEqual({ first_name: 'Cher', last_name: null });
    expect(splitName('  ')).toEqual({ first_name: null, last_name: null });
    expect(splitName('Mary Ann  de Souza')).toEqual({ first_name: 'Mary', last_name: 'Ann de Souza' });
  });
});

describe('lever mapping: jobs, stages and account lists', () => {
  const [published, internal] = list(fixture('postings'), postingSchema);
  if (!published || !internal) throw new Error('fixture needs two postings');

  it('maps a published posting as an open public job with every global stage', () => {
    const job = mapJob(published, stages);
    expect(job).toMatchObject({
      remote_id: '75ff237f-c221-4c26-8b23-faf395f5ea1c',
      name: 'Senior Backend Engineer',
      job_code: 'ENG-2026-014',
      confidential: false,
      employment_type: 'FULL_TIME',
      status: 'OPEN',
      visibility: 'PUBLIC',
      category: 'Platform',
      department: 'Engineering',
      post_url: 'https://jobs.lever.co/acme/75ff237f-c221-4c26-8b23-faf395f5ea1c',
      experience_level: 'Senior',
      remote_work_status: 'HYBRID',
      location: { city: 'London', country: 'GB', raw: 'London' },
      contact_user_remote_id: 'c4bc6266-375b-4d45-9b3b-ad527ba5f3ef',
      remote_created_at: new Date(1768038000000).toISOString(),
      screening_questions: [],
    });
    expect(job.description).toBe('<div>Build the platform.</div>\n<h3>What you will do</h3><ul><li>Own services</li></ul>');
    expect(job.stages).toEqual([
      { remote_id: 'lead-new', name: 'New lead', index: 0, status: null, custom_fields: null },
      { remote_id: 'lead-reached-out', name: 'Reached out', index: 1, status: null, custom_fields: null },
      { remote_id: 'applicant-new', name: 'New applicant', index: 2, status: null, custom_fields: null },
      { remote_id: '7a1e2f3c-4b5d-4e6f-8a9b-0c1d2e3f4a5b', name: 'Phone screen', index: 3, status: null, custom_fields: null },
      { remote_id: 'offer', name: 'Offer', index: 4, status: null, custom_fields: null },
    ]);
    expect(job.job_postings).toEqual([
      { remote_id: published.id, title: 'Senior Backend Engineer', description_html: job.description, status: 'ACTIVE', visibility: 'PUBLIC', url: job.post_url },
    ]);
    expect(job.hiring_team).toEqual([
      {
        user_remote_id: 'c4bc6266-375b-4d45-9b3b-ad527ba5f3ef',
        hiring_team_roles: ['RECRUITER'],
        job_roles: [{ remote_id: 'owner', remote_label: 'Posting owner', scope: 'JOB', unified_type: 'RECRUITER' }],
      },
      {
        user_remote_id: 'd2e4f6a8-0b1c-4d3e-9f5a-7b8c9d0e1f2a',
        hiring_team_roles: ['HIRING_MANAGER'],
        job_roles: [{ remote_id: 'hiringManager', remote_label: 'Hiring manager', scope: 'JOB', unified_type: 'HIRING_MANAGER' }],
      },
    ]);
  });

  it('maps an internal (unlisted) confidential posting with a salary range; one person holding two roles is one member', () => {
    const job = mapJob(internal, stages);
    expect(job).toMatchObject({
      job_code: 'CS-7',
      confidential: true,
      employment_type: 'PART_TIME',
      status: 'OPEN',
      visibility: 'UNLISTED',
      remote_work_status: null,
      salary_amount_from: 40000,
      salary_amount_to: 52000,
      salary_currency: 'EUR',
      salary_period: 'YEAR',
      description: null,
    });
    expect(job.hiring_team).toEqual([
      expect.objectContaining({ user_remote_id: 'd2e4f6a8-0b1c-4d3e-9f5a-7b8c9d0e1f2a', hiring_team_roles: ['RECRUITER', 'HIRING_MANAGER'] }),
    ]);
    expect(mapJob({ ...internal, state: 'closed' }, stages)).toMatchObject({ status: 'CLOSED', visibility: null, job_postings: [expect.objectContaining({ status: 'INACTIVE' })] });
    expect(mapJob({ ...internal, state: 'pending' }, stages).status).toBe('DRAFT');
  });

  it('maps users (deactivated = INACTIVE) with their access role as system role, and the roles', () => {
    const [ada, bo] = list(fixture('users'), userSchema).map(mapUser);
    expect(ada).toEqual({
      remote_id: 'c4bc6266-375b-4d45-9b3b-ad527ba5f3ef',
      first_name: 'Ada',
      last_name: 'Admin',
      email: 'ada@acme.example',
      status: 'ACTIVE',
      system_roles: [{ remote_id: 'super admin', remote_label: 'Super admin', scope: 'SYSTEM', unified_type: 'ADMIN' }],
    });
    expect(bo).toMatchObject({ first_name: 'Bo', last_name: null, status: 'INACTIVE', system_roles: [{ remote_id: 'interviewer', unified_type: 'INTERVIEWER' }] });
    expect(mapRoles().map((r) => r.remote_id)).toEqual(['super admin', 'admin', 'team member', 'limited team member', 'interviewer']);
  });

  it('rejection reasons are the active non-hired archive reasons; tags are their text', () => {
    expect(mapRejectionReasons([...reasons.values()])).toEqual([
      { remote_id: '0b6d1f3e-7c29-4a58-9e41-5d2f8c7a1b90', name: 'Underqualified' },
      { remote_id: '2f4a6c8e-0b1d-4f3a-8c5e-7a9b1d3f5e70', name: 'Withdrew' },
    ]);
    expect(list(children['tags'], labelSchema).map(mapTag)).toEqual([
      { remote_id: 'Backend', name: 'Backend' },
      { remote_id: 'Python', name: 'Python' },
    ]);
  });
});

describe('lever mapping: interviews, offers, attachments', () => {
  const opp = '3f0e9a52-6c1e-4a4e-9e3b-0c5d2b7a9f11';
  const contact = 'a7d1c0e4-2b9f-4f7e-8c55-6e3b1d9a0c42';

  it('maps an interview: date + duration, video link, cancelation, interviewers', () => {
    const [interview] = list(children['interviews'], interviewSchema);
    if (!interview) throw new Error('no interview');
    expect(mapInterview(interview, opp)).toEqual({
      remote_id: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
      application_remote_id: opp,
      stage_remote_id: '7a1e2f3c-4b5d-4e6f-8a9b-0c1d2e3f4a5b',
      title: 'Phone screen with Priya Raman',
      starting_at: new Date(1772600000000).toISOString(),
      ending_at: new Date(1772600000000 + 45 * 60_000).toISOString(),
      location: null,
      video_conferencing_url: 'https://meet.example.com/abc',
      canceled: true,
      interviewer_remote_ids: ['c4bc6266-375b-4d45-9b3b-ad527ba5f3ef'],
      remote_created_at: new Date(1772500000000).toISOString(),
      remote_updated_at: null,
    });
  });

  it('maps offer statuses and the anticipated start date', () => {
    const [offer] = list(children['offers'], offerSchema);
    if (!offer) throw new Error('no offer');
    expect(mapOffer(offer, opp)).toEqual({
      remote_id: 'f0e1d2c3-b4a5-4968-8776-655443322110',
      application_remote_id: opp,
      status: 'DRAFT',
      employment_start_date: new Date(1775000000000).toISOString(),
      remote_created_at: new Date(1772700000000).toISOString(),
      remote_updated_at: null,
    });
    const statuses = ['draft', 'approved', 'sent', 'sent-manually', 'opened', 'denied', 'signed', 'mystery'].map((status) => mapOffer({ ...offer, status, fields: [] }, opp).status);
    expect(statuses).toEqual(['DRAFT', 'APPROVED', 'SENT', 'SENT', 'SENT', 'DECLINED', 'ACCEPTED', null]);
  });

  it('résumés are CVs and files are OTHER, both on the person and the opportunity', () => {
    const [resume] = list(children['resumes'], resumeSchema);
    const [file] = list(children['files'], fileSchema);
    if (!resume || !file) throw new Error('no files');
    expect(mapResume(resume, contact, opp)).toEqual({
      remote_id: 'r1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8',
      candidate_remote_id: contact,
      application_remote_id: opp,
      type: 'CV',
      file_name: 'Priya Raman CV.docx',
      content_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      remote_created_at: new Date(1772442900000).toISOString(),
      remote_updated_at: null,
    });
    expect(mapFile(file, contact, opp)).toMatchObject({ type: 'OTHER', file_name: 'Portfolio.pdf', content_type: 'application/pdf' });
    expect(contentTypeOf('archive.tar.gz')).toBe('application/octet-stream');
  });
});

describe('lever vendor schemas', () => {
  it('reject a mapped field of the wrong type, naming it', () => {
    const bad = { ...(fixture('opportunities') as { data: object[] }).data[0], createdAt: 'yesterday' };
    expect(() => parseWith(opportunitySchema, bad, 'GET /opportunities')).toThrow(/createdAt/);
  });
});
