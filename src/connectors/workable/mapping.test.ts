/**
 * Workable → source records, from fixtures shaped like the recorded responses
 * (shared/reference/vendors/workable.md; values invented), parsed from `unknown` as in production.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseWith } from './client.js';
import { groupPeople, mapApplication, mapCandidate, mapFiles, mapInterview, mapJob, mapOffer, mapRejectionReason, mapRoles, mapUser, personIndex, stageSlug } from './mapping.js';
import { candidateSchema, eventSchema, fileSchema, jobSchema, memberSchema, offerSchema, reasonSchema, stageSchema } from './vendor-schemas.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown;
const candidates = parseWith(z.object({ candidates: z.array(candidateSchema) }), fixture('candidates.json'), 'candidates').candidates;
const account = parseWith(
  z.object({ members: z.array(memberSchema), stages: z.array(stageSchema), disqualification_reasons: z.array(reasonSchema), job: jobSchema, event: eventSchema, offer: offerSchema, files: z.array(fileSchema) }),
  fixture('account.json'),
  'account',
);
const [priyaA, priyaB, kenjiA, kenjiB] = candidates as [(typeof candidates)[0], (typeof candidates)[0], (typeof candidates)[0], (typeof candidates)[0]];

describe('people', () => {
  it('groups records by e-mail (case-insensitive), else by originating candidate; the earliest id is the person', () => {
    const people = groupPeople(candidates);
    expect([...people.keys()].sort()).toEqual(['2727baa2', '2727c200']);
    expect(people.get('2727baa2')?.map((c) => c.id)).toEqual(['2727baa2', '2727c0f1']);
    expect(people.get('2727c200')?.map((c) => c.id)).toEqual(['2727c200', '2727c3aa']);
    expect(personIndex(people).get('2727c0f1')).toBe('2727baa2');
  });

  it('keeps a record without e-mail or known origin alone', () => {
    const loner = { ...kenjiB, originating_candidate_id: 'gone' };
    expect([...groupPeople([loner]).keys()]).toEqual([loner.id]);
  });

  it('merges a person: latest record for names and title, unions of e-mails, phones, profiles and tags', () => {
    expect(mapCandidate('2727baa2', [priyaA, priyaB])).toEqual({
      remote_id: '2727baa2',
      first_name: 'Priya',
      last_name: 'Raman',
      company: null,
      title: 'Staff Engineer',
      confidential: null,
      source: 'linkedin.com',
      phone_numbers: [{ phone_number: '+442079460011', type: null }, { phone_number: '+447700900123', type: null }],
      email_addresses: [{ email_address: 'priya.raman@example.org', type: null }],
      social_media: [{ link: 'https://www.linkedin.com/in/priya', type: 'LINKEDIN', username: null }],
      location: null,
      remote_url: 'https://acme.workable.com/backend/jobs/5986400/candidates/656913999',
      tags: [{ remote_id: 'python', name: 'python' }, { remote_id: 'referral', name: 'referral' }, { remote_id: 'senior', name: 'senior' }],
      remote_created_at: '2026-03-02T09:14:07.000Z',
      remote_updated_at: '2026-04-01T08:00:00.000Z',
    });
  });
});

describe('applications', () => {
  it('maps a disqualified candidate as DECLINED with the reason, and the stage name to its slug', () => {
    expect(mapApplication(priyaA, '2727baa2', account.stages)).toEqual({
      remote_id: '2727baa2',
      candidate_remote_id: '2727baa2',
      job_remote_id: '9CD658E13E',
      current_stage_remote_id: 'tech-interview',
      outcome: 'DECLINED',
      rejection_reason_name: "Doesn't have required qualifications",
      rejected_at: '2026-03-06T10:00:00.000Z',
      screening_question_answers: null,
      remote_url: 'https://acme.workable.com/backend/jobs/5986327/candidates/656913872',
      remote_created_at: '2026-03-02T09:14:07.000Z',
      remote_updated_at: '2026-03-06T10:00:00.000Z',
    });
  });

  it('maps hired, pending, and unknown stages', () => {
    expect(mapApplication(priyaB, '2727baa2', account.stages)).toMatchObject({ outcome: 'HIRED', current_stage_remote_id: 'hired', rejection_reason_name: null });
    expect(mapApplication(kenjiA, '2727c200', account.stages)).toMatchObject({ outcome: 'PENDING', current_stage_remote_id: 'applied' });
    expect(stageSlug({ ...kenjiA, stage: 'Renamed', stage_kind: 'sourced' }, account.stages)).toBe('sourced');
    expect(stageSlug(kenjiA, undefined)).toBeNull();
    // The docs call `stage` the slug: a slug matches before names and kinds.
    expect(stageSlug({ ...kenjiA, stage: 'tech-interview', stage_kind: 'sourced' }, account.stages)).toBe('tech-interview');
  });
});

describe('account lists and jobs', () => {
  it('maps members, roles and reasons', () => {
    expect(account.members.map(mapUser)).toEqual([
      { remote_id: '1f395d', first_name: 'Maria', last_name: 'Ionescu', email: 'maria@acme.example', status: 'ACTIVE', system_roles: [{ remote_id: 'admin', remote_label: 'Admin', scope: 'SYSTEM', unified_type: 'ADMIN' }] },
      { remote_id: '1f3a00', first_name: 'Tom', last_name: null, email: null, status: 'INACTIVE', system_roles: [{ remote_id: 'hiring_manager', remote_label: 'Hiring manager', scope: 'SYSTEM', unified_type: 'HIRING_MANAGER' }] },
    ]);
    expect(mapRoles(account.members).map((r) => r.remote_id)).toEqual(['admin', 'hiring_manager']);
    expect(account.disqualification_reasons.map(mapRejectionReason)).toEqual([{ remote_id: '1f2a3b', name: "Doesn't have required qualifications" }]);
  });

  it('maps a job by shortcode with its stages in pipeline order', () => {
    const job = mapJob(account.job, account.stages);
    expect(job).toMatchObject({
      remote_id: '9CD658E13E',
      name: 'Senior Backend Engineer',
      job_code: 'ENG/14',
      status: 'OPEN',
      visibility: 'PUBLIC',
      department: 'Engineering',
      remote_work_status: 'HYBRID',
      salary_amount_from: 70000,
      salary_amount_to: 90000,
      salary_currency: 'GBP',
      description: '<p>Build things.</p>',
      location: { city: 'London', country: 'GB', state: 'England', zip_code: 'EC1A', raw: 'London, United Kingdom' },
      post_url: 'https://apply.workable.com/j/9CD658E13E',
      remote_created_at: '2026-01-10T00:00:00.000Z',
    });
    expect(job.stages).toEqual([
      { remote_id: 'sourced', name: 'Sourced', index: 0, status: null, custom_fields: null },
      { remote_id: 'applied', name: 'Applied', index: 1, status: null, custom_fields: null },
      { remote_id: 'tech-interview', name: 'Interview', index: 2, status: null, custom_fields: null },
      { remote_id: 'hired', name: 'Hired', index: 3, status: null, custom_fields: null },
    ]);
    expect(mapJob({ ...account.job, state: 'archived' }, []).status).toBe('ARCHIVED');
  });
});

describe('interviews, offers, files', () => {
  it('maps an event to an interview of the candidate (application)', () => {
    expect(mapInterview(account.event)).toMatchObject({ remote_id: '2e1f00', application_remote_id: '2727baa2', title: 'Tech interview', starting_at: '2026-03-05T14:00:00.000Z', ending_at: '2026-03-05T15:00:00.000Z', canceled: false, interviewer_remote_ids: ['1f395d'] });
  });

  it('takes the video meeting link from the event\'s conference', () => {
    expect(mapInterview(account.event).video_conferencing_url).toBeNull();
    const withMeeting = parseWith(eventSchema, { ...account.event, conference: { id: 'c1', url: 'https://meet.example/abc', type: 'google_meet' } }, 'event');
    expect(mapInterview(withMeeting).video_conferencing_url).toBe('https://meet.example/abc');
  });

  it('maps an offer and ignores an answer without one', () => {
    expect(mapOffer(account.offer, '2727c0f1')).toEqual({ remote_id: '3a0b1c', application_remote_id: '2727c0f1', status: 'ACCEPTED', employment_start_date: '2026-05-01T00:00:00.000Z', remote_created_at: '2026-03-28T08:00:00.000Z', remote_updated_at: '2026-03-30T08:00:00.000Z' });
    expect(mapOffer({ candidate: { id: '2727c0f1' } }, '2727c0f1')).toBeNull();
  });

  it('gives files stable ids (candidate, occurrence, name) and types by kind', () => {
    expect(mapFiles(priyaA, '2727baa2', account.files)).toEqual([
      { remote_id: '2727baa2:0:priya_cv.pdf', candidate_remote_id: '2727baa2', application_remote_id: '2727baa2', type: 'CV', file_name: 'priya_cv.pdf', content_type: 'application/pdf', remote_created_at: '2026-03-02T09:14:07.000Z', remote_updated_at: null },
      { remote_id: '2727baa2:0:notes.txt', candidate_remote_id: '2727baa2', application_remote_id: '2727baa2', type: 'OTHER', file_name: 'notes.txt', content_type: 'text/plain', remote_created_at: null, remote_updated_at: null },
      { remote_id: '2727baa2:1:notes.txt', candidate_remote_id: '2727baa2', application_remote_id: '2727baa2', type: 'OTHER', file_name: 'notes.txt', content_type: 'text/plain', remote_created_at: null, remote_updated_at: null },
    ]);
  });
});
