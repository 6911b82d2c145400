/**
 * Teamtailor → source records, from fixtures shaped like the documented JSON:API answers (values
 * invented), parsed from `unknown` as in production.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseWith } from './client.js';
import { indexIncluded, mapApplication, mapCandidate, mapJob, mapUpload, mapUser } from './mapping.js';
import { listDocumentSchema, resourceSchema } from './vendor-schemas.js';

const raw = JSON.parse(readFileSync(new URL('./fixtures/documents.json', import.meta.url), 'utf8')) as unknown;
const docs = parseWith(z.object({ applications: listDocumentSchema, jobs: listDocumentSchema, candidate: resourceSchema, candidateIncluded: z.array(resourceSchema), users: z.array(resourceSchema), upload: resourceSchema }), raw, 'fixture');

describe('applications', () => {
  const included = indexIncluded(docs.applications.included ?? []);
  const [rejected, hired] = docs.applications.data;

  it('is DECLINED once rejected-at is set, with the reason from the reject-reason relationship', () => {
    expect(rejected && mapApplication(rejected, included)).toMatchObject({
      remote_id: '90772',
      candidate_remote_id: '48213',
      job_remote_id: '7311',
      current_stage_remote_id: '3101',
      outcome: 'DECLINED',
      rejection_reason_name: 'Salary expectations too high',
      rejected_at: '2026-02-20T07:30:00.000Z',
      remote_created_at: '2026-02-02T09:00:00.000Z',
    });
  });

  it('is HIRED in a stage of type Hired, with no reason', () => {
    expect(hired && mapApplication(hired, included)).toMatchObject({ outcome: 'HIRED', rejection_reason_name: null, rejected_at: null });
  });
});

describe('jobs', () => {
  it('orders stages by row-order and maps status, visibility, salary and remote status', () => {
    const [job] = docs.jobs.data;
    const mapped = job && mapJob(job, indexIncluded(docs.jobs.included ?? []));
    expect(mapped?.stages).toEqual([
      { remote_id: '3100', name: 'Inbox', index: 0, status: null, custom_fields: null },
      { remote_id: '3101', name: 'Phone screen', index: 1, status: null, custom_fields: null },
      { remote_id: '3102', name: 'Hired', index: 2, status: null, custom_fields: null },
    ]);
    expect(mapped).toMatchObject({
      name: 'Senior Backend Engineer',
      status: 'OPEN',
      visibility: 'UNLISTED',
      remote_work_status: 'HYBRID',
      salary_amount_from: 50000,
      salary_amount_to: 65000,
      salary_currency: 'SEK',
      salary_period: 'MONTH',
      post_url: 'https://acme.teamtailor.com/jobs/7311-senior-backend-engineer',
      contact_user_remote_id: '501',
    });
  });
});

describe('people and files', () => {
  it('maps a candidate with its tags by name, once each', () => {
    expect(mapCandidate(docs.candidate)).toMatchObject({
      first_name: 'Maja',
      email_addresses: [{ email_address: 'maja.lindqvist@example.org', type: null }],
      phone_numbers: [{ phone_number: '+46 70 123 45 67', type: null }],
      social_media: [{ link: 'https://www.linkedin.com/in/maja-example', type: 'LINKEDIN', username: null }],
      source: 'LinkedIn',
      tags: [{ remote_id: 'backend', name: 'backend' }, { remote_id: 'go', name: 'go' }],
    });
  });

  it('reads custom field values by the field’s api-name, with its name as label; a write’s answer sets no extras', () => {
    const listed = mapCandidate(docs.candidate, indexIncluded(docs.candidateIncluded));
    expect(listed.remote_custom_fields).toEqual({
      'notice-period': { label: 'Notice period (weeks)', value: '4' },
      portfolio: { label: 'Portfolio', value: 'https://portfolio.example/maja' },
    });
    expect(listed.remote_data).toMatchObject({ 'first-name': 'Maja' });
    const written = mapCandidate(docs.candidate);
    expect(written).not.toHaveProperty('remote_custom_fields');
    expect(written).not.toHaveProperty('remote_data');
  });

  it('maps users with their role; no_access is inactive', () => {
    expect(docs.users.map(mapUser)).toEqual([
      { remote_id: '501', first_name: 'Erik', last_name: 'Berg Holm', email: 'erik@acme.example', status: 'ACTIVE', system_roles: [{ remote_id: 'admin', remote_label: 'Admin', scope: 'SYSTEM', unified_type: 'ADMIN' }] },
      { remote_id: '502', first_name: 'Sara', last_name: null, email: null, status: 'INACTIVE', system_roles: [{ remote_id: 'no_access', remote_label: 'No access', scope: 'SYSTEM', unified_type: null }] },
    ]);
  });

  it('maps an upload of the candidate, a CV by its name', () => {
    expect(mapUpload(docs.upload)).toEqual({ remote_id: '77', candidate_remote_id: '48213', application_remote_id: null, type: 'CV', file_name: 'Maja_CV.pdf', content_type: 'application/pdf', remote_created_at: '2026-03-11T08:12:44.120Z', remote_updated_at: null });
  });
});

describe('screening questions and answers', () => {
  const screening = parseWith(z.object({ application: listDocumentSchema }), JSON.parse(readFileSync(new URL('./fixtures/screening.json', import.meta.url), 'utf8')) as unknown, 'fixture');
  const included = indexIncluded(screening.application.included ?? []);
  const [app] = screening.application.data;
  const job = included.get('jobs:7400');

  it('reads a job’s picked questions in order, with mandatory as required and choice alternatives as options', () => {
    const questions = job ? mapJob(job, included).screening_questions : [];
    expect(questions.map((q) => [q.remote_id, q.format?.type, q.required, q.index])).toEqual([
      ['6039', 'MULTI_SELECT', true, 0],
      ['44221', 'BOOLEAN', false, 1],
      ['6040', 'NUMBER', false, 2],
      ['6041', 'TEXT', false, 3],
      ['6042', 'UNKNOWN', false, 4],
      ['6043', 'UNKNOWN', false, 5],
    ]);
    expect(questions[0]?.format).toEqual({ type: 'MULTI_SELECT', options: [{ id: '3', name: 'Stockholm' }, { id: '4', name: 'Remote' }, { id: '5', name: 'Malmö' }] });
    expect(questions[2]?.format).toEqual({ type: 'NUMBER', display_type: 'SLIDER', min: 0, max: 10 });
    expect(questions[3]?.format).toEqual({ type: 'TEXT', display_type: 'MULTI_LINE' });
  });

  it('gives an application its candidate’s answers to the job’s questions, choices by their alternatives’ titles', () => {
    const answers = app ? mapApplication(app, included).screening_question_answers : null;
    expect(answers).toEqual([
      { question: { remote_id: '6039', title: 'Where could you work?', type: 'MULTI_SELECT' }, answer: { choices: ['Stockholm', 'Remote'] } },
      { question: { remote_id: '44221', title: 'Have you ever worked with sales before?', type: 'BOOLEAN' }, answer: { checked: true } },
      { question: { remote_id: '6040', title: 'Years of experience', type: 'NUMBER' }, answer: { number: 7 } },
      { question: { remote_id: '6041', title: 'Can you describe your ideal work environment?', type: 'TEXT' }, answer: { content: 'Dear Sir/Madam…' } },
      // Alternatives without ids: the choice cannot be named, so it stays raw.
      { question: { remote_id: '6042', title: 'Driving licence?', type: 'UNKNOWN' }, answer: { raw: { choices: [1] } } },
    ]);
  });

  it('leaves answers unknown (null) when the candidate’s answers were not included', () => {
    const bare = app && { ...app, relationships: { ...app.relationships, candidate: { data: { type: 'candidates', id: 'elsewhere' } } } };
    expect(bare && mapApplication(bare, included).screening_question_answers).toBeNull();
  });
});
