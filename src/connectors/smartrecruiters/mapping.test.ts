/** SmartRecruiters → source records, from fixtures shaped like the documented answers. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assignmentsOf, mapApplication, mapAttachment, mapCandidate, mapJob, mapOffer, mapScreeningAnswer, mapStages, mapSystemRole, mapUser, outcomeOf, splitApplicationId, splitStageId, stageOf } from './mapping.js';
import { applicationSchema, candidateSchema, historySchema, jobSchema, offerSchema, screeningAnswerSchema, processSchema, propertySchema, teamMemberSchema, userSchema } from './vendor-schemas.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown;
const jobFixture = z.object({ hiringTeam: z.object({ content: z.array(teamMemberSchema) }), processes: z.array(processSchema) }).passthrough().parse(fixture('job.json'));
const stages = mapStages(jobFixture.processes);
const candidate = candidateSchema.parse(fixture('candidate.json'));

describe('SmartRecruiters mapping', () => {
  it('builds stages from the fixed statuses and the hiring processes’ sub-statuses', () => {
    expect(stages.map((s) => [s.remote_id, s.status])).toEqual([
      ['LEAD', 'ACTIVE'],
      ['NEW', 'ACTIVE'],
      ['IN_REVIEW', 'ACTIVE'],
      ['IN_REVIEW:Screening', 'ACTIVE'],
      ['INTERVIEW', 'ACTIVE'],
      ['INTERVIEW:Technical interview', 'ACTIVE'],
      ['INTERVIEW:Onsite', 'ACTIVE'],
      ['INTERVIEW:Panel', 'INACTIVE'],
      ['OFFERED', 'ACTIVE'],
      ['HIRED', 'ACTIVE'],
    ]);
    expect(stages.map((s) => s.index)).toEqual(stages.map((_, i) => i));
    expect(stages.find((s) => s.remote_id === 'INTERVIEW:Onsite')?.custom_fields).toEqual({ status: 'INTERVIEW', sub_status: 'Onsite', hiring_process_ids: ['hp-1', 'hp-0'] });
    expect(splitStageId('INTERVIEW:Onsite: day 2')).toEqual({ status: 'INTERVIEW', subStatus: 'Onsite: day 2' });
    expect(stageOf('INTERVIEW', 'Unknown round', stages)).toBe('INTERVIEW');
  });

  it('maps a job with its hiring team, salary, location and visibility', () => {
    const job = mapJob(jobSchema.parse(fixture('job.json')), stages, jobFixture.hiringTeam.content);
    expect(job).toMatchObject({
      remote_id: '3588f6b0-ae55-4c10-aaa5-2903ee3a7fe6',
      name: 'Senior Data Engineer',
      job_code: 'REF-2024-017',
      status: 'OPEN',
      visibility: 'PUBLIC',
      department: 'Data',
      category: 'Information Technology',
      employment_type: 'Full-time',
      remote_work_status: 'REMOTE',
      salary_amount_from: 70000,
      salary_amount_to: 90000,
      salary_currency: 'GBP',
      description: '<p>Build pipelines.</p>',
      location: { city: 'London', country: 'GB', state: 'England', street_1: '1 Example Street', zip_code: 'EC1A 1AA' },
      hiring_team: [
        { user_remote_id: '5b9f00aa11bb22cc33dd44ee', hiring_team_roles: ['HIRING_MANAGER'] },
        { user_remote_id: '5b9f00aa11bb22cc33dd44ef', hiring_team_roles: ['RECRUITER'] },
      ],
    });
  });

  it('maps a candidate with contacts, links, current position and tags', () => {
    expect(mapCandidate(candidate, candidate.tags ?? [])).toMatchObject({
      remote_id: candidate.id,
      first_name: 'Aisha',
      last_name: 'Bello',
      company: 'Example Ltd',
      title: 'Data Engineer',
      source: 'LinkedIn',
      email_addresses: [{ email_address: 'aisha.bello@example.com' }],
      phone_numbers: [{ phone_number: '+44 20 7946 0011' }],
      social_media: [{ link: 'https://www.linkedin.com/in/aisha-bello-example', type: 'LINKEDIN' }],
      location: { city: 'London', country: 'GB', state: 'England' },
      tags: [{ remote_id: 'python', name: 'python' }, { remote_id: 'referral', name: 'referral' }],
    });
  });

  it('maps each job assignment to an application keyed by candidate and job', () => {
    const [primary, , lead] = assignmentsOf(candidate);
    const open = mapApplication({ candidate, jobId: primary?.job.id ?? '', application: primary ?? {}, history: null, stages });
    expect(open).toMatchObject({ remote_id: `${candidate.id}:3588f6b0-ae55-4c10-aaa5-2903ee3a7fe6`, outcome: 'PENDING', current_stage_remote_id: 'INTERVIEW:Technical interview', rejection_reason_name: null });
    expect(splitApplicationId(open.remote_id)).toEqual({ candidateId: candidate.id, jobId: '3588f6b0-ae55-4c10-aaa5-2903ee3a7fe6' });
    expect(mapApplication({ candidate, jobId: lead?.job.id ?? '', application: lead ?? {}, history: null, stages }).current_stage_remote_id).toBe('LEAD');
  });

  it('maps a rejected application to DECLINED with its reason, the stage it closed in and when', () => {
    const raw = z.object({ application: applicationSchema, history: z.object({ content: z.array(historySchema) }) }).parse(fixture('rejected-application.json'));
    const app = mapApplication({ candidate, jobId: '77aa0c1e-1d2e-4f3a-8b4c-5d6e7f809a1b', application: raw.application, history: raw.history.content, stages });
    expect(app).toMatchObject({
      outcome: 'DECLINED',
      rejection_reason_name: 'Skills mismatch',
      rejected_at: '2024-03-04T15:44:12.009Z',
      current_stage_remote_id: 'IN_REVIEW:Screening',
      remote_created_at: '2024-02-19T10:21:07.331Z',
    });
  });

  it('maps statuses to outcomes as Kombo’s model has them', () => {
    expect(['NEW', 'HIRED', 'REJECTED', 'WITHDRAWN', 'TRANSFERRED', null].map(outcomeOf)).toEqual(['PENDING', 'HIRED', 'DECLINED', 'DECLINED', null, null]);
  });

  it('maps users and attachments', () => {
    expect(mapUser(userSchema.parse({ id: 'u1', firstName: 'Lena', lastName: 'Hart', email: 'lena@acme.example', active: false }))).toEqual({
      remote_id: 'u1', first_name: 'Lena', last_name: 'Hart', email: 'lena@acme.example', status: 'INACTIVE', system_roles: [],
    });
    // The users API's systemRole (fixture shape of GET /user-api/v201804/users): Administrator is ADMIN, others keep their label.
    const admin = userSchema.parse({ id: 'u2', firstName: 'Ada', lastName: 'Byron', email: 'ada@acme.example', active: true, systemRole: { id: 'ADMINISTRATOR', name: 'Administrator' } });
    expect(mapUser(admin).system_roles).toEqual([{ remote_id: 'ADMINISTRATOR', remote_label: 'Administrator', scope: 'SYSTEM', unified_type: 'ADMIN' }]);
    expect(mapSystemRole({ id: '6d4c0f1e-custom', name: 'Hiring Manager Plus' })).toEqual({ remote_id: '6d4c0f1e-custom', remote_label: 'Hiring Manager Plus', scope: 'SYSTEM', unified_type: null });
    expect(mapAttachment('c1', { id: 'a1', name: 'CV.pdf', type: 'RESUME', contentType: 'application/pdf' })).toMatchObject({ remote_id: 'a1', candidate_remote_id: 'c1', type: 'CV', file_name: 'CV.pdf' });
    expect(mapAttachment('c1', { id: 'a2', name: null, type: 'GENERIC_FILE', contentType: null })).toMatchObject({ type: 'OTHER', file_name: 'a2', content_type: 'application/octet-stream' });
  });

  it('keeps candidate properties as custom fields by property id', () => {
    const properties = [
      { id: 'notice', label: 'Notice period', type: 'NUMBER', value: 4 },
      { id: 'seniority', label: 'Seniority', type: 'SINGLE_SELECT', value: { id: 'senior', label: 'Senior' } },
      { id: 'empty', label: 'Empty', type: 'TEXT', value: null },
    ].map((p) => propertySchema.parse(p));
    expect(mapCandidate(candidate, [], properties).remote_custom_fields).toEqual({
      notice: { label: 'Notice period', value: 4 },
      seniority: { label: 'Seniority', value: { id: 'senior', label: 'Senior' } },
    });
  });

  it('maps offer statuses onto Kombo’s', () => {
    const offer = (status: string) => mapOffer(offerSchema.parse({ id: 'o1', status, createdOn: '2024-03-01T00:00:00.000Z' }), 'c:j', '2024-05-01');
    expect(offer('PENDING_ACCEPTANCE')).toEqual({ remote_id: 'o1', application_remote_id: 'c:j', status: 'SENT', employment_start_date: '2024-05-01T00:00:00.000Z', remote_created_at: '2024-03-01T00:00:00.000Z', remote_updated_at: null });
    expect(['CREATED', 'APPROVED', 'ACCEPTED', 'NOT_ACCEPTED', 'ABANDONED', 'SOMETHING_NEW'].map((s) => offer(s).status)).toEqual(['DRAFT', 'APPROVED', 'ACCEPTED', 'DECLINED', 'ABANDONED', null]);
  });

  it('maps screening answers by their records → fields → values structure', () => {
    const answer = (records: unknown, type = 'SINGLE_SELECT') => mapScreeningAnswer(screeningAnswerSchema.parse({ id: 'q1', type, category: 'q1', name: 'Permit', label: 'Do you hold a work permit?', records }));
    const single = (values: unknown[]) => [{ fields: [{ id: 'f', label: '', values }] }];
    const question = (type: string) => ({ remote_id: 'q1', title: 'Do you hold a work permit?', type });
    expect(answer(single([{ id: 'yes', label: 'Yes' }]))).toEqual({ question: question('SINGLE_SELECT'), answer: { choice: 'Yes' } });
    expect(answer(single([{ id: 'm', label: 'Morning' }, { id: 'n', label: 'Night' }]))).toEqual({ question: question('MULTI_SELECT'), answer: { choices: ['Morning', 'Night'] } });
    expect(answer(single([{ id: 'm', label: 'Morning' }]), 'MULTI_SELECT')).toEqual({ question: question('MULTI_SELECT'), answer: { choices: ['Morning'] } });
    expect(answer(single([{ label: 'Because of the mission.' }]), 'TEXTAREA')).toEqual({ question: question('TEXT'), answer: { content: 'Because of the mission.' } });
    // A repeatable, two-field question (Languages) has no counterpart: raw records.
    const languages = [{ fields: [{ id: 'language', values: [{ id: 'en', label: 'English' }] }, { id: 'level', values: [{ id: 'c2', label: 'C2' }] }] }];
    expect(answer(languages, 'LANGUAGES')).toMatchObject({ question: question('UNKNOWN'), answer: { raw: languages } });
  });
});
